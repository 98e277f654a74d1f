"""Run percent-format notebooks in an in-process IPython shell with the extension loaded,
the way a front-end does (``store_history=True``), and collect the findings.

Also checks, after every cell, that the hook changed nothing of the user's state
(principle 1): snapshots are taken by callbacks registered just before and just after
the extension's own ``post_run_cell`` hook.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlfault_jupyter.cli import split_percent
from dlfault_jupyter.findings import Finding
from dlfault_jupyter.namespace import _disguised

EXPECT_RE = re.compile(r"(?:#|%%)\s*expect:\s*((?:DLF-[A-Z]\d{3}[\s,]*)+)")


@dataclass
class Run:
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: dict[int, str] = field(default_factory=dict)  # cell -> exception type raised
    changed: list[str] = field(default_factory=list)      # state the hook changed

    def ids(self) -> set[str]:
        return {f.rule for f in self.findings}

    def triples(self) -> set[tuple[str, int, int | None]]:
        return {(f.rule, f.cell, f.line) for f in self.findings}


def expectations(path: Path) -> tuple[set[tuple[str, int, int]], set[tuple[str, int]]]:
    """(rule, cell, line) expected at a line, and (rule, cell) expected anywhere in a cell."""
    at_line: set[tuple[str, int, int]] = set()
    in_cell: set[tuple[str, int]] = set()
    for ci, (_kind, header, src) in enumerate(split_percent(path.read_text()), start=1):
        m = EXPECT_RE.search(header)
        if m:
            for rid in re.findall(r"DLF-[A-Z]\d{3}", m.group(1)):
                in_cell.add((rid, ci))
        for li, line in enumerate(src.splitlines(), start=1):
            m = EXPECT_RE.search(line)
            if m:
                for rid in re.findall(r"DLF-[A-Z]\d{3}", m.group(1)):
                    at_line.add((rid, ci, li))
    return at_line, in_cell


def _digest(t: Any) -> Any:
    import torch

    from dlfault_jupyter.frameworks.torch import _storage_covers

    with torch.no_grad():
        if t.is_meta or t.layout != torch.strided or t.is_quantized \
                or type(t) not in (torch.Tensor, torch.nn.Parameter) or not _storage_covers(t):
            return (tuple(t.shape), str(t.dtype), str(t.device))
        d = t.detach()
        if d.is_complex():
            d = torch.view_as_real(d)
        return (tuple(t.shape), str(t.dtype), str(t.device), t.requires_grad,
                float(d.double().sum()) if d.numel() else 0.0)


def snapshot(ns: dict[str, Any]) -> dict[str, Any]:
    """Everything of the user's state that a check must not change."""
    snap: dict[str, Any] = {"python_rng": random.getstate()}
    if "numpy" in sys.modules:
        import numpy as np

        snap["numpy_rng"] = repr(np.random.get_state()[1][:8]) + repr(np.random.get_state()[2:])
    if "torch" in sys.modules:
        import torch

        snap["torch_rng"] = torch.get_rng_state().clone()
        snap["grad_mode"] = torch.is_grad_enabled()
        for name, obj in list(ns.items()):
            if name.startswith("_") or _disguised(type(obj)):
                continue
            try:
                snap.update(_torch_state(name, obj))
            except Exception as e:  # noqa: BLE001 - an odd object: note it, never break
                snap[f"{name}.unreadable"] = type(e).__name__
    if "keras" in sys.modules or "tensorflow" in sys.modules:

        tf = sys.modules.get("tensorflow")
        for name, obj in list(ns.items()):
            if name.startswith("_"):
                continue
            w = getattr(obj, "weights", None) if type(obj).__module__.startswith(
                ("keras", "tensorflow")) else None
            if isinstance(w, list) and tf is not None:
                snap[f"{name}.weights"] = tuple(float(tf.reduce_sum(tf.cast(v, "float64")))
                                                for v in w)
    return snap


def _torch_state(name: str, obj: Any) -> dict[str, Any]:
    import torch

    out: dict[str, Any] = {}
    if isinstance(obj, torch.nn.Module):
        out[f"{name}.modes"] = tuple(m.training for m in obj.modules())
        out[f"{name}.params"] = tuple(
            (n, _digest(p), None if p.grad is None else _digest(p.grad))
            for n, p in obj.named_parameters())
        out[f"{name}.buffers"] = tuple((n, _digest(b)) for n, b in obj.named_buffers())
    elif isinstance(obj, torch.Tensor):
        grad = obj.grad if obj.is_leaf else None
        out[f"{name}.tensor"] = (_digest(obj), obj._version,
                                 None if grad is None else _digest(grad))
    return out


def _differs(a: Any, b: Any) -> bool:
    if "torch" in sys.modules:
        import torch

        if isinstance(a, torch.Tensor):
            return not torch.equal(a, b)
    return repr(a) != repr(b)  # repr: a digest of NaN weights equals itself


class Probe:
    """post_run_cell callbacks around the extension's hook."""

    def __init__(self, ip: Any) -> None:
        self.ip = ip
        self.before: dict[str, Any] | None = None
        self.changed: list[str] = []

    def pre(self, result: Any) -> None:
        self.before = snapshot(self.ip.user_ns)

    def post(self, result: Any) -> None:
        if self.before is None:
            return
        after = snapshot(self.ip.user_ns)
        for k, v in self.before.items():
            if k in after and _differs(v, after[k]):
                self.changed.append(k)
        self.before = None


def run_file(ip: Any, path: Path, probe: Probe | None = None) -> Run:
    """Run every code cell of a percent file; findings get the file's 1-based cell index."""
    from dlfault_jupyter import get_session

    run = Run()
    session = get_session(ip)
    by_count: dict[int, int] = {}
    for ci, (kind, _header, src) in enumerate(split_percent(path.read_text()), start=1):
        if kind != "code":
            continue
        by_count[ip.execution_count] = ci
        res = ip.run_cell(src, store_history=True)
        if not res.success:
            exc = res.error_in_exec or res.error_before_exec
            run.errors[ci] = type(exc).__name__
    for count, rep in session.reports.items():
        for f in rep.findings:
            f2 = Finding(**f.to_dict())
            f2.cell = by_count.get(count, count)
            run.findings.append(f2)
        run.notes += rep.notes
    if probe is not None:
        run.changed = list(probe.changed)
    return run
