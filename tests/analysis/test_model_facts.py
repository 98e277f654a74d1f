"""Model facts of live models (dlfault_jupyter/analysis/model_facts.py): the real module
behind torch.compile / DataParallel, the output layer, activation and units of PyTorch and
Keras models; the model is not changed and no framework is imported by the check."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dlfault_jupyter.analysis.model_facts import is_wrapping_call, model_facts, rewraps, unwrap


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


def _mlp(torch, last=None):
    nn = torch.nn
    layers = [nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)]
    if last is not None:
        layers.append(last)
    return nn.Sequential(*layers)


def test_torch_sequential(torch):
    f = model_facts(_mlp(torch, torch.nn.Softmax(dim=1)))
    assert (f.framework, f.structure, f.output_kind, f.activation, f.units, f.wrappers) == (
        "torch", "sequential", "Softmax", "softmax", 3, ())
    f = model_facts(_mlp(torch))
    assert (f.output_kind, f.activation, f.units) == ("Linear", "linear", 3)


def test_torch_wrappers_are_seen_through(torch):
    net = _mlp(torch, torch.nn.LogSoftmax(dim=1))
    dp = torch.nn.DataParallel(net)
    real, labels = unwrap(dp)
    assert real is net and labels == ("DataParallel",)
    compiled = torch.compile(dp)
    real, labels = unwrap(compiled)
    assert real is net and labels == ("torch.compile", "DataParallel")
    f = model_facts(compiled)
    assert (f.activation, f.units, f.wrappers) == ("log_softmax", 3,
                                                   ("torch.compile", "DataParallel"))
    assert f.module is net


def test_torch_adapter_reads_the_real_module(torch):
    """The adapter's structure of a wrapped model is the real module's, with the wrapper's
    path in the names (as leaf_modules names them), so a message names a reachable layer."""
    from dlfault_jupyter import frameworks

    t = frameworks.get("torch")
    net = _mlp(torch, torch.nn.Softmax(dim=1))
    dp = torch.nn.DataParallel(net)
    both = torch.compile(dp, backend="eager")
    assert t.real_module(both) == (net, "_orig_mod.module.")
    assert t.real_module(net) == (net, "")
    assert [n for n, _ in t.sequential_chain(dp)] == ["module.0", "module.1", "module.2",
                                                       "module.3"]
    assert [n for n, _ in t.sequential_chain(both)][-1] == "_orig_mod.module.3"
    assert [n for n, _ in t.leaf_modules(dp)][0] == "module.0"
    assert t.output_layer(dp) == ("module.3: Softmax", "Softmax")
    assert t.sequential_chain(torch.nn.DataParallel(torch.nn.Linear(2, 2)))[0][0] == "module"


def test_wrapping_assignments(torch):
    import ast

    from dlfault_jupyter.source.facts import SourceFacts

    ns = {"torch": torch, "nn": torch.nn, "DP": torch.nn.DataParallel, "compile": torch.compile}
    for code, want in (("model = torch.compile(model)", True),
                       ("model = torch.compile(model, backend='eager')", True),
                       ("model = nn.DataParallel(model)", True),
                       ("model = DP(model)", True),
                       ("model = compile(model)", True),
                       ("model = nn.DataParallel(net)", False),      # another name
                       ("model = nn.Sequential(model)", False),
                       ("model = torch.jit.script(model)", False)):
        a = ast.parse(code).body[0]
        src = SourceFacts(code, ns)
        assert rewraps(src, "model", a.value) is want, code
        assert is_wrapping_call(src, a.value) is (want or "net" in code), code
    assert not is_wrapping_call(SourceFacts("x = f(m)", {}), ast.parse("f(m)").body[0].value)


def test_torch_subclass_forward(torch):
    nn = torch.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(4, 1)

        def forward(self, x):
            return torch.sigmoid(self.fc(x))

    f = model_facts(Net())
    assert f.structure == "module"
    # the adapter reads forward's source (a class defined in a test file has one)
    assert f.activation in ("sigmoid", None)


def test_no_change_to_the_model(torch):
    net = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Dropout(0.5),
                              torch.nn.BatchNorm1d(2))
    net.eval()
    before = {k: v.clone() for k, v in net.state_dict().items()}
    state = torch.random.get_rng_state()
    model_facts(torch.compile(net))
    assert not net.training
    assert all(torch.equal(before[k], v) for k, v in net.state_dict().items())
    assert torch.equal(state, torch.random.get_rng_state())


def test_not_models():
    assert model_facts(object()) is None
    assert model_facts([1, 2]) is None
    assert unwrap(3) == (3, ())


def test_keras_models():
    keras = pytest.importorskip("keras")
    seq = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                            keras.layers.Dense(1, activation="sigmoid")])
    f = model_facts(seq)
    assert (f.framework, f.structure, f.activation, f.units, f.exact) == (
        "keras", "sequential", "sigmoid", 1, True)
    inp = keras.Input((4,))
    out = keras.layers.Softmax()(keras.layers.Dense(5)(inp))
    f = model_facts(keras.Model(inp, out))
    assert (f.structure, f.activation, f.units) == ("functional", "softmax", 5)

    class Sub(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = keras.layers.Dense(8, activation="relu")
            self.out = keras.layers.Dense(10)

        def call(self, x):
            return self.out(self.hidden(x))

    f = model_facts(Sub())
    assert (f.structure, f.activation, f.units, f.exact) == ("subclassed", "linear", 10, False)


def test_never_imports_a_framework():
    code = ("import sys\nfrom dlfault_jupyter.analysis.model_facts import model_facts\n"
            "class M:\n    pass\nmodel_facts(M())\n"
            "print(sorted(m for m in ('torch', 'keras', 'tensorflow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.stdout.strip() == "[]", out.stderr
