"""The backprop microscope's equations with their live numbers, in the interface language: per phase
(what the figure writes under the network), per unit and per link (what hovering shows)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from actgui.core.backprop import BackpropStep, PathSum, delta_recursion

translate = QCoreApplication.translate

# Terms of a sum written out before "+ …".
TERMS = 3
# Units of a layer whose equations the phase text writes out, and paths it lists.
UNITS_LISTED, PATHS_LISTED = 3, 3


def number(value: float) -> str:
    """Three significant digits, with a true minus sign."""
    return f"{value + 0.0:.3g}".replace("-", "−")  # + 0.0: no "−0"


def precise(value: float) -> str:
    """Four significant digits: a weight before and after a small update still differ."""
    return f"{value + 0.0:.4g}".replace("-", "−")


def signed(value: float) -> str:
    """A number as a factor: in brackets when negative."""
    return f"({number(value)})" if value < 0 else number(value)


def vector(values) -> str:
    return "[" + ", ".join(number(float(v)) for v in values) + "]"


def weighted_sum(weights, inputs, bias: float | None = None) -> str:
    """w₁·a₁ + w₂·a₂ + … (+ b), the first TERMS terms written out."""
    terms = [f"{signed(float(w))}·{signed(float(a))}" for w, a in zip(weights, inputs, strict=True)]
    shown = terms[:TERMS] + (["…"] if len(terms) > TERMS else [])
    return " + ".join(shown + ([] if bias is None else [signed(float(bias))]))


def column_name(step: BackpropStep, column: int) -> str:
    if column == 0:
        return translate("BackpropFigure", "input")
    if column == len(step.layers):
        return translate("BackpropFigure", "output")
    return translate("BackpropFigure", "hidden layer {index}").format(index=column)


def phase_title(phase: str, layer: int, layers: int) -> str:
    """The figure's title: the phase, and how far it has gone."""
    if phase == "forward":
        return translate("BackpropFigure", "① Forward pass, layer {index} of {count}: z = W·a + b, a = f(z)").format(
            index=layer + 1, count=layers)
    if phase == "loss":
        return translate("BackpropFigure", "② Loss: L averaged over the batch, and ∂L/∂z at the output")
    if phase == "backward":
        return translate("BackpropFigure", "③ Backward pass, layer {index} of {count}: δ = ∂L/∂z, ∂L/∂w = δ·a_prev").format(
            index=layer + 1, count=layers)
    return translate("BackpropFigure", "④ Update: w ← w − η·∂L/∂w")


def loss_lines(step: BackpropStep, example: int) -> list[str]:
    z = step.layers[-1].z[example]
    dz = step.layers[-1].dz[example]
    count = step.x.shape[0]
    formula = {"bce_with_logits": translate("BackpropFigure", "L = −mean[y·log σ(z) + (1 − y)·log(1 − σ(z))]"),
               "cross_entropy": translate("BackpropFigure", "L = −mean log softmax(z)_y"),
               "mse": translate("BackpropFigure", "L = mean (z − y)²")}[step.loss]
    target = step.y[example]
    lines = [f"{formula} = {number(step.loss_value)}" + (translate("BackpropFigure", " (batch of {count})").format(count=count)
                                                           if count > 1 else ""),
             translate("BackpropFigure", "example {index}: z = {z}, y = {y}").format(index=example + 1, z=vector(z),
                                                          y=vector(target) if target.ndim else number(float(target)))]
    gradient = {"bce_with_logits": "(σ(z) − y)", "cross_entropy": "(softmax(z) − onehot(y))",
                "mse": "2(z − y)"}[step.loss]
    divisor = count * z.size if step.loss == "mse" else count
    lines.append(f"δ_out = ∂L/∂z = {gradient}/{divisor} = {vector(dz)}")
    return lines


def phase_lines(step: BackpropStep, phase: str, layer: int, example: int, paths: PathSum | None) -> list[str]:
    """What the figure writes under the network for this point of the step-through."""
    layers = step.layers
    if phase == "forward":
        current = layers[layer]
        inputs = step.inputs_of(layer)[example]
        lines = []
        for unit in range(min(UNITS_LISTED, current.units)):
            z, a = current.z[example, unit], current.a[example, unit]
            line = f"z{_sub(unit)} = {weighted_sum(current.W[unit], inputs, current.b[unit])} = {number(z)}"
            if current.activation != "identity":
                line += f",  a{_sub(unit)} = {current.activation}({number(z)}) = {number(a)}"
            lines.append(line)
        if current.units > UNITS_LISTED:
            lines.append(translate("BackpropFigure", "… and {count} more units").format(count=current.units - UNITS_LISTED))
        return lines
    if phase == "loss":
        return loss_lines(step, example)
    if phase == "backward":
        current = layers[layer]
        lines = []
        if layer == len(layers) - 1:
            lines.append(f"δ_out = ∂L/∂z = {vector(current.dz[example])}")
        else:
            back, fprime, delta = delta_recursion(step, layer, example)
            lines.append(f"δ{_sub(layer)} = (W{_sub(layer + 1)}ᵀ δ{_sub(layer + 1)}) ⊙ f′(z{_sub(layer)}) = "
                         f"{vector(back)} ⊙ {vector(fprime)} = {vector(delta)}")
        a = step.inputs_of(layer)[example]
        dz = current.dz[example]
        batch = translate("BackpropFigure", " (summed over the batch)") if step.x.shape[0] > 1 else ""
        lines.append(f"∂L/∂w₁₁ = δ₁·a₁ = {signed(dz[0])}·{signed(a[0])} = {number(dz[0] * a[0])}" + batch)
        if layer == 0 and paths is not None:
            lines += path_lines(paths)
        return lines
    lines = [translate("BackpropFigure", "η = {lr}; the loss on this batch: {before} before the update, {after} after").format(
        lr=number(step.lr), before=precise(step.loss_value), after=precise(step.loss_after))]
    for index, current in enumerate(layers[:2]):
        lines.append(f"W{_sub(index)}[1,1] ← {precise(current.W[0, 0])} − {number(step.lr)}·"
                     f"{signed(current.dW[0, 0])} = {precise(current.W_after[0, 0])}")
    return lines


def path_lines(paths: PathSum) -> list[str]:
    """The chosen first-layer weight's gradient as the sum over its paths."""
    weight = f"w[{paths.unit + 1},{paths.source + 1}]"
    lines = [translate("BackpropFigure", "Chain rule: ∂L/∂{weight} = sum over {count} paths = {total} (autograd: {autograd})").format(
        weight=weight, count=paths.count, total=number(paths.total), autograd=number(paths.autograd))]
    for path in paths.largest[:PATHS_LISTED]:
        factors = " · ".join(signed(value) for _, value in path.factors)  # spaces: a long path wraps
        lines.append(translate("BackpropFigure", "  path {units}: {factors} = {product}  (f′ factors: {fprime})").format(
            units="→".join(str(u + 1) for u in path.units), factors=factors, product=number(path.product),
            fprime=number(path.fprime_product)))
    return lines


def unit_equation(step: BackpropStep, column: int, unit: int, phase: str, example: int) -> str:
    """Hovering a unit: its equations with the live numbers."""
    name = f"{column_name(step, column)} #{unit + 1}"
    if column == 0:
        return f"{name}\nx = {number(step.x[example, unit])}"
    layer = step.layers[column - 1]
    inputs = step.inputs_of(column - 1)[example]
    z, a = layer.z[example, unit], layer.a[example, unit]
    lines = [name, f"z = {weighted_sum(layer.W[unit], inputs, layer.b[unit])} = {number(z)}"]
    if layer.activation != "identity":
        lines.append(f"a = {layer.activation}(z) = {number(a)}")
    if phase in ("backward", "update"):
        if column < len(step.layers):
            following = step.layers[column]
            lines.append(f"∂L/∂a = Σ_k w_k·δ_k = {weighted_sum(following.W[:, unit], following.dz[example])}"
                         f" = {number(layer.da[example, unit])}")
            lines.append(f"f′(z) = {number(layer.fprime[example, unit])}")
            lines.append(f"δ = ∂L/∂a · f′(z) = {signed(layer.da[example, unit])}·"
                         f"{signed(layer.fprime[example, unit])} = {number(layer.dz[example, unit])}")
        else:
            lines.append(f"δ = ∂L/∂z = {number(layer.dz[example, unit])}")
    if phase == "update":
        lines.append(f"b ← b − η·∂L/∂b = {precise(layer.b[unit])} − {number(step.lr)}·{signed(layer.db[unit])} = "
                     f"{precise(layer.b_after[unit])}")
    return "\n".join(lines)


def link_equation(step: BackpropStep, index: int, target: int, source: int, phase: str, example: int) -> str:
    """Hovering a link (layer `index`'s weight from `source` to `target`): its numbers."""
    layer = step.layers[index]
    w = layer.W[target, source]
    lines = [translate("BackpropFigure", "weight from {source} to {target}").format(
        source=f"{column_name(step, index)} #{source + 1}", target=f"{column_name(step, index + 1)} #{target + 1}"),
        f"w = {number(w)}"]
    if phase in ("forward", "loss"):
        a = step.inputs_of(index)[example, source]
        lines.append(translate("BackpropFigure", "carries w·a = {w}·{a} = {product}").format(w=signed(w), a=signed(a), product=number(w * a)))
    else:
        a = step.inputs_of(index)[example, source]
        delta = layer.dz[example, target]
        lines.append(f"∂L/∂w = δ·a_prev = {signed(delta)}·{signed(a)} = {number(delta * a)}"
                     + (translate("BackpropFigure", " (this example; batch: {total})").format(total=number(layer.dW[target, source]))
                        if step.x.shape[0] > 1 else ""))
    if phase == "update":
        lines.append(f"w ← w − η·∂L/∂w = {precise(w)} − {number(step.lr)}·{signed(layer.dW[target, source])} = "
                     f"{precise(layer.W_after[target, source])}")
    return "\n".join(lines)


def _sub(index: int) -> str:
    """A 0-based index as a 1-based subscript."""
    return str(index + 1).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
