"""The typed interface every framework adapter implements, and the words it owns.

An adapter (``frameworks/torch.py``, ``keras.py``, ``numpy.py``, ``pandas.py``) is the only
place that knows a framework: what its objects are (:meth:`Adapter.classify`), what a layer
does (:meth:`Adapter.layer_kind`), which of its classes an object is an instance of
(:meth:`Adapter.framework_name`, for vocabulary look-ups), how to read a bounded summary of a tensor
(:meth:`Adapter.summary`), which runtime probe instruments it (:meth:`Adapter.probe`), and
its vocabulary (:class:`Vocab`: loss, optimizer, normaliser and layer names). Rules and
analyses ask an adapter instead of comparing ``type(x).__name__`` with strings or importing
the framework.

This module imports no framework: it is imported whether or not the user has imported one.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .summary import ArraySummary


class Kind(str, enum.Enum):
    """What a value of the user namespace is, as far as the checks are concerned.

    The string values of the kinds the namespace view records (model, tensor, array,
    optimizer, loss, loader, dataset, device) are the kinds :class:`namespace.Var` carries.
    """

    MODEL = "model"            # a trainable network (torch: any nn.Module but a loss)
    LAYER = "layer"            # a Keras layer that is not a model
    TENSOR = "tensor"
    ARRAY = "array"
    OPTIMIZER = "optimizer"
    SCHEDULER = "scheduler"    # a learning-rate scheduler / schedule
    LOSS = "loss"
    LOADER = "loader"          # batches: torch DataLoader, tf.data.Dataset
    DATASET = "dataset"        # indexable samples: torch Dataset
    DATAFRAME = "dataframe"
    SERIES = "series"
    DEVICE = "device"


#: the kinds the namespace view keeps (the rest are "other" there)
NAMESPACE_KINDS = frozenset({Kind.MODEL, Kind.TENSOR, Kind.ARRAY, Kind.OPTIMIZER, Kind.LOSS,
                             Kind.LOADER, Kind.DATASET, Kind.DEVICE})


class LayerKind(enum.Enum):
    """What a layer computes, whatever the framework calls it (``nn.Linear`` and
    ``keras.layers.Dense`` are both LINEAR). Decided by the framework's own classes
    (``isinstance``), never by a user class's name."""

    LINEAR = "linear"                  # Linear, LazyLinear, Dense, EinsumDense
    CONV = "conv"                      # Conv1d/2d/3d, Conv1D/2D/3D, separable, depthwise
    CONV_TRANSPOSE = "conv_transpose"  # ConvTranspose*d, Conv*DTranspose
    RNN = "rnn"                        # RNN, LSTM, GRU (not cells), SimpleRNN, Bidirectional
    EMBEDDING = "embedding"            # Embedding, EmbeddingBag
    BATCH_NORM = "batch_norm"          # BatchNorm*d, SyncBatchNorm, BatchNormalization
    NORM = "norm"                      # Layer/Group/Instance/RMS/LocalResponse norm
    PREPROCESSING = "preprocessing"    # Keras Normalization, Rescaling, ... (input scaling)
    DROPOUT = "dropout"                # Dropout*, AlphaDropout, Keras noise layers
    ACTIVATION = "activation"          # ReLU, Tanh, Sigmoid, ..., Keras Activation
    SOFTMAX = "softmax"                # Softmax, LogSoftmax
    POOL = "pool"                      # max/avg/adaptive/global pooling
    FLATTEN = "flatten"                # Flatten, Unflatten, Reshape
    IDENTITY = "identity"
    ATTENTION = "attention"            # MultiheadAttention, MultiHeadAttention, Attention
    INPUT = "input"                    # Keras InputLayer
    CONTAINER = "container"            # Sequential, ModuleList, ModuleDict, a Keras Model


def _fs(*names: str) -> frozenset[str]:
    return frozenset(names)


# -- conversions: one family, each set contains the next ------------------------------------
#
# Method / function names (as written in the source) through which a value is followed when
# asking where it came from. Source-level names, shared by torch, numpy, pandas and TF.
#
#   VALUE_KEEPING   the values are the same (dtype, device, shape or layout may change):
#                   ``y.float()``, ``x.to(dev)``, ``x.reshape(-1, 1)``, ``y.to_numpy()``
#   LENGTH_KEEPING  also the same number of samples along the first axis (no reshape,
#                   squeeze or flatten, which may merge or drop axes)
#   LAYOUT_KEEPING  also the same shape and memory layout (no dtype conversion that could
#                   reinterpret an integer label, no ``numpy``/``astype``): only moves
#                   between devices and copies
#
# ``cpu`` is in all three: moving to the CPU keeps values, length and layout.
LAYOUT_KEEPING = _fs("to", "cuda", "cpu", "contiguous", "detach", "clone", "copy")
LENGTH_KEEPING = LAYOUT_KEEPING | _fs("float", "double", "long", "int", "half", "numpy",
                                      "astype", "type", "to_numpy")
VALUE_KEEPING = LENGTH_KEEPING | _fs("squeeze", "unsqueeze", "view", "reshape", "flatten")
#: calls that wrap a value into a tensor / array without changing its values
WRAPPERS = _fs("tensor", "from_numpy", "as_tensor", "asarray", "array", "convert_to_tensor",
               "constant", "Tensor", "FloatTensor", "LongTensor", "ascontiguousarray")


@dataclass(frozen=True)
class Vocab:
    """The names a framework gives to things the checks reason about.

    Every field is a frozenset of the framework's own spellings (matched with
    :meth:`Adapter.framework_name`, so a subclass counts): class names for torch
    (``"CrossEntropyLoss"``) and Keras layers/optimizers (``"Adam"``), canonical snake-case
    names for Keras losses (``"sparse_categorical_crossentropy"``, as
    ``frameworks.keras.loss_name`` gives them). A check writes ``name in vocab.X``, never a
    literal tuple of its own; a set a check needs that is missing here is added here, with
    a comment saying what it means.
    """

    #: losses that take class targets (indices, one-hot or probabilities)
    CLASSIFICATION_LOSSES: frozenset[str] = frozenset()
    #: losses that take class indices (integer labels)
    CLASS_INDEX_LOSSES: frozenset[str] = frozenset()
    #: losses on real-valued targets (regression)
    REGRESSION_LOSSES: frozenset[str] = frozenset()
    #: losses that take float targets (regression and binary/probability targets)
    FLOAT_TARGET_LOSSES: frozenset[str] = frozenset()
    #: losses that expect probabilities unless told the input is logits
    PROBABILITY_LOSSES: frozenset[str] = frozenset()
    #: losses whose value does not change when prediction and target are swapped
    #: (distances: ``loss(a, b) == loss(b, a)``), loss classes and functional names
    SYMMETRIC_LOSSES: frozenset[str] = frozenset()
    #: optimizers the framework ships
    OPTIMIZERS: frozenset[str] = frozenset()
    #: optimizers with per-parameter adaptive step sizes (Adam family, RMSprop...)
    ADAPTIVE_OPTIMIZERS: frozenset[str] = frozenset()
    #: layers that normalise their input (a first such layer scales raw inputs itself)
    NORMALISERS: frozenset[str] = frozenset()
    #: activation layers
    ACTIVATIONS: frozenset[str] = frozenset()
    #: layers that hold a weight matrix / kernel
    WEIGHT_LAYERS: frozenset[str] = frozenset()
    #: layers that behave differently in training and in inference
    MODE_LAYERS: frozenset[str] = frozenset()
    #: the softmax cross-entropy loss on raw class scores (applies log-softmax itself)
    CROSS_ENTROPY: frozenset[str] = frozenset()
    #: binary losses that apply the sigmoid themselves (take logits)
    LOGIT_BINARY_LOSSES: frozenset[str] = frozenset()
    #: binary losses that take probabilities (a sigmoid output)
    PROBABILITY_BINARY_LOSSES: frozenset[str] = frozenset()
    #: losses that take log-probabilities (a log-softmax output)
    LOG_PROBABILITY_LOSSES: frozenset[str] = frozenset()
    #: optimizers with a conventional learning-rate range (see DLF-T005)
    LR_RANGE_OPTIMIZERS: frozenset[str] = frozenset()
    #: optimizers whose epsilon (added to the denominator of the step) the epsilon checks
    #: judge: torch's Adam family; Keras's Adam family, RMSprop, Adagrad...
    EPSILON_OPTIMIZERS: frozenset[str] = frozenset()
    #: plain stochastic gradient descent (momentum optional, no adaptive step)
    PLAIN_SGD: frozenset[str] = frozenset()
    #: models / containers that call their layers one after the other
    SEQUENTIAL_CONTAINERS: frozenset[str] = frozenset()
    #: named (values, indices) tuples returned by reductions (``torch.return_types``)
    VALUES_INDICES_RETURNS: frozenset[str] = frozenset()
    #: convolution / pooling layers whose output is a 2-D feature map (N, C, H, W)
    IMAGE_MAP_LAYERS: frozenset[str] = frozenset()
    #: convolution / pooling layers whose output is a 3-D feature map (N, C, D, H, W)
    VOLUME_MAP_LAYERS: frozenset[str] = frozenset()
    #: layers (besides activations, normalisations, dropout) that keep a feature map's rank:
    #: padding, up-sampling, shuffling
    RANK_KEEPING_LAYERS: frozenset[str] = frozenset()
    #: layers that add noise to their input in training (they drop nothing)
    NOISE_LAYERS: frozenset[str] = frozenset()
    #: layers that standardise each input feature with statistics adapted to the data
    FEATURE_STANDARDISERS: frozenset[str] = frozenset()
    #: layers that apply a user's function to their input
    FUNCTION_LAYERS: frozenset[str] = frozenset()
    #: layers that mark padded steps and pass their input on unchanged
    MASKING_LAYERS: frozenset[str] = frozenset()
    #: convolutions over a sequence (steps, channels)
    SEQUENCE_CONVS: frozenset[str] = frozenset()
    #: image augmentation / resizing layers (they keep the layout of their input)
    IMAGE_AUGMENTATION: frozenset[str] = frozenset()
    #: transformer blocks built around a self-attention layer (``self_attn``)
    TRANSFORMER_BLOCKS: frozenset[str] = frozenset()
    #: schedulers that multiply the rate by gamma every step_size / at milestones
    STEP_DECAY_SCHEDULERS: frozenset[str] = frozenset()
    #: step-decay schedulers driven by a list of milestones
    MILESTONE_SCHEDULERS: frozenset[str] = frozenset()
    #: cosine annealing over T_max steps (one half-cycle)
    COSINE_SCHEDULERS: frozenset[str] = frozenset()
    #: schedulers that multiply the rate by gamma at every step
    EXPONENTIAL_SCHEDULERS: frozenset[str] = frozenset()
    #: one-cycle schedulers sized in optimizer steps (total_steps)
    ONE_CYCLE_SCHEDULERS: frozenset[str] = frozenset()
    #: pooling layers that average (linear maps, unlike max pooling)
    AVERAGE_POOLS: frozenset[str] = frozenset()
    #: a dataset that is a subset of another by indices
    INDEX_SUBSETS: frozenset[str] = frozenset()
    #: the record of a training run returned by ``fit``
    FIT_HISTORIES: frozenset[str] = frozenset()
    #: initializers that set every value to zero
    ZERO_INITIALIZERS: frozenset[str] = frozenset()
    #: initializers that set every value to one constant (zeros included)
    CONSTANT_INITIALIZERS: frozenset[str] = frozenset()
    #: conversions (see the module comment): VALUE ⊇ LENGTH ⊇ LAYOUT
    VALUE_KEEPING: frozenset[str] = field(default=VALUE_KEEPING)
    LENGTH_KEEPING: frozenset[str] = field(default=LENGTH_KEEPING)
    LAYOUT_KEEPING: frozenset[str] = field(default=LAYOUT_KEEPING)
    WRAPPERS: frozenset[str] = field(default=WRAPPERS)


@runtime_checkable
class Adapter(Protocol):
    """One framework. Implementations are module-level singletons (``ADAPTER``) in modules
    that are imported only once the framework itself is (see ``frameworks.loaded_adapters``).
    """

    #: the framework's name ("torch", "keras", "numpy", "pandas")
    name: str
    #: top-level modules whose presence in ``sys.modules`` means the user imported it
    modules: tuple[str, ...]
    vocab: Vocab

    def loaded(self) -> bool:
        """Its framework is in ``sys.modules`` (never imports it)."""
        ...

    def classify(self, obj: Any) -> Kind | None:
        """What ``obj`` is, or ``None`` when it is not an object of this framework. Reads
        the object's type only (``isinstance`` on the framework's classes)."""
        ...

    def framework_of(self, kind: Kind) -> str:
        """The framework name the namespace view records for an object of ``kind``
        (Keras: TF tensors and datasets are "tensorflow")."""
        ...

    def layer_kind(self, obj: Any) -> LayerKind | None:
        """What a layer computes, or ``None`` for anything else (user blocks included)."""
        ...

    def type_name(self, obj: Any) -> str:
        """The name of the object's own class, for messages (``"CrossEntropyLoss"``,
        ``"Dense"``; a user subclass's own name)."""
        ...

    def framework_name(self, obj: Any) -> str | None:
        """The name of the framework's own class the object is an instance of: the first
        class of ``type(obj).__mro__`` defined by the framework itself (its module under
        one of :attr:`modules`), ``None`` when none is. For vocabulary look-ups:
        ``class WeightedCE(nn.CrossEntropyLoss)`` gives ``"CrossEntropyLoss"``, a user's
        own ``class CrossEntropyLoss`` gives ``None``. Reads the type only."""
        ...

    def summary(self, obj: Any) -> ArraySummary:
        """A bounded, sampled summary of a tensor/array-like value (reads at most
        ``summary.SAMPLE`` elements)."""
        ...

    def probe(self) -> type | None:
        """The ``%%dlcheck`` probe class that instruments this framework, or ``None``."""
        ...


class BaseAdapter:
    """Shared defaults for the concrete adapters."""

    name: str = ""
    modules: tuple[str, ...] = ()
    vocab: Vocab = Vocab()
    #: framework names by kind, where it is not ``name``
    names: Mapping[Kind, str] = {}

    def loaded(self) -> bool:
        import sys

        return any(m in sys.modules for m in self.modules)

    def framework_of(self, kind: Kind) -> str:
        return self.names.get(kind, self.name)

    def layer_kind(self, obj: Any) -> LayerKind | None:
        return None

    def type_name(self, obj: Any) -> str:
        return type(obj).__name__

    def framework_name(self, obj: Any) -> str | None:
        mods = self.modules
        for cls in type(obj).__mro__:
            mod = cls.__module__
            if isinstance(mod, str) and mod.partition(".")[0] in mods:
                return cls.__name__
        return None

    def probe(self) -> type | None:
        return None

    def __repr__(self) -> str:
        return f"<{self.name} adapter>"
