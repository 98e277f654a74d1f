"""PyTorch adapter. Imported only when the user has imported torch.

Everything here reads state without changing it: no RNG draw, no change to ``.training``,
grad mode, ``requires_grad``, devices or an iterator's position, and no GPU sync
(values of CUDA tensors are never read in the after-cell hook).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

from .summary import ArraySummary, from_numpy_sample, sample_indices

_VALUE_CACHE: dict[tuple, ArraySummary] = {}
_CACHE_MAX = 4096


def is_tensor(obj: Any) -> bool:
    return isinstance(obj, torch.Tensor) and not isinstance(obj, nn.Parameter)


def is_module(obj: Any) -> bool:
    return isinstance(obj, nn.Module)


def is_model(obj: Any) -> bool:
    """A module that is not a loss function (losses are modules too)."""
    return isinstance(obj, nn.Module) and not is_loss(obj)


def is_loss(obj: Any) -> bool:
    return isinstance(obj, nn.modules.loss._Loss)


def is_optimizer(obj: Any) -> bool:
    return isinstance(obj, torch.optim.Optimizer)


def is_loader(obj: Any) -> bool:
    return isinstance(obj, torch.utils.data.DataLoader)


def is_dataset(obj: Any) -> bool:
    return isinstance(obj, torch.utils.data.Dataset)


def _plain(t: torch.Tensor) -> bool:
    """A dense, strided, real, materialised tensor whose values may be read."""
    try:
        return (t.layout == torch.strided and not t.is_meta and not t.is_quantized
                and not t.is_complex() and t.device.type == "cpu"
                and not getattr(t, "_is_zerotensor", lambda: False)()
                and type(t) in (torch.Tensor, nn.Parameter))
    except Exception:  # noqa: BLE001 - exotic tensor subclasses
        return False


def dtype_name(t: torch.Tensor) -> str:
    return str(t.dtype).replace("torch.", "")


def summary(t: torch.Tensor) -> ArraySummary:
    """Shape, dtype, device, and — for plain CPU tensors — sampled value statistics.
    Cached by (id, version, data pointer, shape): reads at most SAMPLE elements once per
    version of a tensor."""
    shape = tuple(int(d) for d in t.shape)
    dt = dtype_name(t)
    dev = str(t.device)
    size = 1
    for d in shape:
        size *= d
    if not _plain(t) or size == 0:
        return from_numpy_sample(np, shape, dt, dev, size, np.empty(0))
    try:
        key = (id(t), t._version, t.data_ptr(), shape, dt)
    except Exception:  # noqa: BLE001
        key = None
    if key is not None and key in _VALUE_CACHE:
        return _VALUE_CACHE[key]
    with torch.no_grad():
        d = t.detach()
        if d.dtype in (torch.bfloat16, torch.float16):
            pass  # converted per sample below
        idx = torch.from_numpy(sample_indices(np, size))
        if d.is_contiguous():
            s = d.reshape(-1)[idx]
        else:
            rows = torch.from_numpy(sample_indices(np, shape[0], 64)) if shape else None
            sub = d[rows] if rows is not None else d
            flat = sub.reshape(-1)
            s = flat[torch.from_numpy(sample_indices(np, flat.numel()))]
        if s.dtype in (torch.bfloat16, torch.float16):
            s = s.float()
        arr = s.numpy()
    out = from_numpy_sample(np, shape, dt, dev, size, arr)
    if key is not None:
        if len(_VALUE_CACHE) >= _CACHE_MAX:
            _VALUE_CACHE.clear()
        _VALUE_CACHE[key] = out
    return out


def leaf_modules(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """(qualified name, module) of the modules without children, in registration order."""
    out = []
    for name, m in model.named_modules():
        if not any(True for _ in m.children()):
            out.append((name or type(m).__name__, m))
    return out


def sequential_chain(model: nn.Module) -> list[tuple[str, nn.Module]] | None:
    """The flattened leaf chain when the model is (nested) Sequential only — the order of
    computation is then known. ``None`` for models with a custom ``forward``."""
    def flat(prefix: str, m: nn.Module, out: list) -> bool:
        if isinstance(m, nn.Sequential):
            for n, ch in m.named_children():
                if not flat(f"{prefix}.{n}" if prefix else n, ch, out):
                    return False
            return True
        if any(True for _ in m.children()):
            return False
        out.append((prefix or type(m).__name__, m))
        return True

    out: list[tuple[str, nn.Module]] = []
    return out if flat("", model, out) else None


def parameters_device(model: nn.Module) -> str | None:
    for p in model.parameters():
        return str(p.device)
    for b in model.buffers():
        return str(b.device)
    return None


def param_ids(model: nn.Module) -> set[int]:
    return {id(p) for p in model.parameters()}


def optimizer_param_ids(opt: torch.optim.Optimizer) -> set[int]:
    return {id(p) for g in opt.param_groups for p in g.get("params", ())}
