"""``%%dlcheck`` overhead, side by side with the tools users already have, and what each
finds on faulty runs.

* **Cost of the loop**: wall and CPU time of a CPU training loop without instrumentation,
  with ``%%dlcheck``'s probes (``runtime.instrument``, default K = 10 and the adaptive
  interval), with ``torch.autograd.set_detect_anomaly(True)`` (torch) and with Keras'
  ``TerminateOnNaN`` callback (Keras). One thread (``torch.set_num_threads(1)``), the
  variants interleaved round by round and the median of the rounds reported, so that drift
  on a shared machine cancels out. Loops: a tiny MLP (the worst case: per-step work
  dominates), a 32-512-512-4 MLP, a 784-256-128-10 MLP and a small CNN (torch, 300
  steps), the same MLP and CNN in Keras.
* **Fixed cost**: what ``%%dlcheck`` adds per cell whatever the number of steps (installing
  the probes, the analysis, the report; text mode), from a ``%%dlcheck`` cell in an
  ``InteractiveShell`` minus the time of the loop inside it.
* **Memory**: Python heap (tracemalloc) of the instrumented loop of the tiny MLP for
  1,000 and 100,000 steps.
* **Faults found**: four faulty runs per framework (NaN origin, vanishing gradients, dead
  units, divergence) under each tool.
"""

from __future__ import annotations

import gc
import os
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

from .common import median, table

TARGET, TARGET_TINY = 1.05, 1.10


# -- loops ---------------------------------------------------------------------------------
def _torch_case(kind: str, steps: int) -> tuple[dict[str, Any], Callable[[], None]]:
    import torch
    from torch import nn

    torch.manual_seed(0)
    if kind == "tiny mlp":
        X, y = torch.randn(16 * 8, 8), torch.randint(0, 2, (16 * 8,))
        model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
        bs = 16
    elif kind == "mlp 32-512-512-4":
        X, y = torch.randn(64 * 8, 32), torch.randint(0, 4, (64 * 8,))
        model = nn.Sequential(nn.Linear(32, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(),
                              nn.Linear(512, 4))
        bs = 64
    elif kind == "mlp":
        X, y = torch.randn(64 * 8, 784), torch.randint(0, 10, (64 * 8,))
        model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(),
                              nn.Linear(128, 10))
        bs = 64
    else:
        X, y = torch.randn(32 * 8, 1, 28, 28), torch.randint(0, 10, (32 * 8,))
        model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Linear(32 * 7 * 7, 10))
        bs = 32
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    ns = {"model": model, "optimizer": opt, "loss_fn": loss_fn, "X": X, "y": y}
    n = len(X)

    def train(steps: int = steps) -> None:
        for s in range(steps):
            i = (s * bs) % n
            opt.zero_grad()
            loss = loss_fn(model(X[i:i + bs]), y[i:i + bs])
            loss.backward()
            opt.step()

    return ns, train


def _keras_case(kind: str, steps: int) -> tuple[dict[str, Any], Callable[..., None]]:
    import keras
    import numpy as np

    keras.utils.set_random_seed(0)
    rs = np.random.RandomState(0)
    if kind == "mlp":
        bs = 64
        X = rs.randn(bs * steps, 784).astype("float32")
        model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(256, activation="relu"),
                                  keras.layers.Dense(128, activation="relu"),
                                  keras.layers.Dense(10)])
    else:
        bs = 32
        X = rs.randn(bs * steps, 28, 28, 1).astype("float32")
        model = keras.Sequential([keras.Input((28, 28, 1)),
                                  keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
                                  keras.layers.MaxPooling2D(),
                                  keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
                                  keras.layers.MaxPooling2D(), keras.layers.Flatten(),
                                  keras.layers.Dense(10)])
    y = rs.randint(0, 10, len(X)).astype("int32")
    model.compile(optimizer=keras.optimizers.SGD(0.01, momentum=0.9),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(X[:bs], y[:bs], batch_size=bs, epochs=1, verbose=0)  # build + trace once
    ns = {"model": model, "X": X, "y": y}

    def train(callbacks: list | None = None) -> None:
        model.fit(X, y, batch_size=bs, epochs=1, verbose=0, shuffle=False,
                  callbacks=callbacks)

    return ns, train


# -- timing --------------------------------------------------------------------------------
def _timed(fn: Callable[[], None]) -> tuple[float, float]:
    gc.collect()
    t, c = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - t, time.process_time() - c


def measure(ns: dict[str, Any], train: Callable[..., None], rounds: int,
            framework: str) -> dict[str, Any]:
    """Interleaved rounds: plain, %%dlcheck, and the framework's own check; medians."""
    from dlfault_jupyter.runtime import instrument

    def dlcheck() -> None:
        with instrument(ns) as tr:
            train()
        probes.append(tr.probes)
        steps[:] = [tr.steps]

    probes: list[int] = []
    steps: list[int] = [0]
    variants: dict[str, Callable[[], None]] = {"without": train, "%%dlcheck": dlcheck}
    if framework == "torch":
        import torch

        def anomaly() -> None:
            with torch.autograd.set_detect_anomaly(True):
                train()

        variants["detect_anomaly"] = anomaly
    else:
        import keras

        variants["TerminateOnNaN"] = lambda: train([keras.callbacks.TerminateOnNaN()])
    for fn in variants.values():   # warm-up of each
        fn()
    wall: dict[str, list[float]] = {k: [] for k in variants}
    cpu: dict[str, list[float]] = {k: [] for k in variants}
    names = list(variants)
    for r in range(rounds):
        for k in names[r % len(names):] + names[:r % len(names)]:   # rotate the order
            w, c = _timed(variants[k])
            wall[k].append(w)
            cpu[k].append(c)
    out: dict[str, Any] = {"probes": median([float(p) for p in probes]), "steps": steps[0]}
    base_w, base_c = median(wall["without"]), median(cpu["without"])
    for k in names:
        out[k] = {"wall_s": median(wall[k]), "cpu_s": median(cpu[k]),
                  "ratio": median(wall[k]) / base_w, "ratio_cpu": median(cpu[k]) / base_c}
    if framework == "torch" and steps[0]:
        # the loop's extra time per step (probe steps included), and the step itself
        n = steps[0]
        out["per_step"] = {"plain_cpu_us": base_c / n * 1e6,
                           "extra_cpu_us": (median(cpu["%%dlcheck"]) - base_c) / n * 1e6,
                           "extra_wall_us": (median(wall["%%dlcheck"]) - base_w) / n * 1e6}
    return out


def fixed_cost(kind: str, steps: int, rounds: int) -> dict[str, float]:
    """Per cell, whatever the steps: a ``%%dlcheck`` cell (text mode, the report made and
    printed) minus the loop inside it, minus the same for a plain cell."""
    import contextlib
    import io

    from . import bench_hook

    ip = bench_hook.shell()
    bench_hook._load(ip, True)
    try:
        from dlfault_jupyter import get_session

        s = get_session(ip)
        s.config.display_mode = "text"
        ns, train = _torch_case(kind, steps)
        inner: list[float] = []

        def timed_train() -> None:
            t = time.perf_counter()
            train()
            inner.append(time.perf_counter() - t)

        ip.user_ns.update(ns)
        ip.user_ns["timed_train"] = timed_train
        plain, inst = [], []
        with contextlib.redirect_stdout(io.StringIO()):   # warm-up of both cells
            ip.run_cell("timed_train()\n", store_history=True)
            ip.run_cell("%%dlcheck\ntimed_train()\n", store_history=True)
        for _ in range(rounds):
            for cell, acc in (("timed_train()\n", plain), ("%%dlcheck\ntimed_train()\n", inst)):
                gc.collect()
                with contextlib.redirect_stdout(io.StringIO()):
                    t = time.perf_counter()
                    ip.run_cell(cell, store_history=True)
                    acc.append(time.perf_counter() - t - inner[-1])
        for k in list(ns) + ["timed_train"]:
            ip.user_ns.pop(k, None)
    finally:
        bench_hook._load(ip, False)
    return {"plain_s": median(plain), "dlcheck_s": median(inst),
            "fixed_s": median(inst) - median(plain)}


def step_split(rounds: int, steps: int = 300) -> dict[str, float]:
    """The instrumented tiny-MLP loop taken apart, in CPU time of the thread per step
    (``time.thread_time_ns``, which a busy machine inflates far less than wall time):
    the median ordinary step and the median probe step (global module hooks registered)
    against the median plain step, and entering + leaving the probes (``instrument``)."""
    import statistics

    from torch.nn.modules import module as M

    from dlfault_jupyter.runtime import instrument

    ns, _ = _torch_case("tiny mlp", steps)
    model, opt, loss_fn, X, y = (ns[k] for k in ("model", "optimizer", "loss_fn", "X", "y"))
    tt = time.thread_time_ns

    def run(rec: list[tuple[bool, int]]) -> None:
        for s in range(steps):
            i = (s * 16) % len(X)
            t = tt()
            probe = bool(M._global_forward_pre_hooks)
            opt.zero_grad()
            loss = loss_fn(model(X[i:i + 16]), y[i:i + 16])
            loss.backward()
            opt.step()
            rec.append((probe, tt() - t))

    plain: list[float] = []
    ordinary: list[float] = []
    probe: list[float] = []
    setup: list[float] = []
    for _ in range(rounds):
        a: list[tuple[bool, int]] = []
        run(a)
        plain += [d / 1e3 for _, d in a[5:]]
        b: list[tuple[bool, int]] = []
        gc.collect()
        c0 = tt()
        with instrument(ns):
            c1 = tt()
            run(b)
            c2 = tt()
        setup.append(((c1 - c0) + (tt() - c2)) / 1e3)
        ordinary += [d / 1e3 for f, d in b if not f]
        probe += [d / 1e3 for f, d in b if f]
    m = statistics.median
    return {"plain_us": m(plain), "ordinary_us": m(ordinary), "probe_us": m(probe),
            "probes_per_run": len(probe) / rounds, "setup_us": m(setup), "steps": steps}


def memory(steps_list: tuple[int, ...]) -> dict[int, float]:
    """Python heap peak (KiB) of the instrumented tiny loop, by run length."""
    from dlfault_jupyter.runtime import instrument

    out = {}
    ns, train = _torch_case("tiny mlp", 100)
    with instrument(ns):   # warm-up: one-time allocations of torch and the probes
        train()
    for n in steps_list:
        ns, train = _torch_case("tiny mlp", n)
        gc.collect()
        tracemalloc.start()
        with instrument(ns):
            train()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out[n] = peak / 1024
    return out


# -- faults found ---------------------------------------------------------------------------
TORCH_FAULTS = {
    "NaN origin (log of a ReLU output)": (
        "class LogFeatures(nn.Module):\n    def forward(self, x):\n        return torch.log(x)\n"
        "model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), LogFeatures(), nn.Linear(32, 2))\n",
        0.1, "DLF-T310"),
    "vanishing gradients (10 sigmoid layers)": (
        "model = nn.Sequential(nn.Linear(8, 32), nn.Sigmoid(), "
        + "nn.Linear(32, 32), nn.Sigmoid(), " * 8 + "nn.Linear(32, 2))\n", 0.1, "DLF-T306"),
    "dead units (ReLU bias −20)": (
        "model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))\n"
        "with torch.no_grad():\n    model[0].bias.fill_(-20.0)\n", 0.1, "DLF-L301"),
    "divergence (lr = 10)": (
        "model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))\n",
        10.0, "DLF-T302"),
}
TORCH_SETUP = """
import torch
from torch import nn
torch.manual_seed(0)
X = torch.randn(256, 8) * 3
y = (X[:, 0] + X[:, 1] > 0).long()
loss_fn = nn.CrossEntropyLoss()
"""
TORCH_LOOP = """
for epoch in range(10):
    for i in range(0, 256, 32):
        optimizer.zero_grad()
        loss = loss_fn(model(X[i:i + 32]), y[i:i + 32])
        loss.backward()
        optimizer.step()
"""
KERAS_FAULTS = {
    "NaN origin (division by 0)": (
        'keras.layers.Dense(32, activation="relu"), '
        'keras.layers.Lambda(lambda t: t / 0.0, name="divide")', "0.1", "DLF-T310"),
    "vanishing gradients (9 sigmoid layers)": (
        ", ".join(f'keras.layers.Dense(32, activation="sigmoid", name="sig{i}")'
                  for i in range(9)), "0.1", "DLF-T306"),
    "dead units (ReLU bias −20)": (
        'keras.layers.Dense(32, activation="relu", name="hidden", '
        'bias_initializer=keras.initializers.Constant(-20.0))', "0.1", "DLF-L301"),
    "divergence (lr = 50)": ('keras.layers.Dense(32, activation="relu")', "50.0", "DLF-T302"),
}
KERAS_SETUP = """
import numpy as np
import keras
keras.utils.set_random_seed(0)
Xk = np.random.RandomState(0).randn(256, 8).astype("float32")
yk = (Xk[:, 0] + Xk[:, 1] > 0).astype("int32")
kmodel = keras.Sequential([keras.Input((8,)), LAYERS, keras.layers.Dense(2, name="out")])
kmodel.compile(optimizer=keras.optimizers.SGD(LR), loss=keras.losses.
               SparseCategoricalCrossentropy(from_logits=True))
"""
KERAS_FIT = "hist = kmodel.fit(Xk, yk, batch_size=32, epochs=3, verbose=0{cb})\n"


def faults(frameworks: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Which fault each tool reports on each faulty run (a short description)."""
    import contextlib
    import io

    from . import bench_hook

    ip = bench_hook.shell()
    bench_hook._load(ip, True)
    out: dict[str, dict[str, str]] = {}
    try:
        from dlfault_jupyter import get_session

        s = get_session(ip)
        s.config.display_mode = "text"

        def cell(code: str) -> Any:
            with contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                return ip.run_cell(code, store_history=True)

        def dl(code: str, rule: str) -> str:
            n = ip.execution_count
            cell("%%dlcheck\n" + code)
            rep = s.reports.get(n)
            ids = sorted({f.rule for f in rep.findings}) if rep else []
            hit = rule in ids
            return ("**found** " if hit else "missed ") + f"({', '.join(ids) or 'nothing'})"

        if "torch" in frameworks:
            for name, (model, lr, rule) in TORCH_FAULTS.items():
                setup = TORCH_SETUP + model + \
                    f"optimizer = torch.optim.SGD(model.parameters(), lr={lr})\n"
                row = {}
                cell(setup)
                row["%%dlcheck"] = dl(TORCH_LOOP, rule)
                cell(setup)
                res = cell("with torch.autograd.set_detect_anomaly(True):\n"
                           + "".join("    " + ln + "\n" for ln in TORCH_LOOP.splitlines()))
                e = res.error_in_exec
                row["detect_anomaly"] = (f"**raised** {type(e).__name__}: "
                                         f"{str(e).splitlines()[0][:80]}" if e else "nothing")
                cell(setup)
                res = cell(TORCH_LOOP + "final_loss = float(loss)\n")
                v = ip.user_ns.get("final_loss")
                row["without (final loss)"] = f"{v:.3g}" if isinstance(v, float) else "?"
                out[f"torch: {name}"] = row
        if "keras" in frameworks:
            for name, (layers, lr, rule) in KERAS_FAULTS.items():
                setup = KERAS_SETUP.replace("LAYERS", layers).replace("LR", lr)
                row = {}
                cell(setup)
                row["%%dlcheck"] = dl(KERAS_FIT.format(cb=""), rule)
                cell(setup)
                cell(KERAS_FIT.format(cb=", callbacks=[keras.callbacks.TerminateOnNaN()]"))
                h = ip.user_ns.get("hist")
                n = len(h.history.get("loss", [])) if h is not None else 0
                last = h.history["loss"][-1] if n else float("nan")
                row["TerminateOnNaN"] = ("**stopped** (NaN loss)" if last != last else
                                         f"nothing (final loss {last:.3g})")
                out[f"keras: {name}"] = row
        for k in ("X", "y", "model", "optimizer", "loss_fn", "Xk", "yk", "kmodel", "hist",
                  "final_loss", "loss", "LogFeatures"):
            ip.user_ns.pop(k, None)
    finally:
        bench_hook._load(ip, False)
    return out


# -- main ------------------------------------------------------------------------------------
def main(tiny: bool = False) -> dict:
    import sys

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    rounds, steps = (1, 12) if tiny else (7, 300)
    fws: list[str] = []
    res: dict[str, dict[str, Any]] = {}
    try:
        import torch

        torch.set_num_threads(1)
        fws.append("torch")
    except Exception:  # noqa: BLE001
        torch = None  # type: ignore[assignment]
    if torch is not None:
        kinds = ("tiny mlp", "mlp 32-512-512-4") if tiny else \
            ("tiny mlp", "mlp 32-512-512-4", "mlp", "cnn")
        for kind in kinds:
            ns, train = _torch_case(kind, steps)
            res[f"torch {kind}"] = measure(ns, train, rounds, "torch")
    if not tiny and _importable("keras"):
        fws.append("keras")
        for kind in ("mlp", "cnn"):
            ns, train = _keras_case(kind, steps // 2)
            res[f"keras {kind}"] = measure(ns, train, rounds, "keras")
    fixed = {}
    if torch is not None:
        for kind in (("tiny mlp",) if tiny else ("tiny mlp", "mlp 32-512-512-4")):
            fixed[kind] = fixed_cost(kind, steps, 1 if tiny else 5)
    split = step_split(1 if tiny else 7, 50 if tiny else 300) if torch is not None else {}
    mem = memory((100, 1000) if tiny else (1000, 100_000)) if torch is not None else {}
    found = {} if tiny else faults(tuple(fws))
    del sys
    return {"title": "%%dlcheck overhead (CPU training loops)", "results": res,
            "fixed": fixed, "memory": mem, "faults": found, "split": split,
            "markdown": markdown(res, fixed, mem, found, steps, rounds, split)}


def _importable(mod: str) -> bool:
    try:
        __import__(mod)
    except Exception:  # noqa: BLE001
        return False
    return True


def markdown(res: dict[str, dict[str, Any]], fixed: dict[str, dict[str, float]],
             mem: dict[int, float], found: dict[str, dict[str, str]], steps: int,
             rounds: int, split: dict[str, float] | None = None) -> str:
    def r(v: float) -> str:
        return f"{v:.2f}×" if v == v else "–"

    rows = []
    for k, v in res.items():
        target = TARGET_TINY if "tiny" in k else TARGET
        other = "detect_anomaly" if "detect_anomaly" in v else "TerminateOnNaN"
        d, o = v["%%dlcheck"], v[other]
        ok = d["ratio"] <= target and d["ratio_cpu"] <= target
        rows.append([k, f"{v['without']['wall_s'] * 1000:.0f} ms",
                     f"{d['wall_s'] * 1000:.0f} ms", f"**{r(d['ratio'])}**",
                     f"**{r(d['ratio_cpu'])}**", f"{v['probes']:.0f}",
                     f"{other}: {r(o['ratio'])} / {r(o['ratio_cpu'])}",
                     f"≤ {target:.2f}×: " + ("yes" if ok else "**no**")])
    md = (f"{steps} training steps per run (Keras: {steps // 2} batches), one thread "
          f"(`torch.set_num_threads(1)`), {rounds} rounds in which the variants run one "
          "after the other (order rotated each round); medians of the rounds. Wall time and "
          "CPU time of the process (`time.process_time`) side by side. The machine is "
          "shared with other engineers' processes (2 cores): wall time is noisier than CPU "
          "time. The instrumented loop includes the probes' final read-back (`finish`); the "
          "fixed cost per cell (set-up, analysis, report) is in the next table.\n\n"
          + table(["loop", "without", "with %%dlcheck", "ratio (wall)", "ratio (CPU)",
                   "probe steps", "the framework's own check: ratio (wall / CPU)", "target"],
                  rows))
    per = {k: v["per_step"] for k, v in res.items() if "per_step" in v}
    if per:
        md += ("\nPer-step cost of the instrumented loop (torch): its extra time divided by "
               "the steps (the probe steps and the final read-back included; the set-up, "
               "analysis and report of the cell are the fixed cost below).\n\n"
               + table(["loop", "a step without (CPU)", "extra per step (CPU)",
                        "extra per step (wall)", "share (CPU)"],
                       [[k, f"{v['plain_cpu_us']:.0f} µs", f"**{v['extra_cpu_us']:.1f} µs**",
                         f"{v['extra_wall_us']:.1f} µs",
                         f"{v['extra_cpu_us'] / v['plain_cpu_us']:.1%}"]
                        for k, v in per.items()]))
    if split:
        sp = split
        md += ("\nThe tiny-MLP loop taken apart (CPU time of the thread per step, medians; "
               "`step_split`): a plain step, an ordinary instrumented step (the wrapped "
               "`backward`, the optimizer post-hook, the step's end), a probe step, and "
               "entering + leaving the probes once per cell.\n\n"
               + table(["plain step", "ordinary step", "probe step", "probe steps per run",
                        "enter + leave"],
                       [[f"{sp['plain_us']:.0f} µs",
                         f"{sp['ordinary_us']:.0f} µs (**+{sp['ordinary_us'] - sp['plain_us']:.1f}"
                         f" µs**, {sp['ordinary_us'] / sp['plain_us'] - 1:+.1%})",
                         f"{sp['probe_us']:.0f} µs (+{sp['probe_us'] - sp['plain_us']:.0f} µs)",
                         f"{sp['probes_per_run']:.0f} of {sp['steps']}",
                         f"{sp['setup_us'] / 1000:.2f} ms"]]))
    if fixed:
        md += ("\nFixed cost per `%%dlcheck` cell (text mode: installing the probes, the "
               "after-cell and runtime rules, the report), median of interleaved cells: "
               "the time of the cell minus the time of the loop inside it, minus the same "
               "for a plain cell. It does not grow with the number of steps.\n\n"
               + table(["loop", "plain cell (outside the loop)",
                        "%%dlcheck cell (outside the loop)", "fixed cost"],
                       [[k, f"{v['plain_s'] * 1000:.1f} ms", f"{v['dlcheck_s'] * 1000:.1f} ms",
                         f"**{v['fixed_s'] * 1000:.1f} ms**"] for k, v in fixed.items()]))
    if mem:
        ks = sorted(mem)
        md += ("\nMemory (Python heap peak, tracemalloc) of the instrumented tiny-MLP loop by "
               "run length: the series and samples are fixed-size buffers allocated once "
               "(2,048 loss points, 512 label/input samples, thinned when full), the pending "
               "values are read at every probe.\n\n"
               + table(["steps", "heap peak"], [[f"{k:,}", f"{mem[k]:.0f} KiB"] for k in ks]))
        if len(ks) >= 2:
            md += f"\nRatio {ks[-1]:,} / {ks[0]:,} steps: **{mem[ks[-1]] / mem[ks[0]]:.2f}×**\n"
    if found:
        cols = sorted({c for row in found.values() for c in row},
                      key=lambda c: (c != "%%dlcheck", c))
        md += ("\nFaults found on the faulty runs (the rule expected of `%%dlcheck` is in "
               "bold when found; `detect_anomaly` raises on a NaN/Inf produced in backward; "
               "`TerminateOnNaN` stops a fit whose loss is NaN):\n\n"
               + table(["faulty run", *cols],
                       [[k, *(row.get(c, "–") for c in cols)] for k, row in found.items()]))
    md += ("\nGPU: not available to this work (2026-12-07).\n"
           "\n**On a GPU.** No GPU was available to this work (the benchmark machine has "
           "none, and no GPU machine was lent to the task): there is no CUDA figure here. "
           "The probes add no device synchronisation between their reads by construction: "
           "every statistic stays a tensor on its device until `torch_probe._read`, called "
           "once per probe step and once at the end; between probe steps a loss on a device "
           "is kept as `loss.detach()` (stacked every 256 steps, an asynchronous op) and the "
           "input batch's finiteness as one `sum()`. `tests/test_runtime_live.py` checks it "
           "without CUDA: with the loss and the batch treated as on an accelerator, every "
           "`item`/`tolist`/`cpu`/`numpy`/`float`/`bool`/`int` of a tensor made by the "
           "package during a 300-step run is counted, and all of them are `_read`'s one "
           "transfer per flush (at most probes + 2).\n")
    return md


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    print(main()["markdown"])
