"""The evaluation corpus (``tests/corpus/{torch,keras}/{faulty,correct}/*.py``) through the
real headless check, ``python -m dlfault_jupyter check --json`` (one real kernel per notebook).

- every correct notebook: no warning and no error (a false alarm fails, naming the rule);
- every faulty notebook listed in ``tests/corpus/DETECTED`` (the detections the project
  has reached) must still be flagged in its expected category: a regression fails;
- a faulty notebook not detected yet is reported as an expected failure with what the
  check said instead, so the missing detections stay visible in every run;
- overall recall must stay at or above ``RECALL_FLOOR``.

The corpus is written independently of the rules (beginners' notebooks with the faults of
the published taxonomies), so these figures are an honest measure of the checks.
Regenerate the DETECTED list after adding rules: ``python tests/test_corpus.py --update``
(``--update --from-bench`` takes the results of the last ``python -m benchmarks`` run).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import scoreboard  # noqa: E402
from dlfault_jupyter.taxonomy import IDS  # noqa: E402

DETECTED_FILE = ROOT / "tests" / "corpus" / "DETECTED"
# measured 90/101 on 2026-12-06 (0 false alarms on 97 correct). The 26 blind_* notebooks
# were written and labelled by a writer who had not read the rules: 10 of the 11 misses are
# flagged in a category the writer had not chosen (declared as also=), 1 is not flagged.
RECALL_FLOOR = 0.85

ENTRIES = scoreboard.entries()
FAULTY = [e for e in ENTRIES if not e.correct]
CORRECT = [e for e in ENTRIES if e.correct]


def _rel(e: scoreboard.Entry) -> str:
    return e.path.relative_to(ROOT / "tests" / "corpus").as_posix()


def detected_baseline() -> set[str]:
    if not DETECTED_FILE.is_file():
        return set()
    return {ln.strip() for ln in DETECTED_FILE.read_text().splitlines()
            if ln.strip() and not ln.startswith("#")}


@pytest.fixture(scope="module")
def results() -> dict[str, scoreboard.Result]:
    rs = scoreboard.run(ENTRIES)
    scoreboard.save(rs)  # benchmarks/corpus_results.json: what each notebook got, for review
    return {_rel(r.entry): r for r in rs}


def _describe(r: scoreboard.Result) -> str:
    if r.error:
        return f"the check failed on it: {r.error}"
    if not r.findings:
        return "nothing was reported"
    return "reported: " + ", ".join(f"{f['rule']} {f['taxonomy']} ({f['severity']})"
                                    for f in r.findings)


# -- the corpus itself (cheap: no kernel) ------------------------------------------------
def test_corpus_shape():
    per = Counter((e.framework, e.expect) for e in FAULTY)
    for e in FAULTY:
        assert e.expect in IDS, f"{_rel(e)}: unknown taxonomy id {e.expect!r}"
        assert all(a in IDS for a in e.also), f"{_rel(e)}: unknown id in also={e.also}"
    for fw in ("torch", "keras"):
        missing = [t for t in IDS if per[(fw, t)] < 2]
        assert not missing, f"{fw}: fewer than two faulty notebooks for {missing}"
        assert sum(e.framework == fw for e in CORRECT) >= 12, f"{fw}: fewer than 12 correct"
    unknown = detected_baseline() - {_rel(e) for e in FAULTY}
    assert not unknown, f"tests/corpus/DETECTED names notebooks that do not exist: {unknown}"


def test_state_class_is_reported_on_its_own():
    """``set=state`` notebooks (re-run cells, execution order; written blind): enough of
    them, and the scoreboard counts them in a section of their own."""
    state = [e for e in ENTRIES if e.set == "state"]
    faulty = [e for e in state if not e.correct]
    correct = [e for e in state if e.correct]
    assert len(faulty) >= 24 and len(correct) >= 10, (len(faulty), len(correct))
    assert {e.framework for e in faulty} == {"torch", "keras"}
    hit = faulty[0]
    fake = [scoreboard.Result(e, [{"rule": "DLF-N001", "taxonomy": e.expect,
                                   "severity": "warning"}] if e is hit else [])
            for e in state]
    md = scoreboard.set_markdown(fake, "state")
    assert f"caught in the expected category: **1/{len(faulty)}" in md
    assert f"warnings/errors on its {len(correct)} correct notebooks: **0**" in md
    other = scoreboard.set_markdown([scoreboard.Result(e, []) for e in FAULTY
                                     if e.set is None][:3], "state")
    assert "**0/0**" in other


# -- through the headless check (real kernels) -----------------------------------------
@pytest.mark.slow
@pytest.mark.timeout(3000)  # one fixture runs every notebook (real kernels)
@pytest.mark.parametrize("entry", CORRECT, ids=_rel)
def test_correct_notebook_is_quiet(results, entry):
    r = results[_rel(entry)]
    assert r.error is None, f"{_rel(entry)}: {r.error}"
    flagged = r.flagged()
    assert not flagged, (
        f"false alarm on the correct notebook {_rel(entry)}: "
        + "; ".join(f"{f['rule']} [{f['taxonomy']}, {f['severity']}] cell {f['cell']} "
                    f"line {f['line']}: {f['message']}" for f in flagged))


@pytest.mark.slow
@pytest.mark.timeout(3000)  # one fixture runs every notebook (real kernels)
@pytest.mark.parametrize("entry", FAULTY, ids=_rel)
def test_faulty_notebook_is_flagged(results, entry):
    r = results[_rel(entry)]
    if r.detected:
        return
    msg = f"{_rel(entry)}: expected a warning/error in `{entry.expect}`; {_describe(r)}"
    if _rel(entry) in detected_baseline():
        pytest.fail("REGRESSION (was detected before): " + msg)
    pytest.xfail("not detected yet: " + msg)


@pytest.mark.slow
@pytest.mark.timeout(3000)  # one fixture runs every notebook (real kernels)
def test_overall_recall(results):
    rs = [results[_rel(e)] for e in FAULTY]
    recall = sum(r.detected for r in rs) / len(rs)
    print(f"\ncorpus recall: {sum(r.detected for r in rs)}/{len(rs)} = {recall:.0%}")
    assert recall >= RECALL_FLOOR, f"recall {recall:.0%} fell below the floor {RECALL_FLOOR:.0%}"


def _update(from_last: bool = False) -> None:
    """Write tests/corpus/DETECTED from a fresh run (after adding or fixing rules), or from
    the last full benchmark run (``--from-bench``: benchmarks/corpus_results.json)."""
    rs = scoreboard.load() if from_last else scoreboard.run(ENTRIES)
    hits = sorted(_rel(r.entry) for r in rs if not r.entry.correct and r.detected)
    DETECTED_FILE.write_text(
        "# faulty corpus notebooks the checks detect in their expected category;\n"
        "# tests/test_corpus.py fails if one of them is no longer detected.\n"
        "# regenerate: python tests/test_corpus.py --update\n" + "\n".join(hits) + "\n")
    s = scoreboard.summary(rs)
    print(f"recall {s['detected']}/{s['faulty']}; false alarms: {s['false_alarms']}")


if __name__ == "__main__":
    if "--update" in sys.argv:
        _update(from_last="--from-bench" in sys.argv)
