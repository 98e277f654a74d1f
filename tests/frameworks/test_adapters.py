"""The framework adapters (issue 12, item 2): each implements ``frameworks.base.Adapter``
and classifies real torch / Keras / numpy / pandas objects; ``loaded_adapters`` never
imports a framework; the namespace view and ``%%dlcheck`` ask the loaded adapters.
Real frameworks, no mocks."""

from __future__ import annotations

import inspect
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from dlfault_jupyter import frameworks
from dlfault_jupyter.frameworks.base import NAMESPACE_KINDS, Adapter, Kind, LayerKind, Vocab

torch = pytest.importorskip("torch")
nn = torch.nn
tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")

from dlfault_jupyter.frameworks import keras as K  # noqa: E402
from dlfault_jupyter.frameworks import numpy as N  # noqa: E402
from dlfault_jupyter.frameworks import pandas as P  # noqa: E402
from dlfault_jupyter.frameworks import torch as T  # noqa: E402
from dlfault_jupyter.namespace import classify  # noqa: E402

ADAPTERS = [T.ADAPTER, K.ADAPTER, N.ADAPTER, P.ADAPTER]


# -- the Protocol ------------------------------------------------------------------------

@pytest.mark.parametrize("a", ADAPTERS, ids=lambda a: a.name)
def test_adapter_conforms_to_the_protocol(a) -> None:
    assert isinstance(a, Adapter)
    assert isinstance(a.name, str) and a.name
    assert a.modules and all(isinstance(m, str) for m in a.modules)
    assert isinstance(a.vocab, Vocab)
    assert a.loaded()   # all four frameworks are imported in this test process
    # every method of the Protocol, with the Protocol's parameters
    for name, member in vars(Adapter).items():
        if name.startswith("_") or not callable(member):
            continue
        impl = getattr(a, name)
        want = list(inspect.signature(member).parameters)[1:]   # without self
        assert list(inspect.signature(impl).parameters) == want, (a.name, name)
    assert a.classify(object()) is None and a.layer_kind(object()) is None


def test_loaded_adapters_are_in_asking_order() -> None:
    assert [a.name for a in frameworks.loaded_adapters()] == ["torch", "keras", "numpy",
                                                               "pandas"]
    assert frameworks.adapter("tensorflow") is K.ADAPTER
    assert frameworks.adapter("torch") is T.ADAPTER


def _run(code: str) -> str:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       timeout=180)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout.strip().splitlines()[-1]


def test_loaded_adapters_never_import_a_framework() -> None:
    code = ("import sys\nfrom dlfault_jupyter import frameworks\n"
            "a0 = [a.name for a in frameworks.loaded_adapters()]\n"
            "import numpy\n"
            "a1 = [a.name for a in frameworks.loaded_adapters()]\n"
            "from dlfault_jupyter.namespace import classify\n"
            "k = classify(numpy.zeros(3))\n"
            "print(a0, a1, k, [m for m in ('torch', 'tensorflow', 'keras', 'pandas') "
            "if m in sys.modules])")
    assert _run(code) == "[] ['numpy'] ('array', 'numpy') []"


# -- torch -------------------------------------------------------------------------------

class Net(nn.Module):   # a user model: classified by isinstance, its name means nothing
    def __init__(self) -> None:
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        return self.fc(x)


def test_torch_classify() -> None:
    a = T.ADAPTER
    model = nn.Sequential(nn.Linear(3, 2))
    opt = torch.optim.Adam(model.parameters())
    ds = torch.utils.data.TensorDataset(torch.zeros(4, 3), torch.zeros(4))
    cases = [
        (torch.zeros(2), Kind.TENSOR), (model, Kind.MODEL), (Net(), Kind.MODEL),
        (nn.ReLU(), Kind.MODEL), (nn.CrossEntropyLoss(), Kind.LOSS), (opt, Kind.OPTIMIZER),
        (torch.optim.lr_scheduler.StepLR(opt, 1), Kind.SCHEDULER),
        (torch.optim.lr_scheduler.ReduceLROnPlateau(opt), Kind.SCHEDULER),
        (torch.utils.data.DataLoader(ds, batch_size=2), Kind.LOADER), (ds, Kind.DATASET),
        (torch.device("cpu"), Kind.DEVICE),
        (nn.Parameter(torch.zeros(2)), None), (np.zeros(2), None), ("torch", None),
    ]
    for obj, kind in cases:
        assert a.classify(obj) is kind, (obj, kind)
    assert a.framework_of(Kind.TENSOR) == "torch"


def test_torch_layer_kind() -> None:
    a = T.ADAPTER
    cases = [
        (nn.Linear(2, 2), LayerKind.LINEAR), (nn.LazyLinear(2), LayerKind.LINEAR),
        (nn.Bilinear(2, 2, 2), None), (nn.LSTMCell(2, 2), None),
        (nn.Conv2d(1, 1, 3), LayerKind.CONV), (nn.Conv1d(1, 1, 3), LayerKind.CONV),
        (nn.ConvTranspose2d(1, 1, 3), LayerKind.CONV_TRANSPOSE),
        (nn.LSTM(2, 2), LayerKind.RNN), (nn.GRU(2, 2), LayerKind.RNN),
        (nn.Embedding(5, 2), LayerKind.EMBEDDING), (nn.EmbeddingBag(5, 2), LayerKind.EMBEDDING),
        (nn.BatchNorm1d(2), LayerKind.BATCH_NORM), (nn.LayerNorm(2), LayerKind.NORM),
        (nn.GroupNorm(1, 2), LayerKind.NORM), (nn.InstanceNorm2d(2), LayerKind.NORM),
        (nn.Dropout(), LayerKind.DROPOUT), (nn.AlphaDropout(), LayerKind.DROPOUT),
        (nn.ReLU(), LayerKind.ACTIVATION), (nn.Sigmoid(), LayerKind.ACTIVATION),
        (nn.Softmax(dim=1), LayerKind.SOFTMAX), (nn.LogSoftmax(dim=1), LayerKind.SOFTMAX),
        (nn.MultiheadAttention(4, 2), LayerKind.ATTENTION),
        (nn.MaxPool2d(2), LayerKind.POOL), (nn.AdaptiveAvgPool2d(1), LayerKind.POOL),
        (nn.Flatten(), LayerKind.FLATTEN), (nn.Identity(), LayerKind.IDENTITY),
        (nn.Sequential(), LayerKind.CONTAINER),
        (Net(), None), (nn.MSELoss(), None), (torch.zeros(2), None),
    ]
    for m, kind in cases:
        assert a.layer_kind(m) is kind, (m, kind)


def test_torch_vocab_names_are_torch_classes() -> None:
    v = T.ADAPTER.vocab
    for field in ("CLASSIFICATION_LOSSES", "CLASS_INDEX_LOSSES", "REGRESSION_LOSSES",
                  "FLOAT_TARGET_LOSSES", "PROBABILITY_LOSSES", "NORMALISERS", "ACTIVATIONS",
                  "WEIGHT_LAYERS", "MODE_LAYERS"):
        for n in getattr(v, field):
            assert isinstance(getattr(nn, n, None), type), (field, n)
    for n in v.OPTIMIZERS | v.ADAPTIVE_OPTIMIZERS:
        assert isinstance(getattr(torch.optim, n, None), type), n
    assert v.ADAPTIVE_OPTIMIZERS <= v.OPTIMIZERS
    assert v.CLASSIFICATION_LOSSES <= v.CLASS_INDEX_LOSSES
    assert T.ADAPTER.type_name(nn.CrossEntropyLoss()) in v.CLASSIFICATION_LOSSES
    for field in ("CROSS_ENTROPY", "LOGIT_BINARY_LOSSES", "PROBABILITY_BINARY_LOSSES",
                  "LOG_PROBABILITY_LOSSES", "SEQUENTIAL_CONTAINERS", "AVERAGE_POOLS",
                  "IMAGE_MAP_LAYERS", "VOLUME_MAP_LAYERS", "RANK_KEEPING_LAYERS",
                  "TRANSFORMER_BLOCKS"):
        assert getattr(v, field), field
        for n in getattr(v, field):
            assert isinstance(getattr(nn, n, None), type), (field, n)
    for field in ("LR_RANGE_OPTIMIZERS", "EPSILON_OPTIMIZERS", "PLAIN_SGD"):
        assert getattr(v, field) and getattr(v, field) <= v.OPTIMIZERS, field
    for field in ("STEP_DECAY_SCHEDULERS", "MILESTONE_SCHEDULERS", "COSINE_SCHEDULERS",
                  "EXPONENTIAL_SCHEDULERS", "ONE_CYCLE_SCHEDULERS"):
        assert getattr(v, field), field
        for n in getattr(v, field):
            assert isinstance(getattr(torch.optim.lr_scheduler, n, None), type), (field, n)
    for n in v.VALUES_INDICES_RETURNS:
        assert isinstance(getattr(torch.return_types, n, None), type), n
    assert v.INDEX_SUBSETS == {"Subset"}
    for m in (nn.BatchNorm1d(2), nn.Dropout()):
        assert T.ADAPTER.type_name(m) in v.MODE_LAYERS


def test_torch_framework_name() -> None:
    """The name of torch's own class the object is: a user subclass gives its torch base,
    a user class that merely has a torch name gives None."""
    a = T.ADAPTER

    class WeightedCE(nn.CrossEntropyLoss):
        pass

    class CrossEntropyLoss:   # a user class with torch's name, not torch's class
        pass

    class MyAdam(torch.optim.Adam):
        pass

    w = nn.Parameter(torch.zeros(2))
    cases = [
        (nn.CrossEntropyLoss(), "CrossEntropyLoss"), (WeightedCE(), "CrossEntropyLoss"),
        (CrossEntropyLoss(), None), (MyAdam([w]), "Adam"),
        (nn.Linear(2, 2), "Linear"), (nn.LazyLinear(2), "LazyLinear"),
        (nn.modules.linear.NonDynamicallyQuantizableLinear(2, 2),
         "NonDynamicallyQuantizableLinear"),
        (Net(), "Module"), (torch.zeros(2), "Tensor"), (w, "Parameter"),
        (torch.zeros(3).max(0), "max"),
        (torch.utils.data.Subset([1, 2, 3], [0]), "Subset"),
        (np.zeros(2), None), (object(), None), ("Linear", None), (None, None),
    ]
    for obj, name in cases:
        assert a.framework_name(obj) == name, (obj, name)
        assert T.framework_name(obj) == name   # the module-level alias
    # the rules' look-ups: a subclass is recognised, a namesake is not
    assert a.framework_name(WeightedCE()) in a.vocab.CROSS_ENTROPY
    assert a.framework_name(CrossEntropyLoss()) not in a.vocab.CROSS_ENTROPY
    assert a.type_name(WeightedCE()) == "WeightedCE"   # messages keep the user's name


def test_torch_summary() -> None:
    s = T.ADAPTER.summary(torch.arange(10, dtype=torch.float32))
    assert s.shape == (10,) and s.dtype == "float32" and s.min == 0 and s.max == 9


# -- Keras / TensorFlow ------------------------------------------------------------------

def test_keras_classify() -> None:
    a = K.ADAPTER
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    sched = keras.optimizers.schedules.ExponentialDecay(0.1, 10, 0.9)
    cases = [
        (model, Kind.MODEL), (keras.layers.Dense(2), Kind.LAYER),
        (tf.constant([1.0, 2.0]), Kind.TENSOR), (tf.Variable([1.0]), Kind.TENSOR),
        (tf.data.Dataset.from_tensor_slices(np.zeros(4)), Kind.LOADER),
        (keras.optimizers.Adam(), Kind.OPTIMIZER),
        (keras.losses.SparseCategoricalCrossentropy(), Kind.LOSS), (sched, Kind.SCHEDULER),
        (np.zeros(2), None), (torch.zeros(2), None), (tf.ragged.constant([[1], [2, 3]]), None),
    ]
    for obj, kind in cases:
        assert a.classify(obj) is kind, (obj, kind)
    assert a.framework_of(Kind.TENSOR) == "tensorflow"
    assert a.framework_of(Kind.LOADER) == "tensorflow"
    assert a.framework_of(Kind.MODEL) == "keras"


def test_keras_layer_kind() -> None:
    a = K.ADAPTER
    L = keras.layers
    cases = [
        (L.Dense(2), LayerKind.LINEAR), (L.EinsumDense("ab,bc->ac", 2), LayerKind.LINEAR),
        (L.Conv2D(1, 3), LayerKind.CONV), (L.SeparableConv2D(1, 3), LayerKind.CONV),
        (L.Conv2DTranspose(1, 3), LayerKind.CONV_TRANSPOSE),
        (L.LSTM(2), LayerKind.RNN), (L.Bidirectional(L.GRU(2)), LayerKind.RNN),
        (L.Embedding(5, 2), LayerKind.EMBEDDING),
        (L.BatchNormalization(), LayerKind.BATCH_NORM),
        (L.LayerNormalization(), LayerKind.NORM),
        (L.Normalization(), LayerKind.PREPROCESSING), (L.Rescaling(1 / 255), LayerKind.PREPROCESSING),
        (L.Dropout(0.5), LayerKind.DROPOUT), (L.GaussianNoise(0.1), LayerKind.DROPOUT),
        (L.Softmax(), LayerKind.SOFTMAX), (L.Activation("relu"), LayerKind.ACTIVATION),
        (L.MaxPooling2D(), LayerKind.POOL), (L.GlobalAveragePooling2D(), LayerKind.POOL),
        (L.Flatten(), LayerKind.FLATTEN), (L.Reshape((2,)), LayerKind.FLATTEN),
        (L.ActivityRegularization(), LayerKind.IDENTITY),
        (L.MultiHeadAttention(2, 2), LayerKind.ATTENTION),
        (L.InputLayer(shape=(3,)), LayerKind.INPUT),
        (keras.Sequential([L.Dense(1)]), LayerKind.CONTAINER),
        (L.Lambda(lambda x: x), None), (tf.constant(1.0), None), (nn.Linear(2, 2), None),
    ]
    for la, kind in cases:
        assert a.layer_kind(la) is kind, (la, kind)


def test_keras_vocab_names_are_keras_classes() -> None:
    v = K.ADAPTER.vocab
    for field in ("NORMALISERS", "ACTIVATIONS", "WEIGHT_LAYERS", "MODE_LAYERS"):
        for n in getattr(v, field):
            assert isinstance(getattr(keras.layers, n, None), type), (field, n)
    for n in v.OPTIMIZERS | v.ADAPTIVE_OPTIMIZERS:
        assert isinstance(getattr(keras.optimizers, n, None), type), n
    # loss names as K.loss_name spells them, for strings, Loss objects and functions
    for loss in ("sparse_categorical_crossentropy", keras.losses.CategoricalCrossentropy(),
                 keras.losses.binary_crossentropy):
        assert K.loss_name(loss) in v.CLASSIFICATION_LOSSES, loss
    for loss in ("mse", keras.losses.MeanAbsoluteError(), keras.losses.Huber()):
        assert K.loss_name(loss) in v.REGRESSION_LOSSES, loss
    assert v.CLASS_INDEX_LOSSES <= v.CLASSIFICATION_LOSSES
    assert v.REGRESSION_LOSSES <= v.FLOAT_TARGET_LOSSES


def test_keras_framework_name() -> None:
    a = K.ADAPTER
    L = keras.layers

    class MyDense(L.Dense):
        pass

    class Dense:   # a user class with Keras's name, not Keras's class
        pass

    class MySGD(keras.optimizers.SGD):
        pass

    cases = [
        (L.Dense(2), "Dense"), (MyDense(2), "Dense"), (Dense(), None),
        (keras.optimizers.SGD(), "SGD"), (MySGD(), "SGD"),
        (keras.Sequential([L.Dense(1)]), "Sequential"),
        (keras.initializers.Zeros(), "Zeros"), (keras.callbacks.History(), "History"),
        (L.GaussianNoise(0.1), "GaussianNoise"), (L.Lambda(lambda x: x), "Lambda"),
        (nn.Linear(2, 2), None), (np.zeros(2), None), (object(), None),
    ]
    for obj, name in cases:
        assert a.framework_name(obj) == name, (obj, name)
        assert K.framework_name(obj) == name   # the module-level alias
    assert a.framework_name(tf.constant(1.0)) is not None   # TensorFlow's own classes too
    assert a.framework_name(MySGD()) in a.vocab.PLAIN_SGD
    assert a.type_name(MySGD()) == "MySGD"
    v = a.vocab
    for field in ("SEQUENTIAL_CONTAINERS", "NOISE_LAYERS", "MASKING_LAYERS", "SEQUENCE_CONVS",
                  "IMAGE_AUGMENTATION", "IMAGE_MAP_LAYERS", "FUNCTION_LAYERS",
                  "FEATURE_STANDARDISERS"):
        assert getattr(v, field), field
        for n in getattr(v, field):
            assert isinstance(getattr(keras.layers, n, getattr(keras, n, None)), type), (field, n)
    for field in ("EPSILON_OPTIMIZERS", "PLAIN_SGD"):
        for n in getattr(v, field):
            assert isinstance(getattr(keras.optimizers, n, None), type), (field, n)
    for n in v.ZERO_INITIALIZERS | v.CONSTANT_INITIALIZERS:
        assert isinstance(getattr(keras.initializers, n, None), type), n
    assert v.ZERO_INITIALIZERS <= v.CONSTANT_INITIALIZERS
    assert isinstance(getattr(keras.callbacks, next(iter(v.FIT_HISTORIES))), type)


def test_keras_summary() -> None:
    s = K.ADAPTER.summary(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    assert s.shape == (2, 2) and s.dtype == "float32" and s.max == 4


# -- numpy, pandas -----------------------------------------------------------------------

def test_numpy_adapter() -> None:
    a = N.ADAPTER
    assert a.classify(np.zeros((2, 3))) is Kind.ARRAY
    assert a.classify(np.float32(1.0)) is None
    assert a.classify([1, 2]) is None and a.classify(pd.Series([1.0])) is None
    assert a.classify(np.ma.masked_array([1, 2])) is Kind.ARRAY
    s = a.summary(np.arange(6).reshape(2, 3))
    assert s.shape == (2, 3) and s.max == 5
    assert a.framework_name(np.zeros(2)) == "ndarray"
    assert a.framework_name(np.ma.masked_array([1, 2])) == "MaskedArray"
    assert a.framework_name([1, 2]) is None and a.framework_name(torch.zeros(1)) is None


def test_pandas_adapter() -> None:
    a = P.ADAPTER
    df = pd.DataFrame({"a": [1.0, 2.0], "b": [3, 4]})

    class MyFrame(pd.DataFrame):
        pass

    assert a.classify(df) is Kind.DATAFRAME
    assert a.classify(df["a"]) is Kind.SERIES
    assert a.classify(MyFrame(df)) is None        # subclasses are user code
    assert a.classify(df.to_numpy()) is None
    assert a.summary(df).shape == (2, 2)
    assert a.framework_name(MyFrame(df)) == "DataFrame"   # its pandas base, by name
    assert a.framework_name(df["a"]) == "Series" and a.framework_name(np.zeros(1)) is None


# -- the namespace view and %%dlcheck ask the adapters ------------------------------------

def test_namespace_classify_through_adapters() -> None:
    model = nn.Linear(2, 2)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    cases = [
        (torch.zeros(2), ("tensor", "torch")), (model, ("model", "torch")),
        (nn.MSELoss(), ("loss", "torch")), (opt, ("optimizer", "torch")),
        (torch.device("cpu"), ("device", "torch")),
        (torch.optim.lr_scheduler.StepLR(opt, 1), ("other", None)),
        (keras.Sequential([keras.layers.Dense(1)]), ("model", "keras")),
        (keras.layers.Dense(1), ("other", None)),
        (tf.constant(1.0), ("tensor", "tensorflow")),
        (tf.data.Dataset.range(3), ("loader", "tensorflow")),
        (keras.optimizers.Adam(), ("optimizer", "keras")),
        (keras.losses.MeanSquaredError(), ("loss", "keras")),
        (np.zeros(3), ("array", "numpy")), (pd.DataFrame({"a": [1]}), ("other", None)),
        (nn.Parameter(torch.zeros(1)), ("other", None)), (3, ("other", None)),
    ]
    for obj, want in cases:
        assert classify(obj) == want, (obj, want)
    assert {k.value for k in NAMESPACE_KINDS} == {"model", "tensor", "array", "optimizer",
                                                   "loss", "loader", "dataset", "device"}


def test_probes_come_from_the_adapters() -> None:
    from dlfault_jupyter.runtime import instrument
    from dlfault_jupyter.runtime.keras_probe import KerasProbe
    from dlfault_jupyter.runtime.torch_probe import TorchProbe

    assert T.ADAPTER.probe() is TorchProbe and K.ADAPTER.probe() is KerasProbe
    assert N.ADAPTER.probe() is None and P.ADAPTER.probe() is None
    with instrument({}, code="") as tr:
        pass
    assert tr.frameworks == {"torch"}   # the Keras probe records "keras" only when fit runs


def test_torch_api_for_checks() -> None:
    """What the rules ask the torch adapter instead of importing torch."""
    assert T.api("torch.load") is torch.load
    assert T.api("torch.nn.functional.cross_entropy") is nn.functional.cross_entropy
    assert T.api("torch.no_such_thing") is None and T.api("numpy.zeros") is None
    ds = torch.utils.data.TensorDataset(torch.zeros(4, 2), torch.zeros(4))
    plain = torch.utils.data.DataLoader(ds, batch_size=2)
    custom = torch.utils.data.DataLoader(ds, batch_size=2, collate_fn=lambda b: b)
    assert T.default_collate_of(plain) and not T.default_collate_of(custom)
    assert T.is_tensor_dataset(ds) and not T.is_tensor_dataset([1])
    assert T.is_sequential_sampler(torch.utils.data.DataLoader(ds).sampler)
    assert not T.is_sequential_sampler(torch.utils.data.DataLoader(ds, shuffle=True).sampler)
    w = torch.utils.data.WeightedRandomSampler([1.0, 2.0], 2)
    assert T.is_weighted_sampler(w) and not T.is_weighted_sampler(plain.sampler)
    assert T.is_uninitialized(next(nn.LazyLinear(2).parameters()))
    assert not T.is_uninitialized(next(nn.Linear(2, 2).parameters()))
    assert T.is_module_class(nn.Linear) and T.is_module_class(Net)
    assert not T.is_module_class(nn.Linear(2, 2))
    assert T.is_loss_api(nn.MSELoss) and T.is_loss_api(nn.functional.mse_loss)
    assert not T.is_loss_api(nn.Linear)
    assert T.grad_enabled() and T.cuda_device_count() >= 0


def test_torch_summary_cache_never_answers_for_a_new_tensor_under_a_freed_ones_key():
    """The value cache is keyed by (id, version, data pointer, shape, ...): a new tensor can
    take a freed tensor's id and memory (a DLF-L201 finding in the full test run read the
    class ids of another example's labels that way). A hit counts only while the cached
    weak reference is the tensor asked about."""
    import weakref

    from dlfault_jupyter.frameworks import torch as T

    old = torch.arange(256)                       # labels up to 255
    stale = T.summary(old)
    new = torch.zeros(256, dtype=torch.int64)     # labels 0 only
    key = (id(new), new._version, new.data_ptr(), (256,), T.dtype_name(new), str(new.device),
           type(new))
    T._VALUE_CACHE[key] = (weakref.ref(old), stale)   # what reuse of id and memory looks like
    assert T.summary(new).max == 0
    assert T._VALUE_CACHE[key][0]() is new
    assert T.summary(new) is T._VALUE_CACHE[key][1]    # and the new entry is used next time
