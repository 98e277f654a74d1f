"""Framework adapters: the only modules that touch a framework's API.

Each adapter module is imported lazily and used only when its framework is already in
``sys.modules`` — the extension never imports a framework the user has not imported.
Each exports ``ADAPTER``, an :class:`~.base.Adapter` (classify an object, layer kinds,
vocabulary, summaries, the ``%%dlcheck`` probe). :func:`loaded_adapters` gives those of
the frameworks the user has imported; :func:`adapter` one by name; :func:`get` the
adapter module (``None`` when the framework is absent).
"""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import Adapter

_ADAPTERS = {"torch": "torch", "keras": "keras", "tensorflow": "tensorflow", "numpy": "numpy"}
_ADAPTER_MODULE = {"torch": "torch", "keras": "keras", "tensorflow": "keras", "numpy": "numpy"}


def loaded(framework: str) -> bool:
    return _ADAPTERS[framework] in sys.modules


def loaded_frameworks() -> frozenset[str]:
    return frozenset(f for f, m in _ADAPTERS.items() if m in sys.modules)


def get(framework: str) -> Any:
    """The adapter module for ``framework`` (``torch``, ``keras``/``tensorflow``,
    ``numpy``), or ``None`` when the user has not imported that framework. Typed ``Any``
    (a module's attributes are untyped anyway): callers ask only after :func:`loaded`
    or ``sys.modules`` said the framework is there."""
    if framework in ("keras", "tensorflow"):
        if "keras" not in sys.modules and "tensorflow" not in sys.modules:
            return None
    elif not loaded(framework):
        return None
    # called ~50 times per cell by the rules: a dictionary look-up once imported
    # (importlib.import_module costs ~100x more, even for a module already imported)
    name = f"{__name__}.{_ADAPTER_MODULE[framework]}"
    mod = sys.modules.get(name)
    return mod if mod is not None else importlib.import_module(name)


# (adapter module, top-level modules that mean the user imported its framework), in the
# order adapters are asked (torch first: user subclasses of nn.Module live in __main__)
_SPECS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("torch", ("torch",)), ("keras", ("keras", "tensorflow")), ("numpy", ("numpy",)),
    ("pandas", ("pandas",)))
#: every top-level module an adapter stands for
MODULES: frozenset[str] = frozenset(m for _, ms in _SPECS for m in ms)
_LOADED: dict[tuple[bool, ...], tuple[Adapter, ...]] = {}


def loaded_adapters() -> tuple[Adapter, ...]:
    """The adapters of the frameworks the user has imported, in asking order. Imports an
    adapter module only once its framework is in ``sys.modules``; never a framework."""
    mods = sys.modules
    key = tuple(any(m in mods for m in ms) for _, ms in _SPECS)
    hit = _LOADED.get(key)
    if hit is None:
        hit = _LOADED[key] = tuple(
            importlib.import_module(f"{__name__}.{name}").ADAPTER
            for (name, _), on in zip(_SPECS, key, strict=True) if on)
    return hit


def adapter(name: str) -> Adapter | None:
    """The adapter named ``name`` ("torch", "keras" — also for "tensorflow" —, "numpy",
    "pandas"), or ``None`` when the user has not imported its framework."""
    name = "keras" if name == "tensorflow" else name
    for a in loaded_adapters():
        if a.name == name:
            return a
    return None


def type_name(obj: object) -> str:
    """The name its framework gives an object's class (``"CrossEntropyLoss"``, ``"Dense"``,
    ``"StandardScaler"``), for messages: a user subclass gives its own name. The one place
    outside the adapters that reads a class name; checks call this, never
    ``type(x).__name__``, and never compare it with a literal (look-ups in a ``vocab`` go
    through ``adapter.framework_name(x)``, which sees a subclass's framework base and not a
    user's namesake; tests/test_framework_boundary.py). Reads the type only."""
    return type(obj).__name__
