"""The history of executions (dlfault_jupyter/analysis/history.py): what a cell reads before
writing, value summaries that tell a real change from sampling noise, re-runs known by cell
id (JupyterLab) or by source (nbclient), bounded memory, and no user data kept."""

from __future__ import annotations

import ast
import dataclasses

import numpy as np
import pytest

from dlfault_jupyter import get_session
from dlfault_jupyter.analysis import history as H
from dlfault_jupyter.analysis.history import reads_and_writes, summarize


def rw(src: str) -> tuple[set[str], set[str]]:
    r, w = reads_and_writes(ast.parse(src))
    return set(r), set(w)


@pytest.mark.parametrize("src, reads, not_reads", [
    ("X = X / 255", {"X"}, set()),
    ("X /= 255", {"X"}, set()),
    ("X[:, 0] = 0", {"X"}, set()),
    ("model.add(layer)", {"model", "layer"}, set()),
    ("X = raw / 255\nX = X - X.mean()", {"raw"}, {"X"}),
    ("for i in range(3):\n    losses.append(i)", {"losses", "range"}, {"i"}),
    ("ys = [x * 2 for x in xs]", {"xs"}, {"x", "ys"}),
    ("def f(a):\n    b = a + c\n    return b\nout = f(X)", {"c", "X"}, {"a", "b", "out"}),
    ("X, y = X[idx], y[idx]", {"X", "y", "idx"}, set()),
    ("import numpy as np\nX = np.zeros(3)", set(), {"np", "X"}),
])
def test_reads_before_writes(src, reads, not_reads):
    r, _w = rw(src)
    assert reads <= r, r
    assert not (not_reads & r), r


def test_assigned_names():
    _r, w = rw("X_train, X_test = a, b\nmodel = Net()\nX[0] = 1")
    assert w == {"X_train", "X_test", "model"}


def test_a_real_change_is_told_from_sampling_noise():
    rng = np.random.default_rng(0)
    big = rng.random((2000, 100)).astype("float32")           # sampled (200,000 elements)
    a, shuffled = summarize(big), summarize(big[rng.permutation(2000)])
    assert not a.exact and not a.differs(shuffled)             # the same data in another order
    assert a.differs(summarize(big / 255.0))                   # scaled
    assert a.differs(summarize(big[:, :, None]))               # an axis added
    assert a.differs(summarize(big[:1000]))                    # fewer samples
    labels = rng.integers(1, 11, size=5000)
    assert summarize(labels).differs(summarize(labels - 1))    # labels shifted
    small = np.arange(12.0)
    assert summarize(small).exact
    assert not summarize(small).differs(summarize(small[::-1]))


def test_summaries_hold_numbers_not_user_data():
    rng = np.random.default_rng(0)
    for obj in (rng.random((50, 3)), [1.0, 2.0], {"a": 1}, 3, 0.5):
        v = summarize(obj)
        for f in dataclasses.fields(v):
            x = getattr(v, f.name)
            assert x is None or isinstance(x, (int, float, str, bool, tuple)), (f.name, x)
    assert summarize("some text") is None
    assert summarize(np) is None


def _run(ip, src, cell_id=None):
    kw = {"cell_id": cell_id} if cell_id else {}
    res = ip.run_cell(src, store_history=True, **kw)
    assert res.error_in_exec is None, res.error_in_exec
    return get_session(ip).history.current


def test_rerun_by_source_headless(ip):
    _run(ip, "import numpy as np\nX = np.arange(1000.0)")
    first = _run(ip, "X = X / 10")
    assert not first.rerun and "X" in first.reads
    again = _run(ip, "X = X / 10")
    assert again.rerun and again.previous is first
    assert again.before["X"].same(first.after["X"])
    assert again.after["X"].max == pytest.approx(first.after["X"].max / 10)
    ids = {f.rule for f in get_session(ip).current_findings()}
    assert "DLF-N001" in ids


def test_rerun_by_cell_id_even_when_edited(ip):
    """JupyterLab sends the cell id: the same cell, edited and run again on its own result,
    is a re-run; another cell with other code is not."""
    _run(ip, "import numpy as np\nX = np.arange(1000.0)", "load")
    _run(ip, "X = X / 255", "prep")
    other = _run(ip, "Y = X * 2", "plot")
    assert not other.rerun
    again = _run(ip, "X = X / 255.0", "prep")           # edited, same cell
    assert again.rerun and again.cell_id == "prep"
    assert [f.rule for f in get_session(ip).current_findings()] == ["DLF-N001"]


def test_idempotent_reruns_are_quiet(ip):
    _run(ip, "import numpy as np\nX_raw = np.arange(1000.0)", "load")
    for _ in range(3):
        _run(ip, "X = X_raw / 255", "prep")                 # recomputed from the raw data
        _run(ip, "Z = (X - X.mean()) / X.std()\nZ = (Z - Z.mean()) / Z.std()", "std")
        _run(ip, "print(X.max())", "show")
    _run(ip, "X = X_raw / 255", "prep")
    _run(ip, "X = X / 2", "half")
    _run(ip, "X = X_raw / 255", "prep")                     # re-loaded in between
    _run(ip, "X = X / 2", "half")
    assert get_session(ip).current_findings() == []


def test_history_is_bounded(ip, monkeypatch):
    monkeypatch.setattr(H, "MAX_EXECUTIONS", 20)
    monkeypatch.setattr(H, "MAX_CELLS", 10)
    monkeypatch.setattr(H, "MAX_NAMES", 30)
    session = get_session(ip)
    session.history = H.History()
    for i in range(60):
        _run(ip, f"v{i} = [{i}] * 3\nw{i} = {i}.5")
    h = session.history
    assert len(h.executions) == 20
    assert len(h.by_key) <= 10
    assert len(h.last) <= 30
    assert all(e.previous is None or e.previous.previous is None for e in h.executions)


def test_n010_quiet_when_a_fresh_model_gets_the_trained_weights_loaded(ip, tmp_path) -> None:
    """The PyTorch tutorials' restore: a new model built, then load_state_dict of the saved,
    trained weights; using it for results is not using an untrained model."""
    from harness import run_file

    path = tmp_path / "restore.py"
    ckpt = tmp_path / "w.pt"
    path.write_text(f'''# %%
import torch
from torch import nn
torch.manual_seed(0)
X, y = torch.randn(64, 4), torch.randint(0, 2, (64,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = nn.CrossEntropyLoss()
# %%
for _ in range(5):
    opt.zero_grad()
    loss = loss_fn(model(X), y)
    loss.backward()
    opt.step()
# %%
torch.save(model.state_dict(), {str(ckpt)!r})
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
model.load_state_dict(torch.load({str(ckpt)!r}))
# %%
model.eval()
with torch.no_grad():
    pred = model(X).argmax(1)
''')
    run = run_file(ip, path)
    assert not [f for f in run.findings if f.rule == "DLF-N010"], run.findings
