"""Keras instrumentation of one ``%%dlcheck`` cell.

``keras.Model.fit`` is wrapped for the duration of the cell: every call gets one more
callback that records the loss per batch and, at the end of every epoch, how much each
trainable weight moved. Nothing else: no gradient or activation probe, because computing
one needs a forward pass that could change state (BatchNorm statistics, RNG of Dropout
layers, the optimizer's iteration counter) — the Keras diagnoses are the loss-based ones
plus weights that do not move.

Keras 3 reports in ``logs["loss"]`` the running mean of the epoch so far; the loss of
batch k is recovered as ``k·m_k − (k−1)·m_{k−1}``.
"""

from __future__ import annotations

import inspect
import math
from typing import Any

import numpy as np

from .trace import Trace


def _callback_class() -> type:
    import keras

    class DLCheckCallback(keras.callbacks.Callback):
        def __init__(self, probe: KerasProbe) -> None:
            super().__init__()
            self.probe = probe
            self._prev_mean = 0.0
            self._k = 0
            self._w: list[np.ndarray] | None = None
            self._names: list[str] = []
            self._pending: list[tuple[int, int, Any]] = []

        def on_train_begin(self, logs: Any = None) -> None:
            self.probe.begin(self.model)
            try:
                ws = self.model.trainable_weights
                self._names = [_layer_of(v) for v in ws]
                self._w = [np.array(v.numpy(), dtype=np.float64, copy=True) for v in ws]
            except Exception:  # noqa: BLE001
                self._w = None

        def on_epoch_begin(self, epoch: int, logs: Any = None) -> None:
            self._k = 0
            self._prev_mean = 0.0

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            p = self.probe
            if p.off:
                return
            m = (logs or {}).get("loss")
            if m is None:
                return
            self._pending.append((p.trace.steps, batch, m))
            p.trace.steps += 1
            if len(self._pending) >= p.every:
                self._flush()
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

    return DLCheckCallback


def _layer_of(v: Any) -> str:
    path = getattr(v, "path", None) or getattr(v, "name", "") or "weight"
    return str(path).rsplit("/", 1)[0] if "/" in str(path) else str(path)


class KerasProbe:
    def __init__(self, trace: Trace, ns: dict[str, Any], every: int = 10,
                 max_steps: int | None = None) -> None:
        self.trace, self.ns = trace, ns
        self.every = max(1, int(every))
        self.max_steps = max_steps
        self.off = False
        self._orig: Any = None
        self._had = False

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
                    cbs.append(cb_cls(probe))
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

    def begin(self, model: Any) -> None:
        tr = self.trace
        tr.frameworks.add("keras")
        name = next((k for k, v in self.ns.items() if v is model and not k.startswith("_")),
                    None) or getattr(model, "name", "model")
        if name not in tr.models:
            tr.models.append(name)
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
        pass
