"""`--out FILE.py` / `FILE.ipynb`: the figure as plain torch + matplotlib code, which, run on its own,
plots exactly the numbers of the app's CSV export of the same figure."""

from __future__ import annotations

import json

import pytest

from tests.cli.plotted import assert_same_numbers, csv_columns, run_script

#: The notes' demos and a few more, each as export arguments (without --out) and the CSV's axis columns.
FIGURES = {
    "sigmoid-derivative": (["export", "function", "sigmoid", "--derivative", "--xmin=-20", "--xmax", "20",
                            "--points", "1000"], ("x",)),
    "leaky-relu": (["export", "function", "leaky_relu", "--derivative", "--param",
                    "leaky_relu.negative_slope=0.2"], ("x",)),
    "six-activations": (["export", "function", "sigmoid,tanh,relu,elu,selu,gelu", "--derivative",
                         "--second-derivative"], ("x",)),
    "custom": (["export", "function", "custom,softplus", "--expression", "x * tanh(softplus(x))",
                "--param", "softplus.beta=2"], ("x",)),
    "tanh-identity": (["export", "function", "tanh", "--tanh-identity"], ("x",)),
    "softmax-twice": (["export", "softmax", "--twice"], ("index", "logit")),
    "regression-losses": (["export", "loss", "mae,mse,huber,smooth_l1", "--target", "0.5", "--param", "huber.delta=2"],
                          ("prediction",)),
    "classification-losses": (["export", "loss", "bce,cross_entropy,kl_div", "--target", "0.8"], ("prediction",)),
    "logit-losses": (["export", "loss", "bce_with_logits,hinge,bce", "--axis", "logit", "--target", "1"],
                     ("prediction",)),
    "himmelblau": (["export", "landscape", "himmelblau", "--start", "-1,-1", "--optimizers", "sgd,momentum,adam",
                    "--lr", "0.01", "--steps", "200"], ("step", "x", "optimizer")),
    "bowl-diverges": (["export", "landscape", "bowl", "--optimizers", "sgd,nesterov,rmsprop", "--lr", "0.25",
                       "--steps", "60"], ("step", "x", "optimizer")),
    "custom-surface": (["export", "landscape", "custom", "--expression", "x**2 + 3 * sin(y)", "--steps", "50"],
                       ("step", "x", "optimizer")),
    "mse-vs-bce": (["export", "loss", "mse,bce", "--target", "1"], ("prediction",)),
    "tanh-xavier-depth": (["export", "depth", "--activation", "tanh", "--init", "xavier_normal", "--depth", "20",
                           "--layer-width", "128", "--batch", "128"], ("layer",)),
    "depth-comparison": (["export", "depth", "--cases", "relu:xavier_normal,relu:kaiming_normal,sigmoid:torch_default",
                          "--depth", "10", "--layer-width", "64", "--batch", "64"], ("layer", "case")),
    "depth-constant": (["export", "depth", "--activation", "tanh", "--init", "constant", "--param", "init.val=0.1",
                        "--depth", "6", "--layer-width", "32", "--batch", "16"], ("layer",)),
}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_script_plots_the_csv(cli, tmp_path, name):
    argv, axes = FIGURES[name]
    assert cli(*argv, "--out", tmp_path / "figure.csv")[0] == 0
    status, out, err = cli(*argv, "--out", tmp_path / "figure.py")
    assert status == 0, err
    source = (tmp_path / "figure.py").read_text()
    assert "actgui" not in source
    assert_same_numbers(run_script(tmp_path / "figure.py"), csv_columns(tmp_path / "figure.csv"), axes)


def test_every_activation_has_code(cli, tmp_path):
    """All registered activations in one script: each curve and derivative equals the CSV's."""
    from actgui.core.activations import ACTIVATIONS
    from actgui.core.codegen.functions import ACTIVATION_CODE

    keys = [a.key for a in ACTIVATIONS if a.fn.__module__.startswith("actgui.")]
    assert set(keys) <= set(ACTIVATION_CODE), set(keys) - set(ACTIVATION_CODE)
    argv = ["export", "function", ",".join(keys), "--derivative"]
    assert cli(*argv, "--out", tmp_path / "all.csv")[0] == 0
    assert cli(*argv, "--out", tmp_path / "all.py")[0] == 0
    assert_same_numbers(run_script(tmp_path / "all.py"), csv_columns(tmp_path / "all.csv"), ("x",))


def test_chinese_comments_same_code(cli, tmp_path):
    argv = ["export", "function", "sigmoid", "--derivative"]
    assert cli(*argv, "--out", tmp_path / "en.py")[0] == 0
    assert cli(*argv, "--lang", "zh_CN", "--out", tmp_path / "zh.py")[0] == 0
    english, chinese = (tmp_path / "en.py").read_text(), (tmp_path / "zh.py").read_text()
    assert "自动求导" in chinese and "autograd" in english

    def code(text):
        return [line for line in text.splitlines() if line and not line.startswith("#")]

    assert code(english) == code(chinese)


def test_notebook_executes_with_its_figures(cli, tmp_path):
    nbclient = pytest.importorskip("nbclient")
    import nbformat

    assert cli("export", "softmax", "--twice", "--out", tmp_path / "softmax.ipynb")[0] == 0
    book = nbformat.read(tmp_path / "softmax.ipynb", as_version=4)
    assert [cell.cell_type for cell in book.cells][:2] == ["markdown", "code"]
    nbclient.NotebookClient(book, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
                            ).execute()
    images = [output for cell in book.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
              if "image/png" in output.get("data", {})]
    assert len(images) == 1
    assert json.loads(json.dumps(book.metadata))["kernelspec"]["name"] == "python3"


def test_figure_without_code_says_so(cli, tmp_path):
    """A run file of an MLP trained with dropout: its code is not written, and the message says why."""
    run_file = tmp_path / "run.actrun"
    assert cli("train", "--steps", "5", "--dropout", "0.2", "--quiet", "--save-run", run_file, "--out",
               tmp_path / "run.csv")[0] == 0
    status, out, err = cli("export", "run", run_file, "--out", tmp_path / "j.py")
    assert status == 2 and "dropout" in err
    assert not (tmp_path / "j.py").exists()


@pytest.mark.parametrize("scheme,fans", [("kaiming_normal", ("256", "128")), ("xavier_uniform", ("3", "5")),
                                         ("sparse", ("64", "32")), ("torch_default", ("10", "20"))])
def test_init_script_draws_the_csv_weights(cli, tmp_path, scheme, fans):
    """The script's histogram is the histogram of the CSV's weights (the same draws, bit for bit)."""
    import numpy as np

    argv = ["export", "init", scheme, "--fan-in", fans[0], "--fan-out", fans[1], "--seed", "7"]
    assert cli(*argv, "--out", tmp_path / "w.csv")[0] == 0
    assert cli(*argv, "--out", tmp_path / "w.py")[0] == 0
    (bars,) = [s for s in run_script(tmp_path / "w.py") if s["kind"] == "bars"]
    centres, widths = np.array(bars["x"]), np.array(bars["width"])
    edges = np.append(centres - widths / 2, centres[-1] + widths[-1] / 2)
    weights = csv_columns(tmp_path / "w.csv")["weight"]
    expected, _ = np.histogram(weights.astype(np.float32), bins=edges, density=True)
    np.testing.assert_allclose(bars["y"], expected, rtol=1e-5, atol=1e-8)
    if int(fans[0]) * int(fans[1]) <= 64:
        assert "print(w)" in (tmp_path / "w.py").read_text()


def test_every_init_scheme_has_code():
    from actgui.core.codegen.inits import init_call
    from actgui.core.inits import INITS

    for scheme in INITS:
        if scheme.fill.__module__.startswith("actgui."):
            assert "nn.init." in init_call(scheme.key, scheme.resolve({}))


#: Training runs: arguments, the CSV's label column for comparisons.
RUNS = {
    "spiral-200-steps": (["--dataset", "spiral", "--steps", "200"], ()),
    "xor-sgd-tanh-clip": (["--dataset", "xor", "--activation", "tanh", "--hidden", "4", "--optimizer", "sgd",
                           "--lr", "0.1", "--clip-norm", "1", "--steps", "120", "--record-every", "7"], ()),
    "blobs-by-activation": (["--dataset", "gaussians", "--classes", "3", "--hidden", "5", "--steps", "60",
                             "--compare", "relu,tanh,leaky_relu", "--init", "torch_default"], ()),
    "moons-by-lr": (["--dataset", "moons", "--steps", "60", "--compare-by", "lr", "--compare", "0.001,0.1"],
                    ("lr",)),
}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_training_script_reproduces_the_run(cli, tmp_path, name):
    """Bit for bit: the same data, network, initialisation, optimiser and mini-batches. Compared runs
    train in turn in the code and in lockstep in the app; without dropout they share no random state,
    so they agree bit for bit too."""
    argv, labels = RUNS[name]
    assert cli("train", *argv, "--quiet", "--out", tmp_path / "run.csv")[0] == 0
    assert cli("train", *argv, "--out", tmp_path / "run.py")[0] == 0
    assert "actgui" not in (tmp_path / "run.py").read_text()
    assert_same_numbers(run_script(tmp_path / "run.py"), csv_columns(tmp_path / "run.csv"), ("step",), rtol=0,
                        atol=0, only=("train_loss", "val_loss", "val_accuracy"), labels=labels)


def test_training_notebook_executes(cli, tmp_path):
    nbclient = pytest.importorskip("nbclient")
    import nbformat

    argv = ["train", "--dataset", "spiral", "--steps", "50", "--lang", "zh_CN"]
    assert cli(*argv, "--out", tmp_path / "run.ipynb")[0] == 0
    book = nbformat.read(tmp_path / "run.ipynb", as_version=4)
    assert "随机种子" in book.cells[2].source
    nbclient.NotebookClient(book, timeout=300, kernel_name="python3").execute()
    outputs = [output for cell in book.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
    assert any("image/png" in output.get("data", {}) for output in outputs)
    assert any("val accuracy" in output.get("text", "") for output in outputs)


def test_training_without_code_says_so(cli, tmp_path):
    status, out, err = cli("train", "--dataset", "spiral", "--dropout", "0.2", "--out", tmp_path / "run.py")
    assert status == 2 and "dropout" in err
    assert not (tmp_path / "run.py").exists()
