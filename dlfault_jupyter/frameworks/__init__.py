"""Framework adapters: the only modules that touch a framework's API.

Each adapter module is imported lazily and used only when its framework is already in
``sys.modules`` — the extension never imports a framework the user has not imported.
Use :func:`get` to obtain an adapter: it returns ``None`` when the framework is absent.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

_ADAPTERS = {"torch": "torch", "keras": "keras", "tensorflow": "tensorflow", "numpy": "numpy"}
_ADAPTER_MODULE = {"torch": "torch", "keras": "keras", "tensorflow": "keras", "numpy": "numpy"}


def loaded(framework: str) -> bool:
    return _ADAPTERS[framework] in sys.modules


def loaded_frameworks() -> frozenset[str]:
    return frozenset(f for f, m in _ADAPTERS.items() if m in sys.modules)


def get(framework: str) -> ModuleType | None:
    """The adapter module for ``framework`` (``torch``, ``keras``/``tensorflow``,
    ``numpy``), or ``None`` when the user has not imported that framework."""
    if framework in ("keras", "tensorflow"):
        if "keras" not in sys.modules and "tensorflow" not in sys.modules:
            return None
    elif not loaded(framework):
        return None
    return importlib.import_module(f"{__name__}.{_ADAPTER_MODULE[framework]}")
