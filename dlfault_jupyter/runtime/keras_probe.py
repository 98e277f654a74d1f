"""Keras instrumentation of one ``%%dlcheck`` cell.

``keras.Model.fit`` is wrapped for the duration of the cell: every call gets one more
callback that records the loss per batch and, at the end of every epoch, how much each
trainable weight moved. When ``x`` (and ``y``) are arrays, a *probe* runs at the start of
every K-th batch (and the first three): on a small sample of the training data (at most
64 rows, a different slice each time, never a copy of the whole array) it computes, in
one ``tf.function`` (``sample_probe.py``), per-layer gradient norms (``GradientTape`` over
the compiled loss; the gradients are not applied), per-layer activation statistics (dead
ReLU units, saturated sigmoid/tanh, the first layer whose output is NaN/Inf and the range
of its input) and weight norms; the update-to-weight ratio compares the weights before and
after that batch. The forward pass of the probe runs with ``training=False``: Dropout and
other random layers draw no random numbers, BatchNorm does not update its statistics;
nothing is assigned to a variable and the optimizer is not touched, so the run's losses and
weights are bit-identical with and without it (``tests/test_runtime.py``). Probes are kept
to a small share of the fit's time (``PROBE_SHARE``) after the first three. The probe also
records the value range of the first sample batches (inputs not normalised, DLF-T314).
With ``fit(x, y, shuffle=False)`` on array labels the batches are known (rows k·B to
(k+1)·B): the label range of each batch is read from that slice of ``y`` (DLF-T313).
Nothing else can be observed of the data pipeline: Keras fetches the next batch inside its
compiled train step, so data time and compute time cannot be told apart (no DLF-T315).

Keras 3 reports in ``logs["loss"]`` the running mean of the epoch so far; the loss of
batch k is recovered as ``k·m_k − (k−1)·m_{k−1}``.
"""

from __future__ import annotations

import inspect
import math
import time
from typing import Any

import numpy as np

from . import keras_sample as KS
from .trace import Trace

PROBE_SHARE = 0.1   # probes after the first three take at most this share of the fit time


def _callback_class() -> type:  # noqa: C901 - the Keras callback class, defined here so that keras is imported only when used
    import keras

    class DLCheckCallback(keras.callbacks.Callback):
        def __init__(self, probe: KerasProbe, src: Any = None, labels: Any = None) -> None:
            super().__init__()
            self.probe = probe
            self._src = src           # (x, y, n_train) of the fit, for the sample probe
            self._labels = labels     # (y, batch_size, n_train) of an unshuffled fit
            self._c: Any = None
            self._var = "model"
            self._t0 = 0.0
            self._probe_s = 0.0
            self._before: list[tuple[str, np.ndarray]] | None = None
            self._before_step = -1
            self._prev_mean = 0.0
            self._k = 0
            self._w: list[np.ndarray] | None = None
            self._names: list[str] = []
            self._pending: list[tuple[int, int, Any]] = []

        def on_train_begin(self, logs: Any = None) -> None:
            self.probe.begin(self.model)
            live = self.probe.live
            if live is not None:
                try:
                    prm = self.params or {}
                    live.set_total(self.probe.trace.steps
                                   + int(prm.get("epochs") or 0) * int(prm.get("steps") or 0))
                except Exception:  # noqa: BLE001
                    pass
            self._t0 = time.perf_counter()
            if self._src is not None:
                try:
                    import keras

                    if keras.backend.backend() == "tensorflow":
                        self._c = KS.compiled(self.model)
                        self._var = self.probe.name_of(self.model)
                except Exception as e:  # noqa: BLE001
                    self._c = None
                    self.probe.fail(e)
            try:
                ws = self.model.trainable_weights
                self._names = [_layer_of(v) for v in ws]
                self._w = [np.array(v.numpy(), dtype=np.float64, copy=True) for v in ws]
            except Exception:  # noqa: BLE001
                self._w = None

        def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
            self._k = 0
            self._prev_mean = 0.0

        def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
            p = self.probe
            if p.off:
                return
            step = p.trace.steps
            if self._labels is not None:   # a slice of y: every batch (bounded)
                try:
                    KS.record_labels(p.trace, self._labels, batch)
                except Exception as e:  # noqa: BLE001
                    self._labels = None
                    p.fail(e)
            if self._c is None or not (step < 3 or step % p.every == 0):
                return
            if step >= 3 and self._probe_s > PROBE_SHARE * (time.perf_counter() - self._t0):
                return
            t = time.perf_counter()
            first = not getattr(self._c, "ran", False)
            try:
                self._sample_probe(step)
            except Exception as e:  # noqa: BLE001
                KS.forget(self.model)
                self._c = None
                p.fail(e)
                return
            if not first:        # the first call traces the function: set-up, not probing
                self._probe_s += time.perf_counter() - t

        def _sample_probe(self, step: int) -> None:
            p = self.probe
            c = self._c
            xs, ys = KS.sample(self._src, p.trace.probes)
            vec, acts = c.fn(xs, ys)
            c.ran = True
            vals = np.asarray(vec, dtype=np.float64)
            acts = [np.asarray(a) for a in acts]
            KS.record(p.trace, p.state, c, self._var, step, vals, acts)
            KS.record_input(p.trace, c, self._var, xs)
            p.trace.probes += 1
            if step > 0:   # the update of this batch, compared at its end
                self._before = [(KS.layer_name(self._var, layer), v,
                                 _copy32(v.numpy()))
                                for layer, _k in (c.layers or [(lay, None) for lay in
                                                               self.model.layers])
                                for v in getattr(layer, "trainable_weights", [])
                                if len(v.shape) >= 2]
                self._before_step = step

        def _update_ratio(self) -> None:
            tr = self.probe.trace
            before, step = self._before, self._before_step
            self._before = None
            if not before:
                return
            agg: dict[str, list[float]] = {}
            for name, v, old in before:
                w2 = float(np.linalg.norm(old)) ** 2
                np.subtract(np.asarray(v.numpy()), old, out=old)   # in place: no temporary
                a = agg.setdefault(name, [0.0, 0.0])
                a[0] += float(np.linalg.norm(old)) ** 2
                a[1] += w2
            for name, (d2, w2) in agg.items():
                if w2 > 0 and math.isfinite(d2) and math.isfinite(w2) and name in tr.layers:
                    tr.layers[name].update_ratios.add(step, math.sqrt(d2 / w2))

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            p = self.probe
            if p.off:
                return
            if self._before is not None:
                try:
                    self._update_ratio()
                except Exception as e:  # noqa: BLE001
                    p.fail(e)
            m = (logs or {}).get("loss")
            if m is None:
                return
            self._pending.append((p.trace.steps, batch, m))
            p.trace.steps += 1
            if len(self._pending) >= p.every:
                self._flush()
            if p.live is not None:
                p.live.tick(time.perf_counter())
            if p.max_steps is not None and p.trace.steps >= p.max_steps:
                self._flush()
                p.off = True

        def _flush(self) -> None:
            tr = self.probe.trace
            for step, batch, m in self._pending:
                try:
                    mean = float(np.asarray(m))
                except Exception:  # noqa: BLE001
                    continue
                k = batch + 1
                if batch == 0:
                    self._prev_mean, self._k = 0.0, 0
                val = mean if not math.isfinite(mean) or self._k != k - 1 \
                    else k * mean - (k - 1) * self._prev_mean
                if math.isfinite(mean):
                    val = max(val, 0.0) if mean >= 0 else val
                self._prev_mean, self._k = mean, k
                tr.losses.add(step, val)
            self._pending = []

        def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
            self._flush()
            tr = self.probe.trace
            tr.epochs += 1
            m = (logs or {}).get("loss")
            if m is not None:
                try:
                    tr.epoch_losses.append(float(np.asarray(m)))
                except Exception:  # noqa: BLE001
                    pass
            if self._w is None or self.probe.off:
                return
            try:
                now = [np.asarray(v.numpy(), dtype=np.float64)
                       for v in self.model.trainable_weights]
                if len(now) != len(self._w):
                    return
                per: dict[str, list[float]] = {}
                for n, a, b in zip(self._names, self._w, now, strict=False):
                    d = per.setdefault(n, [0.0, 0.0])
                    d[0] += float(np.sum((b - a) ** 2))
                    d[1] += float(np.sum(a ** 2))
                for n, (d2, w2) in per.items():
                    tr.weight_changes.setdefault(n, []).append(
                        math.sqrt(d2 / w2) if w2 > 0 else math.sqrt(d2))
                self._w = [np.array(b, copy=True) for b in now]
            except Exception as e:  # noqa: BLE001
                self.probe.fail(e)

        def on_train_end(self, logs: Any = None) -> None:
            self._flush()
            self._w = None
            self._src = None
            self._labels = None
            self._c = None
            self._before = None

    return DLCheckCallback


def _copy32(a: Any) -> np.ndarray:
    """A writable copy, float32 at least (float16 norms would overflow)."""
    a = np.asarray(a)
    return np.array(a, dtype=np.float64 if a.dtype == np.float64 else np.float32, copy=True)


def _layer_of(v: Any) -> str:
    path = getattr(v, "path", None) or getattr(v, "name", "") or "weight"
    return str(path).rsplit("/", 1)[0] if "/" in str(path) else str(path)


class KerasProbe:
    #: the trace records "keras" when a fit actually runs (install)
    framework: str | None = None

    def __init__(self, trace: Trace, ns: dict[str, Any], every: int = 10,
                 max_steps: int | None = None) -> None:
        self.trace, self.ns = trace, ns
        self.every = max(1, int(every))
        self.max_steps = max_steps
        self.off = False
        self.live: Any = None      # live.Live while the cell runs in a front-end
        self._orig: Any = None
        self._had = False
        self.state = KS.State()

    def attach(self, filename: str | None = None, live: Any = None) -> None:
        """The cell's live display, if any (Keras reports no line numbers)."""
        self.live = live

    def install(self) -> None:
        import keras

        cls = keras.Model
        self._had = "fit" in cls.__dict__
        orig = cls.fit
        self._orig = orig
        try:
            sig = inspect.signature(orig)
        except (TypeError, ValueError):
            sig = None
        cb_cls = _callback_class()
        probe = self

        def fit(model: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                if sig is not None:
                    ba = sig.bind(model, *args, **kwargs)
                    cbs = ba.arguments.get("callbacks")
                    cbs = list(cbs) if cbs else []
                    a = ba.arguments
                    try:
                        src = KS.sample_source(a.get("x"), a.get("y"),
                                               float(a.get("validation_split") or 0.0))
                    except Exception:  # noqa: BLE001
                        src = None
                    try:
                        labels = KS.label_source(a.get("x"), a.get("y"), a.get("batch_size"),
                                                 a.get("shuffle", True),
                                                 float(a.get("validation_split") or 0.0))
                    except Exception:  # noqa: BLE001
                        labels = None
                    cbs.append(cb_cls(probe, src, labels))
                    ba.arguments["callbacks"] = cbs
                    args, kwargs = ba.args[1:], ba.kwargs
                else:
                    cbs = list(kwargs.get("callbacks") or [])
                    cbs.append(cb_cls(probe))
                    kwargs["callbacks"] = cbs
            except Exception as e:  # noqa: BLE001 - the user's own error surfaces below
                probe.fail(e)
            return orig(model, *args, **kwargs)

        fit.__wrapped__ = orig  # type: ignore[attr-defined]
        fit.__doc__ = orig.__doc__
        cls.fit = fit

    def remove(self) -> None:
        if self._orig is None:
            return
        import keras

        try:
            if self._had:
                keras.Model.fit = self._orig
            else:
                del keras.Model.fit
        except Exception:  # noqa: BLE001
            pass
        self._orig = None

    def name_of(self, model: Any) -> str:
        return next((k for k, v in self.ns.items() if v is model and not k.startswith("_")),
                    None) or str(getattr(model, "name", "model"))

    def begin(self, model: Any) -> None:
        tr = self.trace
        tr.frameworks.add("keras")
        name = self.name_of(model)
        if name not in tr.models:
            tr.models.append(name)
        if name not in tr.keras_models:
            tr.keras_models.append(name)
        try:
            loss = getattr(model, "loss", None)
            lname = loss if isinstance(loss, str) else getattr(loss, "name", None) or \
                getattr(loss, "__name__", None) or type(loss).__name__
            tr.loss_name = str(lname)
            if "categorical_crossentropy" in tr.loss_name:
                shape = getattr(model, "output_shape", None)
                if isinstance(shape, tuple) and shape and isinstance(shape[-1], int):
                    tr.n_classes = shape[-1]
        except Exception:  # noqa: BLE001
            pass

    def fail(self, e: BaseException) -> None:
        msg = f"instrumentation: {type(e).__name__}: {e}"[:200]
        if msg not in self.trace.notes and len(self.trace.notes) < 5:
            self.trace.notes.append(msg)

    def finish(self) -> None:
        self.state.finish(self.trace)
        self.state = KS.State()
