"""Memory of ``%%dlcheck`` by run length (issue 17): a 100,000-step run must keep the
memory of a 1,000-step run.

A cheap torch loop (8 -> 16 -> 2 MLP, batch 8, SGD, one thread) runs under the probes
(``runtime.instrument``, as the magic does) while tracemalloc traces the Python heap:

* ``peak``: tracemalloc's peak over the whole instrumented loop (every Python allocation,
  torch's included: an upper bound of the package's);
* ``held by the package``: at the end of the loop, before the report, the bytes still
  allocated from files of ``dlfault_jupyter`` (a snapshot filtered on the package).

    .venv/bin/python benchmarks/dlcheck_memory.py [steps ...]     # default 1000 100000
"""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc


def run(steps: int) -> dict[str, float]:
    import torch
    from torch import nn

    from dlfault_jupyter.runtime import instrument

    torch.manual_seed(0)
    X, y = torch.randn(256, 8), torch.randint(0, 2, (256,))
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    ns = {"model": model, "optimizer": opt, "loss_fn": loss_fn, "X": X, "y": y}
    gc.collect()
    t = time.perf_counter()
    tracemalloc.start()
    with instrument(ns):
        for s in range(steps):
            i = (s * 8) % 256
            opt.zero_grad()
            loss = loss_fn(model(X[i:i + 8]), y[i:i + 8])
            loss.backward()
            opt.step()
        snap = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(True, "*dlfault_jupyter*")])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    held = sum(s.size for s in snap.statistics("filename"))
    return {"peak_kib": peak / 1024, "held_kib": held / 1024,
            "seconds": time.perf_counter() - t}


def main(argv: list[str]) -> None:
    import torch

    torch.set_num_threads(1)
    steps = [int(a) for a in argv] or [1000, 100_000]
    run(100)                          # warm-up: one-time allocations of torch and the probes
    for n in steps:
        r = run(n)
        print(f"{n:>8,} steps: peak {r['peak_kib']:.0f} KiB, held by the package "
              f"{r['held_kib']:.0f} KiB ({r['seconds']:.0f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
