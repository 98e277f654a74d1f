"""``python -m benchmarks [--tiny] [--only NAME ...] [--out PATH]`` (``make bench``).

Runs every benchmark and writes ``benchmarks/RESULTS.md`` (machine, versions, figures).
``--tiny`` is the smoke run (tiny sizes); it writes nothing unless ``--out`` is given.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

from .common import ROOT, env, machine_markdown

# (name, module); bench_dlcheck belongs to the runtime checks and may not exist yet
BENCHES = [("hook", "benchmarks.bench_hook"), ("load", "benchmarks.bench_load"),
           ("dlcheck", "benchmarks.bench_dlcheck"), ("scoreboard", "benchmarks.scoreboard"),
           ("check", "benchmarks.bench_check")]
RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def available() -> list[tuple[str, object]]:
    out = []
    for name, mod in BENCHES:
        try:
            out.append((name, importlib.import_module(mod)))
        except ModuleNotFoundError as e:
            if e.name != mod:
                raise
    return out


def section(name: str, mod: object, tiny: bool, reuse: bool = False) -> str:
    t0 = time.perf_counter()
    try:
        if name == "scoreboard" and reuse:
            res = mod.main(tiny=tiny, reuse=True)  # type: ignore[attr-defined]
        else:
            res = mod.main(tiny=tiny)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - one failing benchmark must not hide the others
        return f"## {name}\n\nFAILED:\n\n```\n{traceback.format_exc()[-2000:]}\n```\n"
    if isinstance(res, dict):
        title, body = res.get("title", name), res.get("markdown", "")
    else:
        title, body = name, str(res)
    return f"## {title}\n\n{body.rstrip()}\n\n*({time.perf_counter() - t0:.0f} s)*\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks")
    ap.add_argument("--tiny", action="store_true", help="smoke run with tiny sizes")
    ap.add_argument("--only", nargs="*", help="names: " + ", ".join(n for n, _ in BENCHES))
    ap.add_argument("--reuse-corpus", action="store_true",
                    help="scoreboard from benchmarks/corpus_results.json (the last full "
                         "corpus run) instead of running the corpus again")
    ap.add_argument("--out", type=Path, default=None, help=f"default: {RESULTS} (full run)")
    args = ap.parse_args(argv)
    env()
    parts = ["# dlfault_jupyter benchmark results", "",
             "Written by `python -m benchmarks` (`make bench`); do not edit by hand.", "",
             "## Machine and versions", "", machine_markdown()]
    for name, mod in available():
        if args.only and name not in args.only:
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        parts.append(section(name, mod, args.tiny, args.reuse_corpus))
    text = "\n".join(parts)
    out = args.out or (None if args.tiny else RESULTS)
    if out is not None:
        out.write_text(text, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    else:
        print(text)
    return 1 if "FAILED:" in text else 0


if __name__ == "__main__":
    sys.exit(main())
