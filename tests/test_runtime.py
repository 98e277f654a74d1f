"""%%dlcheck: runs the cell exactly as without the magic, changes no result (torch and
Keras), removes every hook (also after an exception), makes one report per cell, names
the right layer in its diagnoses, draws escaped charts, and its benchmark runs tiny."""

from __future__ import annotations

import math

import pytest

import dlfault_jupyter
from dlfault_jupyter.runtime import last_trace
from dlfault_jupyter.runtime.trace import Series, Trace

SETUP = """
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
"""

LOOP = """
losses = []
for epoch in range(3):
    perm = torch.randperm(256)
    for i in range(0, 256, 32):
        idx = perm[i:i + 32]
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
"""


def _session(ip):
    return dlfault_jupyter.get_session(ip)


def _run(ip, code: str):
    return ip.run_cell(code, store_history=True)


def _dlcheck(ip, body: str, line: str = ""):
    n = ip.execution_count
    res = _run(ip, f"%%dlcheck {line}\n{body}")
    rep = _session(ip).reports.get(n)
    return res, rep, last_trace()


def _ids(rep) -> set[str]:
    return {f.rule for f in rep.findings} if rep else set()


def _hooks_clean() -> None:
    import torch
    from torch.nn.modules import module as M
    from torch.optim import optimizer as O

    assert not M._global_forward_hooks and not M._global_forward_pre_hooks
    assert not O._global_optimizer_pre_hooks and not O._global_optimizer_post_hooks
    assert torch._C._len_torch_function_stack() == 0
    # the copy counters are gone
    assert not {"to", "cuda", "copy_"} & set(torch.Tensor.__dict__)
    assert type(torch.tensor).__name__ == "builtin_function_or_method"
    assert type(torch.as_tensor).__name__ == "builtin_function_or_method"
    for f in (torch.Tensor.backward, torch.optim.Optimizer.zero_grad, torch.nn.Module.zero_grad):
        assert "Probe" not in f.__qualname__, f.__qualname__
    if "keras" in __import__("sys").modules:
        import keras

        assert "Probe" not in keras.Model.fit.__qualname__
        assert "fit" not in keras.Model.__dict__


# -- runs exactly as without the magic ---------------------------------------------------
def test_torch_results_are_bit_identical(ip) -> None:
    import torch

    _run(ip, SETUP)
    _run(ip, LOOP)
    plain_losses = list(ip.user_ns["losses"])
    plain_w = {k: v.clone() for k, v in ip.user_ns["model"].state_dict().items()}
    plain_rng = torch.get_rng_state().clone()
    _run(ip, SETUP)
    res, _rep, tr = _dlcheck(ip, LOOP)
    assert res.error_in_exec is None
    assert ip.user_ns["losses"] == plain_losses          # bit-identical floats
    for k, v in ip.user_ns["model"].state_dict().items():
        assert torch.equal(v, plain_w[k]), k
    assert torch.equal(torch.get_rng_state(), plain_rng)
    assert tr.steps == 24 and tr.probes >= 3 and len(tr.losses) == 24
    assert tr.losses.values() == pytest.approx(plain_losses)
    _hooks_clean()


KERAS_SETUP = """
import numpy as np
import keras

keras.utils.set_random_seed(0)
Xk = np.random.RandomState(0).randn(256, 8).astype("float32")
yk = (Xk[:, 0] + Xk[:, 1] > 0).astype("int32")
kmodel = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                           keras.layers.Dropout(0.2), keras.layers.BatchNormalization(),
                           keras.layers.Dense(2)])
kmodel.compile(optimizer=keras.optimizers.Adam(LR),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
"""
KERAS_FIT = "hist = kmodel.fit(Xk, yk, batch_size=32, epochs=3, verbose=0)\n"


def test_keras_results_are_bit_identical(ip) -> None:
    import numpy as np

    _run(ip, KERAS_SETUP.replace("LR", "1e-2"))
    _run(ip, KERAS_FIT)
    plain_hist = list(ip.user_ns["hist"].history["loss"])
    km = ip.user_ns["kmodel"]
    # every variable: weights, BatchNorm statistics, optimizer slots and iterations, and
    # the seed generators' states (Dropout)
    plain_w = [np.array(v.numpy(), copy=True) for v in km.variables]
    plain_opt = [np.array(v.numpy(), copy=True) for v in km.optimizer.variables]
    _run(ip, KERAS_SETUP.replace("LR", "1e-2"))
    res, rep, tr = _dlcheck(ip, KERAS_FIT)
    assert res.error_in_exec is None
    assert ip.user_ns["hist"].history["loss"] == plain_hist
    km = ip.user_ns["kmodel"]
    for a, b in zip(km.variables, plain_w, strict=True):
        assert np.array_equal(a.numpy(), b), a.path
    for a, b in zip(km.optimizer.variables, plain_opt, strict=True):
        assert np.array_equal(a.numpy(), b), a.path
    assert tr.steps == 24 and tr.epochs == 3 and len(tr.losses) == 24
    # ... with the sample probe active: gradients, activations and update ratios seen
    assert tr.probes >= 4
    names = [ls.name for ls in tr.param_layers()]
    assert [tr.layers[n].kind for n in names] == ["Dense", "BatchNormalization", "Dense"]
    hidden = tr.layers[names[0]]
    assert hidden.act_probes == tr.probes and hidden.units == 16
    assert len(hidden.update_ratios) >= 2
    assert tr.epoch_losses == pytest.approx(plain_hist)
    # per-batch losses recovered from the running means: their epoch means match
    vals = tr.losses.values()
    assert sum(vals[:8]) / 8 == pytest.approx(plain_hist[0], rel=1e-4)
    assert not _ids(rep) - {"DLF-T303"}, [f.message for f in rep.findings]
    _hooks_clean()


def test_keras_divergence_and_nan(ip) -> None:
    _run(ip, KERAS_SETUP.replace("LR", "50.0").replace("Adam", "SGD"))
    _res, rep, _tr = _dlcheck(ip, KERAS_FIT)
    # one cause, one finding: the divergence leads, the NaN is listed as its evidence
    assert "DLF-T302" in _ids(rep) and "DLF-T301" not in _ids(rep)
    (div,) = [f for f in rep.findings if f.rule == "DLF-T302"]
    assert "(DLF-T301)" in div.expert and "nan" in div.expert
    _speaks_keras(rep)


KERAS_BASE = """
import numpy as np
import keras

keras.utils.set_random_seed(0)
Xk = np.random.RandomState(0).randn(256, 8).astype("float32")
yk = (Xk[:, 0] + Xk[:, 1] > 0).astype("int32")
"""


def _keras_fault(ip, layers: str, lr: str = "0.1", extra: str = "", fit: str = KERAS_FIT):
    _run(ip, KERAS_BASE + f"kmodel = keras.Sequential([keras.Input((8,)), {layers}, "
                          "keras.layers.Dense(2, name=\"out\")])\n" + extra +
         f"kmodel.compile(optimizer=keras.optimizers.SGD({lr}), loss=keras.losses."
         "SparseCategoricalCrossentropy(from_logits=True))\n")
    return _dlcheck(ip, fit)


TORCH_WORDS = ("requires_grad", "torch.", "zero_grad", ".backward", "nn.", "param.grad")


def _speaks_keras(rep) -> None:
    """A Keras run's findings use no PyTorch-only words (runtime rules: every text)."""
    for f in rep.findings if rep else ():
        if not f.rule[5:].startswith(("T3", "L3", "G3")):
            continue
        for field in ("message", "beginner", "expert", "fix"):
            text = getattr(f, field) or ""
            bad = [w for w in TORCH_WORDS if w in text]
            assert not bad, f"{f.rule}.{field} speaks PyTorch ({bad}) on a Keras run: {text}"


def _speaks_torch(rep) -> None:
    """A PyTorch run's runtime findings show no Keras code or words."""
    for f in rep.findings if rep else ():
        if not f.rule[5:].startswith(("T3", "L3", "G3")):
            continue
        assert "keras." not in (f.fix or ""), f"{f.rule} fix is Keras on a PyTorch run"
        for field in ("message", "beginner", "expert"):
            text = getattr(f, field) or ""
            assert "Keras" not in text and "keras." not in text, \
                f"{f.rule}.{field} speaks Keras on a PyTorch run: {text}"


def test_keras_vanishing_gradients_names_the_first_layer(ip) -> None:
    layers = ", ".join(f'keras.layers.Dense(32, activation="sigmoid", name="sig{i}")'
                       for i in range(9))
    _res, rep, _tr = _keras_fault(ip, layers)
    f = _finding(rep, "DLF-T306")
    assert "`kmodel.sig0`" in f.message and "`kmodel.out`" in f.message
    assert "keras.layers.Dense" in f.fix and "nn." not in f.fix
    _speaks_keras(rep)


def test_keras_dead_relu_names_the_layer(ip) -> None:
    _res, rep, tr = _keras_fault(ip, 'keras.layers.Dense(32, activation="relu", name="hidden", '
                                     'bias_initializer=keras.initializers.Constant(-20.0))')
    f = _finding(rep, "DLF-L301")
    assert "`kmodel.hidden`" in f.message and "32 of 32" in f.message
    assert tr.layers["kmodel.hidden"].dead_units == 32
    assert "leaky_relu" in f.fix
    # the zero gradient of `hidden` is its dead units, not a cut graph
    assert "DLF-T308" not in _ids(rep), _finding(rep, "DLF-T308").message
    _speaks_keras(rep)
    # the subject is the Keras model trained, not a torch model of the namespace
    assert all(f.subject != "model" for f in rep.findings), [f.subject for f in rep.findings]


def test_keras_stop_gradient_gets_no_gradient_in_keras_words(ip) -> None:
    layers = ('keras.layers.Dense(32, activation="relu", name="body"), '
              'keras.layers.Lambda(lambda t: keras.ops.stop_gradient(t), name="cut")')
    _res, rep, _tr = _keras_fault(ip, layers)
    f = _finding(rep, "DLF-T308")
    assert "`kmodel.body`" in f.message and "trainable weights" in f.message
    assert "stop_gradient" in f.beginner and "class Block(keras.layers.Layer)" in f.fix
    _speaks_keras(rep)


def test_keras_unshuffled_sorted_labels(ip) -> None:
    sort = "order = np.argsort(yk, kind='stable')\nXs, ys = Xk[order], yk[order]\n"
    fit = "hist = kmodel.fit(Xs, ys, batch_size=32, epochs=2, verbose=0, shuffle=SHUFFLE)\n"
    # shuffle off through a variable: only the run shows it
    _res, rep, tr = _keras_fault(ip, 'keras.layers.Dense(32, activation="relu")',
                                 extra=sort + "flag = False\n",
                                 fit=fit.replace("SHUFFLE", "flag"))
    f = _finding(rep, "DLF-T313")
    assert "labels seen: 0, 1" in f.message and "shuffle=False" in f.beginner
    assert "kmodel.fit(" in f.fix and len(tr.label_probes) >= 3
    _speaks_keras(rep)
    # a literal shuffle=False: DLF-A110 names the line; the runtime rule does not repeat it
    _res, rep, _tr = _keras_fault(ip, 'keras.layers.Dense(32, activation="relu")',
                                  extra=sort, fit=fit.replace("SHUFFLE", "False"))
    assert "DLF-A110" in _ids(rep) and "DLF-T313" not in _ids(rep), _ids(rep)
    # shuffled (the default): no label probe at all
    _res, rep, tr = _keras_fault(ip, 'keras.layers.Dense(32, activation="relu")',
                                 extra=sort, fit=fit.replace(", shuffle=SHUFFLE", ""))
    assert not tr.label_probes and "DLF-T313" not in _ids(rep)


def test_keras_unnormalised_inputs_from_the_sample_batch(ip) -> None:
    _res, rep, tr = _keras_fault(ip, 'keras.layers.Dense(32, activation="relu")',
                                 fit=KERAS_FIT.replace("fit(Xk,", "fit(Xk * 100 + 500,"))
    f = _finding(rep, "DLF-T314")
    assert "`kmodel`" in f.message and "keras.layers.Normalization" in f.fix
    assert tr.first_leaf_kind == "Dense" and len(tr.input_probes) >= 2
    _speaks_keras(rep)
    # a Normalization layer first: quiet
    _res, rep, _tr = _keras_fault(
        ip, 'keras.layers.Normalization(mean=500.0, variance=10000.0), '
            'keras.layers.Dense(32, activation="relu")',
        fit=KERAS_FIT.replace("fit(Xk,", "fit(Xk * 100 + 500,"))
    assert "DLF-T314" not in _ids(rep), _finding(rep, "DLF-T314").message


def test_keras_nan_origin_names_the_dividing_layer(ip) -> None:
    layers = ('keras.layers.Dense(32, activation="relu"), '
              'keras.layers.Lambda(lambda t: t / 0.0, name="divide")')
    _res, rep, tr = _keras_fault(ip, layers)
    f = _finding(rep, "DLF-T310")
    assert "`kmodel.divide` (Lambda)" in f.message and "step 0" in f.message
    assert tr.nan_origin["in_min"] == 0.0 and tr.nan_origin["input_finite"]
    assert "DLF-T301" not in _ids(rep)
    _speaks_keras(rep)


def test_keras_exploding_gradients(ip) -> None:
    layers = ", ".join('keras.layers.Dense(64, kernel_initializer=keras.initializers.'
                       'RandomNormal(stddev=2.0))' for _ in range(6))
    _res, rep, _tr = _keras_fault(ip, layers, lr="1e-9")
    f = _finding(rep, "DLF-T307")
    assert "`kmodel." in f.message and "clipnorm" in f.fix
    _speaks_keras(rep)


def test_keras_update_ratio_far_too_low(ip) -> None:
    _res, rep, _tr = _keras_fault(ip, 'keras.layers.Dense(32, activation="relu")', lr="1e-9")
    f = _finding(rep, "DLF-T309")
    assert "far too low" in f.message and "kmodel.optimizer" in f.message
    assert "kmodel.compile" in f.fix
    _speaks_keras(rep)


def test_keras_saturated_tanh_names_the_layer(ip) -> None:
    layers = ('keras.layers.Dense(32, activation="tanh", name="squash", kernel_initializer='
              'keras.initializers.RandomNormal(stddev=30.0))')
    _res, rep, _tr = _keras_fault(ip, layers)
    f = _finding(rep, "DLF-L302")
    assert "`kmodel.squash` (Dense)" in f.message


def test_keras_functional_model_is_probed_layer_by_layer(ip) -> None:
    _run(ip, KERAS_BASE + """
inp = keras.Input((8,))
h = keras.layers.Dense(32, activation="relu", name="hidden",
                       bias_initializer=keras.initializers.Constant(-20.0))(inp)
kmodel = keras.Model(inp, keras.layers.Dense(2, name="out")(h))
kmodel.compile(optimizer=keras.optimizers.SGD(0.1),
               loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
""")
    _res, rep, tr = _dlcheck(ip, KERAS_FIT)
    assert "`kmodel.hidden`" in _finding(rep, "DLF-L301").message
    assert [ls.name for ls in tr.param_layers()] == ["kmodel.hidden", "kmodel.out"]


def test_keras_healthy_run_is_quiet(ip) -> None:
    _res, rep, tr = _keras_fault(ip, 'keras.layers.Dense(32, activation="relu"), '
                                     'keras.layers.Dense(32, activation="tanh")',
                                 fit=KERAS_FIT.replace("epochs=3", "epochs=5"))
    assert not _ids(rep), [f.message for f in rep.findings] if rep else None
    assert tr.probes >= 5 and len(tr.param_layers()) == 3
    _hooks_clean()


def test_keras_dataset_input_skips_the_probe(ip) -> None:
    _run(ip, KERAS_SETUP.replace("LR", "1e-2") + "import tensorflow as tf\n"
             "ds = tf.data.Dataset.from_tensor_slices((Xk, yk)).batch(32)\n")
    res, rep, tr = _dlcheck(ip, "kmodel.fit(ds, epochs=2, verbose=0)\n")
    assert res.error_in_exec is None and tr.steps == 16 and tr.probes == 0
    assert not rep or not rep.notes


def test_last_expression_is_the_cell_result(ip) -> None:
    _run(ip, SETUP)
    res, _rep, _tr = _dlcheck(ip, "a = 20\na + 22")
    assert res.result == 42
    assert ip.user_ns["a"] == 20


def test_exception_propagates_and_hooks_are_removed(ip) -> None:
    _run(ip, SETUP)
    res, rep, tr = _dlcheck(ip, LOOP + "raise ValueError('boom')\n")
    assert isinstance(res.error_in_exec, ValueError)
    assert tr.steps == 24
    _hooks_clean()
    # an error inside the model's forward, too
    res, rep, tr = _dlcheck(ip, "model(torch.randn(4, 3))\n")
    assert isinstance(res.error_in_exec, RuntimeError)
    _hooks_clean()
    # and the report explains nothing wrong about the run itself
    assert not {i for i in _ids(rep) if i[5] == "3"}


def test_one_report_per_cell_with_notebook_line_numbers(ip) -> None:
    _run(ip, SETUP)
    n = ip.execution_count
    body = LOOP.replace("        optimizer.zero_grad()\n", "")
    _run(ip, "%%dlcheck\n" + body)
    s = _session(ip)
    rep = s.reports[n]
    t001 = [f for f in rep.findings if f.rule == "DLF-T001"]
    assert t001, [f.rule for f in rep.findings]
    # `loss.backward()` is line 8 of the body, line 9 of the notebook cell
    lines = ("%%dlcheck\n" + body).splitlines()
    assert lines[t001[0].line - 1].strip() == "loss.backward()"
    # the runtime twin (DLF-T311) defers to the source finding: one finding, not two
    assert "DLF-T311" not in _ids(rep)
    assert len([r for r in s.reports if r == n]) == 1
    # the next ordinary cell is checked again (the session's hook is not left busy)
    _run(ip, "import torch.nn as nn2\nbad = nn2.Sequential(nn2.Linear(4, 2), nn2.Softmax(dim=1))"
             "\nlf = nn2.CrossEntropyLoss()\nlf(bad(torch.randn(3, 4)), torch.tensor([0, 1, 0]))")
    assert not s._busy.locked()


def test_options(ip) -> None:
    from IPython.core.error import UsageError

    _run(ip, SETUP)
    _res, _rep, tr = _dlcheck(ip, LOOP, "--steps 5 --every 2")
    assert tr.steps == 5 and tr.every == 2
    assert len(tr.losses) == 5
    # no hook is left and the whole loop ran
    assert len(ip.user_ns["losses"]) == 24
    _hooks_clean()
    with pytest.raises(UsageError):
        from dlfault_jupyter.runtime import parse_options

        parse_options("--every 0")
    _res, rep, _tr = _dlcheck(ip, "x = 1\n")
    assert any("no training step" in n for n in rep.notes)


# -- diagnoses name the right layer ----------------------------------------------------
def _fault(ip, setup_extra: str, loop: str = LOOP, model: str | None = None):
    code = SETUP if model is None else SETUP.replace(
        "model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))", model)
    _run(ip, code.replace("momentum=0.9", "momentum=0.0") + setup_extra)
    return _dlcheck(ip, loop)


def _finding(rep, rid):
    fs = [f for f in rep.findings if f.rule == rid]
    assert fs, f"no {rid}: {[(f.rule, f.message) for f in rep.findings]}"
    return fs[0]


def test_vanishing_gradients_names_the_first_layer(ip) -> None:
    deep = ("model = nn.Sequential(nn.Linear(8, 32), nn.Sigmoid(), "
            + "nn.Linear(32, 32), nn.Sigmoid(), " * 8 + "nn.Linear(32, 2))")
    _res, rep, _tr = _fault(ip, "", model=deep)
    f = _finding(rep, "DLF-T306")
    assert "`model[0]`" in f.message and "`model[18]`" in f.message
    _speaks_torch(rep)


def test_dead_relu_names_the_layer(ip) -> None:
    _res, rep, tr = _fault(ip, "with torch.no_grad():\n    model[0].bias.fill_(-20.0)\n")
    f = _finding(rep, "DLF-L301")
    assert "`model[1]`" in f.message and "32 of 32" in f.message
    assert tr.layers["model.1"].dead_units == 32
    # `model.0` gets zero gradients because the ReLU after it is dead: not DLF-T308
    assert "DLF-T308" not in _ids(rep), _finding(rep, "DLF-T308").message
    _speaks_torch(rep)


def test_nan_origin_names_the_layer_and_its_input_range(ip) -> None:
    extra = ("class LogFeatures(nn.Module):\n    def forward(self, x):\n"
             "        return torch.log(x)\n")
    _run(ip, SETUP)
    _run(ip, extra + "model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), LogFeatures(), "
                     "nn.Linear(32, 2))\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n")
    _res, rep, tr = _dlcheck(ip, LOOP)
    f = _finding(rep, "DLF-T310")
    assert "`model[2]` (LogFeatures)" in f.message and "step 0" in f.message
    assert tr.nan_origin["in_min"] == 0.0 and tr.nan_origin["input_finite"]
    assert "DLF-T301" not in _ids(rep)


def test_nan_in_data_gives_the_step(ip) -> None:
    _res, rep, tr = _fault(ip, "X[37, 2] = float('nan')\n")
    f = _finding(rep, "DLF-T301")
    step = tr.losses.first_bad[0]
    assert f"step {step}" in f.message and "input batch" in f.message
    assert tr.input_nonfinite_step == step


def test_divergence_with_lr_10(ip) -> None:
    _res, rep, _tr = _fault(ip, "optimizer = torch.optim.SGD(model.parameters(), lr=10)\n")
    assert "DLF-T302" in _ids(rep)
    _speaks_torch(rep)


def test_detached_layer_gets_no_gradient(ip) -> None:
    net = ("class Net(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
           "        self.body = nn.Linear(8, 32)\n        self.head = nn.Linear(32, 2)\n"
           "    def forward(self, x):\n        return self.head(torch.relu(self.body(x)).detach())\n")
    _run(ip, SETUP)
    _run(ip, net + "model = Net()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n")
    _res, rep, _tr = _dlcheck(ip, LOOP)
    f = _finding(rep, "DLF-T308")
    assert "`model.body`" in f.message and "`model.head`" not in f.message
    assert "requires_grad=True" in f.message and "def forward" in f.fix
    _speaks_torch(rep)


COPY_LOOP = LOOP.replace("        optimizer.zero_grad()\n", """        xb = X[idx].to(device)
        w = class_weights.to(device)
        buf.copy_(X[idx][:4]); staged = buf.to(device)
        optimizer.zero_grad()
""")


def test_host_to_device_copies_are_counted_and_the_constant_one_named(ip) -> None:
    _run(ip, SETUP + "device = torch.device('meta')\nclass_weights = torch.tensor([1.0, 3.0])\n"
                     "buf = torch.zeros(4, 8)\n")
    _res, rep, tr = _dlcheck(ip, COPY_LOOP)
    # 3 copies per step: the batch (32×8 float32), the weights (2 float32), the buffer
    assert tr.h2d_copies == 3 * 24 and tr.h2d_steps == 24 and tr.h2d_device == "meta"
    assert tr.h2d_bytes == 24 * (32 * 8 * 4 + 2 * 4 + 4 * 8 * 4)
    # only the unchanged tensor is a constant copy (the buffer changes every step)
    assert [c["name"] for c in tr.const_copies] == ["class_weights"]
    f = _finding(rep, "DLF-G301")
    assert "`class_weights` (float32, 2)" in f.message and "at 24 of 24 steps" in f.message
    lines = ("%%dlcheck\n" + COPY_LOOP).splitlines()
    assert lines[f.line - 1].strip() == "w = class_weights.to(device)"
    assert "class_weights_dev = class_weights.to(device)" in f.fix
    _hooks_clean()


def test_sorted_labels_and_raw_inputs(ip) -> None:
    _run(ip, SETUP + "order = torch.argsort(y)\n"
                     "X, y = (X[order] * 40 + 128).clamp(0, 255).round(), y[order]\n"
                     "optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)\n")
    loop = LOOP.replace("    perm = torch.randperm(256)\n", "").replace(
        "idx = perm[i:i + 32]", "idx = slice(i, i + 32)")
    _res, rep, _tr = _dlcheck(ip, loop)
    assert {"DLF-T313", "DLF-T314"} <= _ids(rep)
    assert "labels seen: 0, 1" in _finding(rep, "DLF-T313").message
    _speaks_torch(rep)


def test_lines_in_messages_are_the_notebook_cells(ip) -> None:
    """Inside a %%dlcheck cell a source rule's line numbers, in the finding and in its
    message, count the %%dlcheck line and the blank lines after it, as the notebook does."""
    _run(ip, SETUP)
    body = "\n\n" + LOOP.replace("        optimizer.zero_grad()\n", "")
    _res, rep, _tr = _dlcheck(ip, body)
    f = _finding(rep, "DLF-T001")
    lines = ("%%dlcheck\n" + body).splitlines()
    loop_line = next(i for i, t in enumerate(lines, 1) if t.startswith("for epoch"))
    inner = next(i for i, t in enumerate(lines, 1) if t.strip().startswith("for i in"))
    assert f"loop at line {inner}" in f.message, (inner, loop_line, f.message)
    assert "backward()" in lines[f.line - 1] or "step()" in lines[f.line - 1], \
        (f.line, lines[f.line - 1])


GAN = """
import torch
from torch import nn
torch.manual_seed(0)
real = torch.rand(256, 8) * 2 - 1
netG = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 8), nn.Tanh())
netD = nn.Sequential(nn.Linear(8, 16), nn.LeakyReLU(0.2), nn.Linear(16, 1), nn.Sigmoid())
criterion = nn.BCELoss()
optD = torch.optim.Adam(netD.parameters(), lr=2e-3, betas=(0.5, 0.999))
optG = torch.optim.Adam(netG.parameters(), lr=2e-3, betas=(0.5, 0.999))
"""
GAN_LOOP = """
for epoch in range(4):
    for i in range(0, 256, 16):
        x = real[i:i + 16]
        netD.zero_grad()
        label = torch.full((16,), 1.0)
        errD_real = criterion(netD(x).view(-1), label)
        errD_real.backward()
        fake = netG(torch.randn(16, 4))
        label.fill_(0.0)
        errD_fake = criterion(netD(fake.detach()).view(-1), label)
        errD_fake.backward()
        optD.step()
        netG.zero_grad()
        label.fill_(1.0)
        errG = criterion(netD(fake).view(-1), label)
        errG.backward()
        optG.step()
"""


def test_gan_targets_and_interleaved_losses_are_not_faults(ip) -> None:
    """A GAN builds constant real/fake targets per loss call, and its discriminator and
    generator losses alternate: neither is sorted data nor an oscillating loss."""
    _run(ip, GAN)
    _res, rep, tr = _dlcheck(ip, GAN_LOOP)
    assert tr.n_optimizers == 2 and tr.multi_target_steps > 0 and len(tr.label_probes) >= 3
    assert not {"DLF-T313", "DLF-T304", "DLF-T303", "DLF-T302"} & _ids(rep), \
        [f.message for f in rep.findings]


def test_healthy_run_is_quiet(ip) -> None:
    _run(ip, SETUP)
    _res, rep, tr = _dlcheck(ip, LOOP)
    assert not _ids(rep), [f.message for f in rep.findings] if rep else None
    assert tr.models == ["model"] and tr.optimizers == ["optimizer"]
    assert tr.loss_name == "CrossEntropyLoss" and tr.n_classes == 2
    assert [ls.name for ls in tr.param_layers()] == ["model.0", "model.2"]


# -- pieces ------------------------------------------------------------------------------
def test_series_is_bounded_and_exact_at_the_ends() -> None:
    s = Series(cap=64)
    for i in range(10_000):
        s.add(i, float(i))
    s.add(10_000, float("nan"))
    assert len(s.points) < 64 and len(s) == 10_001
    assert s.first == (0, 0.0) and s.min == 0.0 and s.first_bad[0] == 10_000


def test_charts_are_escaped_svg() -> None:
    from dlfault_jupyter.runtime import charts

    tr = Trace()
    for i in range(30):
        tr.losses.add(i, 2.0 / (i + 1))
    ls = tr.layer("<script>x", "Linear")
    ls.grad_probes = 2
    ls.grad_norms.add(0, 0.5)
    act = tr.layer("net.<b>", "ReLU")
    act.dead_units, act.units = 3, 4
    html = charts.svg_for(tr)
    assert html.count("<svg") == 3
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "net.&lt;b&gt;" in html
    assert "loss" in charts.text_summary(tr)
    assert charts.svg_for(Trace()) == ""


def test_bench_smoke() -> None:
    from benchmarks import bench_dlcheck

    res = bench_dlcheck.main(tiny=True)
    assert {"torch tiny mlp", "torch mlp 32-512-512-4"} <= set(res["results"])
    for v in res["results"].values():
        for variant in ("%%dlcheck", "detect_anomaly"):
            assert v[variant]["ratio"] > 0 and math.isfinite(v[variant]["ratio_cpu"])
        assert v["probes"] >= 3
    assert set(res["memory"]) == {100, 1000} and "fixed cost" in res["markdown"]
    assert "ratio (CPU)" in res["markdown"]
    _hooks_clean()


def test_charts_join_the_report_widget(ip) -> None:
    pytest.importorskip("ipywidgets")
    s = _session(ip)
    s.config.display_mode = "widget"
    _run(ip, SETUP + "with torch.no_grad():\n    model[0].bias.fill_(-20.0)\n")
    _res, rep, _tr = _dlcheck(ip, LOOP)
    assert rep.widget is not None
    last = rep.widget.children[-1]
    assert "dlfault-charts" in last._dom_classes and "<svg" in last.value
    rep.widget.set_level("expert")            # a refresh keeps the charts
    assert "<svg" in rep.widget.children[-1].value
    assert rep.widget.children[-1] is not last and last.comm is None  # the old one closed


def test_chart_numbers_ride_in_the_findings_payload(ip) -> None:
    import json

    from dlfault_jupyter.findings import MIME
    from dlfault_jupyter.render.bundle import payload

    _run(ip, SETUP + "with torch.no_grad():\n    model[0].bias.fill_(-20.0)\n")
    _res, rep, _tr = _dlcheck(ip, LOOP.replace("range(3)", "range(30)"))
    p = payload(rep)
    json.loads(json.dumps(p, allow_nan=False))            # strict JSON: no NaN/Infinity
    c = p["charts"]
    assert c["framework"] == "torch" and c["steps"] == 240
    assert 2 <= len(c["loss"]["values"]) <= 200 and len(c["loss"]["steps"]) == len(
        c["loss"]["values"])
    by = {row["name"]: row for row in c["layers"]}
    assert by["model.1"]["dead"] == 1.0 and by["model.2"]["grad"] > 0
    # each finding keeps exactly the contract's keys
    keys = {"rule", "taxonomy", "severity", "silent", "cell", "line", "subject", "message",
            "beginner", "expert", "fix"}
    assert all(set(f) == keys for f in p["findings"])
    assert MIME == "application/vnd.dlfault.findings+json"


def test_healthy_run_charts_output_carries_the_payload(ip) -> None:
    from dlfault_jupyter.findings import MIME
    from dlfault_jupyter.render import bundle
    from dlfault_jupyter.report import Charts
    from dlfault_jupyter.runtime import charts

    shown = []
    orig = bundle.ChartOutput._repr_mimebundle_

    def spy(self, include=None, exclude=None):
        b = orig(self, include, exclude)
        shown.append(b)
        return b

    s = _session(ip)
    s.config.display_mode = "static"
    bundle.ChartOutput._repr_mimebundle_ = spy
    try:
        _run(ip, SETUP)
        _res, rep, _tr = _dlcheck(ip, LOOP)
        b = bundle.ChartOutput(Charts(None, charts.svg_for(_tr), "x"))
        assert MIME not in b._repr_mimebundle_()
    finally:
        bundle.ChartOutput._repr_mimebundle_ = orig
    assert rep is None                  # no finding: no report shown
    got = [b for b in shown if MIME in b]
    assert got and got[0][MIME]["findings"] == [] and got[0][MIME]["charts"]["layers"]


def test_dlcheck_is_one_session_check_and_never_changes_the_level(ip, monkeypatch) -> None:
    """%%dlcheck goes the way of every cell: one ``Session.check`` (the after-cell hook
    does not check the cell a second time), one run of the rules with both scopes, one
    report with each finding once; ``--level`` is the report's level, the session's
    ``config.level`` is never touched (no change event, nothing for the sidebar to
    follow)."""
    from IPython.utils.capture import capture_output

    from dlfault_jupyter import session as session_mod

    s = _session(ip)
    _run(ip, SETUP + "with torch.no_grad():\n    model[0].bias.fill_(-20.0)\n")
    checks, scopes, levels = [], [], []
    orig_check, orig_rules = s.check, session_mod._run_rules

    def check(run):
        checks.append(run)
        return orig_check(run)

    def run_rules(ctx, scope="cell", *a, **k):
        scopes.append(scope)
        return orig_rules(ctx, scope, *a, **k)

    def level_changed(change) -> None:
        levels.append(change["new"])

    monkeypatch.setattr(s, "check", check)
    monkeypatch.setattr(session_mod, "_run_rules", run_rules)
    s.config.observe(level_changed, names=["level"])
    try:
        n = ip.execution_count
        with capture_output() as cap:
            _run(ip, "%%dlcheck --level expert\n" + LOOP)
    finally:
        s.config.unobserve(level_changed, names=["level"])
    assert len(checks) == 1 and checks[0].trace is not None and checks[0].level == "expert"
    assert scopes == [("cell", "runtime")]
    assert levels == [] and s.config.level == "beginner"
    rep = s.reports[n]
    ids = [f.rule for f in rep.findings]
    assert "DLF-L301" in ids and len(ids) == len(set(ids)), ids
    assert rep.level == "expert" and rep.charts is not None and rep.charts.svg
    dead = _finding(rep, "DLF-L301")
    text = " ".join(cap.stdout.split())
    assert " ".join(dead.expert.split())[:40] in text       # shown at the report's level
    assert " ".join(dead.beginner.split())[:40] not in text
    # the next plain cell is checked by the hook as usual, at the session's level
    _run(ip, "z = 1")
    assert len(checks) == 2 and checks[1].trace is None and checks[1].level is None
