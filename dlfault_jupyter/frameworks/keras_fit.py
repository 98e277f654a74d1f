"""Keras knowledge about what ``model.fit`` logs and what its callbacks watch.

Part of the Keras adapter (imported only when keras or tensorflow is imported). Reads
stored attributes and signatures only: nothing here calls a callback, builds, fits or
evaluates a model.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

import numpy as np

from ..analysis.metric_names import direction as name_direction
from .keras import _keras, compile_config

#: callback attributes that make "the best epoch" matter (what the callback keeps of it)
_BEST_ATTRS = ("restore_best_weights", "save_best_only")

#: the constructor arguments a fix rewrites a callback with, by class (first: positional)
_CTOR = {"EarlyStopping": ("monitor", "mode", "patience", "restore_best_weights"),
         "ModelCheckpoint": ("filepath", "monitor", "mode", "save_best_only",
                             "save_weights_only"),
         "ReduceLROnPlateau": ("monitor", "mode", "factor", "patience")}



def _callback_base() -> Any:
    k = _keras()
    return getattr(getattr(k, "callbacks", None), "Callback", None) if k is not None else None


def _facts(cls_name: str, get: Any) -> dict[str, Any] | None:
    monitor, mode = get("monitor"), get("mode")
    if not isinstance(monitor, str) or not monitor:
        return None
    args = {}
    for a in _CTOR.get(cls_name, ()):
        v = get(a)
        if isinstance(v, (str, int, float, bool)):
            args[a] = v
    return {"cls": cls_name, "monitor": monitor,
            "mode": mode if isinstance(mode, str) else "auto",
            "best": next((a for a in _BEST_ATTRS if get(a) is True), None),
            "args": args}


def _code(v: Any) -> str:
    """A literal as notebooks write it: strings in double quotes."""
    if isinstance(v, str) and '"' not in v and "\\" not in v:
        return f'"{v}"'
    return repr(v)


def ctor(facts: dict[str, Any], **change: Any) -> str:
    """``keras.callbacks.EarlyStopping(monitor="val_loss", ...)``: the callback as code,
    with its known arguments and ``change`` applied."""
    args = dict(facts.get("args") or {}, **change)
    parts = [_code(args.pop("filepath"))] if "filepath" in args else []
    parts += [f"{k}={_code(v)}" for k, v in args.items()
              if not (k == "mode" and v == "auto") and v is not False]
    return f"keras.callbacks.{facts['cls']}({', '.join(parts)})"


def callback_facts(obj: Any) -> dict[str, Any] | None:
    """``{"cls", "monitor", "mode", "best"}`` of a Keras callback object that monitors a
    logged quantity (EarlyStopping, ModelCheckpoint, ReduceLROnPlateau, subclasses);
    None for anything else."""
    base = _callback_base()
    if base is None or not isinstance(obj, base):
        return None
    d = getattr(obj, "__dict__", {})
    return _facts(type(obj).__name__, d.get)


def callback_class_facts(cls: Any, kwargs: dict[str, Any]) -> dict[str, Any] | None:
    """The same facts for ``cls(**kwargs)`` not yet bound to a name (a callback built inside
    ``fit(callbacks=[...])``): the given literal keywords over the signature's defaults.
    ``kwargs`` maps a keyword to its literal value (a non-literal one is absent)."""
    base = _callback_base()
    if base is None or not isinstance(cls, type) or not issubclass(cls, base):
        return None
    try:
        params = inspect.signature(cls).parameters
    except (TypeError, ValueError):
        return None
    if "monitor" not in params:
        return None

    def val(name: str) -> Any:
        if name in kwargs:
            return kwargs[name]
        p = params.get(name)
        return None if p is None or p.default is inspect.Parameter.empty else p.default

    return _facts(cls.__name__, val)


def logged_by_last_fit(model: Any) -> list[str] | None:
    """The keys ``model.fit`` logged in its last run (``model.history``), or None."""
    h = getattr(model, "__dict__", {}).get("history")
    hist = getattr(h, "history", None)
    if not isinstance(hist, dict) or not hist:
        return None
    return [k for k in hist if isinstance(k, str)]


def _metric_names(metrics: Any) -> list[tuple[str, Any]] | None:
    """(logged name, metric object or None) of a flat compile ``metrics=`` list; None for
    per-output dicts/nested lists (multi-output names are prefixed)."""
    if metrics is None:
        return []
    if not isinstance(metrics, (list, tuple)):
        return None
    out: list[tuple[str, Any]] = []
    for m in metrics:
        if isinstance(m, str):
            out.append((m, None))
        elif isinstance(getattr(m, "name", None), str):
            out.append((m.name, m))
        elif callable(m) and isinstance(getattr(m, "__name__", None), str):
            out.append((m.__name__, None))
        else:
            return None
    return out


def expected_logs(model: Any, validation: bool) -> list[str] | None:
    """The keys ``model.fit`` will log for a compiled single-output model: ``loss``, the
    compiled metrics by the names they log under, and their ``val_`` twins with
    validation. None when unsure (not compiled, several outputs, weighted metrics)."""
    cfg = compile_config(model)
    if not cfg:
        return None
    outs = getattr(model, "outputs", None)
    if isinstance(outs, (list, tuple)) and len(outs) > 1:
        return None
    if cfg.get("weighted_metrics") or isinstance(cfg.get("loss"), (dict, list, tuple)):
        return None
    names = _metric_names(cfg.get("metrics"))
    if names is None:
        return None
    keys = [n for n, _ in names] + ["loss"]
    return keys + [f"val_{k}" for k in keys] if validation else keys


def direction(model: Any, monitor: str) -> str | None:
    """"up" (larger is better) or "down" for a logged quantity, from the compiled metric's
    own ``_direction`` where Keras records it, else from its name; None when unknown."""
    base = monitor[4:] if monitor.startswith("val_") else monitor
    cfg = compile_config(model) or {}
    for name, obj in _metric_names(cfg.get("metrics")) or []:
        if name == base and obj is not None:
            d = getattr(obj, "_direction", None)
            if d in ("up", "down"):
                return str(d)
    # by its name, when the compiled metric object does not say (Keras 3's own fallback in
    # ``MonitorCallback._set_monitor_op`` knows only "loss"): the shared vocabulary
    return name_direction(base)


# -- keyword arguments a Keras class does not take ------------------------------------------


def _init_params(cls: Any) -> dict[str, Any] | None:
    """The keyword parameters of ``cls.__init__``; None when it also takes ``**kwargs``
    (Keras validates those itself) or the signature cannot be read."""
    try:
        params = inspect.signature(cls).parameters
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return None
    return dict(params)


def keras_class(obj: Any) -> bool:
    """A class defined by Keras itself (``keras.src...``): its signature is the API."""
    return isinstance(obj, type) and (getattr(obj, "__module__", "") or "").startswith(
        ("keras.", "tf_keras."))


def rejected_kwargs(cls: Any, names: list[str]) -> tuple[list[str], list[str]]:
    """(the keywords of ``names`` that ``cls(...)`` rejects with TypeError, the keywords it
    takes). Nothing when ``cls`` is no Keras class or takes ``**kwargs``."""
    if not keras_class(cls):
        return [], []
    params = _init_params(cls)
    if params is None:
        return [], []
    takes = [n for n, p in params.items() if n != "self" and p.kind in (
        inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)]
    return [n for n in names if n not in params], takes


def sibling_taking(cls: Any, kwarg: str) -> str | None:
    """The public class of the same Keras API module (``keras.losses`` for a loss) that
    takes ``kwarg``, the one whose name is closest to ``cls``'s: ``CategoricalCrossentropy``
    for ``SparseCategoricalCrossentropy`` and ``label_smoothing``."""
    import difflib

    k = _keras()
    if k is None:
        return None
    for api in ("losses", "metrics", "layers", "optimizers", "callbacks"):
        mod = getattr(k, api, None)
        base = getattr(mod, {"losses": "Loss", "metrics": "Metric", "layers": "Layer",
                             "optimizers": "Optimizer", "callbacks": "Callback"}[api], None)
        if mod is None or not isinstance(base, type) or not issubclass(cls, base):
            continue
        cands = []
        for name in dir(mod):
            c = getattr(mod, name, None)
            if name.startswith("_") or not isinstance(c, type) or c is cls or \
                    not issubclass(c, base):
                continue
            p = _init_params(c)
            if p is not None and kwarg in p:
                cands.append(name)
        best = difflib.get_close_matches(cls.__name__, cands, n=1, cutoff=0.5)
        return best[0] if best else None
    return None


def keras_version() -> str:
    k = _keras()
    return str(getattr(k, "__version__", "3")) if k is not None else "3"


# -- preprocessing layers and what adapt() learns -------------------------------------------

#: what ``adapt`` learns, by layer class (the message names it)
_LEARNS = {"Normalization": "moments", "TextVectorization": "vocabulary",
           "StringLookup": "vocabulary", "IntegerLookup": "vocabulary",
           "Discretization": "bins", "Hashing": None}


def adapt_learns(obj: Any) -> str | None:
    """"moments", "vocabulary" or "bins": what ``obj.adapt(data)`` computes from the data,
    for a Keras preprocessing layer; None for anything else."""
    k = _keras()
    if k is None or not isinstance(obj, k.layers.Layer):
        return None
    for c in type(obj).__mro__:
        if c.__name__ in _LEARNS and (c.__module__ or "").startswith("keras."):
            return _LEARNS[c.__name__]
    return None


# -- tf.data pipelines: the chain of transformations behind a dataset ------------------------

_STEPS = {"_TakeDataset": "take", "_SkipDataset": "skip", "_ShuffleDataset": "shuffle",
          "_RepeatDataset": "repeat", "CacheDataset": "cache", "_CacheDataset": "cache",
          "_MemoryCacheDataset": "cache"}


def dataset_lineage(ds: Any, limit: int = 64) -> list[tuple[str, Any, dict[str, Any]]]:
    """``[(step, dataset, facts), ...]`` from ``ds`` up through its single inputs
    (``_input_dataset``): step is "take", "skip", "shuffle", "repeat", "cache" or "other";
    facts: ``reshuffle`` for a shuffle (``reshuffle_each_iteration``), ``count`` for
    take/skip/repeat (an int when readable). Reads stored attributes only."""
    tf = sys.modules.get("tensorflow")
    out: list[tuple[str, Any, dict[str, Any]]] = []
    if tf is None or not isinstance(ds, tf.data.Dataset):
        return out
    d = ds
    while d is not None and len(out) < limit:
        attrs = getattr(d, "__dict__", {})
        step = _STEPS.get(type(d).__name__, "other")
        facts: dict[str, Any] = {}
        if step == "shuffle":
            r = attrs.get("_reshuffle_each_iteration")
            facts["reshuffle"] = r if isinstance(r, bool) else None
            facts["buffer"] = _int(attrs.get("_buffer_size"))
        elif step in ("take", "skip", "repeat"):
            facts["count"] = _int(attrs.get("_count"))
        out.append((step, d, facts))
        d = attrs.get("_input_dataset")
    return out


def _int(t: Any) -> int | None:
    """An int64 scalar tensor's value (already computed: an eager constant)."""
    try:
        v = t.numpy() if hasattr(t, "numpy") else t
        return int(v) if v is not None and getattr(v, "ndim", 0) == 0 else None
    except Exception:  # noqa: BLE001
        return None


def _layers_deep(model: Any, depth: int = 0) -> list[Any]:
    out: list[Any] = []
    for layer in list(getattr(model, "layers", []) or [])[:256]:
        out.append(layer)
        if depth < 3 and getattr(layer, "layers", None):
            out += _layers_deep(layer, depth + 1)
    return out


def unadapted_normalizations(model: Any) -> list[Any]:
    """The ``Normalization`` layers of a built Keras model that were never adapted and got
    no ``mean``/``variance``: their state is still the initial mean 0 / variance 1 (read
    from at most 256 values of each), so they pass inputs through unchanged."""
    k = _keras()
    norm = getattr(getattr(k, "layers", None), "Normalization", None) if k is not None else None
    if not isinstance(norm, type):
        return []
    out = []
    for layer in _layers_deep(model):
        if not isinstance(layer, norm) or not getattr(layer, "built", False):
            continue
        d = getattr(layer, "__dict__", {})
        if d.get("input_mean") is not None or d.get("input_variance") is not None:
            continue
        mean: Any = d.get("adapt_mean")
        var: Any = d.get("adapt_variance")
        try:
            m = np.asarray(mean.numpy()).ravel()[:256]
            v = np.asarray(var.numpy()).ravel()[:256]
        except Exception:  # noqa: BLE001
            continue
        if m.size and not m.any() and bool((v == 1).all()):
            out.append(layer)
    return out


_LOOKUPS = ("StringLookup", "IntegerLookup", "TextVectorization")


def _is_lookup(layer: Any) -> bool:
    return any(c.__name__ in _LOOKUPS and (c.__module__ or "").startswith("keras.")
               for c in type(layer).__mro__)


def lookup_embeddings(model: Any) -> list[tuple[Any, Any, int, int]]:
    """``(lookup, embedding, lookup.vocabulary_size(), embedding.input_dim)`` for each
    ``Embedding`` of a Keras model fed directly by a ``StringLookup``/``IntegerLookup``/
    ``TextVectorization`` (functional graph or Sequential order) whose vocabulary is larger
    than the embedding table: the lookup's top indices fall outside the table."""
    k = _keras()
    emb_cls = getattr(getattr(k, "layers", None), "Embedding", None) if k is not None else None
    if not isinstance(emb_cls, type):
        return []
    pairs: list[tuple[Any, Any]] = []
    seq = list(getattr(model, "layers", []) or [])[:256]
    for a, b in zip(seq, seq[1:], strict=False):
        if isinstance(b, emb_cls) and _is_lookup(a):
            pairs.append((a, b))
    for layer in _layers_deep(model):
        if not isinstance(layer, emb_cls):
            continue
        for node in list(getattr(layer, "_inbound_nodes", []) or [])[:8]:
            for t in list(getattr(node, "input_tensors", []) or [])[:4]:
                op = getattr(getattr(t, "_keras_history", None), "operation", None)
                if op is not None and _is_lookup(op) and (op, layer) not in pairs:
                    pairs.append((op, layer))
    out = []
    for lk, emb in pairs:
        if getattr(lk, "output_mode", "int") != "int":
            continue
        try:
            size = int(lk.vocabulary_size())
        except Exception:  # noqa: BLE001
            continue
        dim = getattr(emb, "input_dim", None)
        if isinstance(dim, int) and size > dim:
            out.append((lk, emb, size, dim))
    return out
