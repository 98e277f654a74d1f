"""Detection scoreboard: every notebook of ``tests/corpus/`` through the real headless check
(``python -m dlfault_jupyter check --json``), recall per taxonomy id and framework, and the
warnings/errors raised on the correct notebooks (false alarms).

The corpus notebooks declare what they hold on their first line:
``# corpus: expect=training.loss also=model.layers.activation`` or ``# corpus: correct``.
A faulty notebook counts as *detected* when the check reports a warning or an error in its
expected category; *detected (any declared)* also accepts one of its ``also=`` categories.

``set=<name>`` on the header line (``# corpus: expect=training.preprocessing set=state``,
``# corpus: correct set=state``) puts a notebook in a class reported on its own as well
(``state``: faults that come from re-running cells and running them out of order).

``python -m benchmarks.scoreboard [--root DIR] [--set NAME] [--jobs N] [--json PATH]``
scores one folder laid out like the corpus (``DIR/{torch,keras}/{faulty,correct}/*.py``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .common import ROOT, env, table

CORPUS = ROOT / "tests" / "corpus"
RESULTS_JSON = ROOT / "benchmarks" / "corpus_results.json"  # per-notebook findings, last full run
HEADER_RE = re.compile(r"^#\s*corpus:\s*(.*)$")
FLAGGING = ("error", "warning")


@dataclass
class Entry:
    path: Path
    framework: str               # torch | keras
    correct: bool
    expect: str | None = None
    also: tuple[str, ...] = ()
    set: str | None = None       # a class reported on its own (set=state)


@dataclass
class Result:
    entry: Entry
    findings: list[dict] = field(default_factory=list)
    error: str | None = None     # the check itself failed on this file (not the notebook)
    seconds: float = 0.0

    def flagged(self) -> list[dict]:
        return [f for f in self.findings if f.get("severity") in FLAGGING]

    def categories(self) -> set[str]:
        return {f["taxonomy"] for f in self.flagged()}

    @property
    def detected(self) -> bool:
        return self.entry.expect in self.categories()

    @property
    def detected_any(self) -> bool:
        return bool(self.categories() & {self.entry.expect, *self.entry.also})

    @property
    def info_only(self) -> bool:
        return not self.detected and self.entry.expect in {
            f["taxonomy"] for f in self.findings if f.get("severity") == "info"}


def parse(path: Path) -> Entry:
    first = path.read_text(encoding="utf-8").splitlines()[0] if path.stat().st_size else ""
    m = HEADER_RE.match(first.strip())
    if not m:
        raise ValueError(f"{path}: first line must be '# corpus: correct' or "
                         f"'# corpus: expect=<taxonomy id>'")
    spec = m.group(1).strip()
    framework = path.parent.parent.name
    words = spec.split()
    kv = dict(part.split("=", 1) for part in words if "=" in part)
    if "correct" in words:
        return Entry(path, framework, True, set=kv.get("set"))
    if "expect" not in kv:
        raise ValueError(f"{path}: no expect= in its corpus header")
    also = tuple(a for a in kv.get("also", "").split(",") if a)
    return Entry(path, framework, False, kv["expect"], also, kv.get("set"))


def entries(frameworks: tuple[str, ...] = ("torch", "keras"), root: Path = CORPUS,
            kinds: tuple[str, ...] = ("faulty", "correct")) -> list[Entry]:
    out = []
    for fw in frameworks:
        for kind in kinds:
            out += [parse(p) for p in sorted((root / fw / kind).glob("*.py"))]
    return out


def rel(path: Path) -> str:
    """The path relative to the repository (or as given, for a folder outside it)."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def _cli(paths: list[Path], timeout: int) -> tuple[dict[str, list[dict]] | None, str]:
    cmd = [sys.executable, "-m", "dlfault_jupyter", "check", *map(str, paths), "--json",
           "--timeout", "120"]
    try:
        p = subprocess.run(cmd, cwd=ROOT, env=env(), capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, f"timed out after {timeout} s"
    if p.returncode in (0, 1):
        try:
            doc = json.loads(p.stdout)
            return {f["path"]: f["findings"] for f in doc["files"]}, ""
        except (ValueError, KeyError) as e:
            return None, f"unreadable output: {e}"
    tail = [ln for ln in p.stderr.strip().splitlines() if "Kernel is running over TCP" not in ln]
    return None, f"exit {p.returncode}: " + " | ".join(tail[-3:])[-400:]


def run(items: list[Entry], jobs: int | None = None, chunk: int = 4,
        timeout: int = 600) -> list[Result]:
    """Check every entry; ``jobs`` CLI processes at a time (each file gets its own kernel).
    A chunk whose CLI run fails is retried file by file, so one broken file (or a broken
    rule module that kills the kernel) is reported on that file alone."""
    jobs = jobs or max(2, min(4, os.cpu_count() or 2))
    chunks = [items[i:i + chunk] for i in range(0, len(items), chunk)]

    def do(group: list[Entry]) -> list[Result]:
        t0 = time.perf_counter()
        got, err = _cli([e.path for e in group], timeout)
        if got is not None:
            dt = (time.perf_counter() - t0) / len(group)
            return [Result(e, got.get(str(e.path), []), None, dt) for e in group]
        if len(group) == 1:
            return [Result(group[0], [], err, time.perf_counter() - t0)]
        return [r for e in group for r in do([e])]

    with ThreadPoolExecutor(jobs) as pool:
        return [r for rs in pool.map(do, chunks) for r in rs]


def summary(results: list[Result]) -> dict:
    per: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for r in results:
        if not r.entry.correct:
            per[(r.entry.framework, r.entry.expect)].append(r)
    faulty = [r for r in results if not r.entry.correct]
    correct = [r for r in results if r.entry.correct]
    false_alarms = [(rel(r.entry.path), f["rule"], f["taxonomy"],
                     f["severity"]) for r in correct for f in r.flagged()]
    return {
        "per": per,
        "faulty": len(faulty),
        "correct": len(correct),
        "detected": sum(r.detected for r in faulty),
        "detected_any": sum(r.detected_any for r in faulty),
        "recall": (sum(r.detected for r in faulty) / len(faulty)) if faulty else float("nan"),
        "false_alarms": false_alarms,
        "errors": [(rel(r.entry.path), r.error)
                   for r in results if r.error],
    }


def markdown(results: list[Result], seconds: float, where: str = "`tests/corpus/`") -> str:
    s = summary(results)
    from dlfault_jupyter.taxonomy import IDS

    rows = []
    fws = sorted({r.entry.framework for r in results})
    for tax in IDS:
        row = [f"`{tax}`"]
        for fw in fws:
            rs = s["per"].get((fw, tax), [])
            row.append(f"{sum(r.detected for r in rs)}/{len(rs)}" if rs else "–")
        rows.append(row)
    tot = ["**all**"]
    for fw in fws:
        rs = [r for (f, _t), v in s["per"].items() if f == fw for r in v]
        tot.append(f"**{sum(r.detected for r in rs)}/{len(rs)}**")
    rows.append(tot)
    out = [
        f"{s['faulty']} faulty and {s['correct']} correct notebooks "
        f"({where}), checked headless in {seconds:.0f} s.",
        "",
        f"- recall (a warning or error in the notebook's expected category): "
        f"**{s['detected']}/{s['faulty']} = {s['recall']:.0%}**",
        f"- flagged in the expected or one of its declared secondary categories: "
        f"{s['detected_any']}/{s['faulty']}",
        f"- warnings/errors on correct notebooks: **{len(s['false_alarms'])}**",
        "",
        table(["category", *fws], rows),
    ]
    if s["false_alarms"]:
        out += ["False alarms on correct notebooks:", "",
                table(["notebook", "rule", "category", "severity"], s["false_alarms"])]
    missed = [(rel(r.entry.path), f"`{r.entry.expect}`",
               ", ".join(sorted(r.categories())) or "nothing")
              for r in results if not r.entry.correct and not r.detected]
    if missed:
        out += ["<details><summary>Missed faulty notebooks (what was reported instead)"
                "</summary>", "", table(["notebook", "expected", "reported (warning/error)"],
                                        missed), "</details>", ""]
    if s["errors"]:
        out += ["Files the check itself failed on:", "",
                table(["notebook", "error"], s["errors"])]
    for name in sorted({r.entry.set for r in results if r.entry.set}):
        out += ["", set_markdown(results, name)]
    return "\n".join(out)


def set_markdown(results: list[Result], name: str) -> str:
    """The notebooks of one ``set=`` class on their own: caught in the expected category
    per category and framework, and warnings on the correct ones of the class."""
    rs = [r for r in results if r.entry.set == name]
    faulty = [r for r in rs if not r.entry.correct]
    correct = [r for r in rs if r.entry.correct]
    fws = sorted({r.entry.framework for r in rs})
    rows = []
    for tax in sorted({r.entry.expect for r in faulty}):
        row = [f"`{tax}`"]
        for fw in fws:
            g = [r for r in faulty if r.entry.expect == tax and r.entry.framework == fw]
            row.append(f"{sum(r.detected for r in g)}/{len(g)}" if g else "–")
        rows.append(row)
    tot = ["**all**"]
    for fw in fws:
        g = [r for r in faulty if r.entry.framework == fw]
        tot.append(f"**{sum(r.detected for r in g)}/{len(g)}**")
    rows.append(tot)
    det = sum(r.detected for r in faulty)
    alarms = [(rel(r.entry.path), f["rule"], f["taxonomy"], f["severity"])
              for r in correct for f in r.flagged()]
    out = [f"### The `{name}` class", "",
           f"- caught in the expected category: **{det}/{len(faulty)}"
           + (f" = {det / len(faulty):.0%}**" if faulty else "**"),
           f"- flagged in the expected or a declared secondary category: "
           f"{sum(r.detected_any for r in faulty)}/{len(faulty)}",
           f"- warnings/errors on its {len(correct)} correct notebooks: **{len(alarms)}**",
           "", table(["category", *fws], rows)]
    if alarms:
        out += ["", table(["notebook", "rule", "category", "severity"], alarms)]
    return "\n".join(out)


def save(results: list[Result], path: Path = RESULTS_JSON) -> None:
    doc = [{"path": r.entry.path.relative_to(CORPUS).as_posix(), "framework": r.entry.framework,
            "correct": r.entry.correct, "expect": r.entry.expect, "also": list(r.entry.also),
            "detected": r.detected if not r.entry.correct else None, "error": r.error,
            "findings": [{k: f.get(k) for k in ("rule", "taxonomy", "severity", "cell", "line",
                                                 "message")} for f in r.findings]}
           for r in results]
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def load(path: Path = RESULTS_JSON) -> list[Result]:
    by_path = {e.path.relative_to(CORPUS).as_posix(): e for e in entries()}
    out = []
    for d in json.loads(path.read_text(encoding="utf-8")):
        if d["path"] in by_path:
            out.append(Result(by_path[d["path"]], d["findings"], d["error"]))
    return out


def main(tiny: bool = False, reuse: bool = False) -> dict:
    if reuse and not tiny and RESULTS_JSON.is_file():
        # the per-notebook results of the last full run (tests/test_corpus.py or a benchmark)
        results = load()
        when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(RESULTS_JSON.stat().st_mtime))
        s = summary(results)
        md = markdown(results, float("nan")).replace(
            "checked headless in nan s", f"results of the full headless run of {when}")
        return {"title": "Detection scoreboard", "markdown": md, "recall": s["recall"],
                "false_alarms": s["false_alarms"], "results": results, "seconds": 0.0}
    items = entries()
    if tiny:  # one faulty and one correct notebook: a smoke run of the whole path
        items = [next(e for e in items if e.framework == "torch" and not e.correct),
                 next(e for e in items if e.framework == "torch" and e.correct)]
    t0 = time.perf_counter()
    results = run(items)
    dt = time.perf_counter() - t0
    if not tiny:
        save(results)
    s = summary(results)
    return {"title": "Detection scoreboard", "markdown": markdown(results, dt),
            "recall": s["recall"], "false_alarms": s["false_alarms"], "results": results,
            "seconds": dt}


def cli(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m benchmarks.scoreboard")
    ap.add_argument("--root", type=Path, default=CORPUS,
                    help="a folder laid out like tests/corpus (default: tests/corpus)")
    ap.add_argument("--set", default=None, help="only the notebooks of this set= class")
    ap.add_argument("--kinds", default="faulty,correct", help="faulty,correct (default)")
    ap.add_argument("--jobs", type=int, default=None, help="check processes at a time")
    ap.add_argument("--json", type=Path, default=None, help="write per-notebook results")
    args = ap.parse_args(argv)
    if args.root == CORPUS and args.set is None and args.kinds == "faulty,correct":
        print(main()["markdown"])
        return 0
    items = entries(root=args.root, kinds=tuple(args.kinds.split(",")))
    if args.set:
        items = [e for e in items if e.set == args.set]
    t0 = time.perf_counter()
    results = run(items, jobs=args.jobs, chunk=1)
    dt = time.perf_counter() - t0
    if args.json:
        doc = [{"path": rel(r.entry.path), "framework": r.entry.framework,
                "correct": r.entry.correct, "expect": r.entry.expect, "set": r.entry.set,
                "detected": r.detected if not r.entry.correct else None, "error": r.error,
                "findings": [{k: f.get(k) for k in ("rule", "taxonomy", "severity", "cell",
                                                     "line", "message")}
                             for f in r.findings]} for r in results]
        args.json.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n",
                             encoding="utf-8")
    print(markdown(results, dt, f"`{rel(args.root)}`"))
    return 0


if __name__ == "__main__":
    sys.exit(cli())
