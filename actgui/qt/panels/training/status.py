"""The Training panel's status line in words: a session's `Status` in the window's language; a
comparison's in one short line per run, best first."""

from __future__ import annotations

import math

from actgui.qt.panels.training.widgets import translate
from actgui.state.training_session import RunSummary, Status

#: A comparison's status names each run while there are at most this many; more are summed up by best and worst.
LISTED_RUNS = 6


def number(value: object) -> str:
    return "–" if value is None or not isinstance(value, int | float) or not math.isfinite(value) else f"{value:.4g}"


def _texts() -> dict[str, str]:
    return {
        "starting": translate("TrainingPanel", "Starting the training process (loading torch)…"),
        "ready": translate("TrainingPanel", "Ready. The training process uses {threads} torch thread(s)."),
        "idle": translate("TrainingPanel", "Ready."),
        "launching": translate("TrainingPanel", "Starting run {label}…"),
        "running": translate(
            "TrainingPanel",
            "{label} step {step} · {rate} steps/s · training loss {train} · "
            "validation loss {val} · accuracy {accuracy} · {device}",
        ),
        "paused": translate("TrainingPanel", "Paused at step {step}: Step runs one optimiser step."),
        "finished": translate(
            "TrainingPanel", "{label} finished {step} steps: validation loss {val}, accuracy {accuracy}."
        ),
        "stopped": translate("TrainingPanel", "{label} stopped at step {step}."),
        "diverged": translate(
            "TrainingPanel",
            "{label} diverged at step {step}: the loss became infinite or NaN. "
            "Cures, one click each: clip the gradients, batch norm, a smaller learning rate.",
        ),
        "compared": translate(
            "TrainingPanel",
            "Comparison done: {count} runs of {values} values ({diverged} diverged). "
            "See the Results and Compared runs tabs.",
        ),
        "error": translate("TrainingPanel", "Could not train: {message}"),
        "reset": translate("TrainingPanel", "Reset: the plots are cleared."),
        "exported": translate("TrainingPanel", "Saved {path}"),
        "opened": translate("TrainingPanel", "Opened {name}: {shape} images, {classes} classes."),
        "loaded": translate("TrainingPanel", "Read {count} points from {path}"),
        "replay": translate("TrainingPanel", "Run file {name} (read-only): step {step} of {last}."),
    }


def run_line(line: RunSummary) -> str:
    """One compared run: its label, its validation loss and accuracy, and how it ended when not finished."""
    text = translate("TrainingPanel", "{label}: val. loss {loss}, accuracy {accuracy}").format(
        label=line.label, loss=number(line.val_loss), accuracy=number(line.val_accuracy)
    )
    if line.status == "diverged":
        text += " " + translate("TrainingPanel", "(diverged at step {step})").format(step=line.step)
    return text


def runs_text(lines: list[RunSummary]) -> str:
    """Every run in a line each (best first), or the best and the worst when there are many."""
    if len(lines) <= LISTED_RUNS:
        return " · ".join(run_line(line) for line in lines)
    return translate("TrainingPanel", "best {best} · worst {worst}").format(
        best=run_line(lines[0]), worst=run_line(lines[-1])
    )


def status_text(status: Status, messages: list[str]) -> str:
    """The status line for `status`, with the run's own messages under a running or ended run's."""
    values = dict(status.values)
    lines = values.pop("runs", None)
    for key in ("train", "val", "accuracy"):
        if key in values:
            values[key] = number(values[key])
    if "rate" in values:
        values["rate"] = "–" if values["rate"] is None else f"{values['rate']:.0f}"
    if not values.get("label") and "count" in values:
        values["label"] = translate("TrainingPanel", "{count} runs").format(count=values["count"])
    text = _texts()[status.kind].format(**values)
    if lines:
        text += "\n" + runs_text(lines)
    if messages and status.kind in ("running", "finished", "paused"):
        text += "\n" + "\n".join(messages)
    return text
