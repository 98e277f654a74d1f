"""%%dlcheck while the cell runs: the live view in a real kernel (updated in place, at most
twice a second), the diagnosis of an interrupted run, no live view in a terminal; the
probes' schedule (global hooks on probe steps only) and the reads they make (only at the
probe steps: the CUDA-free proxy of "no device synchronisation between probe reads")."""

from __future__ import annotations

import sys
import time

import pytest

import dlfault_jupyter
from dlfault_jupyter.runtime import instrument, last_trace
from dlfault_jupyter.runtime.live import Live, loop_length
from dlfault_jupyter.runtime.trace import Trace

torch = pytest.importorskip("torch")
from torch import nn  # noqa: E402

SETUP = """
import time
import torch
from torch import nn
torch.manual_seed(0)
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()
"""
# 60 steps of ~25 ms: 1.5 s, three live updates at least; NaN in the batch of step 20
LOOP = """
X[20 * 4 + 1, 3] = float("nan")
for step in range(60):
    i = (step * 4) % 256
    optimizer.zero_grad()
    loss = loss_fn(model(X[i:i + 4]), y[i:i + 4])
    loss.backward()
    optimizer.step()
    time.sleep(0.025)
    if step == STOP:
        raise KeyboardInterrupt
"""


def _kernel_run(tmp_path, stop: int):
    import nbformat
    from nbclient import NotebookClient

    class Counting(NotebookClient):
        msgs: list = []

        def process_message(self, msg, cell, cell_index):
            t = msg.get("msg_type")
            if t in ("display_data", "update_display_data"):
                data = msg["content"].get("data", {})
                self.msgs.append((cell_index, t, time.monotonic(),
                                  data.get("text/plain", "")))
            return super().process_message(msg, cell, cell_index)

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in (
        "%load_ext dlfault_jupyter", SETUP,
        "%%dlcheck\n" + LOOP.replace("STOP", str(stop)),
        "from dlfault_jupyter.runtime import last_trace\ntr = last_trace()\n"
        "print(tr.steps, tr.live_updates, tr.input_nonfinite_step, tr.losses.first_bad[0])")]
    client = Counting(nb, timeout=240, kernel_name="python3", allow_errors=True,
                      resources={"metadata": {"path": str(tmp_path)}})
    client.msgs = []
    client.execute()
    return nb, client.msgs


def test_live_view_updates_in_place_and_an_interrupted_run_is_diagnosed(tmp_path) -> None:
    nb, msgs = _kernel_run(tmp_path, stop=44)
    cell = nb.cells[2]
    live = [m for m in msgs if m[0] == 2 and "dlcheck (live)" in m[3]]
    # shown once, then updated in place (update_display_data), throttled to ≤ 2/s
    assert live and live[0][1] == "display_data"
    assert len(live) >= 2 and all(m[1] == "update_display_data" for m in live[1:])
    # (arrival times at the client jitter: the mean gap, not each one)
    assert (live[-1][2] - live[0][2]) / (len(live) - 1) >= 0.4, [m[2] for m in live]
    # the step count, the rate, the ETA (range(60) is known) and the NaN of step 20 while
    # the loop still ran
    assert any("/ 60" in m[3] and "left" in m[3] and "steps/s" in m[3] for m in live)
    nan_live = [m for m in live if "loss is nan from step 20" in m[3]]
    assert nan_live, [m[3] for m in live]
    assert any("input batch of step 20" in m[3] for m in live)
    # the KeyboardInterrupt reaches the notebook as without the magic ...
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["KeyboardInterrupt"]
    # ... the live output became the summary line (same display id), the report follows
    texts = [o.get("data", {}).get("text/plain", "") for o in cell.outputs
             if o.output_type == "display_data"]
    assert any("interrupted after 45 step(s)" in t for t in texts), texts
    assert any("DLF-T301" in t for t in texts), texts
    # the diagnosis is of the 45 steps that ran
    out = "".join(o.get("text", "") for o in nb.cells[3].outputs)
    steps, updates, bad_input, bad_loss = (int(v) for v in out.split())
    assert steps == 45 and updates >= 2 and bad_input == 20 and bad_loss == 20


def test_no_live_view_in_a_terminal(ip) -> None:
    """An InteractiveShell without a kernel (a terminal, the headless check): one final
    report, no live output."""
    ip.run_cell(SETUP, store_history=True)
    ip.run_cell("%%dlcheck\n" + LOOP.replace("STOP", "-1").replace("0.025", "0.012"),
                store_history=True)
    tr = last_trace()
    assert tr.steps == 60 and tr.live_updates == 0


def test_keyboard_interrupt_in_an_interactive_shell(ip) -> None:
    ip.run_cell(SETUP, store_history=True)
    n = ip.execution_count
    res = ip.run_cell("%%dlcheck\n" + LOOP.replace("STOP", "25").replace("0.025", "0"),
                      store_history=True)
    assert isinstance(res.error_in_exec, KeyboardInterrupt)
    assert last_trace().steps == 26
    rep = dlfault_jupyter.get_session(ip).reports.get(n)
    assert rep is not None and "DLF-T301" in {f.rule for f in rep.findings}


def test_loop_length() -> None:
    class FakeLoader:  # not a known container: its __len__ is not called
        def __len__(self) -> int:
            raise AssertionError("user code ran")

    ns = {"epochs": 3, "loader": list(range(8)), "fake": FakeLoader(), "N": 100}
    step = "\n        loss.backward()\n        opt.step()\n"
    assert loop_length("for e in range(epochs):\n    for b in loader:" + step, ns) == 24
    assert loop_length("for s in range(N):\n    loss.backward()\n", ns) == 100
    assert loop_length("for e in range(2):\n    for i in range(0, 256, 32):" + step, ns) == 16
    assert loop_length("for i, b in enumerate(loader):\n    opt.step()\n", ns) == 8
    assert loop_length("for b in fake:\n    opt.step()\n", ns) is None
    assert loop_length("while True:\n    opt.step()\n", ns) is None
    assert loop_length("for s in range(n_unknown):\n    opt.step()\n", ns) is None
    # a loop without a training step is not the training loop
    assert loop_length("for s in range(5):\n    print(s)\n", ns) is None


def test_live_is_throttled_and_escaped() -> None:
    shown: list = []

    class Handle:
        def update(self, out) -> None:
            shown.append(out)

    def display(out, display_id=False):
        assert display_id
        shown.append(out)
        return Handle()

    tr = Trace()
    live = Live(tr, 100, display=display)
    t0 = live.t0
    for k in range(1000):       # 1000 ticks within 0.3 s: no update yet
        live.tick(t0 + k * 0.0003)
    assert shown == []
    tr.steps = 10
    tr.losses.add(0, 1.0)
    tr.losses.add(9, float("nan"))
    tr.nan_origin = {"layer": "net.<b>", "kind": "Linear", "step": 9}
    for k in range(100):        # 2 s of ticks: at most 4-5 updates
        live.tick(t0 + 0.5 + k * 0.02)
    assert 3 <= len(shown) <= 5
    html = shown[-1].html
    assert "net.&lt;b&gt;" in html and "<b>dlcheck" in html and "net.<b>" not in html
    assert "loss is nan from step 9" in shown[-1].text
    live.close(KeyboardInterrupt())
    assert "interrupted after 10 step(s)" in shown[-1].text


# -- the probes' schedule and reads ---------------------------------------------------------
def _case(steps: int = 200):
    torch.manual_seed(0)
    X, y = torch.randn(512, 8), torch.randint(0, 2, (512,))
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    loss_fn = nn.CrossEntropyLoss()
    ns = {"model": model, "optimizer": opt, "loss_fn": loss_fn}
    from torch.nn.modules import module as M

    hooked: list[int] = []

    def train() -> None:
        for s in range(steps):
            i = (s * 16) % 512
            hooked.append(len(M._global_forward_pre_hooks))
            opt.zero_grad()
            loss = loss_fn(model(X[i:i + 16]), y[i:i + 16])
            loss.backward()
            opt.step()

    return ns, train, hooked


def test_global_hooks_only_on_probe_steps_and_the_interval_adapts() -> None:
    ns, train, hooked = _case(300)
    with instrument(ns) as tr:
        train()
    assert tr.steps == 300 and len(tr.losses) == 300     # the loss of every step
    assert hooked[:3] == [1, 1, 1]                        # the first three are probes
    assert sum(1 for h in hooked if h) == tr.probes       # ... and only the probe steps
    assert 3 <= tr.probes <= 31
    assert all(h == 0 for h in hooked[3:10])              # at most one in `every` = 10
    # the layers were probed: gradient norms, dead units
    assert tr.layers["model.0"].grad_probes == tr.probes
    assert tr.layers["model.1"].dead_units is not None


def test_probes_read_tensors_only_at_probe_steps(monkeypatch) -> None:
    """CUDA-free proxy of the device synchronisations: the loss and the input batch are
    treated as if on an accelerator (``on_host`` → False); every read of a tensor's value
    made by dlfault_jupyter's code (``item``, ``tolist``, ``cpu``, ``numpy``, ``float``,
    ``bool``, ``int``) is counted with the function that made it."""
    from dlfault_jupyter.runtime import torch_probe as TP

    monkeypatch.setattr(TP, "on_host", lambda t: False)
    ns, train, _hooked = _case(300)
    reads: list[str] = []
    real = {}

    def counting(name):
        orig = real[name] = getattr(torch.Tensor, name)

        def f(self, *a, **k):
            fr = sys._getframe(1)
            if "dlfault_jupyter" in fr.f_code.co_filename:
                reads.append(f"{fr.f_code.co_name}:{name}")
            return orig(self, *a, **k)
        return f

    names = ("item", "tolist", "cpu", "numpy", "__float__", "__bool__", "__int__")
    for n in names:
        monkeypatch.setattr(torch.Tensor, n, counting(n))
    flushes = []
    orig_flush = TP.TorchProbe.flush

    def flush(self):
        flushes.append(self.step)
        return orig_flush(self)

    monkeypatch.setattr(TP.TorchProbe, "flush", flush)
    with instrument(ns) as tr:
        train()
    assert tr.steps == 300 and len(tr.losses) == 300
    # every read is the one batched transfer of _read, one per device per flush
    assert reads and set(reads) == {"_read:tolist"} | ({"_read:cpu"} & set(reads)), reads
    n_reads = reads.count("_read:tolist")
    # flushes: one per probe step, one at the end (finish), and finish's own read of the
    # dead-unit counts
    assert n_reads <= tr.probes + 2, (n_reads, tr.probes)
    assert len(flushes) == tr.probes + 1


def test_losses_on_a_device_are_read_in_batches_and_memory_stays_bounded(monkeypatch) -> None:
    from dlfault_jupyter.runtime import torch_probe as TP

    monkeypatch.setattr(TP, "on_host", lambda t: False)
    monkeypatch.setattr(TP, "MAX_INTERVAL", 10**9)
    ns, train, _ = _case(700)
    with instrument(ns, every=10**6) as tr:
        train()
    assert tr.probes == 3 and len(tr.losses) == 700      # read at the end, all of them
    assert tr.losses.first[0] == 0 and tr.losses.last[0] == 699


def test_pending_values_are_stacked() -> None:
    from dlfault_jupyter.runtime.torch_probe import PENDING_CHUNK, _Pending

    p = _Pending()
    for s in range(2 * PENDING_CHUNK + 5):
        p.add(s, torch.tensor(float(s)))
    assert len(p.items) == 5 and len(p.chunks) == 2       # 2 stacked tensors + 5 scalars
    out = p.take()
    assert [len(s) for s, _ in out] == [PENDING_CHUNK, PENDING_CHUNK, 5]
    assert torch.equal(torch.cat([t for _, t in out]),
                       torch.arange(2 * PENDING_CHUNK + 5, dtype=torch.float32))
    assert not p


def test_ordinary_steps_run_without_model_hooks_and_nan_data_is_still_found() -> None:
    """After the first steps, the models' forward pre-hooks are registered only on the
    sampled steps (one in ``every``, the probes): most steps run torch's hook-free path.
    A NaN in the batch of an unsampled step (57) is still blamed on the data: the batch
    is found in the graph behind the NaN loss."""
    torch.manual_seed(0)
    X, y = torch.randn(512, 8), torch.randint(0, 2, (512,))
    X[57 * 8 + 3, 5] = float("nan")
    model = nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 2))
    opt = torch.optim.SGD(model.parameters(), lr=0.05)
    loss_fn = nn.CrossEntropyLoss()
    ns = {"model": model, "optimizer": opt, "loss_fn": loss_fn}
    model_hooks: list[int] = []

    def train() -> None:
        for s in range(60):
            i = s * 8
            model_hooks.append(len(model._forward_pre_hooks))
            opt.zero_grad()
            loss = loss_fn(model(X[i:i + 8]), y[i:i + 8])
            loss.backward()
            opt.step()

    with instrument(ns) as tr:
        train()
    assert model_hooks[:5] == [1] * 5 and model_hooks[10] == 1 and model_hooks[20] == 1
    assert sum(model_hooks[11:20]) == 0                   # no hook on ordinary steps
    assert model_hooks[57] == 0 and tr.losses.first_bad[0] == 57
    assert tr.input_nonfinite_step == 57
    assert not model._forward_pre_hooks                   # all removed at the end


def test_the_trace_keeps_the_same_memory_whatever_the_run_length() -> None:
    """Series and samples are fixed-size buffers allocated once and thinned when full:
    1,000 or 100,000 points use the same buffers, the ends stay exact."""
    from dlfault_jupyter.runtime.trace import Samples, Series

    sizes = []
    for n in (1_000, 100_000):
        s, lab = Series(256), Samples(2, 64)
        for i in range(n):
            s.add(i, 1.0 / (i + 1))
            lab.append((i % 3, i % 3))
        sizes.append((s._s.buffer_info()[1], s._v.buffer_info()[1], lab._a.buffer_info()[1]))
        assert len(s) == n and s.first == (0, 1.0) and s.last[0] == n - 1
        assert 128 <= len(s.points) < 256 and 32 <= len(lab) < 64
        steps = [p[0] for p in s.points]
        assert steps == sorted(steps) and steps[0] == 0
        assert {lo for lo, _hi in lab} == {0.0, 1.0, 2.0} and lab[-1] == tuple(lab)[-1]
    assert sizes[0] == sizes[1] == (256, 256, 128)
