"""What the rules say about the frameworks holds for the installed frameworks.

A rule text that calls an API deprecated, removed, ignored, or says what a default is or
how a call behaves, is a claim about the pinned torch / Keras / TensorFlow. Each test here
shows one such claim on the installed version (a warning caught with
``simplefilter("always")``, an attribute or module that is missing, a default read with
``inspect.signature``, a behaviour run on a tiny tensor), and names the rule that makes it
(``pytest.mark.rule("DLF-...")`` and in the test name: ``-k DLF_A001`` selects them). Where the rule keeps a table
(deprecated torch APIs, removed Keras APIs), the test walks the rule's own table, so an
entry added without a true claim behind it fails here.

torch and TensorFlow are imported once for the whole file; the Keras tests are few and
use tiny models.
"""

from __future__ import annotations

import importlib
import inspect
import io
import os
import pickle
import re
import warnings

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

torch = pytest.importorskip("torch")
F = torch.nn.functional
nn = torch.nn


def rule(rid: str):
    """Mark a test with the rule whose claim it checks (the id also goes in the test id)."""
    return pytest.mark.rule(rid)


def caught(fn):
    """(result, warnings) of ``fn()``, every warning recorded."""
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        out = fn()
    return out, [(w.category, str(w.message)) for w in rec]


# --- PyTorch -----------------------------------------------------------------------------

IMG = torch.arange(16.0).reshape(1, 1, 4, 4)

#: how to call each API that DLF-A001 reports as a warning because torch warns
WARNED_CALLS = {
    "F.upsample": lambda: F.upsample(IMG, scale_factor=2),
    "F.upsample_bilinear": lambda: F.upsample_bilinear(IMG, scale_factor=2),
    "F.upsample_nearest": lambda: F.upsample_nearest(IMG, scale_factor=2),
    "torch.range": lambda: torch.range(0, 3),
    "nn.utils.clip_grad_norm": lambda: nn.utils.clip_grad_norm(
        [nn.Parameter(torch.ones(2))], 1.0),
}


@rule("DLF-A001")
def test_DLF_A001_every_api_reported_as_warned_is_warned_by_torch():
    from dlfault_jupyter.rules.api.a001_deprecated_torch_api import _WARNED_BY_TORCH

    assert set(WARNED_CALLS) == _WARNED_BY_TORCH, "add a call for each new table entry"
    for name, call in WARNED_CALLS.items():
        _, got = caught(call)
        assert any(issubclass(c, (UserWarning, FutureWarning, DeprecationWarning))
                   and "deprecated" in m for c, m in got), (name, got)


@rule("DLF-A001")
def test_DLF_A001_every_table_entry_is_deprecated_by_torch():
    """Each API of the table is warned about by torch, or (Variable) documented as
    deprecated: the autograd docs' "Variable (deprecated)" section, and a Variable is no
    longer a type of its own."""
    from dlfault_jupyter.rules.api.a001_deprecated_torch_api import _WARNED_BY_TORCH, _deprecations

    olds = {old for old, _variant in _deprecations().values()}
    assert olds - _WARNED_BY_TORCH == {"torch.autograd.Variable"}
    v = torch.autograd.Variable(torch.ones(2))
    assert type(v) is torch.Tensor


@rule("DLF-A001")
@pytest.mark.parametrize("name", ["sigmoid", "tanh"])
def test_DLF_A001_F_sigmoid_and_tanh_are_not_deprecated(name):
    """The false claim this file was written for: torch 2.13 neither warns on
    F.sigmoid / F.tanh nor documents them as deprecated, so A001 must not report them."""
    from dlfault_jupyter.rules.api.a001_deprecated_torch_api import _deprecations

    fn = getattr(F, name)
    out, got = caught(lambda: fn(torch.zeros(3)))
    assert got == []
    assert torch.equal(out, getattr(torch, name)(torch.zeros(3)))
    assert "deprecat" not in (fn.__doc__ or "").lower()
    assert id(fn) not in _deprecations()


@rule("DLF-A001")
def test_DLF_A001_torch_range_includes_its_end_and_the_fix_gives_the_same_values():
    r, _ = caught(lambda: torch.range(0, 3))
    assert r.tolist() == [0.0, 1.0, 2.0, 3.0]
    # the fix: torch.arange(0, 3 + 1) (arange excludes the end)
    assert torch.arange(0, 3 + 1).tolist() == r.tolist()
    r2, _ = caught(lambda: torch.range(0, 1, 0.25))
    assert torch.equal(torch.arange(0, 1 + 0.25, 0.25), r2)


@rule("DLF-A001")
def test_DLF_A001_upsample_fixes_compute_the_same_result():
    """The replacements the fix writes are the deprecated functions' own meaning."""
    b, _ = caught(lambda: F.upsample_bilinear(IMG, scale_factor=2))
    assert torch.equal(b, F.interpolate(IMG, scale_factor=2, mode="bilinear",
                                        align_corners=True))
    n, _ = caught(lambda: F.upsample_nearest(IMG, scale_factor=2))
    assert torch.equal(n, F.interpolate(IMG, scale_factor=2, mode="nearest"))
    u, _ = caught(lambda: F.upsample(IMG, scale_factor=2, mode="nearest"))
    assert torch.equal(u, F.interpolate(IMG, scale_factor=2, mode="nearest"))


@rule("DLF-A001")
def test_DLF_A001_variable_is_a_silent_plain_tensor_sharing_the_data():
    x = torch.ones(3)
    v, got = caught(lambda: torch.autograd.Variable(x))
    assert got == []                     # no warning: hence only advice (info)
    assert type(v) is torch.Tensor and v is not x and v.data_ptr() == x.data_ptr()


@rule("DLF-A001")
def test_DLF_A001_volatile_warns_and_has_no_effect():
    model = nn.Linear(3, 1)
    v, got = caught(lambda: torch.autograd.Variable(torch.ones(1, 3), volatile=True))
    assert any("no effect" in m for _, m in got), got
    assert model(v).requires_grad        # the graph is still recorded


@rule("DLF-A001")
@pytest.mark.parametrize("kw,reduction", [({"size_average": False}, "sum"),
                                          ({"reduce": False}, "none"),
                                          ({"size_average": True}, "mean")])
def test_DLF_A001_size_average_reduce_warn_on_every_construction(kw, reduction):
    for _ in range(2):
        loss, got = caught(lambda: nn.MSELoss(**kw))
        assert any("size_average and reduce args will be deprecated" in m for _, m in got)
        assert loss.reduction == reduction   # what the rule's fix writes
    _, got = caught(lambda: F.mse_loss(torch.ones(2), torch.zeros(2), **kw))
    assert any("will be deprecated" in m for _, m in got)


@rule("DLF-A005")
def test_DLF_A005_forward_skips_the_hooks_call_runs_them():
    m = nn.Linear(2, 2)
    seen = []
    m.register_forward_pre_hook(lambda mod, inp: seen.append("pre"))
    m.register_forward_hook(lambda mod, inp, out: seen.append("post"))
    x = torch.zeros(1, 2)
    assert torch.equal(m.forward(x), m(x))
    assert seen == ["pre", "post"]       # only from m(x)


@rule("DLF-A006")
def test_DLF_A006_torch_load_refuses_a_whole_module_by_default():
    assert inspect.signature(torch.load).parameters["weights_only"].default is None
    m = nn.Linear(2, 2)
    buf = io.BytesIO()
    torch.save(m, buf)
    buf.seek(0)
    with pytest.raises(pickle.UnpicklingError, match="weights_only"):
        torch.load(buf)
    buf = io.BytesIO()
    torch.save(m.state_dict(), buf)
    buf.seek(0)
    fresh = nn.Linear(2, 2)
    fresh.load_state_dict(torch.load(buf))
    assert torch.equal(fresh.weight, m.weight)


@rule("DLF-S002")
@rule("DLF-E015")
def test_DLF_S002_E015_numpy_float64_meets_float32_weights():
    a = np.zeros((2, 3))
    assert a.dtype == np.float64
    t = torch.from_numpy(a)
    assert t.dtype == torch.float64 and torch.tensor(a).dtype == torch.float64
    with pytest.raises(RuntimeError, match="mat1 and mat2 must have the same dtype"):
        nn.Linear(3, 1)(t)
    assert nn.Linear(3, 1).double()(t).dtype == torch.float64   # the other way out


@rule("DLF-E017")
@pytest.mark.parametrize("cls", ["RNN", "LSTM", "GRU"])
def test_DLF_E017_recurrent_layers_are_sequence_first_by_default(cls):
    layer = getattr(nn, cls)(input_size=3, hidden_size=4)
    assert layer.batch_first is False
    out, _ = layer(torch.zeros(5, 2, 3))     # (L, N, H_in)
    assert out.shape == (5, 2, 4)


@rule("DLF-E012")
@rule("DLF-E014")
def test_DLF_E014_cross_entropy_ignore_index_defaults_to_minus_100():
    assert nn.CrossEntropyLoss().ignore_index == -100
    assert inspect.signature(F.cross_entropy).parameters["ignore_index"].default == -100
    assert inspect.signature(F.nll_loss).parameters["ignore_index"].default == -100


@rule("DLF-L004")
def test_DLF_L004_bce_loss_rejects_values_outside_0_1_and_clamps_the_log():
    with pytest.raises(RuntimeError, match="all elements of input should be between 0 and 1"):
        nn.BCELoss()(torch.tensor([1.5]), torch.tensor([1.0]))
    assert nn.BCELoss()(torch.tensor([0.0]), torch.tensor([1.0])).item() == 100.0
    z = torch.tensor([30.0])
    assert torch.isclose(nn.BCEWithLogitsLoss()(z, torch.tensor([0.0])), z)   # stable


@rule("DLF-L010")
def test_DLF_L010_non_negative_logits_clip_and_bce_with_logits_stays_above_log_2():
    from dlfault_jupyter.rules.layers.l010_non_negative_output_into_logit_loss import (
        _BOUNDED,
        _CLIPS,
        _RANGES,
    )

    h = torch.linspace(-8.0, 8.0, 161, requires_grad=True)
    for kind in _RANGES:
        z = getattr(nn, kind)()(h)
        assert (z >= 0).all(), kind                           # never negative
        (g,) = torch.autograd.grad(z.sum(), h)
        if kind in _CLIPS:    # exactly 0, with zero gradient, for every negative input
            assert (z[h < 0] == 0).all() and (g[h < 0] == 0).all(), kind
        else:                 # the gradient shrinks towards 0 as h -> -inf
            assert 0 < g[0] < 1e-3 and g[0] < g[80], kind
        assert (kind in _BOUNDED) == bool(z.max() < 7), kind
    # BCEWithLogitsLoss on z >= 0: every probability >= 0.5, a negative's loss >= log 2
    z = torch.tensor([0.0, 0.3, 5.0])
    per = nn.BCEWithLogitsLoss(reduction="none")(z, torch.zeros(3))
    assert (torch.sigmoid(z) >= 0.5).all() and (per >= np.log(2) - 1e-6).all()
    # CrossEntropyLoss is shift-invariant in the logits (only differences matter)
    logits, y = torch.tensor([[2.0, -1.0, 0.5]]), torch.tensor([0])
    assert torch.isclose(nn.CrossEntropyLoss()(logits, y), nn.CrossEntropyLoss()(logits + 3, y))


@rule("DLF-L011")
def test_DLF_L011_softmax_with_bce_on_a_multi_hot_row_cannot_put_two_labels_above_half():
    torch.manual_seed(0)
    z = torch.zeros(1, 4, requires_grad=True)
    target = torch.tensor([[1.0, 1.0, 0.0, 0.0]])
    opt = torch.optim.SGD([z], lr=1.0)
    for _ in range(300):
        opt.zero_grad()
        nn.BCELoss()(torch.softmax(z, dim=1), target).backward()
        opt.step()
    p = torch.softmax(z, dim=1).detach()[0]
    assert torch.isclose(p.sum(), torch.tensor(1.0))
    assert (p[:2] <= 0.5 + 1e-6).all() and torch.allclose(p[:2], torch.tensor([0.5, 0.5]),
                                                           atol=0.02)
    # one sigmoid per label reaches both
    w = torch.zeros(1, 4, requires_grad=True)
    opt = torch.optim.SGD([w], lr=1.0)
    for _ in range(300):
        opt.zero_grad()
        nn.BCEWithLogitsLoss()(w, target).backward()
        opt.step()
    assert (torch.sigmoid(w.detach())[0, :2] > 0.9).all()


@rule("DLF-S003")
@pytest.mark.parametrize("cls", ["MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss"])
def test_DLF_S003_n1_against_n_broadcasts_to_n_by_n_with_only_a_warning(cls):
    from dlfault_jupyter.frameworks.torch import VOCAB  # the losses DLF-S003 checks

    assert cls in VOCAB.REGRESSION_LOSSES
    pred, target = torch.tensor([[1.0], [2.0], [4.0]]), torch.tensor([1.0, 2.0, 4.0])
    loss = getattr(nn, cls)()
    out, got = caught(lambda: loss(pred, target))
    assert any("different to the input size" in m for _, m in got), got
    assert out.item() > 0                                   # the right pairs would give 0
    assert torch.isclose(out, loss(pred.expand(3, 3), target.expand(3, 3)))


@rule("DLF-T311")
def test_DLF_T311_backward_adds_to_the_stored_gradient():
    w = torch.ones(2, requires_grad=True)
    (w * 3).sum().backward()
    (w * 3).sum().backward()
    assert w.grad.tolist() == [6.0, 6.0]


@rule("DLF-G003")
def test_DLF_G003_data_parallel_prefixes_module_and_on_cpu_just_calls_the_module():
    inner = nn.Linear(2, 1)
    dp = nn.DataParallel(inner)
    assert set(dp.state_dict()) == {"module.weight", "module.bias"}
    x = torch.ones(1, 2)
    assert torch.equal(dp(x), inner(x))
    with pytest.raises(RuntimeError, match="Missing key"):
        nn.Linear(2, 1).load_state_dict(dp.state_dict())


@rule("DLF-E007")
@pytest.mark.parametrize("cls", ["BCELoss", "BCEWithLogitsLoss"])
def test_DLF_E007_binary_cross_entropy_does_not_broadcast(cls):
    """Both raise (BCELoss with a message of its own); the rule reads both messages."""
    from dlfault_jupyter.rules import lookup

    rule_cls = lookup("DLF-E007")

    with pytest.raises(ValueError) as e:
        getattr(nn, cls)()(torch.full((4, 1), 0.5), torch.ones(4))
    assert any(re.search(p, str(e.value)) for p in rule_cls.PATTERNS), str(e.value)


@rule("DLF-E008")
def test_DLF_E008_class_probabilities_yes_integer_one_hot_no():
    logits = torch.zeros(2, 3)
    assert nn.CrossEntropyLoss()(logits, torch.tensor([[1.0, 0, 0], [0, 1.0, 0]])).isfinite()
    one_hot = torch.tensor([[1, 0, 0], [0, 1, 0]])
    with pytest.raises(RuntimeError):
        nn.CrossEntropyLoss()(logits, one_hot)
    with pytest.raises(RuntimeError):
        nn.NLLLoss()(logits, one_hot.float())
    assert nn.NLLLoss()(logits, one_hot.argmax(1)).isfinite()
    assert torch.tensor([[2], [0]]).argmax(1).tolist() == [0, 0]   # argmax of a column


@rule("DLF-E011")
def test_DLF_E011_view_needs_compatible_strides_reshape_and_flatten_do_not():
    x = torch.arange(24.0).reshape(2, 3, 4).permute(0, 2, 1)
    with pytest.raises(RuntimeError, match="view size is not compatible"):
        x.view(2, -1)
    assert torch.equal(x.reshape(2, -1), x.flatten(1))
    assert torch.equal(x.contiguous().view(2, -1), x.flatten(1))


@rule("DLF-E019")
def test_DLF_E019_numpy_refuses_a_tensor_that_requires_grad():
    w = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match="Can't call numpy\\(\\) on Tensor that requires grad"):
        w.numpy()
    assert w.detach().numpy().tolist() == [1.0, 1.0]


@rule("DLF-L007")
def test_DLF_L007_linear_maps_only_the_last_axis():
    out = nn.Linear(5, 7)(torch.zeros(2, 3, 4, 5))
    assert out.shape == (2, 3, 4, 7)


@rule("DLF-L005")
def test_DLF_L005_dropout_scales_in_training_and_is_the_identity_in_eval():
    d = nn.Dropout(0.5)
    x = torch.ones(1000)
    torch.manual_seed(0)
    y = d(x)
    assert set(y.unique().tolist()) == {0.0, 2.0}
    assert torch.equal(d.eval()(x), x)


@rule("DLF-A013")
def test_DLF_A013_functional_dropout_keeps_dropping_after_eval_unless_given_training():
    class Net(nn.Module):
        def forward(self, x, guarded=False):
            return F.dropout(x, 0.5, training=self.training) if guarded else F.dropout(x, 0.5)

    net = Net().eval()
    x = torch.ones(1000)
    torch.manual_seed(0)
    with torch.no_grad():
        a, b = net(x), net(x)
    assert set(a.unique().tolist()) == {0.0, 2.0}      # still masked and rescaled in eval
    assert not torch.equal(a, b)                        # two evaluations differ
    assert torch.equal(net(x, guarded=True), x)         # training=self.training: the identity
    assert torch.equal(F.dropout2d(torch.ones(4, 8, 3, 3), 0.0), torch.ones(4, 8, 3, 3))
    # the defaults the rule reads from the signatures: on for dropout/dropout{1,2,3}d,
    # off for alpha_dropout / feature_alpha_dropout
    for name in ("dropout", "dropout1d", "dropout2d", "dropout3d"):
        assert inspect.signature(getattr(F, name)).parameters["training"].default is True
    for name in ("alpha_dropout", "feature_alpha_dropout"):
        assert inspect.signature(getattr(F, name)).parameters["training"].default is False


@rule("DLF-E014")
@rule("DLF-E016")
def test_DLF_E014_E016_out_of_range_indices_raise_index_error_on_the_cpu():
    with pytest.raises(IndexError, match="out of bounds"):
        nn.CrossEntropyLoss()(torch.zeros(2, 3), torch.tensor([0, 3]))
    with pytest.raises(IndexError, match="index out of range in self"):
        nn.Embedding(4, 2)(torch.tensor([4]))


@rule("DLF-T007")
def test_DLF_T007_batchnorm_in_train_mode_updates_its_statistics_even_under_no_grad():
    bn = nn.BatchNorm1d(2)
    with torch.no_grad():
        bn(torch.full((4, 2), 5.0) + torch.arange(4.0)[:, None])
    assert bn.running_mean.tolist() != [0.0, 0.0]
    bn.eval()
    before = bn.running_mean.clone()
    bn(torch.ones(4, 2))
    assert torch.equal(bn.running_mean, before)


@rule("DLF-T011")
def test_DLF_T011_eval_does_not_switch_grad_mode_off():
    m = nn.Linear(2, 1).eval()
    assert m(torch.ones(1, 2)).grad_fn is not None
    with torch.no_grad():
        assert m(torch.ones(1, 2)).grad_fn is None


@rule("DLF-T014")
def test_DLF_T014_cross_entropy_over_one_unit_with_float_targets_is_zero_without_error():
    z = torch.randn(4, 1, requires_grad=True)
    loss = nn.CrossEntropyLoss()(z, torch.rand(4, 1))
    loss.backward()
    assert loss.item() == 0.0 and torch.count_nonzero(z.grad) == 0


@rule("DLF-T006")
def test_DLF_T006_a_tiny_epsilon_underflows_in_half_precision():
    assert torch.tensor(1e-8, dtype=torch.float16).item() == 0.0
    assert torch.tensor(1e-8, dtype=torch.bfloat16).item() != 0.0    # only float16 underflows
    assert torch.optim.Adam([nn.Parameter(torch.ones(1))]).defaults["eps"] == 1e-8


@rule("DLF-S201")
def test_DLF_S201_tensor_dataset_rejects_different_lengths():
    with pytest.raises(AssertionError, match="Size mismatch between tensors"):
        torch.utils.data.TensorDataset(torch.zeros(5, 2), torch.zeros(4))


# --- Keras 3 / TensorFlow 2.21 -------------------------------------------------------------

keras = pytest.importorskip("keras")
tf = pytest.importorskip("tensorflow")


def test_the_pinned_versions():
    """The claims below are about Keras 3 and tf.keras being Keras 3 (TF >= 2.16)."""
    assert keras.__version__.startswith("3.")
    assert tf.keras.optimizers.Adam is keras.optimizers.Adam


@rule("DLF-L110")
@pytest.mark.parametrize("label_shape", [(8,), (8, 1)])
def test_DLF_L110_keras3_rejects_one_label_column_on_two_sigmoid_units(label_shape):
    """Keras 3's binary_crossentropy needs target and output of the same shape: 0/1
    labels of one column against a 2-unit output stop fit (the rule says Keras 3 raises)."""
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="sigmoid")])
    m.compile(optimizer="adam", loss="binary_crossentropy")
    x = np.zeros((8, 3), "float32")
    y = np.array([0, 1] * 4, "float32").reshape(label_shape)
    with pytest.raises(ValueError, match="must have the same"):
        m.fit(x, y, epochs=1, verbose=0)


@rule("DLF-A101")
def test_DLF_A101_lr_is_rejected():
    with pytest.raises(ValueError, match=re.escape("Argument(s) not recognized")):
        keras.optimizers.Adam(lr=0.01)


@rule("DLF-A101")
@pytest.mark.parametrize("cls", ["SGD", "Adam"])
def test_DLF_A101_decay_is_accepted_with_a_warning_and_ignored(cls):
    """Keras 3 does not reject decay= (the rule said so): it warns and ignores it."""
    opt, got = caught(lambda: getattr(keras.optimizers, cls)(learning_rate=0.1, decay=0.5))
    assert any("`decay` is no longer supported and will be ignored" in m for _, m in got)
    v = keras.Variable(np.ones(2, "float32"))
    for _ in range(3):
        opt.apply([np.ones(2, "float32")], [v])
    assert float(opt.learning_rate) == pytest.approx(0.1)   # no decay happened


@rule("DLF-A101")
def test_DLF_A101_the_decay_fix_is_keras_2s_decay():
    """Keras 2: lr / (1 + decay * iterations); InverseTimeDecay(decay_steps=1) is that."""
    s = keras.optimizers.schedules.InverseTimeDecay(initial_learning_rate=0.1, decay_steps=1,
                                                    decay_rate=0.5)
    assert [round(float(s(i)), 6) for i in range(3)] == [0.1, round(0.1 / 1.5, 6), 0.05]


def _resolve(qualname: str):
    """The object a dotted name names, importing modules on the way (raises if absent)."""
    parts = qualname.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for a in parts[i:]:
            obj = getattr(obj, a)
        return obj
    raise ImportError(qualname)


@rule("DLF-A102")
def test_DLF_A102_removed_functions_are_gone():
    from dlfault_jupyter.rules.api.a102_removed_keras_api import _REMOVED_FUNCS

    for q in _REMOVED_FUNCS:
        with pytest.raises((AttributeError, ImportError)):
            _resolve(q)


@rule("DLF-A102")
def test_DLF_A102_removed_model_methods_are_gone():
    from dlfault_jupyter.rules.api.a102_removed_keras_api import _REMOVED_METHODS

    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    for name, modern in _REMOVED_METHODS.items():
        assert not hasattr(m, name), name
        assert callable(getattr(m, modern))


@rule("DLF-A102")
def test_DLF_A102_moved_modules_and_names_do_not_import():
    from dlfault_jupyter.rules.api.a102_removed_keras_api import _MOVED_MODULES, _MOVED_NAMES

    for mod in list(_MOVED_MODULES) + ["tensorflow.keras.layers.core",
                                       "tensorflow.keras.utils.np_utils"]:
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(mod)
    for mod, name in _MOVED_NAMES:
        with pytest.raises(ImportError, match=f"cannot import name '{name}'"):
            exec(f"from {mod} import {name}", {})


@rule("DLF-A102")
@pytest.mark.parametrize("name", [
    "keras.utils.to_categorical", "keras.utils.plot_model", "keras.layers.TextVectorization",
    "keras.utils.image_dataset_from_directory", "keras.layers.RandomFlip",
    "keras.layers.RandomRotation", "keras.layers.Normalization", "keras.layers.Rescaling",
    "keras.layers.Layer", "keras.layers.InputSpec", "keras.Model",
    "keras.wrappers.SKLearnClassifier", "keras.wrappers.SKLearnRegressor",
    "keras.utils.set_random_seed", "tensorflow.random.set_seed",
    "keras.optimizers.schedules.InverseTimeDecay"])
def test_DLF_A102_the_replacements_exist(name):
    assert _resolve(name) is not None


@rule("DLF-A102")
def test_DLF_A102_keras1_arguments_are_rejected_with_the_message_the_rule_reads():
    from dlfault_jupyter.rules.api.a102_removed_keras_api import _KERAS1_ARGS, _KERAS1_ERROR

    with pytest.raises(ValueError) as e:
        keras.layers.Dense(3, init="glorot_uniform")
    m = re.search(_KERAS1_ERROR, str(e.value))
    assert m and m.group(1) == "init" and _KERAS1_ARGS["init"] == "kernel_initializer"
    with pytest.raises(ValueError) as e:
        keras.layers.Conv2D(3, 3, border_mode="same")
    assert re.search(_KERAS1_ERROR, str(e.value)).group(1) == "border_mode"
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(TypeError) as e:
        model.fit(np.zeros((2, 3)), np.zeros((2, 1)), nb_epoch=1, verbose=0)
    assert re.search(_KERAS1_ERROR, str(e.value)).group(2) == "nb_epoch"


@rule("DLF-T111")
def test_DLF_T111_trainable_changed_after_fit_is_ignored_until_compile():
    keras.utils.set_random_seed(0)
    x, y = np.random.rand(16, 3).astype("float32"), np.random.rand(16, 1).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, epochs=1, verbose=0)
    first = model.layers[0]
    first.trainable = False
    w = first.kernel.numpy().copy()
    model.fit(x, y, epochs=1, verbose=0)
    assert not np.allclose(w, first.kernel.numpy())      # the "frozen" layer still trained
    model.compile(optimizer="sgd", loss="mse")
    w = first.kernel.numpy().copy()
    model.fit(x, y, epochs=1, verbose=0)
    assert np.allclose(w, first.kernel.numpy())          # re-compiled: frozen


@rule("DLF-E109")
def test_DLF_E109_fit_batch_size_defaults_to_32():
    assert inspect.signature(keras.Model.fit).parameters["batch_size"].default is None
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    sizes = []

    class Count(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            sizes.append(batch)

    model.fit(np.zeros((64, 2)), np.zeros((64, 1)), epochs=1, verbose=0, callbacks=[Count()])
    assert len(sizes) == 2                                  # 64 samples / 32


@rule("DLF-S201")
def test_DLF_S201_keras_rejects_x_and_y_of_different_lengths():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="Data cardinality is ambiguous"):
        model.fit(np.zeros((5, 2)), np.zeros((4, 1)), verbose=0)


@rule("DLF-E108")
def test_DLF_E108_cpu_rejects_a_label_out_of_range_with_the_message_the_rule_reads():
    if tf.config.list_physical_devices("GPU"):
        pytest.skip("the claim is about the CPU kernel")
    loss = keras.losses.SparseCategoricalCrossentropy()
    with pytest.raises(Exception) as e:
        loss(np.array([5]), np.full((1, 3), 1 / 3, "float32"))
    assert re.search(r"Received a label value of (-?\d+) which is outside the valid range of "
                     r"\[0, (\d+)\)", str(e.value)).groups() == ("5", "3")


@rule("DLF-T102")
@rule("DLF-T305")
def test_DLF_T102_probability_losses_clip_logits_and_lose_the_gradient():
    loss = keras.losses.BinaryCrossentropy()           # from_logits=False
    z = tf.Variable([[-3.0]])
    with tf.GradientTape() as tape:
        v = loss(np.array([[1.0]], "float32"), z)
    assert float(v) == pytest.approx(-np.log(1e-7), rel=1e-3)   # -ln ε ≈ 16.1
    assert float(tape.gradient(v, z)[0, 0]) == 0.0


@rule("DLF-G102")
def test_DLF_G102_a_missing_gpu_falls_back_to_the_cpu_silently():
    assert tf.config.get_soft_device_placement() is True
    if tf.config.list_physical_devices("GPU"):
        pytest.skip("needs a machine without a GPU")
    with tf.device("/GPU:0"):
        r = tf.constant([1.0]) + 1.0
    assert r.device.endswith("CPU:0")


@pytest.mark.parametrize("rid,obj,param,default", [
    pytest.param("DLF-A110", "keras.Model.fit", "shuffle", True, id="DLF_A110-fit-shuffle"),
    pytest.param("DLF-T313", "keras.Model.fit", "shuffle", True, id="DLF_T313-fit-shuffle"),
    pytest.param("DLF-T112", "keras.optimizers.Adam", "epsilon", 1e-07, id="DLF_T112-adam"),
    pytest.param("DLF-T112", "keras.optimizers.RMSprop", "epsilon", 1e-07,
                 id="DLF_T112-rmsprop"),
    pytest.param("DLF-T101", "keras.losses.BinaryCrossentropy", "from_logits", False,
                 id="DLF_T101-bce"),
    pytest.param("DLF-T101", "keras.losses.CategoricalCrossentropy", "from_logits", False,
                 id="DLF_T101-cce"),
    pytest.param("DLF-T305", "keras.losses.SparseCategoricalCrossentropy", "from_logits",
                 False, id="DLF_T305-scce"),
    pytest.param("DLF-M101", "keras.layers.Dense", "kernel_initializer", "glorot_uniform",
                 id="DLF_M101-dense"),
    pytest.param("DLF-M101", "keras.layers.Conv2D", "kernel_initializer", "glorot_uniform",
                 id="DLF_M101-conv2d"),
    pytest.param("DLF-A108", "tensorflow.data.Dataset.map", "num_parallel_calls", None,
                 id="DLF_A108-map-sequential"),
])
def test_documented_defaults(rid, obj, param, default):
    assert inspect.signature(_resolve(obj)).parameters[param].default == default


@rule("DLF-T109")
def test_DLF_T109_adaptive_optimizers_default_to_0_001():
    from dlfault_jupyter.frameworks.keras import VOCAB

    for cls in VOCAB.ADAPTIVE_OPTIMIZERS:
        lr = inspect.signature(getattr(keras.optimizers, cls)).parameters["learning_rate"]
        assert lr.default == 0.001, cls


@rule("DLF-S101")
def test_DLF_S101_keras_is_channels_last_by_default():
    assert keras.config.image_data_format() == "channels_last"
    conv = keras.layers.Conv2D(2, 3)
    conv.build((None, 8, 8, 1))
    assert conv.kernel.shape == (3, 3, 1, 2)    # the last axis was read as channels


@rule("DLF-S101")
def test_DLF_S101_keras3_adds_or_drops_a_trailing_axis_of_size_1():
    """Why S101 does not report (N, 4) into Input((4, 1)) nor (N, 4, 1) into Input((4,))."""
    inp = keras.Input((4, 1))
    m = keras.Model(inp, keras.layers.Dense(1)(keras.layers.Flatten()(inp)))
    assert m.predict(np.zeros((2, 4)), verbose=0).shape == (2, 1)
    m2 = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    assert m2.predict(np.zeros((2, 4, 1)), verbose=0).shape == (2, 1)


@rule("DLF-T113")
def test_DLF_T113_a_fresh_adams_first_step_is_lr_times_sign_of_the_gradient():
    opt = keras.optimizers.Adam(learning_rate=0.01)
    v = keras.Variable(np.zeros(3, "float32"))
    opt.apply([np.array([100.0, -0.01, 3.0], "float32")], [v])
    assert np.allclose(v.numpy(), [-0.01, 0.01, -0.01], rtol=1e-3)


@rule("DLF-L107")
def test_DLF_L107_keras_trusts_compute_output_shape_when_building():
    class Declared5(keras.layers.Layer):
        def call(self, x):
            return x[:, :2]

        def compute_output_shape(self, input_shape):
            return (input_shape[0], 5)

    m = keras.Sequential([keras.Input((4,)), Declared5(), keras.layers.Dense(3)])
    assert m.layers[1].kernel.shape == (5, 3)     # built from the declared shape, not call's


@rule("DLF-L101")
def test_DLF_L101_categorical_crossentropy_normalises_probabilities_by_their_sum():
    y = np.array([[1.0, 0.0]], "float32")
    p = np.array([[0.6, 0.6]], "float32")           # two sigmoids, not a distribution
    got = float(keras.losses.CategoricalCrossentropy()(y, p))
    assert got == pytest.approx(-np.log(0.5), rel=1e-5)


@rule("DLF-A106")
def test_DLF_A106_cache_after_a_random_map_repeats_the_first_draw():
    # a stateful generator: without cache every pass draws anew, whatever the global seed
    g = tf.random.Generator.from_seed(1)
    fresh = tf.data.Dataset.range(4).map(lambda i: g.uniform([]))
    assert list(fresh.as_numpy_iterator()) != list(fresh.as_numpy_iterator())
    ds = tf.data.Dataset.range(4).map(lambda i: g.uniform([])).cache()
    first, second = list(ds.as_numpy_iterator()), list(ds.as_numpy_iterator())
    assert first == second


@rule("DLF-A104")
def test_DLF_A104_shuffle_after_batch_keeps_each_batch_together():
    ds = tf.data.Dataset.range(12).batch(3).shuffle(4, seed=0)
    batches = {tuple(b.tolist()) for b in ds.as_numpy_iterator()}
    assert batches == {(0, 1, 2), (3, 4, 5), (6, 7, 8), (9, 10, 11)}


def _accuracy_metric(model, y):
    model.evaluate(np.zeros((2, 4)), y, verbose=0)
    return [type(m).__name__ for m in model._compile_metrics.metrics]


@rule("DLF-T104")
def test_DLF_T104_keras3_resolves_accuracy_from_the_shapes_not_from_the_loss():
    """Keras 2 turned "accuracy" + binary_crossentropy into a per-output binary accuracy
    (the inflated number T104 used to promise); Keras 3 gives the categorical one."""
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    m.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    assert _accuracy_metric(m, np.eye(3)[[0, 1]]) == ["CategoricalAccuracy"]


@rule("DLF-T106")
def test_DLF_T106_accuracy_on_a_regression_head_is_a_classification_accuracy():
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    m.compile(optimizer="sgd", loss="mse", metrics=["accuracy"])
    assert _accuracy_metric(m, np.zeros((2, 1))) == ["BinaryAccuracy"]
    acc = keras.metrics.BinaryAccuracy()
    acc.update_state(np.array([[2.7], [1.0], [0.0]]), np.array([[2.7], [0.9], [0.2]]))
    assert float(acc.result()) == pytest.approx(2 / 3)    # 2.7 vs (2.7 > 0.5) = 1: a miss
    m2 = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    m2.compile(optimizer="sgd", loss="mse", metrics=["accuracy"])
    assert _accuracy_metric(m2, np.zeros((2, 2))) == ["CategoricalAccuracy"]


@rule("DLF-T107")
def test_DLF_T107_validation_split_takes_the_last_rows_before_shuffling():
    from keras.src.trainers.data_adapters.array_slicing import train_validation_split

    (train,), (val,) = train_validation_split((np.arange(8),), validation_split=0.25)
    assert val.tolist() == [6, 7] and train.tolist() == list(range(6))


@rule("DLF-S103")
def test_DLF_S103_keras_builtin_losses_align_n_and_n1_but_plain_broadcasting_does_not():
    y, p = np.array([1.0, 2.0, 4.0], "float32"), np.array([[1.0], [2.0], [4.0]], "float32")
    assert float(keras.losses.MeanSquaredError()(y, p)) == 0.0
    assert float(keras.ops.mean(keras.ops.square(y - p))) > 0      # (3, 3) by hand


@rule("DLF-S103")
def test_DLF_S103_metric_by_hand_broadcasts_n1_against_n_but_keras_metrics_align_them():
    p = np.array([[1.0], [0.0], [1.0]], "float32")          # predictions (3, 1)
    y = np.array([1.0, 0.0, 1.0], "float32")                # labels (3,): all correct
    assert (p == y).shape == (3, 3) and float(np.mean(p == y)) < 1.0
    assert (p - y).shape == (3, 3)
    assert tuple((torch.from_numpy(p) == torch.from_numpy(y)).shape) == (3, 3)
    assert tuple(tf.equal(tf.constant(p), tf.constant(y)).shape) == (3, 3)
    assert float(np.mean(p.ravel() == y)) == 1.0
    assert float(keras.metrics.BinaryAccuracy()(y, p)) == 1.0


@rule("DLF-T110")
def test_DLF_T110_training_true_updates_batchnorm_moving_statistics():
    bn = keras.layers.BatchNormalization()
    x = np.full((4, 2), 5.0, "float32")
    bn(x, training=False)
    assert np.allclose(bn.moving_mean.numpy(), 0.0)
    bn(x, training=True)
    assert not np.allclose(bn.moving_mean.numpy(), 0.0)


@rule("DLF-L102")
def test_DLF_L102_softmax_over_one_unit_is_always_one_and_keras_warns_on_the_first_call():
    """Not a silent fault (the rule says so): Keras 3 warns at the first call, not at build."""
    m, got = caught(lambda: keras.Sequential(
        [keras.Input((3,)), keras.layers.Dense(1, activation="softmax")]))
    assert not any("softmax" in msg for _, msg in got)
    out, got = caught(lambda: m.predict(np.random.rand(5, 3), verbose=0))
    assert np.all(out == 1.0)
    assert any("will always return the value 1" in msg for _, msg in got)
    from dlfault_jupyter.rules import lookup

    assert lookup("DLF-L102").silent is False


@rule("DLF-T015")
def test_DLF_T015_a_model_state_dict_holds_no_optimizer_state_and_a_fresh_adam_steps_differently():
    import copy

    from dlfault_jupyter.frameworks import torch as tfw

    torch.manual_seed(0)
    x, y = torch.randn(32, 4), torch.randn(32, 1)

    def steps(model, opt, n):
        for _ in range(n):
            opt.zero_grad()
            nn.functional.mse_loss(model(x), y).backward()
            opt.step()

    model = nn.Linear(4, 1)
    opt = torch.optim.Adam(model.parameters(), lr=0.1)
    steps(model, opt, 20)
    assert tfw.optimizer_memory(opt) == "moments" and opt.state
    # what torch.save / torch.load give: copies, not the live tensors
    saved_model, saved_opt = copy.deepcopy(model.state_dict()), copy.deepcopy(opt.state_dict())
    assert tfw.is_optimizer_state_dict(saved_opt) and not tfw.is_optimizer_state_dict(saved_model)
    # resumed with the optimizer's state: the next step is the one the run would take
    a = nn.Linear(4, 1)
    a.load_state_dict(saved_model)
    opt_a = torch.optim.Adam(a.parameters(), lr=0.1)
    opt_a.load_state_dict(saved_opt)
    # resumed with a fresh optimizer: empty state, and a different step
    b = nn.Linear(4, 1)
    b.load_state_dict(saved_model)
    opt_b = torch.optim.Adam(b.parameters(), lr=0.1)
    assert not opt_b.state
    steps(model, opt, 1)
    steps(a, opt_a, 1)
    steps(b, opt_b, 1)
    assert torch.allclose(a.weight, model.weight)
    assert not torch.allclose(b.weight, model.weight)
    # plain SGD keeps nothing between steps; with momentum it keeps a buffer
    assert tfw.optimizer_memory(torch.optim.SGD(model.parameters(), lr=0.1)) is None
    assert tfw.optimizer_memory(torch.optim.SGD(model.parameters(), lr=0.1,
                                                momentum=0.9)) == "momentum"


@rule("DLF-T019")
def test_DLF_T019_a_fresh_adam_step_is_about_lr_times_sign_and_fresh_momentum_is_plain_sgd():
    torch.manual_seed(0)
    w = nn.Parameter(torch.tensor([1.0, 1.0, 1.0]))
    grad = torch.tensor([1e-4, 0.5, -30.0])
    w.grad = grad.clone()
    torch.optim.Adam([w], lr=0.01).step()
    # every weight moves by ~lr, whatever its gradient's size: sign descent
    assert torch.allclose(1.0 - w.detach(), 0.01 * torch.sign(grad), rtol=1e-2, atol=1e-6)
    v = nn.Parameter(torch.tensor([1.0, 1.0, 1.0]))
    v.grad = grad.clone()
    torch.optim.SGD([v], lr=0.01, momentum=0.9).step()
    # an empty momentum buffer: the first update is plain SGD's
    assert torch.allclose(1.0 - v.detach(), 0.01 * grad, atol=1e-6)
def test_DLF_T017_plateau_defaults_to_min_and_max_mode_cuts_the_rate_while_a_loss_falls():
    w = torch.nn.Parameter(torch.zeros(1))

    def run(mode, values, **kw):
        opt = torch.optim.SGD([w], lr=1.0)
        s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **({"mode": mode} if mode else {}),
                                                       factor=0.5, patience=1, **kw)
        for v in values:
            s.step(v)
        return s.mode, opt.param_groups[0]["lr"]

    falling, rising = [1.0, 0.8, 0.6, 0.4, 0.2], [0.2, 0.4, 0.6, 0.8, 1.0]
    assert run(None, rising) == ("min", 0.25)       # default "min": a rising score is cut
    assert run("max", falling) == ("max", 0.25)     # "max": a falling loss is cut
    assert run("min", falling)[1] == 1.0            # the right mode keeps the rate
    assert run("max", rising)[1] == 1.0
    assert run("max", [-v for v in falling])[1] == 1.0   # a negated loss with "max" is fine


def test_DLF_T176_restore_best_weights_keeps_the_epoch_best_on_validation_data():
    keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 3)).astype("float32")
    y = (x @ np.array([1.0, -2.0, 0.5], "float32")).astype("float32")
    xv, yv = x[:16] + 0.5, y[:16]
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    m.compile(optimizer=keras.optimizers.SGD(0.05), loss="mse")
    stop = keras.callbacks.EarlyStopping(monitor="val_loss", patience=1,
                                         restore_best_weights=True)
    h = m.fit(x, y, epochs=6, validation_data=(xv, yv), callbacks=[stop], verbose=0)
    # the val_ numbers are computed on validation_data, and the weights kept are those of
    # the epoch with the lowest val_loss on it
    assert m.evaluate(xv, yv, verbose=0) == pytest.approx(min(h.history["val_loss"]),
                                                          rel=1e-4)
def test_DLF_T016_swapped_loss_arguments_run_without_error_and_the_loss_has_no_minimum():
    from dlfault_jupyter.frameworks import torch as tfw

    # the asymmetric losses accept the swapped order silently and give another value
    torch.manual_seed(0)
    logits = torch.randn(32, 1, requires_grad=True)
    y = (torch.rand(32, 1) > 0.5).float()
    bce = nn.BCEWithLogitsLoss()
    swapped = bce(y, logits)
    assert not torch.allclose(swapped, bce(logits, y))
    swapped.backward()                    # the output gets a gradient through the target
    assert logits.grad is not None and logits.grad.abs().sum() > 0
    # the swapped loss is linear in the output: its gradient is minus the label, so the
    # positives' outputs grow without bound, the zeros get no gradient, the loss goes < 0
    out = torch.zeros(2, 1, requires_grad=True)
    lab = torch.tensor([[0.0], [1.0]])
    opt = torch.optim.SGD([out], lr=1.0)
    for _ in range(50):
        opt.zero_grad()
        loss = nn.BCEWithLogitsLoss(reduction="sum")(lab, out)
        loss.backward()
        assert torch.allclose(out.grad, -lab)
        opt.step()
    assert out[0].item() == 0.0 and out[1].item() > 40 and loss.item() < 0
    # cross-entropy with one-hot float labels as the input: no error either
    onehot = nn.functional.one_hot(torch.tensor([0, 2, 1]), 3).float()
    scores = torch.randn(3, 3)
    ce = nn.CrossEntropyLoss()
    assert not torch.allclose(ce(onehot, scores), ce(scores, onehot))
    # ... and linear in the scores passed as the target: a constant gradient, no minimum
    for t in (torch.zeros(3, 3, requires_grad=True), torch.full((3, 3), -50.0, requires_grad=True)):
        ce(onehot, t).backward()
        assert torch.allclose(t.grad, -torch.log_softmax(onehot, 1) / 3)
    assert ce(onehot, torch.full((3, 3), -50.0)) < ce(onehot, torch.zeros(3, 3)) - 10
    # the distances the rule does not report are symmetric
    a, b = torch.randn(8), torch.randn(8)
    for cls in (nn.MSELoss, nn.L1Loss, nn.SmoothL1Loss, nn.HuberLoss):
        assert torch.allclose(cls()(a, b), cls()(b, a))
        assert cls.__name__ in tfw.VOCAB.SYMMETRIC_LOSSES


def test_DLF_T175_keras_passes_the_labels_first_whatever_the_parameter_names():
    seen: dict[str, tuple] = {}

    def swapped(y_pred, y_true):           # names inverted: Keras binds by position
        seen["first"] = tuple(y_pred.shape)
        seen["second"] = tuple(y_true.shape)
        seen["first_values"] = np.asarray(y_pred)
        return keras.ops.mean(keras.ops.square(y_true - y_pred))

    x = np.random.rand(8, 4).astype("float32")
    y = np.arange(8, dtype="float32").reshape(8, 1) + 100.0    # labels far from any output
    m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
    m.compile(optimizer="sgd", loss=swapped, run_eagerly=True)
    m.fit(x, y, batch_size=8, epochs=1, verbose=0, shuffle=False)
    # the parameter called y_pred received the labels
    assert np.allclose(np.sort(seen["first_values"].ravel()), y.ravel())


@rule("DLF-E021")
def test_DLF_E021_cuda_requests_raise_on_a_machine_without_cuda_and_is_available_does_not():
    from dlfault_jupyter.rules.errors.e021_cuda_not_available import _NO_CUDA
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    # is_available() answers without raising; every unconditional request raises
    assert torch.cuda.is_available() is False
    for ask in (lambda: nn.Linear(2, 2).cuda(), lambda: nn.Linear(2, 2).to("cuda:0"),
                lambda: torch.zeros(2, device="cuda"), lambda: torch.zeros(2).cuda()):
        with pytest.raises((AssertionError, RuntimeError)) as e:
            ask()
        assert any(re.search(p, str(e.value)) for p in _NO_CUDA), str(e.value)
    if not torch.backends.cuda.is_built():
        # the CPU build's wording, as the rule's "cpu_build" variant says
        with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
            nn.Linear(2, 2).cuda()


@rule("DLF-T020")
def test_DLF_T020_a_used_up_parameters_generator_gives_an_empty_or_partial_optimizer():
    net = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    gen = net.parameters()
    assert inspect.isgenerator(gen)
    assert sum(p.numel() for p in gen) == 3 * 4 + 4 + 4 * 2 + 2
    with pytest.raises(ValueError, match="optimizer got an empty parameter list"):
        torch.optim.AdamW(gen, lr=1e-3)
    part = net.parameters()
    next(part)
    opt = torch.optim.SGD(part, lr=0.1)          # no error: 3 of the 4 tensors
    assert len(opt.param_groups[0]["params"]) == 3


@rule("DLF-M103")
def test_DLF_M103_clone_model_copies_the_architecture_not_the_trained_weights():
    keras.utils.set_random_seed(4)
    x = np.random.rand(32, 3).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.Dense(1)])
    m.compile(optimizer="sgd", loss="mse")
    m.fit(x, y, epochs=2, verbose=0)
    clone = keras.models.clone_model(m)
    clone.compile(optimizer="sgd", loss="mse")        # compiling copies nothing either
    assert [w.shape for w in clone.get_weights()] == [w.shape for w in m.get_weights()]
    assert not all(np.array_equal(a, b) for a, b in zip(clone.get_weights(), m.get_weights(), strict=True))
    clone.set_weights(m.get_weights())
    assert np.allclose(clone.predict(x, verbose=0), m.predict(x, verbose=0))


@rule("DLF-G112")
def test_DLF_G112_tensorflow_lists_its_devices_once_at_the_first_op_not_at_import_or_seed():
    # a fresh process: this file's TensorFlow has long been started
    import subprocess
    import sys
    code = """
import os
import tensorflow as tf
from tensorflow.python.eager import context as C
def state():
    d = vars(C._context) if C._context is not None else {}
    return (d.get("_physical_devices") is not None, d.get("_context_handle") is not None)
out = [state()]
tf.random.set_seed(0)
out.append(state())
first = tf.config.list_physical_devices()
out.append(state())
os.environ["CUDA_VISIBLE_DEVICES"] = "-1"       # hide every GPU: too late, the list is kept
out.append(tf.config.list_physical_devices() == first)
tf.constant(1.0)
out.append(state())
print(out)
"""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    env.pop("CUDA_VISIBLE_DEVICES", None)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       env=env, timeout=300, check=True)
    assert r.stdout.strip().splitlines()[-1] == str(
        [(False, False), (False, False), (True, False), True, (True, True)])
@rule("DLF-T121")
def test_DLF_T121_fit_updates_once_per_batch_and_history_records_the_shape():
    """optimizer.iterations = epochs x ceil(n / batch_size); History.params has both, and
    History.history["loss"] one value per epoch (the numbers the rule reads)."""
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(70, 3)).astype("float32")
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    m.compile(optimizer="sgd", loss="mse")
    h = m.fit(x, x[:, :1], batch_size=32, epochs=4, verbose=0)
    assert int(m.optimizer.iterations) == 4 * 3
    assert (h.params["epochs"], h.params["steps"]) == (4, 3)
    assert len(h.history["loss"]) == 4 and m.history is h


@rule("DLF-T005")
def test_DLF_T005_sgd_without_momentum_moves_weights_by_exactly_lr_times_grad():
    w = torch.nn.Parameter(torch.tensor([0.5, -0.25]))
    opt = torch.optim.SGD([w], lr=1e-6)
    w.grad = torch.tensor([2.0, 4.0])
    before = w.detach().clone()
    opt.step()
    assert torch.allclose(before - w.detach(), 1e-6 * torch.tensor([2.0, 4.0]), rtol=1e-3)
@rule("DLF-T241")
def test_DLF_T241_sklearn_shuffle_applies_one_permutation_and_a_literal_seed_repeats_it():
    from sklearn.utils import shuffle

    x, y = np.arange(20), np.arange(20) * 10
    xs, ys = shuffle(x, y)
    assert np.array_equal(xs * 10, ys)                    # one order for both
    assert np.array_equal(shuffle(x, random_state=7) * 10, shuffle(y, random_state=7))
    np.random.seed(11)
    a = x.copy()
    np.random.shuffle(a)
    np.random.seed(11)
    b = y.copy()
    np.random.shuffle(b)
    assert np.array_equal(a * 10, b)                      # reseeding repeats the order


@rule("DLF-T242")
def test_DLF_T242_train_test_split_shuffles_by_default():
    from sklearn.model_selection import train_test_split

    assert inspect.signature(train_test_split).parameters["shuffle"].default is True
    tr, te = train_test_split(np.arange(100), test_size=0.2, shuffle=False)
    assert list(te) == list(range(80, 100))               # shuffle=False: the last part


@rule("DLF-T243")
def test_DLF_T243_label_encoder_compares_strings_exactly():
    from sklearn.preprocessing import LabelEncoder

    enc = LabelEncoder().fit(["cat", "Cat", "cat ", "dog"])
    assert len(enc.classes_) == 4


@rule("DLF-T186")
def test_DLF_T186_sum_reduction_gradient_is_batch_times_mean_and_legacy_flag_reads_sum():
    from torch import nn

    from dlfault_jupyter.frameworks import torch as tadapter

    torch.manual_seed(0)
    lin = nn.Linear(3, 1)
    x, y = torch.randn(16, 3), torch.randn(16, 1)
    grads = {}
    for red in ("mean", "sum"):
        lin.zero_grad()
        nn.MSELoss(reduction=red)(lin(x), y).backward()
        grads[red] = lin.weight.grad.clone()
    assert torch.allclose(grads["sum"], 16 * grads["mean"], rtol=1e-5, atol=1e-6)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        legacy = nn.MSELoss(size_average=False)
    assert tadapter.loss_reduction(legacy) == "sum"          # the legacy flag is read as sum
    assert tadapter.loss_reduction(nn.CrossEntropyLoss()) == "mean"
