"""``%load_ext dlfault_jupyter``: how long it takes, and proof that loading it imports neither
torch nor TensorFlow/Keras (a fresh interpreter per measurement: nothing is cached)."""

from __future__ import annotations

import json
import subprocess
import sys

from .common import ROOT, env, median, table

PROBE = r"""
import json, sys, time
t0 = time.perf_counter()
from IPython.core.interactiveshell import InteractiveShell
ip = InteractiveShell.instance()
t1 = time.perf_counter()
before = set(sys.modules)
c1 = time.process_time()
ip.run_line_magic("load_ext", "dlfault_jupyter")
t2 = time.perf_counter()
c2 = time.process_time()
ip.run_cell("x = [1, 2, 3]\ny = sum(x)", store_history=True)
t3 = time.perf_counter()
heavy = sorted(m for m in set(sys.modules) - before
               if m.split(".")[0] in ("torch", "tensorflow", "keras", "jax"))
print(json.dumps({"shell_s": t1 - t0, "load_s": t2 - t1, "load_cpu_s": c2 - c1,
                  "first_cell_s": t3 - t2,
                  "heavy": heavy, "loaded": "dlfault_jupyter" in ip.extension_manager.loaded,
                  "new_modules": len(set(sys.modules) - before)}))
"""


def _env(cache: str) -> dict[str, str]:
    """As installed: modules load from their bytecode, which ``pip install`` compiles. The
    source tree is shared and may forbid writing bytecode (``PYTHONDONTWRITEBYTECODE``),
    which would charge the compilation of every module (~2.5 s for the 175 rule modules
    on a loaded machine) to each load: the bytecode goes to a private cache instead,
    written by a first, unmeasured run."""
    e = env()
    e.pop("PYTHONDONTWRITEBYTECODE", None)
    e["PYTHONPYCACHEPREFIX"] = cache
    return e


def probe(cache: str | None = None) -> dict:
    p = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT,
                       env=_env(cache) if cache else env(),
                       capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError(f"load probe failed: {p.stderr[-500:]}")
    return json.loads(p.stdout.strip().splitlines()[-1])


def main(tiny: bool = False) -> dict:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="dlf-pyc-") as cache:
        probe(cache)                       # writes the bytecode (not measured)
        runs = [probe(cache) for _ in range(1 if tiny else 7)]
    heavy = sorted({m for r in runs for m in r["heavy"]})
    res = {
        "load_s": median([r["load_s"] for r in runs]),
        "load_cpu_s": median([r["load_cpu_s"] for r in runs]),
        "first_cell_s": median([r["first_cell_s"] for r in runs]),
        "new_modules": median([r["new_modules"] for r in runs]),
        "heavy": heavy,
        "loaded": all(r["loaded"] for r in runs),
        "runs": len(runs),
        "title": "Loading the extension",
    }
    res["markdown"] = table(
        ["measure", "value"],
        [["`%load_ext dlfault_jupyter` (median of fresh interpreters, modules loaded "
          "from bytecode as after `pip install`)",
          f"**{res['load_s'] * 1000:.0f} ms** ({res['runs']} runs)"],
         ["... its CPU time (`time.process_time`: what a busy machine does not inflate)",
          f"**{res['load_cpu_s'] * 1000:.0f} ms**"],
         ["first cell after loading (numpy-free namespace)",
          f"{res['first_cell_s'] * 1000:.1f} ms"],
         ["modules imported by loading", f"{res['new_modules']:.0f}"],
         ["torch / tensorflow / keras imported by loading",
          "**none**" if not heavy else ", ".join(heavy[:8])]])
    return res


if __name__ == "__main__":
    print(main()["markdown"])
