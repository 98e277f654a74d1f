"""Every rule's bad example triggers it where annotated; every good example is silent for
every rule; and the hook changes nothing of the user's state on any of them.

Fixtures: ``tests/rules/<area>/<ID>-<name>/{bad,good}.py`` (percent format); ``bad_<v>.py``
is a further bad example (one variant of the evidence) checked like ``bad.py``, and
``fixed*.py`` (the fix applied) are checked by tests/test_fixed_examples.py. In ``bad.py``
a trailing ``# expect: DLF-X001`` marks the line a finding must point at; ``# %% expect:
DLF-X001`` on a cell header expects it anywhere in that cell.

Snapshots: ``bad.expected`` (``bad_<v>.expected`` for ``bad_<v>.py``) holds the rendered
findings of the bad example (every rule's, not only the one under test), compared in the
same run as the checks above, so a change of a message, fix or explanation is a reviewed
diff. Regenerate after an intended change of a text:
``python tests/test_rule_fixtures.py --update [pytest args, e.g. -k DLF-A001]``
(or ``DLFAULT_UPDATE_SNAPSHOTS=1 pytest tests/test_rule_fixtures.py``).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

import pytest
from harness import expectations, run_file

from dlfault_jupyter.findings import Finding

HERE = Path(__file__).parent / "rules"
ROOT = Path(__file__).resolve().parent.parent
FIXTURES = sorted(HERE.glob("*/DLF-*/*.py"))
UPDATE = os.environ.get("DLFAULT_UPDATE_SNAPSHOTS") == "1"

_ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{6,}\b")
_FREE_MEMORY = re.compile(r"\b\d+(?:\.\d+)? ([KMGT]i?B)(?= of memory is free| this machine has free)")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?: × 10[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)?(?:e[-+]?\d+)?")  # 2 × 10⁻⁹, 1e-3
# %%dlcheck findings: which steps are probed depends on the measured time of the run (a
# budget share), so their numbers and whether a related runtime finding is merged in
# ("The same cause also shows as: ...") vary from run to run; every number is masked and
# those paragraphs left out. DLF-T315's evidence is measured wall time itself; DLF-N007's
# example redraws an unseeded split (the fault), so its numbers depend on the tests before.
MEASURED_AREAS = {"runtime"}
MEASURED = {"DLF-T315", "DLF-N007"}
_SAME_CAUSE = re.compile(r"\n*\s*The same cause also shows as: [^\n]*")
# execution counts (In [n], cell n): numbered from the file's first cell
_COUNT = re.compile(r"\b(In \[|cell )(\d+)\b")
# Keras numbers its automatic layer names per process (dense, dense_1, ...): the suffix
# depends on which tests ran before, so it is left out
_KERAS_AUTO = re.compile(
    r"\b(dense|conv\w*?|dropout|flatten|lstm|gru|simple_rnn|embedding|\w*normalization|"
    r"max_pooling\w*?|average_pooling\w*?|global_\w+?|activation|sequential|functional|"
    r"input_layer|reshape)_(?:\d+|#)\b")
# a custom layer's automatic name is its class in snake case, numbered the same way:
# `every_other_1` (EveryOther)
_CUSTOM_AUTO = re.compile(r"`([a-z][a-z0-9_]*?)_\d+` \((\w+)\)")


_NUMBERED_CUSTOM: list[str] = []   # set by render_snapshot for its findings


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _custom_auto(m: re.Match) -> str:
    return f"`{m.group(1)}` ({m.group(2)})" if _snake(m.group(2)) == m.group(1) else m.group(0)


def _clean(text: str, measured: bool = False, start: int = 1) -> str:
    """Nothing that differs between runs or machines: object addresses, local paths, free
    memory, measured numbers, the shell's execution counts (``In [n]``, ``cell n``: counted
    from the file's first cell, ``start``), the per-process suffix of Keras' layer names."""
    text = _ADDRESS.sub("0x…", text)
    text = _COUNT.sub(lambda m: m.group(1) + str(int(m.group(2)) - start + 1)
                      if int(m.group(2)) >= start else m.group(0), text)
    text = _KERAS_AUTO.sub(r"\1", text)
    text = _CUSTOM_AUTO.sub(_custom_auto, text)
    for name in _NUMBERED_CUSTOM:
        text = re.sub(rf"\b{re.escape(name)}\b", name.rsplit("_", 1)[0], text)
    text = _FREE_MEMORY.sub(r"# \1", text)
    if measured:
        text = _NUMBER.sub("#", _SAME_CAUSE.sub("", text))
    for path, name in ((str(ROOT), "<repo>"), (tempfile.gettempdir(), "<tmp>"),
                       (str(Path.home()), "<home>")):
        text = text.replace(path, name)
    return text


def _block(label: str, text: str | None, measured: bool, start: int) -> list[str]:
    if text is None:
        return []
    lines = _clean(text, measured, start).splitlines() or [""]
    return [f"  {label}: {lines[0]}".rstrip()] + [f"    {ln}".rstrip() for ln in lines[1:]]


def render_snapshot(findings: list[Finding], area: str = "", start: int = 1) -> str:
    """The findings of one example, one readable block each, in a stable order."""
    out: list[str] = []
    # a custom layer's numbered automatic name wherever it appears (`every_other_1`), once
    # one text names it with its class (`every_other_1` (EveryOther))
    names = {m.group(0).split("`")[1] for f in findings
             for t in (f.subject, f.message, f.fix, f.beginner, f.expert) if t
             for m in _CUSTOM_AUTO.finditer(t) if _custom_auto(m) != m.group(0)}
    _NUMBERED_CUSTOM[:] = sorted(names, key=len, reverse=True)
    for f in sorted(findings, key=lambda f: (f.cell, f.line or 0, f.rule, f.severity,
                                              f.subject or "", f.message)):
        where = f"cell {f.cell}" + ("" if f.line is None else f" line {f.line}")
        kind = f"{f.severity}, {f.taxonomy}" + (", silent" if f.silent else "")
        out.append(f"{f.rule} {where} ({kind})")
        measured = area in MEASURED_AREAS or f.rule in MEASURED
        out += _block("subject", f.subject, measured, start)
        out += _block("message", f.message, measured, start)
        out += _block("fix", f.fix, measured, start)
        out += _block("beginner", f.beginner, measured, start)
        out += _block("expert", f.expert, measured, start)
        out.append("")
    return "\n".join(out) if out else "(no findings)\n"


def _check_snapshot(path: Path, findings: list[Finding], start: int) -> None:
    snap = path.with_suffix(".expected")
    got = render_snapshot(findings, path.parent.parent.name, start)
    if UPDATE:
        if not snap.is_file() or snap.read_text() != got:
            snap.write_text(got)
        return
    assert snap.is_file(), (f"{snap.relative_to(ROOT)} is missing: "
                            "python tests/test_rule_fixtures.py --update -k " + path.parent.name)
    want = snap.read_text()
    assert got == want, (
        f"the rendered findings of {path.relative_to(ROOT)} differ from "
        f"{snap.relative_to(ROOT)} (intended? python tests/test_rule_fixtures.py --update "
        f"-k {path.parent.name})\n" + _diff(want, got))


def _diff(want: str, got: str) -> str:
    import difflib

    return "".join(difflib.unified_diff(want.splitlines(keepends=True),
                                        got.splitlines(keepends=True), "expected", "got", n=1))


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


@pytest.mark.parametrize("path", [p for p in FIXTURES if p.stem == "bad" or p.stem.startswith("bad_")],
                         ids=_id)
def test_bad_example_is_flagged(ip, path: Path) -> None:
    rule = path.parent.name[:8]
    start = ip.execution_count
    run = run_file(ip, path, ip.probe)
    if UPDATE:
        _check_snapshot(path, run.findings, start)
    at_line, in_cell = expectations(path)
    assert at_line or in_cell, f"{path} declares no '# expect:'"
    got = run.triples()
    for rid, cell, line in at_line:
        assert (rid, cell, line) in got, f"expected {rid} at cell {cell} line {line}; got {sorted(got)}; notes {run.notes}"
    for rid, cell in in_cell:
        assert any(r == rid and c == cell for r, c, _ in got), \
            f"expected {rid} in cell {cell}; got {sorted(got)}; notes {run.notes}"
    # the rule under test reports nothing beyond what is annotated
    expected_cells = {(r, c) for r, c, _ in at_line} | in_cell
    extra = [(r, c, ln) for r, c, ln in got if r == rule and (r, c) not in expected_cells]
    assert not extra, f"unexpected findings of {rule}: {extra}"
    assert not [n for n in run.notes if "internal error" in n], run.notes
    assert not run.changed, f"the hook changed the user's state: {run.changed}"
    if not UPDATE:
        _check_snapshot(path, run.findings, start)


@pytest.mark.parametrize("path", [p for p in FIXTURES if p.stem == "good" or p.stem.startswith("good_")],
                         ids=_id)
def test_good_example_is_silent(ip, path: Path) -> None:
    run = run_file(ip, path, ip.probe)
    assert not run.findings, "false alarm(s) on correct code:\n" + "\n".join(
        f"{f.rule} cell {f.cell} line {f.line}: {f.message}" for f in run.findings)
    assert not run.notes, run.notes
    assert not run.errors, f"the good example raised: {run.errors}"
    assert not run.changed, f"the hook changed the user's state: {run.changed}"


def test_every_snapshot_has_its_bad_example() -> None:
    """No stale snapshot: each .expected belongs to a bad example that still exists."""
    stale = [p.relative_to(ROOT) for p in HERE.glob("*/DLF-*/*.expected")
             if not p.with_suffix(".py").is_file()]
    assert not stale, f"snapshots without a bad example (delete them): {stale}"


if __name__ == "__main__":
    if "--update" in sys.argv:
        os.environ["DLFAULT_UPDATE_SNAPSHOTS"] = "1"
        args = [a for a in sys.argv[1:] if a != "--update"]
        select = "test_bad_example_is_flagged"
        if "-k" in args[:-1]:  # narrow to the given rules, still only the bad examples
            i = args.index("-k")
            select = f"{select} and ({args[i + 1]})"
            del args[i:i + 2]
        sys.exit(pytest.main([str(Path(__file__)), "-q", "-k", select, *args]))
