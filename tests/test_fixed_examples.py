"""Every rule's fix, applied as written to its bad example, gives code that runs and is quiet
for every rule — and the fix the report shows cannot drift away from that example.

How a rule provides its fixed example (a new rule too):

* Next to ``bad.py``/``good.py`` in ``tests/rules/<area>/<ID>-<name>/`` write ``fixed.py``:
  ``bad.py`` with the fix **the report shows on bad.py** applied as written (copy the
  report's fix code in; fill only its ``...`` and the parts it leaves to the user), and
  without the ``# expect:`` annotations. Run it with the same harness as ``good.py``: it
  must raise nothing (an exception explainer's fixed example simply no longer raises), give
  no finding of any rule, no internal note, and the hook must change nothing.
* Every line taken from the fix ends with a comment containing ``dlfault-fix``. Each such
  line, without its comments and with whitespace collapsed, must equal a line of the fix
  text the rule emits on the bad example (a ``...`` in the fix matches anything; an
  expression in the fix may be assigned, ``h = torch.sigmoid(z)`` for ``torch.sigmoid(z)``;
  a fix line that is a comment such as ``# or: torch.flatten(x, 1)`` also offers its code). At least
  one line per fixed example is marked: change the fix text and this test fails until the
  example follows, and the other way round.
* Fixes with variants chosen by the evidence (e.g. DLF-E008: ``squeeze(1)`` for an (N, 1)
  column, ``argmax(dim=1)`` for one-hot rows): one example per variant, ``fixed_<v>.py``.
  It is paired with ``bad_<v>.py`` when that exists (tests/test_rule_fixtures.py checks
  ``bad_<v>.py`` like ``bad.py``), otherwise with ``bad.py``.

No rule is skipped: a rule that has a fix but no fixed example fails
``test_every_rule_with_a_fix_has_a_fixed_example``.
"""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import pytest
from harness import run_file

from dlfault_jupyter.rules import load_all

HERE = Path(__file__).parent / "rules"
DIRS = {p.name[:8]: p for p in sorted(HERE.glob("*/DLF-*")) if p.is_dir()}
FIXED = sorted(HERE.glob("*/DLF-*/fixed*.py"))
MARK = "dlfault-fix"


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


def bad_of(fixed: Path) -> Path:
    """``fixed_<v>.py`` goes with ``bad_<v>.py`` when there is one, else with ``bad.py``."""
    variant = fixed.stem[len("fixed"):]
    paired = fixed.parent / f"bad{variant}.py"
    return paired if variant and paired.exists() else fixed.parent / "bad.py"


def code_and_comment(line: str) -> tuple[str, str]:
    """(code, comment) of one line: the comment found by the tokenizer, so that a ``#``
    inside a string stays code."""
    try:
        for tok in tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline):
            if tok.type == tokenize.COMMENT:
                s = line.strip()
                return s[:tok.start[1]], tok.string
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass   # an unfinished line of a multi-line statement: no comment found
    return line.strip(), ""


def norm(code: str) -> str:
    """Whitespace collapsed, one kind of quotes; a trailing comma and the closing brackets of an enclosing
    construct (``keras.layers.Dense(3)])`` ends a list) dropped."""
    c = " ".join(code.replace("\t", " ").replace("'", '"').split())
    while c and (c[-1] == "," or (c[-1] in ")]}" and _unbalanced(c))):
        c = c[:-1].rstrip()
    return c


def _unbalanced(c: str) -> bool:
    return sum(c.count(x) for x in ")]}") > sum(c.count(x) for x in "([{")


def fix_patterns(fix: str) -> list[re.Pattern]:
    """Each line of a fix as a whole-line pattern: its code, and the code a comment line
    offers (``# or: x.flatten(1)``); ``...`` matches anything."""
    out = []
    for line in fix.splitlines():
        code, comment = code_and_comment(line)
        cands = [code]
        if not code and comment:
            alt = re.sub(r"^#\s*(?:or|and|e\.g\.|later|instead)?[:,]?\s*", "", comment)
            cands.append(code_and_comment(alt)[0] if alt else "")
        for c in cands:
            c = norm(c)
            if c and c != "...":
                out.append(re.compile(r"^(?:[\w.,\[\] ]+ = )?"   # `h = ` before an expression
                                      + ".*".join(map(re.escape, c.split("..."))) + "$"))
    return out


def marked_lines(path: Path) -> list[str]:
    out = []
    for line in path.read_text().splitlines():
        code, comment = code_and_comment(line)
        if MARK in comment and norm(code):
            out.append(norm(code))
    return out


@pytest.mark.parametrize("rule", sorted(r for r, c in load_all().items() if c.fix))
def test_every_rule_with_a_fix_has_a_fixed_example(rule: str) -> None:
    d = DIRS.get(rule)
    assert d is not None, f"{rule} has no fixture directory under tests/rules/"
    fixed = sorted(d.glob("fixed*.py"))
    assert fixed, f"{rule} has a fix but no {d.relative_to(HERE.parent)}/fixed.py (see this module's docstring)"
    for bad in d.glob("bad_*.py"):
        assert (d / f"fixed{bad.stem[3:]}.py").exists(), \
            f"{bad.name} shows a variant of the fix: add fixed{bad.stem[3:]}.py"


@pytest.mark.parametrize("path", FIXED, ids=_id)
def test_fixed_example_runs_and_is_quiet(ip, path: Path) -> None:
    run = run_file(ip, path, ip.probe)
    assert not run.errors, f"the fixed example raised: {run.errors}"
    assert not run.findings, "the fixed example still gets findings:\n" + "\n".join(
        f"{f.rule} cell {f.cell} line {f.line}: {f.message}" for f in run.findings)
    assert not run.notes, run.notes
    assert not run.changed, f"the hook changed the user's state: {run.changed}"
    assert "expect:" not in path.read_text(), "a fixed example carries no '# expect:'"


@pytest.mark.parametrize("path", FIXED, ids=_id)
def test_fixed_example_applies_the_fix_the_report_shows(ip, path: Path) -> None:
    rule = path.parent.name[:8]
    marked = marked_lines(path)
    assert marked, f"{path.name} marks no line with '# {MARK}'"
    bad = bad_of(path)
    run = run_file(ip, bad)
    fixes = [f.fix for f in run.findings if f.rule == rule and f.fix]
    assert fixes, f"{rule} emits no fix on {bad.name}"
    pats = [p for fx in fixes for p in fix_patterns(fx)]
    missing = [m for m in marked if not any(p.match(m) for p in pats)]
    assert not missing, (f"lines of {path.name} marked '{MARK}' are not in the fix {rule} "
                         f"shows on {bad.name}:\n  " + "\n  ".join(missing)
                         + "\nthe fix:\n" + "\n---\n".join(fixes))
