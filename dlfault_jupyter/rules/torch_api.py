"""PyTorch API-usage rules (source and namespace evidence)."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Iterator
from typing import Any

from ..context import CellContext
from ..source.facts import MISSING
from . import Evidence, Rule, register


def _deprecations() -> dict[int, tuple[str, str, str]]:
    """id(object) -> (old name, replacement, why), for torch objects that exist here."""
    import torch
    import torch.nn.functional as F

    table: list[tuple[Any, str, str, str]] = [
        (getattr(torch.autograd, "Variable", None), "torch.autograd.Variable",
         "a plain tensor (use `x.requires_grad_()` if it needs gradients)",
         "since PyTorch 0.4 tensors carry autograd themselves; `Variable(x)` just returns "
         "a plain tensor sharing x's data"),
        # not F.sigmoid / F.tanh: old PyTorch releases warned that they were deprecated,
        # the pinned torch (2.13) documents them as ordinary functions and does not warn
        # (tests/test_framework_claims.py)
        (getattr(F, "upsample", None), "F.upsample", "F.interpolate",
         "`upsample` is a deprecated alias of `interpolate`"),
        (getattr(F, "upsample_bilinear", None), "F.upsample_bilinear",
         "F.interpolate(x, scale_factor=2, mode=\"bilinear\", align_corners=True)",
         "deprecated alias"),
        (getattr(F, "upsample_nearest", None), "F.upsample_nearest",
         "F.interpolate(x, scale_factor=2, mode=\"nearest\")", "deprecated alias"),
        (getattr(torch, "range", None), "torch.range", "torch.arange (which excludes the end)",
         "`torch.range` includes its end point, unlike Python's range, and is deprecated"),
        (getattr(torch.nn.utils, "clip_grad_norm", None), "nn.utils.clip_grad_norm",
         "nn.utils.clip_grad_norm_", "the name without underscore is deprecated"),
    ]
    return {id(o): (old, new, why) for o, old, new, why in table if o is not None}


#: deprecated APIs for which PyTorch itself emits a warning when they are called: these
#: are reported as warnings (the framework already says they are going away); the others
#: (``Variable``: a silent no-op wrapper) stay advice.
_WARNED_BY_TORCH = {"F.upsample", "F.upsample_bilinear", "F.upsample_nearest",
                    "torch.range", "nn.utils.clip_grad_norm"}


def _is_loss_api(obj: Any) -> bool:
    import torch

    if inspect.isclass(obj):
        return issubclass(obj, torch.nn.modules.loss._Loss)
    return getattr(obj, "__module__", None) == "torch.nn.functional" and callable(obj)


@register
class DeprecatedTorchAPI(Rule):
    id = "DLF-A001"
    name = "deprecated-torch-api"
    title = "A deprecated PyTorch API is used"
    taxonomy = "api"
    severity = "info"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = "`{code}` uses `{old}`, which is deprecated: {why}. Use {new}."
    beginner = """This code uses `{old}`, an old PyTorch API kept only for backwards
compatibility. It may print warnings, behave differently from what old tutorials
promise, or disappear in a future version. Replace it with {new}."""
    expert = """{old}: {why}. Reported as a warning when PyTorch itself warns at call
time that the API is deprecated (`size_average`/`reduce`, `upsample`, `torch.range`,
`clip_grad_norm`); as advice for `Variable`, a no-op wrapper since 0.4 (a
warning with `volatile=`). Deprecated APIs are thin shims over the current ones;
some keep the old signature but ignore arguments (e.g. `volatile=` has had no effect since
0.4, so no graph pruning happens), and the `size_average`/`reduce` pair is mapped onto
`reduction` with a warning on every construction."""
    fix = """{fixed}"""
    references = ("https://pytorch.org/docs/stable/notes/autograd.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        table = _deprecations()
        for c in src.calls:
            if not c.name:
                continue
            obj = src.resolve(c.name)
            if obj is MISSING:
                continue
            code = src.segment(c.node) or c.name
            hit = table.get(id(obj))
            if hit is not None:
                old, new, why = hit
                sev = "warning" if old in _WARNED_BY_TORCH else None
                if old == "torch.autograd.Variable" and "volatile" in c.kwargs:
                    why = ("`volatile=True` has had no effect since PyTorch 0.4, so gradients "
                           "are still tracked here (more memory); " + why)
                    new = "`with torch.no_grad():` around the evaluation, and " + new
                    sev = "warning"
                fixed = _fixed(src, c, old, new)
                yield Evidence(line=c.line, severity=sev, code=code, old=old, new=new,
                               why=why, fixed=fixed)
                continue
            bad_kw = [k for k in ("size_average", "reduce") if k in c.kwargs]
            if bad_kw and _is_loss_api(obj):
                yield Evidence(line=c.line, severity="warning", code=code,
                               old="/".join(f"{k}=" for k in bad_kw),
                               new="`reduction=\"mean\"`, `\"sum\"` or `\"none\"`",
                               why="`size_average` and `reduce` were replaced by `reduction`",
                               fixed=f"{c.name}(reduction=\"{_reduction(src, c)}\")")


def _reduction(src: Any, c: Any) -> str:
    """The ``reduction`` that ``size_average``/``reduce`` meant (``reduce=False``: none;
    ``size_average=False``: sum; otherwise mean)."""
    kw = {k.arg: src.segment(k.value) for k in c.node.keywords if k.arg}
    if kw.get("reduce") == "False":
        return "none"
    return "sum" if kw.get("size_average") == "False" else "mean"


def _fixed(src: Any, c: Any, old: str, new: str) -> str:
    """The call rewritten with the user's own arguments (and assignment target)."""
    args = ", ".join(src.segment(a) for a in c.args)
    kws = [(k.arg, src.segment(k.value)) for k in c.node.keywords if k.arg]
    if old == "torch.autograd.Variable":
        parent = src.parent(c.node)
        target = (src.segment(parent.targets[0]) if isinstance(parent, ast.Assign)
                  and len(parent.targets) == 1 else None)
        value = args or "x"
        if any(k == "requires_grad" and v == "True" for k, v in kws):
            value = f"{value}.requires_grad_()"
        line = f"{target} = {value}" if target else value
        if "volatile" in dict(kws):
            return (f"{line}   # a tensor needs no wrapper\n"
                    "with torch.no_grad():   # what volatile=True was meant to do\n"
                    "    ...                 # the evaluation that uses it")
        return f"{line}   # a tensor needs no wrapper"
    kw = ", ".join(f"{k}={v}" for k, v in kws if v)
    if old == "F.upsample":
        return f"F.interpolate({', '.join(x for x in (args, kw) if x)})"
    if old == "F.upsample_bilinear":
        return (f"F.interpolate({', '.join(x for x in (args, kw) if x)}, mode=\"bilinear\", "
                "align_corners=True)")
    if old == "F.upsample_nearest":
        return f"F.interpolate({', '.join(x for x in (args, kw) if x)}, mode=\"nearest\")"
    if old == "nn.utils.clip_grad_norm":
        return f"nn.utils.clip_grad_norm_({', '.join(x for x in (args, kw) if x)})"
    if old == "torch.range" and len(c.args) >= 2:
        a = [src.segment(x) for x in c.args]
        step = a[2] if len(a) > 2 else "1"
        rest = ", ".join([step] * (len(a) > 2) + [f"{k}={v}" for k, v in kws if v])
        return (f"torch.arange({a[0]}, {a[1]} + {step}{', ' + rest if rest else ''})"
                "   # arange excludes the end: + step keeps the same values")
    return new


def _user_function_called(ctx: CellContext, calls: list) -> bool:
    import types

    for c in calls:
        if c.name and "." not in c.name:
            obj = ctx.user_ns.get(c.name)
            if isinstance(obj, types.FunctionType) and \
                    getattr(obj, "__module__", "") in ("__main__", None):
                return True
    return False


@register
class BackwardWithoutStep(Rule):
    id = "DLF-A002"
    name = "backward-without-optimizer-step"
    title = "The training loop computes gradients but never calls optimizer.step()"
    taxonomy = "api"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("The loop at line {loop_line} computes gradients of `{model}` with "
               "`{backward}` but never calls `{opt}.step()`: the weights never change.")
    beginner = """`loss.backward()` only computes the gradients; the weights are changed
by the optimizer's `step()`. This loop never calls `{opt}.step()`, so `{model}` does
not learn at all, although everything runs without an error. Call `{opt}.step()` right
after `loss.backward()` (and `{opt}.zero_grad()` before it)."""
    expert = """Autograd writes `∂L/∂θ` into `θ.grad`; only `Optimizer.step()` reads
`.grad` and updates `θ` in place. Without it the loop is a costly no-op that also
accumulates `.grad` across iterations (unless zeroed)."""
    fix = """{loop_code}"""
    known_false_alarms = ("Loops that only need gradients (saliency maps, gradient "
                          "statistics) while an optimizer over the same model exists.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .. import frameworks
        from .torch_training import loop_with_line, scope_loops

        t = frameworks.get("torch")
        src = ctx.source
        models = {v.name: v for v in ctx.ns.models("torch")}
        opts = ctx.ns.of_kind("optimizer", framework="torch")
        if not opts or not models:
            return
        for loop in src.training_loops():
            scope = scope_loops(src, loop)
            calls = [c for lf in scope for c in lf.calls]
            if any(c.attr in ("step", "minimize", "fit") for c in calls):
                continue
            if _user_function_called(ctx, calls) or any(
                    isinstance(n, ast.Attribute) and n.attr in ("grad", "requires_grad")
                    for lf in scope for n in ast.walk(lf.node)) or any(
                    c.attr in ("grad", "requires_grad_") for c in calls):
                continue
            called = sorted({c.name for c in loop.calls if c.name in models})
            for m in called:
                mids = t.trainable_param_ids(models[m].obj)
                opt = next((o for o in opts if mids & t.optimizer_param_ids(o.obj)), None)
                if opt is None:
                    continue
                back = loop.calls_to("backward")[0]
                code = loop_with_line(src, loop.node, back.node.end_lineno + 1, back.line,
                                      f"{opt.name}.step()   # the missing update")
                yield Evidence(line=back.line, subject=opt.name, loop_line=loop.line,
                               backward=src.segment(back.node) or "loss.backward()",
                               model=m, opt=opt.name, loop_code=code)
                break


@register
class StepBeforeBackward(Rule):
    id = "DLF-A003"
    name = "optimizer-step-before-backward"
    title = "optimizer.step() runs on zeroed gradients (before backward, or after zero_grad)"
    taxonomy = "api"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{step}` (line {at}) {order} `{backward}` (line {back_line}) and "
               "`{zero}` (line {zero_line}) clears the gradients {between}, so every step "
               "sees zero gradients.")
    beginner = """The order of the three calls matters: first `{zero}` (forget old
gradients), then `{backward}` (compute new ones), then `{step}` (use them). {plain}
so the optimizer always sees zeros and the model does not learn. {move}"""
    expert = """With `zero_grad()` between `backward()` and the next `step()`, every
`step()` reads `.grad` that is zero (or `None` with `set_to_none=True`, in which case the
parameter is skipped): SGD without weight decay/momentum leaves θ unchanged, and with weight
decay or momentum the update is driven by the regulariser or stale momentum only."""
    fix = """{fixed}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .torch_training import _is_optimizer_ref

        src = ctx.source
        bodies = []
        for loop in src.training_loops():
            bodies.append((loop.node.body,
                           [c for c in loop.calls if c.loops and c.loops[-1] is loop]))
        # a per-batch step function: `def train_step(x, y): ...` with no loop of its own
        for fname, fnode in src.functions.items():
            own = [c for c in src.calls if c.function == fname and not c.loops]
            if any(c.attr == "backward" for c in own):
                bodies.append((fnode.body, own))
        for body, own in bodies:
            top = {id(stmt.value) for stmt in body if isinstance(stmt, ast.Expr)}
            backs = [c for c in own if c.attr == "backward"]
            steps = [c for c in own if c.attr == "step" and _is_optimizer_ref(ctx, c.receiver)
                     and id(c.node) in top]
            zeros = [c for c in own if c.attr == "zero_grad"]
            if not backs or not steps or not zeros:
                continue
            b = backs[0].line
            hit = None
            for st in steps:
                if st.line >= b or any(o.line > b for o in own if o.attr == "step"):
                    continue
                zs = [z for z in zeros if z.line > b or z.line < st.line]
                if zs:
                    hit = (st, backs[0], zs[0])
                    break
            if hit is None:
                # backward, then zero_grad, then step, in one straight run of statements
                for st in steps:
                    before = [z for z in zeros if id(z.node) in top and z.line < st.line
                              and _same_params(ctx, z.receiver, st.receiver)]
                    if not before:
                        continue
                    z = before[-1]
                    bk = [c for c in backs if c.line < z.line and id(c.node) in top]
                    if bk and not any(z.line < c.line < st.line for c in backs):
                        hit = (st, bk[-1], z)
                        break
            if hit is None:
                continue
            st, bk, z = hit
            fixed = _reordered(src, body, z, bk, st) or f"{src.segment(z.node)}\n" \
                f"loss = ...\n{src.segment(bk.node)}\n{src.segment(st.node)}"
            if st.line < bk.line:
                yield Evidence(line=st.line, at=st.line, subject=st.receiver,
                               step=src.segment(st.node), backward=src.segment(bk.node),
                               back_line=bk.line, zero=src.segment(z.node),
                               zero_line=z.line, order="comes before", between="in between",
                               fixed=fixed,
                               plain="Here the step happens before the new gradients are "
                                     "computed, and they are cleared again before the next "
                                     "step,",
                               move=f"Move `{src.segment(st.node)}` after "
                                    f"`{src.segment(bk.node)}`.")
            else:
                yield Evidence(line=st.line, at=st.line, subject=st.receiver,
                               step=src.segment(st.node), backward=src.segment(bk.node),
                               back_line=bk.line, zero=src.segment(z.node),
                               zero_line=z.line, order="comes after", fixed=fixed,
                               between="just before it",
                               plain="Here the new gradients are cleared right after they "
                                     "are computed, before the step uses them,",
                               move=f"Move `{src.segment(z.node)}` before "
                                    f"`{src.segment(bk.node)}` (or to the start of the "
                                    "step).")


def _reordered(src: Any, body: list[ast.stmt], z: Any, bk: Any, st: Any) -> str | None:
    """The user's own step statements in the working order: ``zero_grad`` first, the
    optimizer step right after the backward (dedented, as they stand in the cell)."""
    def of(c: Any) -> ast.stmt | None:
        return next((s for s in body if s.lineno <= c.line <= (s.end_lineno or s.lineno)),
                    None)
    sz, sb, ss = of(z), of(bk), of(st)
    if sz is None or sb is None or ss is None or len({id(sz), id(sb), id(ss)}) < 3:
        return None
    order = [s for s in body if s is not sz and s is not ss]
    order.insert(0, sz)
    order.insert(order.index(sb) + 1, ss)
    base = body[0].col_offset
    out = []
    for s_ in order:
        for ln in src.lines[s_.lineno - 1:s_.end_lineno]:
            out.append(ln[base:] if ln[:base].strip() == "" else ln.lstrip())
    return "\n".join(out)


def _same_params(ctx: CellContext, zero_recv: str | None, opt: str | None) -> bool:
    """Does ``zero_recv.zero_grad()`` clear the gradients that ``opt.step()`` uses (the
    same optimizer, or a model whose parameters the optimizer holds)?"""
    if not zero_recv or not opt:
        return False
    if zero_recv == opt:
        return True
    from .. import frameworks

    zv, ov = ctx.ns.get(zero_recv), ctx.ns.get(opt)
    if zv is None or ov is None or zv.kind != "model" or ov.kind != "optimizer":
        return False
    t = frameworks.get("torch")
    try:
        return bool(t.trainable_param_ids(zv.obj) & t.optimizer_param_ids(ov.obj))
    except Exception:  # noqa: BLE001
        return False


@register
class SortedLabelsWithoutShuffle(Rule):
    id = "DLF-A004"
    name = "sorted-labels-without-shuffle"
    title = "Training data sorted by label and not shuffled"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{loader}` reads its dataset in order (no `shuffle=True`), and its labels "
               "are sorted ({labels}): each batch holds one class, {first}.")
    beginner = """The labels in `{loader}`'s dataset are sorted, and the loader does not
shuffle, so the model first sees only one class, then only the next, and so on. Each
step pushes the model towards "everything is the current class", and at the end of an
epoch it mostly remembers the last class. Create the training loader with
`shuffle=True`."""
    expert = """Mini-batch SGD assumes batches are i.i.d. samples of the data. With a
`SequentialSampler` over class-sorted data, the gradient within a run of one class has a
constant bias towards that class; the model oscillates between classes (catastrophic
forgetting within the epoch) and BatchNorm statistics become per-class. Shuffling each
epoch (`RandomSampler`) restores unbiased gradient estimates."""
    fix = """{loader} = DataLoader({dataset}, batch_size={bs}, shuffle=True)"""
    known_false_alarms = "A sorted evaluation loader whose name contains 'train'."

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .. import frameworks

        t = frameworks.get("torch")
        mem = ctx.remember(self.id)
        trained: set[str] = mem.setdefault("trained", set())
        for lf in ctx.source.training_loops():
            for outer in ctx.source.loops:
                if outer.function == lf.function and lf.node in ast.walk(
                        outer.node) and outer.iter_name:
                    trained.add(outer.iter_name)
        import numpy as np
        from torch.utils.data import SequentialSampler, TensorDataset

        for v in ctx.ns.of_kind("loader", framework="torch"):
            if v.name not in trained and "train" not in v.name.lower():
                continue
            obj = v.obj
            if not isinstance(getattr(obj, "sampler", None), SequentialSampler):
                continue
            ds = getattr(obj, "dataset", None)
            if not isinstance(ds, TensorDataset) or len(ds.tensors) < 2:
                continue
            lab = ds.tensors[-1]
            if lab.dim() != 1 or lab.shape[0] < 16:
                continue
            s = t.ordered_sample(lab)
            if s is None or s.size < 16:
                continue
            d = np.diff(s.astype("float64"))
            if not (np.all(d >= 0) or np.all(d <= 0)) or not np.any(d != 0):
                continue
            u = np.unique(s)
            bs = getattr(obj, "batch_size", None) or 1
            n = int(lab.shape[0])
            first_val = s[0]
            run = int(np.argmax(s != first_val)) if np.any(s != first_val) else s.size
            run_n = int(round(run / s.size * n))
            first = (f"the first ~{run_n} samples ({max(run_n // bs, 1)} batches) are all "
                     f"label {first_val:g}")
            labels = (f"{u.size} values from {u[0]:g} to {u[-1]:g}" if u.size > 2
                      else " then ".join(f"{x:g}" for x in u))
            dname = ctx.ns.name_of(ds) or "dataset"
            yield Evidence(subject=v.name, loader=v.name, labels=labels, first=first,
                           dataset=dname, bs=bs)


@register
class ForwardCalledDirectly(Rule):
    id = "DLF-A005"
    name = "forward-called-directly"
    title = "model.forward(x) is called instead of model(x)"
    taxonomy = "api"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = "`{code}` calls `forward` directly, which skips the hooks of `{model}`."
    beginner = """Call a model as a function, `{model}(x)`, not `{model}.forward(x)`.
Both return the same result today, but `{model}(x)` also runs the hooks that PyTorch and
libraries attach to the model (for debugging, pruning, quantisation, mixed precision,
visualisation); `.forward` silently skips them."""
    expert = """`nn.Module.__call__` (`_call_impl`) runs global and module forward
pre-hooks and hooks, backward hooks registration, and `torch.compile`/FSDP wrappers
around `forward`. Calling `forward` bypasses all of them."""
    fix = """out = {model}({args})"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        models = {v.name for v in ctx.ns.models("torch")}
        for c in src.calls_to("forward"):
            if c.receiver in models and c.function != "forward":
                args = ", ".join(src.segment(a) for a in c.args)
                yield Evidence(line=c.line, subject=c.receiver, model=c.receiver,
                               code=src.segment(c.node), args=args or "x")


@register
class SaveWholeModel(Rule):
    id = "DLF-A006"
    name = "save-whole-model"
    title = "torch.save(model) pickles the whole model instead of its state_dict"
    taxonomy = "api"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{code}` saves the whole `{model}` object ({kind}) with pickle rather than "
               "`{model}.state_dict()`.")
    beginner = """Saving the model object itself works only as long as the exact same class
code (`{kind}`) is importable in the same place when loading: after renaming or changing
the class, or in another notebook, loading fails. And since PyTorch 2.6 `torch.load` only
loads plain tensors by default (`weights_only=True`), so loading such a file needs extra
steps. Save the weights with `torch.save({model}.state_dict(), ...)` and load them into a
freshly created model."""
    expert = """`torch.save(module)` pickles the module by reference to its class
(`__module__.__qualname__`); unpickling needs that class importable (notebook classes
live in `__main__`) and executes arbitrary pickle opcodes, which is why
`weights_only=True` (the default since 2.6) refuses it. A `state_dict` is an
`OrderedDict[str, Tensor]` that loads safely anywhere."""
    fix = """torch.save({model}.state_dict(), {path})
# later:
{model} = {kind}(...)
{model}.load_state_dict(torch.load({path}))"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        models = {v.name: v for v in ctx.ns.models("torch")}
        save = None
        for c in src.calls_to("save"):
            if save is None:
                import torch

                save = torch.save
            if src.resolve(c.name) is not save or not c.args:
                continue
            a = c.args[0]
            if isinstance(a, ast.Name) and a.id in models:
                path = src.segment(c.args[1]) if len(c.args) > 1 else '"model.pt"'
                yield Evidence(line=c.line, subject=a.id, model=a.id, code=src.segment(c.node),
                               kind=type(models[a.id].obj).__name__, path=path)
