"""Device flow (dlfault_jupyter/analysis/devices.py) on plain snippets: what a device
variable may hold on any machine, where values are placed, and the latent GPU fault of a
model moved to a maybe-GPU device fed a batch that is never moved."""

from __future__ import annotations

import pytest

from dlfault_jupyter.analysis.devices import Device, DeviceFlow
from dlfault_jupyter.source import SourceFacts


def flow(src: str, **kw) -> DeviceFlow:
    return DeviceFlow(SourceFacts(src), **kw)


@pytest.mark.parametrize("expr, cuda, cpu, literal, conditional", [
    ('torch.device("cuda" if torch.cuda.is_available() else "cpu")', True, True, None, True),
    ('"cuda" if torch.cuda.is_available() else "cpu"', True, True, None, True),
    ('torch.device("cuda:0")', True, False, "cuda:0", False),
    ('"cpu"', False, True, "cpu", False),
    ('torch.device("mps")', False, False, "mps", False),
    ('torch.cuda.current_device()', True, False, "cuda", False),
    ('f"cuda:{rank}"', True, False, "cuda", False),
])
def test_device_variables(expr, cuda, cpu, literal, conditional):
    d = flow(f"import torch\ndevice = {expr}").devices["device"]
    assert (d.may_cuda, d.may_cpu, d.literal, d.conditional) == (cuda, cpu, literal,
                                                                  conditional)
    assert d.line == 2


def test_device_follows_a_value():
    d = flow("dev = next(model.parameters()).device\nd2 = x.device").devices
    assert d["dev"].follows == "model" and d["d2"].follows == "x"


def test_device_variable_through_another_and_earlier_cells():
    f = flow("dev2 = device", earlier={"device": Device(True, True, conditional=True)})
    assert f.devices["dev2"].may_cuda
    # the live value on this machine ("cpu") when nothing else is known
    f = flow("x = t.to(device)", live=lambda n: "cpu" if n == "device" else None)
    assert f.placed("x").device.literal == "cpu"


def test_placements():
    src = """
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = Net().to(device)
net.cuda()
x = x.to(device).float()
z = torch.zeros(3, device=device)
y.to(device)
w = w.cpu()
"""
    f = flow(src, is_model=lambda n: n == "net")
    assert f.placed("model").device.may_cuda and f.placed("model").how == "to"
    assert f.placed("net").inplace and f.placed("net").device.literal == "cuda"
    assert f.placed("x").source == "x"
    assert f.placed("z").how == "device="
    assert f.placed("y") is None                       # a tensor's .to() is not in place
    assert f.placed("w").device.literal == "cpu"
    assert {p.target for p in f.moved_to_cuda()} == {"model", "net", "x", "z"}
    assert [(p.source, p.line) for p in f.discarded()] == [("y", 7)]


LATENT = """
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = Net().to(device)
for xb, yb in loader:
    out = model(xb)
"""

FIXED = """
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
model = Net().to(device)
for xb, yb in loader:
    xb, yb = xb.to(device), yb.to(device)
    out = model(xb)
"""


def test_latent_mismatch_visible_on_cpu():
    assert flow(LATENT).latent_mismatches({"model"}) == [("model", "xb", 5)]


@pytest.mark.parametrize("src", [
    FIXED,
    LATENT.replace("model(xb)", "model(xb.to(device))"),
    LATENT.replace("model(xb)", "model(xb.cuda())"),
    LATENT.replace(".to(device)", ""),                     # nothing on a GPU: no fault
    LATENT.replace('"cuda" if torch.cuda.is_available() else "cpu"', '"cpu"'),
])
def test_no_latent_mismatch(src):
    assert flow(src).latent_mismatches({"model"}) == []


def test_latent_mismatch_across_cells():
    cell1 = flow('device = "cuda"\nmodel = Net().to(device)\nX = X.to(device)')
    devs, moved = cell1.exported()
    f = flow("out = model(X)\nout2 = model(X_test)", earlier=devs, moved_before=moved)
    assert f.latent_mismatches({"model"}) == [("model", "X_test", 2)]
