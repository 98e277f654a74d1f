"""Framework knowledge lives in the adapters (issue 12, item 2): a rule never reads a class
name (``type(x).__name__``: it asks an adapter — ``classify``, ``layer_kind``, ``vocab``,
``frameworks.type_name`` for messages) and never imports a framework, not even inside a
function (ruff's TID251 says the same for imports; this test also runs without ruff)."""

from __future__ import annotations

import ast
from pathlib import Path

import dlfault_jupyter

PKG = Path(dlfault_jupyter.__file__).parent
FRAMEWORKS = ("torch", "tensorflow", "keras")


def _files(sub: str) -> list[Path]:
    files = sorted((PKG / sub).rglob("*.py"))
    assert files, sub
    return files


def _type_names(tree: ast.AST) -> list[int]:
    """Lines of ``type(...).__name__`` / ``x.__class__.__name__``."""
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Attribute) and n.attr == "__name__":
            v = n.value
            if (isinstance(v, ast.Call) and isinstance(v.func, ast.Name)
                    and v.func.id == "type") or (isinstance(v, ast.Attribute)
                                                 and v.attr == "__class__"):
                out.append(n.lineno)
    return sorted(out)


def _framework_imports(tree: ast.AST) -> list[int]:
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            names = [a.name for a in n.names]
        elif isinstance(n, ast.ImportFrom) and n.level == 0:
            names = [n.module or ""]
        else:
            continue
        if any(m.split(".")[0] in FRAMEWORKS for m in names):
            out.append(n.lineno)
    return sorted(out)


def test_no_rule_reads_a_class_name() -> None:
    bad = [f"{p.relative_to(PKG)}:{line}" for p in _files("rules")
           for line in _type_names(ast.parse(p.read_text()))]
    assert not bad, f"type(x).__name__ in rules (ask an adapter): {bad}"


def test_no_rule_imports_a_framework() -> None:
    bad = [f"{p.relative_to(PKG)}:{line}" for p in _files("rules")
           for line in _framework_imports(ast.parse(p.read_text()))]
    assert not bad, f"framework imports in rules (ask an adapter): {bad}"


def test_the_checks_see_what_they_forbid() -> None:
    tree = ast.parse("import torch.nn as nn\nfrom keras import layers\n"
                     "def f(m):\n    import tensorflow\n    return type(m).__name__\n"
                     "k = m.__class__.__name__\nfrom . import torch\n")
    assert _framework_imports(tree) == [1, 2, 4]
    assert _type_names(tree) == [5, 6]
