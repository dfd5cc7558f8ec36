"""Picking the compute device: cuda, then mps, then cpu."""

from __future__ import annotations

from actgui.core.lazy import lazy_module

torch = lazy_module("torch")


def available_devices() -> list[str]:
    devices = ["cpu"]
    if torch.cuda.is_available():
        devices.insert(0, "cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        devices.insert(0 if "cuda" not in devices else 1, "mps")
    return devices


def resolve_device(requested: str = "auto") -> tuple[str, str | None]:
    """(device, message): `auto` picks cuda, then mps, then cpu; a missing device falls back to cpu
    with a message saying so."""
    devices = available_devices()
    if requested == "auto":
        return devices[0], None
    if requested not in ("cpu", "cuda", "mps"):
        raise ValueError(f"unknown device '{requested}' (choose from: auto, cpu, cuda, mps)")
    if requested in devices:
        return requested, None
    return "cpu", f"{requested} is not available here; using the CPU"


def describe_device() -> str:
    """A one-line description of the device `auto` picks, e.g. 'cuda (NVIDIA H100)' or 'cpu'."""
    device, _ = resolve_device("auto")
    if device == "cuda":
        return f"cuda ({torch.cuda.get_device_name(0)})"
    return device
