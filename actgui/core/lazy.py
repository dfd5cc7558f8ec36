"""Modules imported on first use: `torch = lazy_module("torch")` costs nothing until `torch.xxx` runs.

The registries, states and the command line import the core without paying for torch (seconds on a
small machine); the first function that computes a tensor imports it.
"""

from __future__ import annotations

import functools
import importlib
import types
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

K = TypeVar("K")
V = TypeVar("V")

#: Attributes that tools probe on any module; reading them must not import the real one.
_NOT_DELEGATED = frozenset({"__file__", "__path__", "__wrapped__", "__all__", "__getstate__"})


class LazyModule(types.ModuleType):
    """Stands for the module `name`; the first attribute read imports it and reads from it."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._module: types.ModuleType | None = None

    def _load(self) -> types.ModuleType:
        if self._module is None:
            self._module = importlib.import_module(self.__name__)
        return self._module

    def __getattr__(self, attribute: str) -> Any:
        if attribute in _NOT_DELEGATED:
            raise AttributeError(attribute)
        return getattr(self._load(), attribute)

    def __dir__(self) -> list[str]:
        return dir(self._load())


def lazy_module(name: str) -> Any:
    """A stand-in for `import name` that imports it on first attribute access."""
    return LazyModule(name)


class LazyMapping(Mapping[K, V]):
    """A read-only mapping whose entries `build()` makes on first access (for tables of torch functions)."""

    def __init__(self, build: Callable[[], dict[K, V]]) -> None:
        self._build = build
        self._entries: dict[K, V] | None = None

    def _loaded(self) -> dict[K, V]:
        if self._entries is None:
            self._entries = self._build()
        return self._entries

    def __getitem__(self, key: K) -> V:
        return self._loaded()[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


class LazySubclass:
    """Stands for a class deriving from a class of a lazily imported module (`nn.Module`).

    `@lazy_subclass(nn, "Module")` on `class MLP:` keeps the class body where it is; the first call
    (or isinstance check, or attribute read) imports the module and makes the real class,
    `MLP(body, nn.Module)`, so zero-argument `super()` in the body reaches `nn.Module`.
    """

    def __init__(self, body: type, module: LazyModule, base: str) -> None:
        self._body, self._module, self._base = body, module, base
        self._class: type | None = None
        self.__name__, self.__qualname__, self.__doc__ = body.__name__, body.__qualname__, body.__doc__
        self.__module__ = body.__module__

    def real(self) -> type:
        """The class itself (imports the base's module the first time)."""
        if self._class is None:
            base = getattr(self._module, self._base)
            namespace = {"__module__": self._body.__module__, "__qualname__": self._body.__qualname__,
                         "__doc__": self._body.__doc__}
            self._class = type(self._body.__name__, (self._body, base), namespace)
        return self._class

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.real()(*args, **kwargs)

    def __instancecheck__(self, instance: Any) -> bool:
        return isinstance(instance, self.real())

    def __subclasscheck__(self, subclass: type) -> bool:
        return issubclass(subclass, self.real())

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.real(), attribute)


def lazy_subclass(module: LazyModule, base: str) -> Callable[[type], LazySubclass]:
    """Class decorator: the class derives from `module.<base>`, made when first used."""
    return lambda body: LazySubclass(body, module, base)


def no_grad(function: Callable[..., V]) -> Callable[..., V]:
    """`@torch.no_grad()` without importing torch when the decorated function is defined."""

    @functools.wraps(function)
    def without_gradients(*args: Any, **kwargs: Any) -> V:
        import torch

        with torch.no_grad():
            return function(*args, **kwargs)

    return without_gradients


def load_object(path: str) -> Any:
    """The object named "module:attribute" (the attribute may be dotted: "module:NAME.keys"), its module
    imported now."""
    module, _, attributes = path.partition(":")
    target: Any = importlib.import_module(module)
    for attribute in attributes.split("."):
        target = getattr(target, attribute)
    return target
