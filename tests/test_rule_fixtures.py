"""Every rule's bad example triggers it where annotated; every good example is silent for
every rule; and the hook changes nothing of the user's state on any of them.

Fixtures: ``tests/rules/<area>/<ID>-<name>/{bad,good}.py`` (percent format); ``bad_<v>.py``
is a further bad example (one variant of the evidence) checked like ``bad.py``, and
``fixed*.py`` (the fix applied) are checked by tests/test_fixed_examples.py. In ``bad.py``
a trailing ``# expect: DLF-X001`` marks the line a finding must point at; ``# %% expect:
DLF-X001`` on a cell header expects it anywhere in that cell.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from harness import expectations, run_file

HERE = Path(__file__).parent / "rules"
FIXTURES = sorted(HERE.glob("*/DLF-*/*.py"))


def _id(p: Path) -> str:
    return f"{p.parent.name}/{p.stem}"


@pytest.mark.parametrize("path", [p for p in FIXTURES if p.stem == "bad" or p.stem.startswith("bad_")],
                         ids=_id)
def test_bad_example_is_flagged(ip, path: Path) -> None:
    rule = path.parent.name[:8]
    run = run_file(ip, path, ip.probe)
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


@pytest.mark.parametrize("path", [p for p in FIXTURES if p.stem == "good"], ids=_id)
def test_good_example_is_silent(ip, path: Path) -> None:
    run = run_file(ip, path, ip.probe)
    assert not run.findings, "false alarm(s) on correct code:\n" + "\n".join(
        f"{f.rule} cell {f.cell} line {f.line}: {f.message}" for f in run.findings)
    assert not run.notes, run.notes
    assert not run.errors, f"the good example raised: {run.errors}"
    assert not run.changed, f"the hook changed the user's state: {run.changed}"
