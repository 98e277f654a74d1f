"""After-cell hook cost: the extra wall time per cell with the extension loaded vs not, in an
in-process IPython shell, on a realistic namespace (5 torch models, 50 tensors and arrays, a
DataLoader, an optimizer), and how it grows with the namespace size (unchanged objects) and
with the largest tensor's size. Every figure is the median of repeated cells; with/without
blocks are interleaved in the same run so that drift cancels out.
"""

from __future__ import annotations

import contextlib
import gc
import io
import time
from typing import Any

from .common import median, table

SETUP_REALISTIC = """
import numpy as np
import torch
import torch.nn as nn
from torch.utils.data import DataLoader, TensorDataset

torch.manual_seed(0)
mlp = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))
cnn = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                    nn.Flatten(), nn.Linear(16 * 14 * 14, 10))
rnn = nn.LSTM(32, 64, batch_first=True)
autoenc = nn.Sequential(nn.Linear(256, 32), nn.ReLU(), nn.Linear(32, 256), nn.Sigmoid())
deep = nn.Sequential(*[m for _ in range(8) for m in (nn.Linear(128, 128), nn.ReLU())])
for _i in range(25):
    globals()[f"t{_i}"] = torch.randn(256, 64)
    globals()[f"a{_i}"] = np.random.rand(256, 64).astype("float32")
X, y = torch.randn(512, 64), torch.randint(0, 10, (512,))
loader = DataLoader(TensorDataset(X, y), batch_size=32, shuffle=True)
optimizer = torch.optim.Adam(mlp.parameters(), lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
"""

CELL = "_bench_counter = globals().get('_bench_counter', 0) + 1"

# (4) a namespace at the scale of real models: a 335M-parameter Transformer language model
# (an embedding of 32,000 × 1,024 and 24 encoder layers of d_model 1,024: 289 parameter
# tensors, 1.3 GB of float32) and a 5-million-row DataFrame
SETUP_SCALE = """
import numpy as np
import torch
import torch.nn as nn
torch.manual_seed(0)

class LM(nn.Module):
    def __init__(self, vocab, d, layers):
        super().__init__()
        self.emb = nn.Embedding(vocab, d)
        self.encoder = nn.TransformerEncoder(
            nn.TransformerEncoderLayer(d, 16, 4 * d, batch_first=True), layers,
            enable_nested_tensor=False)
        self.head = nn.Linear(d, vocab, bias=False)
        self.head.weight = self.emb.weight      # tied, as in most language models

    def forward(self, x):
        return self.head(self.encoder(self.emb(x)))
"""
CREATE_SCALE = "lm = LM({vocab}, {d}, {layers})"
CREATE_FRAME = ("import pandas as pd\nrs = np.random.RandomState(0)\n"
                "frame = pd.DataFrame({{'id': np.arange({rows}), 'x': rs.rand({rows}), "
                "'y': rs.rand({rows}).astype('float32'), "
                "'label': rs.randint(0, 10, {rows})}})")


def shell() -> Any:
    from IPython.testing import globalipapp

    globalipapp.start_ipython()  # returns None when already started: ask the module after
    return globalipapp.get_ipython()


def _load(ip: Any, on: bool) -> None:
    import dlfault_jupyter

    if on:
        dlfault_jupyter.load_ipython_extension(ip)
    else:
        dlfault_jupyter.unload_ipython_extension(ip)


def _cell_times(ip: Any, code: str, n: int) -> list[float]:
    out = []
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        for _ in range(n):
            t0 = time.perf_counter()
            ip.run_cell(code, store_history=True)
            out.append(time.perf_counter() - t0)
    return out


def _run(ip: Any, code: str) -> None:
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        r = ip.run_cell(code, store_history=True)
    if r.error_in_exec is not None or r.error_before_exec is not None:
        raise RuntimeError(f"benchmark setup cell failed: {r.error_in_exec!r}")


def extra_per_cell(ip: Any, code: str = CELL, rounds: int = 5, per: int = 10
                   ) -> dict[str, float]:
    """Median wall time of ``code`` with and without the extension (interleaved rounds;
    after each load one warm-up cell lets the session see the namespace once)."""
    on: list[float] = []
    off: list[float] = []
    for _ in range(rounds):
        _load(ip, False)
        off += _cell_times(ip, code, per)
        _load(ip, True)
        _cell_times(ip, code, 1)          # first cell after loading examines everything
        on += _cell_times(ip, code, per)
    _load(ip, False)
    m_on, m_off = median(on), median(off)
    return {"with": m_on, "without": m_off, "extra": max(0.0, m_on - m_off)}


def first_cell_cost(ip: Any, create: str, rounds: int = 3) -> dict[str, float]:
    """Time of the cell that creates an object (the hook examines it as new), with and
    without the extension; ``create`` must be repeatable."""
    import dlfault_jupyter

    on: list[float] = []
    off: list[float] = []
    hook: list[float] = []
    for _ in range(rounds):
        _load(ip, False)
        off += _cell_times(ip, create, 1)
        _load(ip, True)
        _cell_times(ip, CELL, 1)
        # the hook's own time on this cell: creating a large tensor takes far longer than
        # examining it, and the with/without difference of such cells is mostly their noise
        s = dlfault_jupyter.get_session(ip)
        orig = s.check

        def timed(run: Any, orig: Any = orig) -> Any:
            t0 = time.perf_counter()
            try:
                return orig(run)
            finally:
                hook.append(time.perf_counter() - t0)

        s.check = timed
        try:
            on += _cell_times(ip, create, 1)
        finally:
            del s.check
    _load(ip, False)
    return {"with": median(on), "without": median(off),
            "extra": median(hook) if hook else max(0.0, median(on) - median(off))}


def hook_own_time(ip: Any, code: str = CELL, n: int = 30) -> dict[str, float]:
    """The hook's own time (``Session.check``, timed around it) on ``n`` repeats of
    ``code`` after two warm-up cells: the steady state of an unchanged cell, without the
    cells right after a reload (they still summarise the namespace, 48 names a cell)."""
    import dlfault_jupyter

    _load(ip, True)
    _cell_times(ip, code, 2)
    s = dlfault_jupyter.get_session(ip)
    orig = s.check
    hook: list[float] = []

    def timed(run: Any, orig: Any = orig) -> Any:
        t0 = time.perf_counter()
        try:
            return orig(run)
        finally:
            hook.append(time.perf_counter() - t0)

    s.check = timed
    try:
        _cell_times(ip, code, n)
    finally:
        del s.check
        _load(ip, False)
    return {"median": median(hook), "min": min(hook)}


def _reset(ip: Any) -> None:
    _load(ip, False)
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink):
        ip.run_line_magic("reset", "-f")
    gc.collect()


def main(tiny: bool = False) -> dict:
    import dlfault_jupyter

    ip = shell()
    was_loaded = dlfault_jupyter.get_session(ip) is not None
    rounds, per = (2, 3) if tiny else (7, 15)
    res: dict[str, Any] = {}
    try:
        # (1) realistic namespace
        _reset(ip)
        _run(ip, SETUP_REALISTIC)
        res["realistic"] = extra_per_cell(ip, CELL, rounds, per)

        # (2) namespace size: unchanged objects
        sizes = [10, 100] if tiny else [10, 100, 1_000, 10_000]
        res["ns"] = {}
        for n in sizes:
            _reset(ip)
            _run(ip, "import numpy as np\nimport torch\nimport torch.nn as nn\n"
                     "model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 2))")
            fill = {}
            import numpy as np
            import torch

            for i in range(n):
                k = i % 4
                fill[f"obj_{i}"] = (torch.zeros(8) if k == 0 else np.zeros(8) if k == 1
                                    else [i, i + 1] if k == 2 else float(i))
            ip.user_ns.update(fill)
            res["ns"][n] = extra_per_cell(ip, CELL, rounds, per)
            res["ns"][n]["classified"] = _classified_per_cell(ip, CELL)

        # (3) largest tensor's size: unchanged, then changed in place
        mbs = [1, 16] if tiny else [1, 16, 256, 1024]
        res["tensor"] = {}
        for mb in mbs:
            _reset(ip)
            _run(ip, "import torch\nimport torch.nn as nn\n"
                     "model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Linear(8, 2))")
            create = f"big = torch.ones({mb * 2**20 // 4}, dtype=torch.float32)"
            first = first_cell_cost(ip, create, 2 if tiny else 9)
            steady = extra_per_cell(ip, CELL, rounds, per)
            changed = extra_per_cell(ip, "big[0] += 1.0", rounds, per)
            res["tensor"][mb] = {"first": first, "steady": steady, "changed": changed}

        # (4) scale: a 335M-parameter model and a 5M-row DataFrame
        vocab, d, layers, rows = (1000, 64, 2, 50_000) if tiny else \
            (32000, 1024, 24, 5_000_000)
        _reset(ip)
        _run(ip, SETUP_SCALE)
        try:
            _run(ip, CREATE_FRAME.format(rows=rows))
            has_frame = True
        except RuntimeError:   # no pandas
            has_frame = False
        create = CREATE_SCALE.format(vocab=vocab, d=d, layers=layers)
        first = first_cell_cost(ip, create, 1)
        _run(ip, create)
        n_params = sum(p.numel() for p in ip.user_ns["lm"].parameters())
        n_tensors = len(list(ip.user_ns["lm"].parameters()))
        steady = extra_per_cell(ip, CELL, rounds, per)
        steady["own"] = hook_own_time(ip, CELL, 5 if tiny else 30)
        res["scale"] = {"first": first, "steady": steady, "params": n_params,
                        "tensors": n_tensors, "rows": rows if has_frame else 0}
    finally:
        _reset(ip)
        if was_loaded:
            _load(ip, True)

    res["markdown"] = markdown(res)
    res["title"] = "After-cell hook cost"
    return res


def _classified_per_cell(ip: Any, code: str, n: int = 5) -> float:
    """How many values the hook classifies (the first step of examining one) per cell once
    the namespace is known: 0 for a cell that changes nothing of interest."""
    from dlfault_jupyter import namespace

    real, count = namespace.classify, [0]

    def counting(obj: Any) -> Any:
        count[0] += 1
        return real(obj)

    _load(ip, True)
    _run(ip, code)  # the first cell with the extension meets every object once
    namespace.classify = counting
    try:
        for _ in range(n):
            _run(ip, code)
    finally:
        namespace.classify = real
    return count[0] / n


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b > 1e-6 else "n/a (base ≈ 0)"


def markdown(res: dict) -> str:
    r = res["realistic"]
    pct = r["extra"] / 1.0 * 100
    out = [
        "Extra wall time per cell = median(cell with the extension) − median(cell without), "
        "same process, interleaved rounds. The measured cell is a trivial statement, so the "
        "figure is the hook's cost alone.",
        "",
        table(["namespace", "cell without", "cell with", "extra per cell",
               "share of a 1-s cell (target < 2 %)"],
              [["realistic: 5 torch models, 50 tensors/arrays, DataLoader, optimizer",
                f"{r['without'] * 1000:.2f} ms", f"{r['with'] * 1000:.2f} ms",
                f"**{r['extra'] * 1000:.2f} ms**", f"**{pct:.2f} %**"]]),
        "Growth with the number of unchanged objects in the namespace:",
        "",
    ]
    ns = res["ns"]
    base_n = min(ns)
    out.append(table(["objects", "extra per cell", f"ratio to {base_n} objects",
                      "values examined per cell"],
                     [[f"{n:,}", f"{v['extra'] * 1000:.2f} ms",
                       _ratio(v["extra"], ns[base_n]["extra"]),
                       f"{v.get('classified', float('nan')):g}"] for n, v in ns.items()]))
    big, small = max(ns), min(ns)
    if big > small:
        per = max(0.0, (ns[big]["extra"] - ns[small]["extra"]) / (big - small) * 1e6)
        out += [f"Unchanged objects are not examined again (last column): what remains per "
                f"unchanged object is one identity comparison, **{per:.2f} µs** "
                f"({small:,} → {big:,} objects)."]
    out.append("")
    tens = res["tensor"]
    base_mb = min(tens)
    out += ["Growth with the size of the largest tensor (float32 ones: written, as real data "
            "is; never-written zeros would charge the first touch of their pages to the hook's "
            "sample): the cell that creates "
            "it (examined as new; the hook's own time, measured around it, since the "
            "difference of two cells that fill a GB is mostly their noise), later unchanged "
            "cells, and a cell that changes it in place (`big[0] += 1`):", ""]
    out.append(table(
        ["largest tensor", "extra, creating cell", "extra, unchanged", "extra, changed in place",
         f"ratio to {base_mb} MB (creating / unchanged / changed)"],
        [[f"{mb:,} MB", f"{v['first']['extra'] * 1000:.2f} ms",
          f"{v['steady']['extra'] * 1000:.2f} ms", f"{v['changed']['extra'] * 1000:.2f} ms",
          " / ".join(_ratio(v[k]["extra"], tens[base_mb][k]["extra"])
                     for k in ("first", "steady", "changed"))]
         for mb, v in tens.items()]))
    sc = res.get("scale")
    if sc:
        f, st = sc["first"], sc["steady"]
        share = f["extra"] / f["without"] * 100 if f["without"] else float("nan")
        out += ["", f"A namespace at the scale of real models: a Transformer language model "
                f"of **{sc['params'] / 1e6:.0f}M parameters** ({sc['tensors']} parameter "
                f"tensors, {sc['params'] * 4 / 2**30:.2f} GiB of float32) and a DataFrame of "
                f"{sc['rows']:,} rows. Targets: < 5 ms per unchanged cell, < 2 % of the cell "
                "that creates the model (the hook's own time on that cell).", "",
                table(["cell", "without", "with", "extra", "target"],
                      [["unchanged (trivial statement)", f"{st['without'] * 1000:.2f} ms",
                        f"{st['with'] * 1000:.2f} ms", f"**{st['extra'] * 1000:.2f} ms**",
                        "< 5 ms: " + ("yes" if st["extra"] < 0.005 else "**no**")],
                       ["creating the model", f"{f['without'] * 1000:.0f} ms",
                        f"{f['with'] * 1000:.0f} ms",
                        f"**{f['extra'] * 1000:.1f} ms = {share:.2f} %**",
                        "< 2 %: " + ("yes" if share < 2 else "**no**")]])]
        own = st.get("own")
        if own:
            out += ["", f"The hook's own time on an unchanged cell (`Session.check`, after two "
                        f"warm-up cells): **{own['median'] * 1000:.2f} ms** median (min "
                        f"{own['min'] * 1000:.2f} ms): < 5 ms: "
                        + ("yes" if own["median"] < 0.005 else "**no**") + "."]
    return "\n".join(out)


if __name__ == "__main__":
    print(main()["markdown"])
