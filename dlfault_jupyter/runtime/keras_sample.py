"""The Keras sample-batch probe of ``%%dlcheck`` (TensorFlow backend).

One compiled function per model (``tf.function``, traced once and cached in a weak
dictionary) runs the model on a small sample batch with ``training=False`` layer by layer
(through the model's own graph for Sequential and Functional models), under a
``GradientTape`` over the compiled loss, and returns, as a few small tensors:

* per layer: whether its output is all finite, the min/max of its input, for ReLU layers
  the units active on some sample, for sigmoid/tanh the fraction of saturated outputs;
* per trainable variable: the gradient norm (``None`` gradients are reported as missing)
  and the weight norm.

It assigns nothing, applies no gradient, draws no random number (``training=False``: no
Dropout/noise, BatchNorm uses and keeps its moving statistics) and changes no layer
attribute. A model subclassed from ``keras.Model`` is run as a whole (gradients only: no
per-layer activations).
"""

from __future__ import annotations

import math
import weakref
from typing import Any

import numpy as np

from .trace import Trace

SAMPLE_ROWS = 64
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_BROKEN = object()


def _act_kind(layer: Any) -> str | None:
    """"relu", "sigmoid", "tanh" or None: the non-linearity at the output of a layer."""
    name = type(layer).__name__
    if name == "ReLU":
        slope = getattr(layer, "negative_slope", 0.0)
        mx = getattr(layer, "max_value", None)
        return "relu" if not slope and mx is None else None
    act = getattr(layer, "activation", None)
    if act is None or not callable(act):
        return None
    an = getattr(act, "__name__", "") or type(act).__name__
    an = an.lower()
    if an in ("relu", "sigmoid", "tanh"):
        return an
    return None


def _graph_of(model: Any) -> Any:
    """The Functional graph that runs the model (Sequential keeps one), or None."""
    from keras.src.models.functional import Functional

    if isinstance(model, Functional):
        return model
    fn = getattr(model, "_functional", None)
    return fn if isinstance(fn, Functional) else None


def _unsupported(model: Any) -> str | None:
    for layer in _all_layers(model):
        if getattr(layer, "stateful", False):
            return "a stateful layer"
    return None


def _all_layers(model: Any) -> list:
    out: list = []
    stack = list(getattr(model, "layers", []) or [])
    while stack:
        layer = stack.pop()
        out.append(layer)
        stack.extend(getattr(layer, "layers", []) or [])
    return out


class Compiled:
    """The compiled probe of one model and what its outputs mean."""

    def __init__(self, model: Any) -> None:
        import keras
        import tensorflow as tf

        self.ref = weakref.ref(model)
        self.layers: list[tuple[Any, str | None]] = []   # recorded, in call order
        loss = getattr(model, "loss", None)
        self.loss_fn = None
        if loss is not None and not isinstance(loss, (list, tuple, dict)):
            try:
                self.loss_fn = keras.losses.get(loss) if isinstance(loss, str) else loss
            except Exception:  # noqa: BLE001
                self.loss_fn = None
        self.variables = list(model.trainable_weights)
        ref = self.ref
        me = self

        def run(x: Any, y: Any) -> Any:
            m = ref()
            rec: list[tuple[Any, Any, Any]] = []
            with tf.GradientTape() as tape:
                out = me._forward(m, x, rec)
                loss_v = None
                if y is not None and me.loss_fn is not None and \
                        not isinstance(out, (list, tuple, dict)):
                    loss_v = tf.reduce_mean(tf.cast(me.loss_fn(y, out), tf.float32))
            me.layers = [(layer, _act_kind(layer)) for layer, _i, _o in rec]
            scal: list[Any] = []
            acts: list[Any] = []
            for (_layer, inp, o), (_l, kind) in zip(rec, me.layers, strict=False):
                o32 = tf.cast(o, tf.float32)
                scal.append(tf.cast(tf.reduce_all(tf.math.is_finite(o32)), tf.float32))
                if inp is not None and inp.dtype.is_floating:
                    i32 = tf.cast(inp, tf.float32)
                    scal += [tf.reduce_min(i32), tf.reduce_max(i32)]
                else:
                    scal += [tf.constant(0.0), tf.constant(0.0)]
                if kind == "relu" and len(o.shape) >= 2:
                    axes = list(range(len(o.shape) - 1))
                    acts.append(tf.cast(tf.reduce_max(o32, axis=axes) > 0, tf.float32))
                elif kind == "sigmoid":
                    scal.append(tf.reduce_mean(tf.cast((o32 < 0.01) | (o32 > 0.99), tf.float32)))
                elif kind == "tanh":
                    scal.append(tf.reduce_mean(tf.cast(tf.abs(o32) > 0.99, tf.float32)))
            gn: list[Any] = []
            if loss_v is not None:
                grads = tape.gradient(loss_v, me.variables)
                for g in grads:
                    gn.append(tf.constant(-1.0) if g is None else
                              tf.norm(tf.cast(tf.convert_to_tensor(g), tf.float32)))
                scal.append(loss_v)
            wn = [tf.norm(tf.cast(tf.convert_to_tensor(v), tf.float32)) for v in me.variables]
            return tf.stack(scal + gn + wn) if (scal or gn or wn) else tf.zeros((0,)), acts

        self.fn = tf.function(run, reduce_retracing=True)
        self.ran = False

    @staticmethod
    def _forward(m: Any, x: Any, rec: list) -> Any:
        import keras

        graph = _graph_of(m)
        if graph is None:
            return m(x, training=False)
        from keras.src.models.functional import operation_fn

        def op_fn(op: Any) -> Any:
            inner = operation_fn(op, training=False)

            def call(*args: Any, **kwargs: Any) -> Any:
                out = inner(*args, **kwargs)
                if isinstance(op, keras.layers.Layer) and not isinstance(out, (list, tuple,
                                                                                dict)):
                    first = args[0] if args else None
                    if isinstance(first, (list, tuple)):
                        first = first[0] if first else None
                    rec.append((op, first if hasattr(first, "dtype") else None, out))
                return out
            return call

        inputs = graph._standardize_inputs(x)
        outs = graph._run_through_graph(inputs, operation_fn=op_fn)
        if isinstance(outs, (list, tuple)) and len(outs) == 1:
            return outs[0]
        return outs


def compiled(model: Any) -> Compiled | None:
    c = _CACHE.get(model)
    if c is _BROKEN:
        return None
    if c is not None and len(c.variables) == len(model.trainable_weights) and all(
            a is b for a, b in zip(c.variables, model.trainable_weights, strict=False)):
        return c
    try:
        if _unsupported(model):
            _CACHE[model] = _BROKEN
            return None
        c = Compiled(model)
    except Exception:  # noqa: BLE001
        _CACHE[model] = _BROKEN
        return None
    _CACHE[model] = c
    return c


def forget(model: Any) -> None:
    _CACHE[model] = _BROKEN


def sample_source(x: Any, y: Any, validation_split: float = 0.0) -> Any:
    """(x, y, n_train) when x (and y) are arrays the probe can slice, else None."""
    def ok(a: Any) -> bool:
        if isinstance(a, np.ndarray):
            return a.ndim >= 1 and a.dtype.kind in "fiub"
        mod = type(a).__module__ or ""
        return "tensorflow" in mod and hasattr(a, "shape") and len(a.shape) >= 1

    if x is None or not ok(x) or (y is not None and not ok(y)):
        return None
    n = int(x.shape[0]) if x.shape[0] is not None else 0
    if y is not None and (y.shape[0] is None or int(y.shape[0]) != n):
        return None
    if validation_split and 0 < validation_split < 1:
        n = int(n * (1 - validation_split))
    if n < 2:
        return None
    return x, y, n


def sample(src: Any, k: int) -> tuple[Any, Any]:
    """The k-th sample batch: SAMPLE_ROWS consecutive training rows (a copy of them only)."""
    import tensorflow as tf

    x, y, n = src
    rows = min(SAMPLE_ROWS, n)
    span = n - rows + 1
    o = (k * rows) % span if span > 1 else 0
    xs = tf.convert_to_tensor(np.ascontiguousarray(x[o:o + rows]) if isinstance(x, np.ndarray)
                              else x[o:o + rows])
    ys = None
    if y is not None:
        ys = tf.convert_to_tensor(np.ascontiguousarray(y[o:o + rows]) if isinstance(y, np.ndarray)
                                  else y[o:o + rows])
    return xs, ys


def layer_name(var: str, layer: Any) -> str:
    return f"{var}.{getattr(layer, 'name', type(layer).__name__)}"


def kernels(model: Any) -> list[tuple[str, Any]]:
    """(variable id key, variable) of the trainable weights with ≥ 2 dimensions."""
    return [(id(v), v) for v in model.trainable_weights if len(v.shape) >= 2]


class State:
    """Run-wide activation statistics of one ``%%dlcheck`` cell (bounded: one vector per
    ReLU layer, one number per sigmoid/tanh layer)."""

    def __init__(self) -> None:
        self.ever_active: dict[str, np.ndarray] = {}
        self.sat_sum: dict[str, float] = {}
        self.last_layer: str | None = None

    def finish(self, tr: Trace) -> None:
        for name, ever in self.ever_active.items():
            ls = tr.layers.get(name)
            if ls is not None:
                ls.units = int(ever.size)
                ls.dead_units = int((~ever).sum())
        for name, s in self.sat_sum.items():
            ls = tr.layers.get(name)
            if ls is not None and ls.act_probes:
                ls.saturated = s / ls.act_probes
        if self.last_layer is not None and self.last_layer in tr.layers:
            tr.layers[self.last_layer].is_output = True


def record(tr: Trace, state: State, c: Compiled, var: str, step: int, vals: np.ndarray,  # noqa: C901 - one branch per kind of number a probe returns
           acts: list[np.ndarray]) -> None:
    """Put one probe's numbers into the trace."""
    model = c.ref()
    if model is None:
        return
    i = 0
    ai = 0
    var_owner: dict[int, str] = {}
    first_bad: tuple[str, str, float, float, bool] | None = None
    input_ok = True
    for order, (layer, kind) in enumerate(c.layers):
        name = layer_name(var, layer)
        cls = type(layer).__name__
        ls = tr.layer(name, cls)
        ls.order = order
        fin = vals[i] > 0.5
        lo, hi = float(vals[i + 1]), float(vals[i + 2])
        i += 3
        in_ok = math.isfinite(lo) and math.isfinite(hi)
        if order == 0:
            input_ok = in_ok
        if not fin and first_bad is None:
            first_bad = (name, cls, lo, hi, in_ok)
        if kind == "relu":
            a = acts[ai] > 0.5 if ai < len(acts) else None
            ai += 1
            if a is not None:
                prev = state.ever_active.get(name)
                state.ever_active[name] = a if prev is None or prev.shape != a.shape \
                    else (prev | a)
                ls.act_probes += 1
        elif kind in ("sigmoid", "tanh"):
            s = float(vals[i])
            i += 1
            if math.isfinite(s):
                state.sat_sum[name] = state.sat_sum.get(name, 0.0) + s
                ls.act_probes += 1
        for v in getattr(layer, "trainable_weights", []):
            var_owner.setdefault(id(v), name)
        state.last_layer = name
    if not c.layers:   # a subclassed model: its tracked layers, in attribute order
        for order, layer in enumerate(getattr(model, "layers", []) or []):
            for v in getattr(layer, "trainable_weights", []):
                var_owner.setdefault(id(v), layer_name(var, layer))
            if getattr(layer, "trainable_weights", None):
                tr.layer(layer_name(var, layer), type(layer).__name__).order = order
    nv = len(c.variables)
    rest = len(vals) - i
    has_grads = rest == 2 * nv + 1
    gvals = None
    if has_grads:
        gvals = vals[i + 1:i + 1 + nv]     # after the loss of the sample
        i += 1 + nv
    wvals = vals[i:i + nv]
    g2: dict[str, float] = {}
    w2: dict[str, float] = {}
    wfin: dict[str, bool] = {}
    missing: dict[str, bool] = {}
    for j, v in enumerate(c.variables):
        name = var_owner.get(id(v))
        if name is None:
            continue
        w = float(wvals[j]) if j < len(wvals) else 0.0
        wfin[name] = wfin.get(name, True) and math.isfinite(w)
        if len(v.shape) >= 2:
            w2[name] = w2.get(name, 0.0) + w * w
        if gvals is not None:
            g = float(gvals[j])
            if g < 0:   # no gradient for this variable
                missing.setdefault(name, True)
                continue
            missing[name] = False
            g2[name] = g2.get(name, 0.0) + g * g
    if gvals is not None:
        total = 0.0
        for name in dict.fromkeys(list(missing) + list(g2)):
            ls = tr.layers[name]
            ls.grad_probes += 1
            if missing.get(name) and name not in g2:
                ls.grad_missing += 1
                continue
            v = g2.get(name, 0.0)
            norm = math.sqrt(v) if math.isfinite(v) else float("nan")
            ls.grad_norms.add(step, norm)
            if norm == 0.0:
                ls.grad_missing += 1
            total += v
        tr.total_grad_norm.add(step, math.sqrt(total) if math.isfinite(total)
                               else float("nan"))
    for name, v in w2.items():
        ls = tr.layers[name]
        ls.weight_norm = math.sqrt(v) if math.isfinite(v) else float("nan")
        ls.n_params = sum(int(np.prod(w.shape)) for w in
                          getattr(_layer_by_name(c, model, var, name), "trainable_weights", []))
    if not input_ok and tr.input_nonfinite_step is None:
        tr.input_nonfinite_step = step
    if first_bad is not None and tr.nan_origin is None:
        name, cls, lo, hi, in_ok = first_bad
        if not in_ok and c.layers and layer_name(var, c.layers[0][0]) == name:
            tr.nan_origin = {"layer": None, "kind": None, "step": step}
        else:
            tr.nan_origin = {"layer": name, "kind": cls, "step": step, "in_min": lo,
                             "in_max": hi, "input_finite": in_ok,
                             "params_finite": wfin.get(name, True)}


LABEL_PROBES = 256   # batches whose label range is recorded (DLF-T313)


def label_source(x: Any, y: Any, batch_size: Any, shuffle: Any,
                 validation_split: float = 0.0) -> Any:
    """(y, batch_size, n_train) for a ``fit(..., shuffle=False)`` on array labels, whose
    batch k is rows k·B..(k+1)·B of the training part; else None (a shuffled fit, a
    dataset or a generator: the batches the model sees are unknown)."""
    if shuffle is not False or not isinstance(y, np.ndarray) or y.ndim not in (1, 2) or \
            y.dtype.kind not in "iuf" or not hasattr(x, "shape") or \
            int(x.shape[0] or 0) != y.shape[0]:
        return None
    if y.ndim == 2 and y.shape[1] < 2:
        y = y[:, 0]
    head = y[:1024]
    if y.dtype.kind == "f" and not bool(np.all(head == np.round(head))):
        return None   # continuous targets (regression), not class labels
    b = int(batch_size) if isinstance(batch_size, int) and batch_size > 0 else 32
    n = y.shape[0]
    if validation_split and 0 < validation_split < 1:
        n = int(n * (1 - validation_split))
    return (y, b, n) if n >= 2 * b else None


def record_labels(tr: Trace, labels: Any, batch: int) -> None:
    """The label range of the batch about to be trained on (class indices; one-hot rows
    as their argmax)."""
    y, b, n = labels
    if len(tr.label_probes) >= LABEL_PROBES:
        return
    lo, hi = batch * b, min((batch + 1) * b, n)
    if hi - lo < 2:
        return
    part = y[lo:hi]
    if part.ndim == 2:
        part = part.argmax(axis=1)
    tr.label_probes.append((float(part.min()), float(part.max())))


INPUT_PROBES = 8    # sample batches whose value range is recorded (DLF-T314)
# layers that only reshape or drop values: the model's input reaches the next layer as is
_SHAPE_ONLY = ("InputLayer", "Flatten", "Reshape", "Permute", "Dropout", "SpatialDropout1D",
               "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout",
               "AlphaDropout", "Masking")


def first_layer_kind(c: Compiled) -> str | None:
    """The class of the first layer that computes on the model's input (past reshaping
    and dropout layers), or None when the layers were not recorded (a subclassed model,
    whose ``call`` may scale the input)."""
    for layer, _k in c.layers:
        name = type(layer).__name__
        if name not in _SHAPE_ONLY:
            return name
    return None


def record_input(tr: Trace, c: Compiled, var: str, xs: Any) -> None:
    """The value range of a sample batch of the training inputs (a few probes only)."""
    if len(tr.input_probes) >= INPUT_PROBES or not c.layers:
        return
    a = np.asarray(xs)
    if a.size == 0 or a.dtype.kind not in "fiu":
        return
    a = a.astype(np.float64, copy=False)
    tr.input_probes.append((float(a.min()), float(a.max()), float(a.mean()), float(a.std())))
    tr.input_subject = var
    if tr.first_leaf_kind is None:
        tr.first_leaf_kind = first_layer_kind(c)


def _layer_by_name(c: Compiled, model: Any, var: str, name: str) -> Any:
    for layer, _k in c.layers:
        if layer_name(var, layer) == name:
            return layer
    for layer in getattr(model, "layers", []) or []:
        if layer_name(var, layer) == name:
            return layer
    return None
