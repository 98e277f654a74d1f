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


def _is_type_name(n: ast.AST, aliases: set[str]) -> bool:
    """``type_name(x)`` / ``frameworks.type_name(x)``, or a name assigned from one."""
    if isinstance(n, ast.Call):
        f = n.func
        return (isinstance(f, ast.Name) and f.id == "type_name") or \
            (isinstance(f, ast.Attribute) and f.attr == "type_name")
    return isinstance(n, ast.Name) and n.id in aliases


def _is_str_literal(n: ast.AST, consts: set[str]) -> bool:
    """A string, a tuple/list/set of strings, or a name assigned one of those."""
    if isinstance(n, ast.Constant):
        return isinstance(n.value, str)
    if isinstance(n, (ast.Tuple, ast.List, ast.Set)):
        return bool(n.elts) and all(isinstance(e, ast.Constant) and isinstance(e.value, str)
                                    for e in n.elts)
    if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and \
            n.func.id in ("frozenset", "set", "tuple") and len(n.args) == 1:
        return _is_str_literal(n.args[0], consts)
    return isinstance(n, ast.Name) and n.id in consts


def _name_literals(tree: ast.AST) -> list[int]:
    """Lines where a class name (``type_name(x)``) is compared with string literals:
    ``type_name(x) == "Linear"``, ``in ("Dropout", ...)``, ``in _NAMES`` (a literal),
    ``"Embedding" in type_name(x)``, ``type_name(x).startswith(...)``, also through a
    name assigned ``type_name(x)``. A rule asks ``adapter.layer_kind(x)`` or
    ``adapter.framework_name(x) in adapter.vocab.SOME_SET`` instead."""
    aliases: set[str] = set()
    consts: set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, (ast.Assign, ast.AnnAssign)) and n.value is not None:
            targets = n.targets if isinstance(n, ast.Assign) else [n.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    if _is_type_name(n.value, set()):
                        aliases.add(t.id)
                    elif _is_str_literal(n.value, set()):
                        consts.add(t.id)
    out = []
    for n in ast.walk(tree):
        if isinstance(n, ast.Compare):
            ops = [n.left, *n.comparators]
            if any(_is_type_name(o, aliases) for o in ops) and \
                    any(_is_str_literal(o, consts) for o in ops):
                out.append(n.lineno)
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr in ("startswith", "endswith") and \
                _is_type_name(n.func.value, aliases):
            out.append(n.lineno)
    return sorted(set(out))


#: rule files that may still compare a class name with a literal, and why
NAME_LITERAL_EXCEPTIONS = {
    # scikit-learn has no adapter (and is no framework of the project): the class name and
    # its module (``sklearn...``), both read from the type
    "data/t231_label_encoders_disagree.py",
}


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


def test_no_rule_compares_a_class_name_with_a_literal() -> None:
    """Issue 12, item 2: ``type_name(x) == "Linear"`` misses the framework's subclasses
    (LazyLinear, a user's ``class WeightedCE(nn.CrossEntropyLoss)``) and matches a user
    class that merely has the name. Rules ask ``layer_kind`` / ``framework_name``."""
    bad = [f"{p.relative_to(PKG / 'rules')}:{line}" for p in _files("rules")
           for line in _name_literals(ast.parse(p.read_text()))
           if str(p.relative_to(PKG / "rules")) not in NAME_LITERAL_EXCEPTIONS]
    assert not bad, ("class names compared with literals in rules (ask "
                     f"adapter.layer_kind / adapter.framework_name in adapter.vocab): {bad}")
    for rel in NAME_LITERAL_EXCEPTIONS:   # an exception that no longer compares is dropped
        assert _name_literals(ast.parse((PKG / "rules" / rel).read_text())), rel


def test_the_name_literal_check_sees_what_it_forbids() -> None:
    tree = ast.parse(
        "_N = ('Dropout', 'Identity')\n"
        "a = type_name(m) == 'Linear'\n"
        "b = frameworks.type_name(m) in ('Softmax', 'LogSoftmax')\n"
        "c = type_name(m) not in _N\n"
        "d = 'Embedding' in type_name(m)\n"
        "e = type_name(m).startswith('BatchNorm')\n"
        "k = type_name(m)\n"
        "f = k == 'Dense'\n"
        "g = t.framework_name(m) in t.vocab.CROSS_ENTROPY\n"
        "h = t.layer_kind(m) is LayerKind.LINEAR\n"
        "i = type_name(m) == t.framework_name(m)\n"
        "j = msg(cls=type_name(m))\n")
    assert _name_literals(tree) == [2, 3, 4, 5, 6, 8]


def test_the_checks_see_what_they_forbid() -> None:
    tree = ast.parse("import torch.nn as nn\nfrom keras import layers\n"
                     "def f(m):\n    import tensorflow\n    return type(m).__name__\n"
                     "k = m.__class__.__name__\nfrom . import torch\n")
    assert _framework_imports(tree) == [1, 2, 4]
    assert _type_names(tree) == [5, 6]
