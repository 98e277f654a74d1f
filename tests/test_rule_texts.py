"""Every text of a rule is declared (issue 12, item 3): a check picks one of the rule's
named :class:`Texts` variants and gives numbers, names and code as fields; it does not
write sentences. The docs show every variant.

The AST test below flags a check (or a helper in the rule's file) that passes a sentence
to ``Evidence``: an f-string, a concatenation, a ``.format``/``.join`` or a plain string
constant with four or more words of prose, directly or through a local variable. Files
not converted yet are listed in ``NOT_YET_DECLARED``: the list may only shrink (a listed
file that no longer builds prose fails the test until it is taken off the list).

A second AST test flags a rule file that reads its own declared templates (``self.texts``,
``cls.texts``, ``.templates``) to fill them in ``check()``: a finding that lists several
clauses passes them as ``Items`` (``registry.Items``).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from dlfault_jupyter.analysis.runtime import RuntimeRule
from dlfault_jupyter.docs import rule_markdown
from dlfault_jupyter.registry import REGISTRY, Evidence, Items, Rule, Texts, load_all

RULES = Path(__file__).resolve().parent.parent / "dlfault_jupyter" / "rules"
MIN_WORDS = 4
#: a word of prose: letters, not part of a dotted name, a call, a `code span` or a {field}
_WORD = re.compile(r"(?<![\w.`{])[A-Za-z]{2,}(?![\w(`}])")
_CODE = re.compile(r"`[^`]*`")
_META = {"line", "subject", "key", "severity", "variant"}

#: rule files whose check still writes sentences (to convert to declared variants): none
#: left of the 84 found when this test was written; the set may only stay empty
NOT_YET_DECLARED: set[str] = set()


def _literal(node: ast.AST) -> str | None:
    """The literal text that a string-building expression contributes, or None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        a, b = _literal(node.left), _literal(node.right)
        return None if a is None and b is None else f"{a or ''} {b or ''}"
    if isinstance(node, ast.IfExp):
        a, b = _literal(node.body), _literal(node.orelse)
        return None if a is None and b is None else max(a or "", b or "", key=len)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in ("format", "join", "replace"):
        return _literal(node.func.value)
    return None


def words(text: str) -> list[str]:
    return _WORD.findall(_CODE.sub(" ", text))


def _assignments(fn: ast.AST) -> dict[str, list[ast.AST]]:
    """The values assigned to each local name of a function."""
    out: dict[str, list[ast.AST]] = {}
    for n in ast.walk(fn):
        targets = n.targets if isinstance(n, ast.Assign) else \
            [n.target] if isinstance(n, (ast.AugAssign, ast.AnnAssign)) else []
        value = getattr(n, "value", None)
        for t in targets:
            if isinstance(t, ast.Name) and value is not None:
                out.setdefault(t.id, []).append(value)
    return out


def _prose(value: ast.AST, assigned: dict[str, list[ast.AST]]) -> str | None:
    """The prose a field value is built from, through local variables; None when none."""
    todo, seen = [value], set()
    while todo:
        v = todo.pop()
        if isinstance(v, ast.Name):
            if v.id not in seen:
                seen.add(v.id)
                todo += assigned.get(v.id, [])
            continue
        text = _literal(v)
        if text is not None and len(words(text)) >= MIN_WORDS:
            return " ".join(text.split())
    return None


def prose_fields(source: str) -> list[tuple[str, str, int, str]]:
    """(function, field, line, text) of every Evidence field built as prose in ``source``."""
    hits = []
    for fn in ast.walk(ast.parse(source)):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        assigned = _assignments(fn)
        for n in ast.walk(fn):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and \
                    n.func.id == "Evidence":
                for kw in n.keywords:
                    text = None if kw.arg is None or kw.arg in _META else \
                        _prose(kw.value, assigned)
                    if text:
                        hits.append((fn.name, kw.arg, n.lineno, text[:80]))
    return hits


def _scan() -> dict[str, list]:
    out = {}
    for p in sorted(RULES.rglob("*.py")):
        hits = prose_fields(p.read_text())
        if hits:
            out[str(p.relative_to(RULES))] = hits
    return out


def test_the_detector_flags_sentences_and_not_code() -> None:
    bad = '''
def check(self, ctx):
    why = f"`{name}` was left in eval mode by an earlier cell."
    yield Evidence(line=1, why=why, fix_code=f"{name}.train()")
    yield Evidence(advice="Raise the learning rate " + str(k) + " times.")
    yield Evidence(note="the labels are constant" if k else "short")
'''
    good = '''
def check(self, ctx):
    yield Evidence(line=1, variant="eval", model=name, fix_code=f"{name}.train()",
                   shape=f"({a}, {b})", where=f"`{path}` ({kind})", subject=f"the text of {x} y z")
'''
    assert [(f, k) for f, k, _l, _t in prose_fields(bad)] == [
        ("check", "why"), ("check", "advice"), ("check", "note")]
    assert prose_fields(good) == []


def test_no_check_writes_sentences() -> None:
    found = _scan()
    new = {f: h for f, h in found.items() if f not in NOT_YET_DECLARED}
    assert not new, ("declare these texts as Texts variants of the rule (Evidence(variant=...))"
                     f": {new}")
    done = NOT_YET_DECLARED - set(found)
    assert not done, f"no prose built any more: take {sorted(done)} off NOT_YET_DECLARED"


def template_reads(source: str) -> list[tuple[int, str]]:
    """(line, code) of every read of a rule's declared texts in ``source``: ``self.texts``,
    ``cls.texts`` (any ``.texts``) or ``.templates``, also through ``getattr``. A check that
    fills a declared template itself (to list several clauses) writes what ``Items`` does."""
    hits = []
    for n in ast.walk(ast.parse(source)):
        if isinstance(n, ast.Attribute) and n.attr in ("texts", "templates") and \
                isinstance(n.ctx, ast.Load):
            hits.append((n.lineno, ast.unparse(n)))
        elif isinstance(n, ast.Call) and getattr(n.func, "id", None) == "getattr" and \
                len(n.args) >= 2 and isinstance(n.args[1], ast.Constant) and \
                n.args[1].value in ("texts", "templates"):
            hits.append((n.lineno, ast.unparse(n)))
    return sorted(hits)


def test_the_detector_flags_template_reads() -> None:
    bad = '''
class R(Rule):
    texts = {"on": Texts(placement="`{name}` is on {device}")}

    def check(self, ctx):
        said = [self.texts[k].templates["placement"].format(**f) for k, f in found]
        t = cls.texts["on"]
        yield Evidence(placed="; ".join(said), other=getattr(self, "texts"))
'''
    good = '''
class R(Rule):
    texts = {"on": Texts(placement="`{name}` is on {device}")}

    def check(self, ctx):
        yield Evidence(variant="on", placed=Items("placement", found, sep="; "))
'''
    assert [code for _l, code in template_reads(bad)] == [
        "self.texts", "self.texts[k].templates", "cls.texts", "getattr(self, 'texts')"]
    assert template_reads(good) == []


def test_no_rule_file_fills_its_templates_itself() -> None:
    """A finding listing any number of clauses declares them as parts of ``Texts`` variants
    and passes ``Items(part, [(variant, fields), ...], sep=...)``: the rule file never reads
    ``self.texts`` / ``cls.texts`` / ``.templates`` (``Rule.to_finding`` fills them)."""
    found = {str(p.relative_to(RULES)): hits for p in sorted(RULES.rglob("*.py"))
             if (hits := template_reads(p.read_text()))}
    assert not found, ("a rule file reads its declared templates: pass the clauses as "
                       "Evidence(field=Items(part, [(variant, fields), ...], sep=...)) "
                       f"(registry.Items) instead: {found}")


class _Demo(Rule):
    id, name, title = "DLF-T999", "demo-variants", "A demo"
    taxonomy, severity, silent, evidence = "training.process", "warning", True, "source"
    message = "`{model}` {what}."
    beginner = "Plain words: {what}."
    expert = "Mechanism for `{model}`."
    fix = "{model}.train()"
    texts = {
        "eval": Texts(what="was left in eval mode by cell [{cell}]"),
        "frozen": Texts(what="has {n} frozen layer(s)", fix="# unfreeze {n} layer(s)"),
        "loud": Texts(message="`{model}` {what}!"),
    }


def test_a_variant_fills_its_parts_and_replaces_texts() -> None:
    f = _Demo.to_finding(Evidence(line=3, variant="eval", model="net", cell=4), 7)
    assert f.message == "`net` was left in eval mode by cell [4]."
    assert f.beginner == "Plain words: was left in eval mode by cell [4]."
    assert f.fix == "net.train()"
    f = _Demo.to_finding(Evidence(variant=("frozen", "loud"), model="net", n=2), 7)
    assert f.message == "`net` has 2 frozen layer(s)!" and f.fix == "# unfreeze 2 layer(s)"
    with pytest.raises(KeyError):
        _Demo.to_finding(Evidence(variant="nope", model="net"), 7)


class _Listing(Rule):
    id, name, title = "DLF-T998", "demo-items", "A demo of listed reasons"
    taxonomy, severity, silent, evidence = "training.process", "warning", True, "source"
    message = "`{model}` does not learn: {reasons}."
    beginner = "Because {reasons}."
    expert = "Seen: {reasons}."
    fix = "{first}{model}.train()"
    texts = {
        "frozen": Texts(reason="{n} of its layers are frozen", line="# unfreeze {n}\n"),
        "lr": Texts(reason="its learning rate is {lr} ({model})", line="# lr={lr}\n"),
    }


def test_items_declare_a_list_of_reasons() -> None:
    seen = [("frozen", {"n": 2}), ("lr", {"lr": 0})]
    f = _Listing.to_finding(Evidence(model="net", reasons=Items("reason", seen),
                                     first=Items("line", seen[:1], sep="")), 1)
    assert f.message == "`net` does not learn: 2 of its layers are frozen; its learning " \
                        "rate is 0 (net)."
    assert f.fix == "# unfreeze 2\nnet.train()"
    f = _Listing.to_finding(Evidence(model="m", reasons=Items("reason", seen[1:], sep=", "),
                                     first=Items("line", [], sep="")), 1)
    assert f.expert == "Seen: its learning rate is 0 (m)." and f.fix == "m.train()"
    with pytest.raises(KeyError):
        _Listing.to_finding(Evidence(model="m", reasons=Items("reason", [("lr", {})]),
                                     first=""), 1)


def test_docs_show_every_variant() -> None:
    md = rule_markdown(_Demo, examples=False)
    for name in _Demo.texts:
        assert f"`{name}`" in md
    assert "was left in eval mode by cell [‹cell›]" in md
    assert "has ‹n› frozen layer(s)" in md and "# unfreeze ‹n› layer(s)" in md
    assert "`‹model›` ‹what›!" in md


def test_every_declared_variant_is_picked_and_every_picked_one_declared() -> None:
    """A variant nobody picks is dead text; a picked name the rule lacks is a KeyError (an
    internal note instead of a finding)."""
    load_all()
    with_texts = [c for c in REGISTRY.values() if c.texts]
    assert {"DLF-E001", "DLF-T005", "DLF-T008", "DLF-T103", "DLF-T109", "DLF-T301",
            "DLF-T313"} <= {c.id for c in with_texts}
    for cls in with_texts:
        tree = ast.parse(Path(sys.modules[cls.__module__].__file__).read_text())
        strings = [n.value for n in ast.walk(tree)
                   if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        # a runtime rule's "torch"/"keras" variant is picked by RuntimeRule (the run's
        # framework); any other is named once as the key, once (at least) where picked
        own = set(cls.texts) - ({"torch", "keras"} if issubclass(cls, RuntimeRule) else set())
        for name in own:
            assert strings.count(name) >= 2, (cls.id, name)
        for n in ast.walk(tree):
            if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "Evidence":
                for kw in n.keywords:
                    if kw.arg == "variant":
                        picked = {c.value for c in ast.walk(kw.value)
                                  if isinstance(c, ast.Constant) and isinstance(c.value, str)}
                        assert picked <= set(cls.texts), (cls.id, picked - set(cls.texts))
