"""The rules: one declaration per file, ``rules/<area>/<id>_<name>.py``, mirroring the
fixtures ``tests/rules/<area>/<ID>-<name>/``; ``_index.py`` lists them (id -> module).

The registry machinery lives in :mod:`dlfault_jupyter.registry`; it is re-exported here for
the code that imports it from ``dlfault_jupyter.rules``.
"""

from __future__ import annotations

from ..registry import (
    EVIDENCE_KINDS,
    FRAMEWORK_MODULES,
    ID_RE,
    LETTER_AREAS,
    NAME_RE,
    REGISTRY,
    Evidence,
    Items,
    Rule,
    fill,
    load_all,
    lookup,
    prose,
    register,
    rules_for,
)

__all__ = ["EVIDENCE_KINDS", "FRAMEWORK_MODULES", "ID_RE", "LETTER_AREAS", "NAME_RE",
           "REGISTRY", "Evidence", "Items", "Rule", "fill", "load_all", "lookup", "prose", "register",
           "rules_for"]
