"""What ``%%dlcheck`` observed during one cell: plain Python numbers, bounded in size.

The probes (``torch_probe``, ``keras_probe``) fill a :class:`Trace`; the runtime rules
(``rules/runtime_rules.py``) and the charts (``charts.py``) only read it. No framework is
imported here and no user object is kept: names, numbers and short strings only.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

SERIES_CAP = 2048
SAMPLES_CAP = 512


class Series:
    """(step, value) pairs in a fixed-size buffer allocated once (two flat arrays of
    ``cap`` numbers: the memory of a run does not depend on its length): when full, every
    other point is dropped and only every 2nd (then 4th, ...) new point is kept.
    First/last/min and the first non-finite value are exact whatever the length."""

    __slots__ = ("cap", "stride", "_s", "_v", "_k", "n", "first", "last", "min",
                 "first_bad", "_skip")

    def __init__(self, cap: int = SERIES_CAP) -> None:
        self.cap = cap = max(2, cap + cap % 2)
        self.stride = 1
        self._s = array("q", bytes(8 * cap))   # steps
        self._v = array("d", bytes(8 * cap))   # values
        self._k = 0
        self.n = 0
        self.first: tuple[int, float] | None = None
        self.last: tuple[int, float] | None = None
        self.min: float = math.inf
        self.first_bad: tuple[int, float] | None = None  # first NaN/Inf (step, value)
        self._skip = 0

    def add(self, step: int, value: float) -> None:
        self.n += 1
        if self.first is None:
            self.first = (step, value)
        self.last = (step, value)
        if value - value == 0:   # finite
            if value < self.min:
                self.min = value
        elif self.first_bad is None:
            self.first_bad = (step, value)
        self._skip += 1
        if self._skip < self.stride:
            return
        self._skip = 0
        k = self._k
        self._s[k] = step
        self._v[k] = value
        k += 1
        if k >= self.cap:
            h = self.cap // 2
            self._s[:h] = self._s[0::2]
            self._v[:h] = self._v[0::2]
            k = h
            self.stride *= 2
        self._k = k

    @property
    def points(self) -> list[tuple[int, float]]:
        k = self._k
        return list(zip(self._s[:k], self._v[:k], strict=True))

    def values(self) -> list[float]:
        return self._v[:self._k].tolist()

    def finite_values(self) -> list[float]:
        return [v for v in self._v[:self._k] if math.isfinite(v)]

    def __len__(self) -> int:
        return self.n


class Samples:
    """Tuples of ``width`` numbers (a probe's min/max/...) in a fixed-size buffer allocated
    once, thinned like :class:`Series` when full (every other kept, then every 2nd new
    one): a sequence of tuples for its readers, the same memory at any run length."""

    __slots__ = ("width", "cap", "stride", "_a", "_k", "_skip", "seen", "_conv")

    def __init__(self, width: int, cap: int = SAMPLES_CAP, typecode: str = "d") -> None:
        self.width = width
        self.cap = cap = max(2, cap + cap % 2)
        self._conv = int if typecode == "q" else float
        self._a = array(typecode, bytes(8 * width * cap))
        self._k = 0
        self.stride = 1
        self._skip = 0
        self.seen = 0              # samples offered, kept or not

    def append(self, item: Any) -> None:
        self.seen += 1
        self._skip += 1
        if self._skip < self.stride:
            return
        self._skip = 0
        w, k = self.width, self._k
        self._a[k * w:(k + 1) * w] = array(self._a.typecode, [self._conv(x) for x in item][:w])
        k += 1
        if k >= self.cap:
            h = self.cap // 2
            for i in range(h):
                self._a[i * w:(i + 1) * w] = self._a[2 * i * w:(2 * i + 1) * w]
            k = h
            self.stride *= 2
        self._k = k

    def _row(self, i: int) -> tuple[float, ...]:
        w = self.width
        return tuple(self._a[i * w:(i + 1) * w])

    def __len__(self) -> int:
        return self._k

    def __bool__(self) -> bool:
        return self._k > 0

    def __iter__(self) -> Iterator[tuple[float, ...]]:
        return (self._row(i) for i in range(self._k))

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self._row(j) for j in range(*i.indices(self._k))]
        if i < 0:
            i += self._k
        if not 0 <= i < self._k:
            raise IndexError(i)
        return self._row(i)


@dataclass
class LayerStats:
    """One parameterised layer or activation module of a model, in forward order."""

    name: str                      # "model.3", "net.fc1"
    kind: str                      # class name: "Linear", "ReLU", "Dense"
    order: int = 10**9             # position of its first forward call (leaves only)
    n_params: int = 0
    grad_norms: Series = field(default_factory=lambda: Series(128))
    weight_norm: float | None = None
    update_ratios: Series = field(default_factory=lambda: Series(128))
    grad_probes: int = 0           # probes at which it was looked at
    grad_missing: int = 0          # ... and its (requires_grad) parameters had no/zero grad
    # activations (ReLU / sigmoid / tanh modules)
    units: int = 0
    dead_units: int | None = None  # units never > 0 over the probed steps
    act_probes: int = 0
    saturated: float | None = None  # mean fraction of saturated outputs
    is_output: bool = False        # the model's last leaf (feeds the loss)


@dataclass
class Trace:
    """Everything one instrumented cell observed."""

    every: int = 10
    max_steps: int | None = None
    frameworks: set[str] = field(default_factory=set)
    models: list[str] = field(default_factory=list)       # names of the models seen
    optimizers: list[str] = field(default_factory=list)
    steps: int = 0                  # optimizer steps (torch) / batches (keras)
    probes: int = 0                 # probed steps
    losses: Series = field(default_factory=Series)
    loss_name: str | None = None    # "CrossEntropyLoss", "sparse_categorical_crossentropy"
    loss_subject: str | None = None  # the variable of the loss function, if known
    n_classes: int | None = None    # C of a classification loss
    layers: dict[str, LayerStats] = field(default_factory=dict)
    total_grad_norm: Series = field(default_factory=lambda: Series(512))
    nan_origin: dict[str, Any] | None = None
    input_nonfinite_step: int | None = None
    backward_calls: int = 0
    step_calls: int = 0
    zero_grad_calls: int = 0        # optimizer.zero_grad + module.zero_grad
    grad_kept_steps: int = 0        # steps whose gradients still held the previous step's
    graph_sizes: Samples = field(default_factory=lambda: Samples(2, 64, "q"))  # (step, nodes)
    kept_graphs: list[tuple[str, int]] = field(default_factory=list)   # (variable, nodes)
    label_probes: Samples = field(default_factory=lambda: Samples(2))   # (min, max)
    n_optimizers: int = 0           # distinct optimizers stepped (torch)
    multi_target_steps: int = 0     # steps with several classification-loss calls (a GAN's
    #                                 real/fake targets: labels built per call, not data)
    input_probes: Samples = field(default_factory=lambda: Samples(4))
    input_subject: str | None = None
    first_leaf_kind: str | None = None
    time_data_s: float = 0.0
    time_compute_s: float = 0.0
    timed_steps: int = 0
    # host-to-device copies (torch): all of them, and the same unchanged source copied
    # again at later steps: {"name", "shape", "dtype", "bytes", "device", "line", "steps",
    # "first_step"} (at most 8)
    h2d_copies: int = 0
    h2d_bytes: int = 0
    h2d_steps: int = 0              # steps with at least one copy
    h2d_device: str | None = None
    const_copies: list[dict[str, Any]] = field(default_factory=list)
    # keras
    keras_models: list[str] = field(default_factory=list)   # models whose fit ran
    epochs: int = 0
    epoch_losses: list[float] = field(default_factory=list)
    weight_changes: dict[str, list[float]] = field(default_factory=dict)  # layer -> per epoch
    notes: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    live_updates: int = 0           # outputs of the live view while the cell ran

    def layer(self, name: str, kind: str) -> LayerStats:
        ls = self.layers.get(name)
        if ls is None:
            ls = self.layers[name] = LayerStats(name, kind)
        return ls

    def ordered_layers(self) -> list[LayerStats]:
        idx = {n: i for i, n in enumerate(self.layers)}
        return sorted(self.layers.values(), key=lambda s: (s.order, idx[s.name]))

    def param_layers(self) -> list[LayerStats]:
        """Layers with parameters that were looked at during training, in forward order."""
        return [s for s in self.ordered_layers() if s.grad_probes]

    @property
    def observed(self) -> bool:
        return self.steps > 0 or len(self.losses) > 0
