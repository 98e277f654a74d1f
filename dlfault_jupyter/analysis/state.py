"""Shared by several rules (moved from rules/notebook_state.py)."""

from __future__ import annotations

import ast
import dataclasses
import re
import types
from collections.abc import Iterator
from typing import Any

from ..context import CellContext
from ..registry import Evidence, Rule
from .history import Execution, Value, trained_here

RESTART = ("Or restart the kernel and run all cells in order (Kernel > Restart Kernel and "
           "Run All Cells): the notebook then computes what it shows.")


def _current(ctx: CellContext) -> Execution | None:
    h = ctx.history
    return h.current if h is not None else None


def _run(ex: Execution) -> str:
    return f"In [{ex.count}]"


def _first_write_line(ctx: CellContext, name: str) -> int | None:
    """The line where the cell first writes (or changes in place) ``name``."""
    tree = ctx.source.tree
    if tree is None:
        return None
    best: int | None = None
    for node in ast.walk(tree):
        line = None
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name) and n.id == name:
                        line = node.lineno
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            base = node.func.value
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(base, ast.Name) and base.id == name:
                line = node.lineno
        if line is not None and (best is None or line < best):
            best = line
    return best


def _idempotent_fix(ctx: CellContext, name: str) -> str:
    """The cell's first rewrite of ``name`` made to start from the raw value every time:
    ``X = X / 255`` → ``X = X_raw / 255``; ``X /= 255`` → ``X = X_raw / 255``."""
    raw = f"{name}_raw"
    tree = ctx.source.tree
    stmt = None
    for node in (tree.body if tree is not None else []):
        for n in ast.walk(node):
            if isinstance(n, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in n.targets):
                stmt = ast.Assign(targets=[ast.Name(name, ast.Store())],
                                  value=_rename(n.value, name, raw), lineno=0)
            elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) \
                    and n.target.id == name:
                stmt = ast.Assign(targets=[ast.Name(name, ast.Store())],
                                  value=ast.BinOp(ast.Name(raw, ast.Load()), n.op,
                                                  _rename(n.value, name, raw)), lineno=0)
            if stmt is not None:
                break
        if stmt is not None:
            break
    lines = [f"# where `{name}` is loaded, keep the raw values once:",
             f"{raw} = {name}", "",
             "# in this cell, always start from them (running it again gives the same result):"]
    if stmt is not None:
        try:
            lines.append(ast.unparse(ast.fix_missing_locations(stmt)))
        except Exception:  # noqa: BLE001
            lines.append(f"{name} = transform({raw})")
    else:
        lines.append(f"{name} = transform({raw})")
    return "\n".join(lines)


def _rename(node: ast.expr, old: str, new: str) -> ast.expr:
    class R(ast.NodeTransformer):
        def visit_Name(self, n: ast.Name) -> ast.AST:
            return ast.Name(new, n.ctx) if n.id == old else n

    import copy

    return R().visit(copy.deepcopy(node))


# -- 1. a transformation applied again ----------------------------------------------------
def _reapplied(ex: Execution) -> Iterator[tuple[str, Value, Value, Value, Value]]:
    """Names this re-run rewrote from its own previous result: (name, value before the
    first run, after it, before this run, after this run). Quiet when the input of this
    run is not the output of the previous one (recomputed in between), when the previous
    run did not change the value, and when this run does not change it (idempotent)."""
    prev = ex.previous
    if prev is None:
        return
    for name in sorted(ex.reads):
        b0, a0 = prev.before.get(name), prev.after.get(name)
        b1, a1 = ex.before.get(name), ex.after.get(name)
        if b0 is None or a0 is None or b1 is None or a1 is None:
            continue
        if a1.kind not in ("array", "sequence") or name not in prev.reads:
            continue
        if a0.differs(b1):       # recomputed (or reloaded) since the previous run
            continue
        if not b0.differs(a0):   # the previous run did not change it: not a transformation
            continue
        if not b1.differs(a1):   # idempotent: this run changes nothing
            continue
        yield name, b0, a0, b1, a1


def _axes_changed(b: Value, a: Value) -> bool:
    if b.shape is None or a.shape is None:
        return False
    if len(b.shape) != len(a.shape):
        return True
    return b.shape != a.shape and sorted(b.shape) == sorted(a.shape)


def _label_like(v: Value) -> bool:
    return v.integral and v.uniques is not None and v.uniques <= 64


def _kind_of_change(b: Value, a: Value) -> str:
    """'axes' (rank or axis order), 'layers' (a list of layers grew), 'metrics' (a list of
    numbers grew), 'data' (anything else: scale, range, dtype, length, columns)."""
    if a.kind == "sequence":
        if a.element == "layer":
            return "layers"
        if a.element == "number":
            return "metrics"
        return "content"      # the same items (samples, feature names) added again
    if _axes_changed(b, a) and b.shape is not None and a.shape is not None:
        size_b = size_a = 1
        for d in b.shape:
            size_b *= d
        for d in a.shape:
            size_a *= d
        if size_a == size_b or sorted(b.shape) == sorted(a.shape):
            return "axes"       # an axis of 1 added, axes moved
        if _label_like(b):
            return "data"       # labels encoded again (one-hot of one-hot)
        return "axes"
    if b.shape and a.shape and len(b.shape) == len(a.shape) and a.shape[0] > b.shape[0] \
            and a.shape[1:] == b.shape[1:]:
        return "content"        # samples appended again
    if _label_like(b) and _label_like(a) and b.shape == a.shape and b.dtype == a.dtype:
        return "content"        # label values changed again (shifted, remapped)
    return "data"


def _what_changed(b: Value, a: Value) -> str:
    if a.kind == "sequence":
        if (a.length or 0) > (b.length or 0):
            return (f"its length went from {b.length} to {a.length}: the same items were "
                    "added again")
        return f"its length went from {b.length} to {a.length}"
    if _label_like(b) and b.shape == a.shape and (b.min != a.min or b.max != a.max):
        return (f"its labels moved again ([{b.min:g}, {b.max:g}] → [{a.min:g}, {a.max:g}])")
    if b.shape != a.shape:
        if b.shape and a.shape and len(b.shape) == len(a.shape) and b.shape[0] != a.shape[0]:
            return (f"its number of samples went from {b.shape[0]} to {a.shape[0]} "
                    "(samples added again)")
        return "its shape changed again"
    if b.dtype != a.dtype:
        return f"its dtype changed again ({b.dtype} → {a.dtype})"
    if b.std and a.std and abs(a.std / b.std - 1) > 0.3:
        return f"its scale changed again (std ×{a.std / b.std:.3g})"
    return "its values moved again"


class _Reapplied(Rule):
    """Shared check of N001/N002/N005: which changes each rule reports."""

    kinds: tuple[str, ...] = ()

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ex = _current(ctx)
        if ex is None or ex.previous is None:   # not a re-run
            return
        for name, b0, a0, b1, a1 in _reapplied(ex):
            if _kind_of_change(b1, a1) not in self.kinds:
                continue
            yield Evidence(line=_first_write_line(ctx, name), subject=name, key=ex.n,
                           name=name, first=_run(ex.previous), now=_run(ex),
                           v0=b0.describe(), v1=a0.describe(), v2=a1.describe(),
                           what=_what_changed(b1, a1),
                           idempotent=_idempotent_fix(ctx, name), restart=RESTART)


_WEIGHTS_NAME = re.compile(r"weight|loss|criterion", re.I)


def _content_differs(old: Value, new: Value) -> bool:
    """The content changed, whatever the container (numpy → tensor, float64 → float32)."""
    if old.kind == "sequence" or new.kind == "sequence":
        return old.kind != new.kind or old.length != new.length or old.digest != new.digest
    if old.kind != "array" or new.kind != "array":
        return False
    same_box = dataclasses.replace(new, type=old.type, dtype=old.dtype,
                                   framework=old.framework, ident=old.ident)
    return old.differs(same_box, exact=_label_like(old))


def _data_args(ctx: CellContext, call: Any) -> set[str]:
    out = set()
    for a in [*call.node.args, *(k.value for k in call.node.keywords)]:
        while isinstance(a, (ast.Subscript, ast.Attribute, ast.Call)):
            a = a.value if not isinstance(a, ast.Call) else a.func
        if isinstance(a, ast.Name):
            out.add(a.id)
    return out


def _stale_objects(ctx: CellContext) -> list[dict]:  # noqa: C901 - one case per kind of object built from data (loader, scaler, class weights, ...)
    """Objects (loaders, datasets, losses, class weights, normalisation layers, scalers,
    vocabularies) used now whose source data changed after they were built. Tracks, once
    per cell, what each object was built or fitted from."""
    ex = _current(ctx)
    hist = ctx.history
    if ex is None:
        return []
    mem = ctx.remember("DLF-N006")
    if mem.get("n") == ex.n:
        return [dict(e) for e in mem["found"]]
    deps: dict[str, tuple] = mem.setdefault("deps", {})
    reported: set = mem.setdefault("reported", set())

    def data_value(d: str) -> Value | None:
        v = ex.after.get(d)
        return v if v is not None and v.kind in ("array", "sequence") \
            and v.element != "number" else None

    # 1. what each object built or fitted in this cell captured
    for name in sorted(ex.assigned):
        v = ex.after.get(name)
        if v is not None and v.kind not in ("mapping",):
            continue   # data, models, optimizers, numbers: not a capture of data
        if isinstance(ctx.user_ns.get(name), (types.FunctionType, type, types.ModuleType)):
            continue   # a function reads its globals when called, not when defined
        got = {d: data_value(d) for d in ex.reads}
        got = {d: x for d, x in got.items() if x is not None}
        if got:
            deps[name] = (ex.count, ex.n, got)
    for c in ctx.source.calls:
        r = c.receiver_root
        if r and c.attr in ("fit", "adapt", "fit_on_texts", "partial_fit", "build_vocab") \
                and not (r in ex.after and ex.after[r].kind == "model"):
            got = {d: data_value(d) for d in _data_args(ctx, c)}
            got = {d: x for d, x in got.items() if x is not None}
            if got:
                deps[r] = (ex.count, ex.n, got)
    for name in sorted(ex.assigned):   # models built over such objects inherit them
        v = ex.after.get(name)
        if v is not None and v.kind == "model":
            inherited: dict[str, Value] = {}
            for r in ex.reads:
                if r in deps and r not in ex.after:
                    inherited.update(deps[r][2])
            if inherited:
                deps[name] = (ex.count, ex.n, inherited)
    if len(deps) > 128:
        for k in list(deps)[:-128]:
            del deps[k]
    # 2. objects used now whose data changed after they were built
    trained = trained_here(ex, ctx.source)
    found: list[dict] = []
    for obj in sorted((ex.reads - ex.assigned) & deps.keys()):
        built_count, built_n, used = deps[obj]
        for d, v_then in sorted(used.items()):
            last = hist.last.get(d)
            if last is None or last[1] <= built_n or d == obj:
                continue
            v_now = last[0]
            if not _content_differs(v_then, v_now):
                continue
            if not trained and d not in ex.reads:
                continue
            key = (obj, d, v_now.ident, v_now.digest, v_now.mean)
            if key in reported:
                continue
            reported.add(key)
            changed = next((e for e in hist.since(built_n) if e.after.get(d) is v_now), None)
            var = ctx.ns.get(obj)
            loss = (var is not None and var.kind == "loss") or (
                bool(_WEIGHTS_NAME.search(obj)) and (var is None or var.kind != "model"))
            if trained:
                use = f"`{trained[0]}` was trained with it here."
                use_expert = f"trained `{trained[0]}` reading `{obj}`"
            else:
                use = f"this cell uses it with the new `{d}`."
                use_expert = f"reads `{obj}` together with the new `{d}`"
            found.append({"loss": loss, "key": key, "obj": obj, "data": d,
                          "built": f"In [{built_count}]", "v_then": v_then.describe(),
                          "v_now": v_now.describe(),
                          "changed_in": _run(changed) if changed else "a later cell",
                          "use": use, "use_expert": use_expert})
            break
    if len(reported) > 256:
        reported.clear()
    mem["n"], mem["found"] = ex.n, [dict(e) for e in found]
    return found


def _changed_after_training(ctx: CellContext) -> list[dict]:  # noqa: C901 - one case per way a later cell can change the training data
    """Models used now (read, not trained) whose training data a later cell changed:
    drawn again (same scale, other values: another random split) or changed (another scale
    or shape), where that cell also bound data this cell reads. Computed once per cell."""
    ex = _current(ctx)
    hist = ctx.history
    if ex is None:
        return []
    mem = ctx.remember("notebook-state")
    if mem.get("n") == ex.n:
        return mem["found"]
    trained_on: dict[str, tuple] = mem.setdefault("trained_on", {})
    reported: set = mem.setdefault("reported", set())
    deps = ctx.remember("DLF-N006").get("deps", {})
    trained = trained_here(ex, ctx.source)
    for m in trained:
        data: dict[str, Value] = {}
        for d in ex.reads:
            v = ex.after.get(d)
            if v is not None and v.kind == "array":
                data[d] = v
            elif d in deps and (dv := ctx.ns.get(d)) is not None and \
                    dv.kind in ("loader", "dataset"):
                data.update(deps[d][2])   # through a loader: the arrays it was built from
        trained_on[m] = (ex.count, ex.n, data)
    for m in (ex.assigned & trained_on.keys()) - set(trained):
        del trained_on[m]   # a new, untrained model under that name
    if len(trained_on) > 32:
        for k in list(trained_on)[:-32]:
            del trained_on[k]
    found: list[dict] = []
    for m in sorted(ex.reads & trained_on.keys()):
        if m in trained or m in ex.assigned:
            continue
        t_count, t_n, data = trained_on[m]
        for r in hist.since(t_n):
            if r is ex:
                continue
            # the arrays the model trained on, when the training cell named them;
            # otherwise (a helper function, a loader) what a re-run cell drew
            if data:
                cands = data.keys() & (r.assigned | {n for n in r.reads if r.changed(n)})
            else:
                cands = r.assigned - ex.reads if r.previous is not None else set()
            for train in sorted(cands):
                v_now = r.after.get(train)
                v_old = data.get(train) or (r.previous.after.get(train)
                                            if r.previous is not None else None)
                if v_old is None or v_now is None or v_now.kind != "array" \
                        or v_old.same(v_now):
                    continue
                how = "rescaled" if v_old.differs(v_now, exact=False) else "redrawn"
                what = (f"the split cell then ran again ({_run(r)}) and drew a different "
                        "split")
                if how == "redrawn" and (r.previous is None or train not in r.assigned):
                    continue
                tests = sorted(n for n in ((r.assigned | {x for x in r.reads if r.changed(x)})
                                           & ex.reads) - {train}
                               if n in r.after and r.after[n].kind == "array")
                if not tests:
                    continue
                key = (m, r.n, how)
                if key in reported:
                    continue
                reported.add(key)
                found.append({"how": how, "key": key, "model": m, "what": what,
                              "trained_in": f"In [{t_count}]", "train": train,
                              "test": tests[0], "split_in": _run(r),
                              "v_then": v_old.describe(), "v_now": v_now.describe()})
                break
        # out of order: the training array itself split after training (train/test rows)
        for r in hist.since(t_n):
            if r is ex or found:
                continue
            for train in sorted(data.keys() & r.reads):
                t = data[train]
                if not t.shape:
                    continue
                parts = [n for n in r.assigned if n in r.after and r.after[n].kind == "array"
                         and r.after[n].shape and r.after[n].shape[1:] == t.shape[1:]
                         and r.after[n].shape[0] < t.shape[0]]
                if len(parts) < 2 or sum(r.after[n].shape[0] for n in parts) > t.shape[0]:
                    continue
                tests = sorted(n for n in parts if n in ex.reads)
                if not tests:
                    continue
                key = (m, r.n, "split")
                if key in reported:
                    continue
                reported.add(key)
                names = ", ".join(f"`{n}`" for n in sorted(parts))
                what = (f"{_run(r)} split `{train}` into {names} only after that (the cells "
                        "ran out of order)")
                found.append({"how": "redrawn", "key": key, "model": m, "train": train,
                              "what": what,
                              "trained_in": f"In [{t_count}]", "test": tests[0],
                              "split_in": _run(r), "v_then": t.describe(),
                              "v_now": r.after[tests[0]].describe()})
                break
    if len(reported) > 256:
        reported.clear()
    mem["n"], mem["found"] = ex.n, found
    return found
