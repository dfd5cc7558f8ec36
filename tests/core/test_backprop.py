"""One SGD step, every number of it checked against torch autograd recomputed from the step's own
x, y, W and b; the chain rule's recursion and path sums against autograd's gradients."""

import json

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from actgui.core.activations import ACTIVATIONS
from actgui.core.backprop import (
    LAYER_FIELDS,
    STEP_FIELDS,
    TASK_LOSSES,
    StepSettings,
    compute_step,
    delta_recursion,
    step_from_json,
    supported_activations,
    weight_paths,
)

RTOL, ATOL = 1e-5, 1e-12


def recompute(data: dict) -> dict:
    """Autograd on a network rebuilt from the file's x, W, b and activation keys, with its own loss:
    per layer z, a, da, fprime, dz, dW, db, and the loss."""
    x = torch.tensor(data["x"], dtype=torch.float64)
    weights = [torch.tensor(layer["W"], dtype=torch.float64, requires_grad=True) for layer in data["layers"]]
    biases = [torch.tensor(layer["b"], dtype=torch.float64, requires_grad=True) for layer in data["layers"]]
    values, a = [], x
    for layer, w, b in zip(data["layers"], weights, biases, strict=True):
        z = a @ w.T + b
        a = ACTIVATIONS.get(layer["activation"])(z)
        z.retain_grad()
        a.retain_grad()
        values.append((z, a))
    logits = values[-1][1]
    y = data["y"]
    if data["loss"] == "bce_with_logits":
        loss = F.binary_cross_entropy_with_logits(logits[:, 0], torch.tensor(y, dtype=torch.float64))
    elif data["loss"] == "cross_entropy":
        loss = F.cross_entropy(logits, torch.tensor(y, dtype=torch.int64))
    else:
        loss = ((logits - torch.tensor(y, dtype=torch.float64)) ** 2).mean()
    loss.backward()
    result = {"loss_value": loss.item(), "layers": []}
    for layer, (z, a), w, b in zip(data["layers"], values, weights, biases, strict=True):
        fresh = z.detach().clone().requires_grad_(True)
        fprime, = torch.autograd.grad(ACTIVATIONS.get(layer["activation"])(fresh).sum(), fresh)
        result["layers"].append({"z": z, "a": a, "da": a.grad, "fprime": fprime, "dz": z.grad, "dW": w.grad,
                                 "db": b.grad, "W_after": w - data["lr"] * w.grad, "b_after": b - data["lr"] * b.grad})
    return result


def assert_autograd(data: dict) -> None:
    expected = recompute(data)
    assert data["loss_value"] == pytest.approx(expected["loss_value"], rel=RTOL)
    for index, (layer, want) in enumerate(zip(data["layers"], expected["layers"], strict=True)):
        for name, tensor in want.items():
            np.testing.assert_allclose(np.array(layer[name]), tensor.detach().numpy(), rtol=RTOL, atol=ATOL,
                                       err_msg=f"layer {index} {name}")


def as_file(settings: StepSettings) -> dict:
    """The step as it is written (through JSON text)."""
    return json.loads(json.dumps(compute_step(settings).to_json()))


@pytest.mark.parametrize("activation", supported_activations())
def test_every_number_is_autograds_for_every_activation(activation):
    data = as_file(StepSettings(dataset="moons", hidden=(4, 3), activation=activation, batch_size=5, first=7,
                                lr=0.3, seed=2))
    assert [layer["activation"] for layer in data["layers"]] == [activation, activation, "identity"]
    assert_autograd(data)


@pytest.mark.parametrize(("settings", "widths", "loss"), [
    (StepSettings(dataset="xor", hidden=(3,), activation="sigmoid", batch_size=4), [2, 3, 1], "bce_with_logits"),
    (StepSettings(dataset="spiral", hidden=(4, 4), activation="tanh", batch_size=8, seed=3), [2, 4, 4, 1],
     "bce_with_logits"),
    (StepSettings(dataset="gaussians", classes=3, hidden=(5,), activation="relu", batch_size=6), [2, 5, 3],
     "cross_entropy"),
], ids=["xor-2-3-1-sigmoid", "spiral-2-4-4-1-tanh", "blobs-2-5-3-relu"])
def test_the_lessons_networks_agree_with_autograd(settings, widths, loss):
    step = compute_step(settings)
    assert step.widths == widths and step.loss == loss
    data = json.loads(json.dumps(step.to_json()))
    assert list(data) == list(STEP_FIELDS)
    assert all(list(layer) == list(LAYER_FIELDS) for layer in data["layers"])
    assert np.array(data["x"]).shape == (settings.batch_size, 2)
    assert_autograd(data)


TASK_DATA = (("moons", "binary"), ("gaussians", "multiclass"), ("sine", "regression"))


@pytest.mark.parametrize(("dataset", "loss"), [(d, loss) for d, task in TASK_DATA for loss in TASK_LOSSES[task]])
def test_every_loss_the_data_allow_agrees_with_autograd(dataset, loss):
    data = as_file(StepSettings(dataset=dataset, hidden=(3,), activation="tanh", batch_size=4, loss=loss))
    assert data["loss"] == loss
    assert_autograd(data)


def test_the_update_is_plain_sgd():
    step = compute_step(StepSettings(lr=0.7, batch_size=3))
    for layer in step.layers:
        np.testing.assert_allclose(layer.W_after, layer.W - 0.7 * layer.dW)
        np.testing.assert_allclose(layer.b_after, layer.b - 0.7 * layer.db)
        assert np.abs(layer.dW).max() > 0


def test_a_small_step_lowers_the_loss_on_its_batch():
    step = compute_step(StepSettings(dataset="spiral", hidden=(4, 4), activation="tanh", batch_size=8, lr=0.05))
    assert step.loss_after < step.loss_value
    data = step.to_json()
    assert "loss_after" not in data  # the file keeps the schema's names only


def test_the_delta_recursion_gives_autograds_deltas():
    step = compute_step(StepSettings(dataset="spiral", hidden=(4, 4), activation="tanh", batch_size=3))
    for index in range(len(step.layers) - 1):
        for example in range(3):
            back, fprime, delta = delta_recursion(step, index, example)
            np.testing.assert_allclose(back, step.layers[index].da[example], rtol=RTOL)
            np.testing.assert_allclose(fprime, step.layers[index].fprime[example], rtol=RTOL)
            np.testing.assert_allclose(delta, step.layers[index].dz[example], rtol=RTOL)


@pytest.mark.parametrize("hidden", [(), (3,), (4, 3, 2)])
def test_a_first_layer_weights_paths_sum_to_its_gradient(hidden):
    step = compute_step(StepSettings(dataset="moons", hidden=hidden, activation="tanh", batch_size=3))
    for unit in range(step.layers[0].units):
        paths = weight_paths(step, unit, 1, largest=4)
        assert paths.count == 3 * int(np.prod([layer.units for layer in step.layers[1:]]))
        assert paths.total == pytest.approx(paths.autograd, rel=RTOL, abs=ATOL)
        assert paths.autograd == step.layers[0].dW[unit, 1]
        sizes = [abs(path.product) for path in paths.largest]
        assert sizes == sorted(sizes, reverse=True) and len(sizes) == min(4, paths.count)
        for path in paths.largest:
            assert path.product == pytest.approx(np.prod([value for _, value in path.factors]), rel=1e-12)


def test_a_deep_sigmoid_stacks_paths_carry_six_small_derivatives():
    step = compute_step(StepSettings(dataset="spiral", hidden=(4,) * 6, activation="sigmoid", batch_size=2))
    paths = weight_paths(step, 0, 0, largest=5)
    assert paths.total == pytest.approx(paths.autograd, rel=RTOL)
    for path in paths.largest:
        fprimes = [value for kind, value in path.factors if kind == "f′"]
        assert len(fprimes) == 6 and all(0 < value <= 0.25 for value in fprimes)
        assert path.fprime_product <= 0.25 ** 6
    first, last = np.abs(step.layers[0].dW).mean(), np.abs(step.layers[-1].dW).mean()
    assert first < last / 100  # the first layer's gradient is orders of magnitude smaller


def test_a_dead_relu_unit_shows_zero():
    step = compute_step(StepSettings(dataset="gaussians", classes=3, hidden=(5,), activation="relu", batch_size=1))
    first = step.layers[0]
    dead = [unit for unit in range(first.units) if first.z[0, unit] <= 0]
    assert dead
    for unit in dead:
        assert first.a[0, unit] == 0 and first.fprime[0, unit] == 0 and first.dz[0, unit] == 0
        assert not first.dW[unit].any() and first.db[unit] == 0
        assert np.array_equal(first.W_after[unit], first.W[unit])
        paths = weight_paths(step, unit, 0)
        assert paths.total == 0 and all(path.product == 0 for path in paths.largest)


def test_the_file_reads_back():
    step = compute_step(StepSettings(batch_size=2))
    again = step_from_json(json.loads(json.dumps(step.to_json())))
    assert again.widths == step.widths and again.loss_value == step.loss_value
    np.testing.assert_array_equal(again.layers[0].dz, step.layers[0].dz)
    with pytest.raises(ValueError, match="layers"):
        step_from_json({"x": []})


@pytest.mark.parametrize(("settings", "message"), [
    (StepSettings(hidden=(9,)), "hidden"),
    (StepSettings(hidden=(2,) * 7), "hidden"),
    (StepSettings(activation="prelu"), "parameter of its own"),
    (StepSettings(dataset="digits"), "at most 8 inputs"),
    (StepSettings(dataset="sine", loss="cross_entropy"), "regression"),
    (StepSettings(batch_size=65), "batch_size"),
    (StepSettings(first=10_000), "examples 0 to"),
])
def test_bad_settings_name_what_is_wrong(settings, message):
    with pytest.raises(ValueError, match=message):
        compute_step(settings)


@pytest.mark.parametrize("argv", [
    ["--dataset", "xor", "--hidden", "3", "--activation", "sigmoid", "--batch-size", "4"],
    ["--dataset", "spiral", "--hidden", "4,4", "--activation", "tanh", "--batch-size", "8", "--lr", "0.1"],
    ["--dataset", "gaussians", "--classes", "3", "--hidden", "5", "--activation", "relu", "--batch-size", "6"],
    ["--dataset", "moons", "--hidden", "2", "--activation", "elu", "--loss", "mse", "--seed", "4"],
], ids=["xor-2-3-1-sigmoid", "spiral-2-4-4-1-tanh", "blobs-2-5-3-relu", "moons-mse"])
def test_the_exported_json_agrees_with_autograd(tmp_path, argv):
    from actgui.cli import main

    out = tmp_path / "step.json"
    assert main(["export", "backprop", *argv, "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert list(data) == list(STEP_FIELDS)
    hidden = [int(n) for n in argv[argv.index("--hidden") + 1].split(",")]
    assert [len(layer["b"]) for layer in data["layers"][:-1]] == hidden
    assert_autograd(data)
