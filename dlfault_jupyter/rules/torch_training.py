"""PyTorch training-process, loss, optimiser and hyperparameter rules."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

from ..context import CellContext
from ..source.facts import root_name
from . import Evidence, Rule, register
from ._lr import torch_lr_fix


@register
class MissingZeroGrad(Rule):
    id = "DLF-T001"
    name = "missing-zero-grad"
    title = "Gradients pile up: zero_grad() is never called in the training loop"
    taxonomy = "training.process"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("The loop at line {loop_line} calls `{backward}` and `{step}` but never resets "
               "the gradients, so every step uses the sum of all earlier gradients.")
    beginner = """In PyTorch, each `loss.backward()` adds the new gradients to the ones
already stored in the model. Without resetting them, step 10 moves the weights by the
sum of 10 steps' gradients: training becomes unstable or diverges, and nothing warns you.
Call `{opt}.zero_grad()` at the start of every step, before `loss.backward()`."""
    expert = """`backward()` accumulates into `param.grad` (`grad += dL/dθ`). Without
`zero_grad()` (or `set_to_none`), the update at step t is `lr · Σ_{{i≤t}} g_i`: an
effective learning rate growing linearly with t, biased towards stale gradients. The
loss typically oscillates then diverges; with momentum optimisers the error compounds."""
    fix = """{loop_code}"""
    known_false_alarms = ("Deliberate gradient accumulation where the gradients are reset in a "
                          "helper function the check cannot see.")
    references = ("https://pytorch.org/docs/stable/generated/torch.optim.Optimizer.zero_grad.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        for loop in src.training_loops():
            # the zero_grad may be in this loop or in an enclosing loop of the same function
            scope_loops = [lf for lf in src.loops if lf.function == loop.function
                           and (lf is loop or loop.node in ast.walk(lf.node))]
            steps = [c for c in loop.calls_to("step") if _is_optimizer_ref(ctx, c.receiver)]
            if not steps:
                continue
            if any(lf.has_call("zero_grad") for lf in scope_loops):
                continue
            if any(_assigns_grad(lf.node) for lf in scope_loops):
                continue
            back = loop.calls_to("backward")[0]
            step = steps[0]
            yield Evidence(line=back.line, subject=step.receiver_root, loop_line=loop.line,
                           backward=src.segment(back.node) or "loss.backward()",
                           step=src.segment(step.node) or "optimizer.step()",
                           opt=step.receiver or "optimizer",
                           loop_code=loop_with_zero_grad(src, loop.node,
                                                         step.receiver or "optimizer"))


def loop_with_zero_grad(src: Any, node: ast.AST, opt: str, max_lines: int = 16) -> str:
    """The user's own loop (dedented) with ``{opt}.zero_grad()`` as the first statement of
    its body; a long loop is shortened after the inserted line."""
    body = node.body[0]
    return loop_with_line(src, node, body.lineno, body.lineno,
                          f"{opt}.zero_grad()   # reset last step's gradients", max_lines)


def loop_with_line(src: Any, node: ast.AST, at: int, like: int, text: str,
                   max_lines: int = 16) -> str:
    """The user's own loop ``node`` (dedented) with ``text`` as a new line before cell line
    ``at`` (``node.end_lineno + 1``: at its end), indented like line ``like``. A loop
    longer than ``max_lines`` is cut after the inserted line (``...``)."""
    lines = src.lines[node.lineno - 1:node.end_lineno]
    pad = lambda t: t[:len(t) - len(t.lstrip())]  # noqa: E731
    ins = at - node.lineno
    if ins < 1 or not lines or not (1 <= like <= len(src.lines)):  # a one-line loop
        return f"for ...:\n    ...\n    {text}"
    base = len(pad(lines[0]))
    new = lines[:ins] + [pad(src.lines[like - 1]) + text] + lines[ins:]
    if len(new) > max_lines:
        new = new[:ins + 1] + [pad(src.lines[like - 1]) + "..."]
    return "\n".join(ln[base:] if len(pad(ln)) >= base else ln.lstrip() for ln in new)


def _is_optimizer_ref(ctx: CellContext, name: str | None) -> bool:
    """Is ``name`` (a dotted receiver) an optimizer? Known from the namespace when it is a
    variable there; otherwise judged by its name (not a learning-rate scheduler)."""
    if not name:
        return False
    var = ctx.ns.get(name)
    if var is not None:
        return var.kind == "optimizer"
    return "sched" not in name.lower()


def _assigns_grad(node: ast.AST) -> bool:
    """``p.grad = None`` / ``p.grad.zero_()`` inside the loop also reset the gradients."""
    for n in ast.walk(node):
        if isinstance(n, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr == "grad"
                                             for t in n.targets):
            return True
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr in ("zero_", "detach_") and isinstance(n.func.value, ast.Attribute) \
                and n.func.value.attr == "grad":
            return True
    return False


# -- helpers ---------------------------------------------------------------------------

_NO_GRAPH_METHODS = ("item", "detach", "tolist", "numpy", "detach_")
_NO_GRAPH_FUNCS = ("float", "int", "str", "round", "len", "repr", "format")


def keeps_graph(e: ast.AST | None, names: set[str]) -> bool:
    """Does the value of ``e`` carry one of the tensors ``names`` with its autograd graph
    (not through ``.item()``, ``.detach()``, ``float()``, ``.data``)?"""
    if e is None:
        return False
    if isinstance(e, ast.Name):
        return e.id in names
    if isinstance(e, ast.Call):
        f = e.func
        if isinstance(f, ast.Attribute):
            if f.attr in _NO_GRAPH_METHODS:
                return False
            return keeps_graph(f.value, names) or any(keeps_graph(a, names) for a in e.args)
        if isinstance(f, ast.Name) and f.id in _NO_GRAPH_FUNCS:
            return False
        return any(keeps_graph(a, names) for a in e.args)
    if isinstance(e, ast.Attribute):
        return e.attr != "data" and keeps_graph(e.value, names)
    if isinstance(e, ast.BinOp):
        return keeps_graph(e.left, names) or keeps_graph(e.right, names)
    if isinstance(e, ast.UnaryOp):
        return keeps_graph(e.operand, names)
    if isinstance(e, ast.Subscript):
        return keeps_graph(e.value, names)
    if isinstance(e, (ast.Tuple, ast.List, ast.Set)):
        return any(keeps_graph(x, names) for x in e.elts)
    if isinstance(e, ast.Dict):
        return any(keeps_graph(x, names) for x in e.values)
    return False


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def backward_feeders(src) -> set[str]:
    """Names whose value flows (through this cell's assignments) into a ``.backward()``."""
    out: set[str] = set()
    for c in src.calls_to("backward"):
        f = c.node.func
        if isinstance(f, ast.Attribute):
            out |= _names_in(f.value)
        for a in c.args:
            out |= _names_in(a)
    for _ in range(4):
        grown = set(out)
        for a in src.assigns:
            if a.target in out:
                grown |= _names_in(a.value)
        if grown == out:
            break
        out = grown
    return out


def scope_loops(src, loop) -> list:
    """``loop`` and the loops of the same function that enclose it."""
    return [lf for lf in src.loops if lf.function == loop.function
            and (lf is loop or loop.node in ast.walk(lf.node))]


@register
class LossAccumulatedWithGraph(Rule):
    id = "DLF-T002"
    name = "loss-accumulated-with-graph"
    title = "The loss tensor is accumulated with its autograd graph"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{code}` (line {at}) keeps the tensor `{loss}` — on which `.backward()` is "
               "called at line {back_line} — instead of its number, so `{acc}` holds on to "
               "the graph of every step.")
    beginner = """`{loss}` is not just a number: it is a tensor that remembers how it was
computed (its autograd graph). Adding it to `{acc}` links the graph of every step into
one ever-growing chain that is never freed: memory use creeps up step after step, and
`{acc}` itself becomes a tensor that requires gradients instead of a plain number. To
record the value, take the Python number with `{loss}.item()`."""
    expert = """`{acc}` accumulates tensors with `requires_grad=True`, so it holds a
`grad_fn` chain that references each step's graph. `backward()` frees the saved tensors
of the graph it traversed (unless `retain_graph=True`), but the graph nodes, the loss
tensors and one new `AddBackward`/list entry per step stay alive as long as `{acc}` does
— the PyTorch FAQ's "accumulating history across your training loop". Use `.item()` (one
host sync) or `.detach()`; on a GPU, accumulate `{loss}.detach()` and call `.item()`
once per epoch to avoid a sync per step."""
    fix = """{fixed}"""
    known_false_alarms = ("Accumulating losses on purpose to call backward() on their sum in "
                          "another cell or a helper the check cannot see.")
    references = ("https://pytorch.org/docs/stable/notes/faq.html"
                  "#my-model-reports-cuda-runtime-error-2-out-of-memory",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        feeders = backward_feeders(src)
        seen: set[int] = set()
        for loop in src.training_loops():
            backs = [c for c in loop.calls_to("backward")
                     if isinstance(c.node.func, ast.Attribute)
                     and isinstance(c.node.func.value, ast.Name)]
            if not backs:
                continue
            losses = {c.node.func.value.id for c in backs}
            back_line = backs[0].line
            loops = scope_loops(src, loop)
            # `loss = loss.item()` re-binds the name to a number
            losses -= {a.target for a in src.assigns if a.target in losses
                       and any(lf in a.loops for lf in loops)
                       and a.target in _names_in(a.value)
                       and not keeps_graph(a.value, losses)}
            if not losses:
                continue
            for a in src.assigns:
                if a.line in seen or not any(lf in a.loops for lf in loops):
                    continue
                if a.target in feeders or a.target in losses:
                    continue
                if a.augmented and isinstance(a.op, ast.Add | ast.Sub):
                    hit = keeps_graph(a.value, losses)
                elif not a.augmented and isinstance(a.value, ast.BinOp):
                    hit = a.target in _names_in(a.value) and keeps_graph(a.value, losses)
                else:
                    hit = False
                if hit:
                    seen.add(a.line)
                    loss = sorted(losses & _names_in(a.value))[0]
                    code = src.line_text(a.line).split("  #")[0].split(" #")[0].strip()
                    yield Evidence(line=a.line, at=a.line, subject=a.target, code=code, loss=loss,
                                   back_line=back_line, acc=a.target,
                                   fixed=f"{a.target} += {loss}.item()   # a Python float, "
                                         "no graph")
            for c in [c for lf in loops for c in lf.calls_to("append", "extend")]:
                if c.line in seen or not c.args or not keeps_graph(c.args[0], losses):
                    continue
                if c.receiver_root in feeders:
                    continue
                seen.add(c.line)
                loss = sorted(losses & _names_in(c.args[0]))[0]
                yield Evidence(line=c.line, at=c.line, subject=c.receiver_root,
                               code=src.segment(c.node) or src.line_text(c.line), loss=loss,
                               back_line=back_line, acc=c.receiver or "the list",
                               fixed=f"{c.receiver}.{c.attr}({loss}.item())   # a float, "
                                     "no graph")


# -- group 2 ---------------------------------------------------------------------------

_PASS = ("squeeze", "view", "reshape", "flatten", "[]", "[:]", "float", "contiguous", "to")


@register
class NLLLossOnRawOutputs(Rule):
    id = "DLF-T003"
    name = "nll-loss-without-log-softmax"
    title = "NLLLoss on outputs that are not log-probabilities"
    taxonomy = "training.loss"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{loss}` is `nn.NLLLoss`, which expects log-probabilities, but `{model}` "
               "ends with `{layer}` ({what}) and its output goes into `{loss}` directly.")
    beginner = """`nn.NLLLoss` does not compute a softmax or a logarithm: it only picks the
value of the correct class and negates it. It must be given log-probabilities
(the output of `nn.LogSoftmax`). `{model}` outputs {what}, so the "loss" can go to minus
infinity by making that one number large: the model learns nothing useful and no error
is shown. Either add `nn.LogSoftmax(dim=1)` at the end of `{model}`, or (simpler) use
`nn.CrossEntropyLoss()`, which does LogSoftmax + NLLLoss for you."""
    expert = """`NLLLoss(x, y) = −mean_i x[i, y_i]`. On unnormalised logits it is
unbounded below and its gradient is a constant −1 on the target logit and 0 elsewhere:
the other classes are never pushed down and the logits diverge. On probabilities
(Softmax output) it maximises p_y linearly instead of log-linearly, with vanishing
gradients near 0. `CrossEntropyLoss` fuses `log_softmax` + `nll_loss` stably."""
    fix = """{loss} = nn.CrossEntropyLoss()          # takes raw logits
loss = {loss}({model}(x), y)
# or keep NLLLoss and end the model with nn.LogSoftmax(dim=1)"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .. import frameworks
        from .torch_model import loss_users, torch_models

        t = frameworks.get("torch")
        models = torch_models(ctx)
        for v in ctx.ns.of_kind("loss", framework="torch"):
            if type(v.obj).__name__ != "NLLLoss":
                continue
            for m, wrs in loss_users(ctx, v.name, models).items():
                if not any(all(w in _PASS for w in wr) for wr in wrs):
                    continue
                out = t.output_layer(models[m].obj)
                if not out:
                    continue
                if out[1] in t.WEIGHT_LAYERS:
                    what = "raw scores (logits)"
                elif out[1] in ("Softmax", "Sigmoid"):
                    what = "probabilities, not their logarithm"
                else:
                    continue
                yield Evidence(subject=m, model=m, layer=out[0], loss=v.name, what=what)


def _models_in_call(node: ast.AST) -> set[str]:
    """Roots of ``m.parameters()`` / ``m.named_parameters()`` / ``m.sub.parameters()``."""
    from ..source.facts import root_name

    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr in ("parameters", "named_parameters"):
            r = root_name(n.func.value)
            if r:
                out.add(r)
    return out


@register
class OptimizerNotOverModel(Rule):
    id = "DLF-T004"
    name = "optimizer-not-over-model"
    title = "The optimizer does not hold the parameters of the model being trained"
    taxonomy = "training.optimizer"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{opt}.step()` (line {at}) updates none of the parameters of `{model}`: "
               "{why}")
    beginner = """An optimizer only updates the parameters it was given when it was
created. `{opt}` holds no parameter of the current `{model}`, so training changes
nothing in it: the loss does not go down, and no error appears. {advice}"""
    expert = """`torch.optim.Optimizer` keeps references to the `Parameter` objects
passed at construction (`param_groups[i]["params"]`). Re-creating the model (a new
`nn.Module` instance) allocates new parameters; the optimizer keeps stepping the old
ones, and `{model}`'s parameters receive gradients (from backward) that nobody
applies. Compare `{{id(p) for p in {model}.parameters()}}` with the optimizer's
param groups."""
    fix = """{fix_line}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .. import frameworks

        t = frameworks.get("torch")
        src = ctx.source
        mem = ctx.remember(self.id)
        built: dict[str, list[str]] = mem.setdefault("built", {})
        models = {v.name: v for v in ctx.ns.models("torch")}
        opts = {v.name: v for v in ctx.ns.of_kind("optimizer", framework="torch")}
        for a in src.assigns:
            if a.target in opts and isinstance(a.value, ast.Call):
                ms = sorted(_models_in_call(a.value))
                if ms:
                    built[a.target] = ms
        if len(built) > 100:
            built.clear()
        for c in src.calls_to("step"):
            if c.receiver not in opts:
                continue
            opt = opts[c.receiver].obj
            oids = t.optimizer_param_ids(opt)
            cands: list[tuple[str, str]] = []
            for m in built.get(c.receiver, []):
                if m in models:
                    cands.append((m, "built"))
            if c.loops:
                called = {x.name for x in c.loops[0].calls if x.name in models}
                stepped = {x.receiver for x in c.loops[0].calls_to("step")
                           if x.receiver in opts}
                if len(called) == 1 and len(stepped) == 1:
                    cands.append((called.pop(), "loop"))
                else:
                    # several models feed the loss (encoder + head): each one whose
                    # parameters get gradients must be held by an optimizer of the loop
                    union: set[int] = set()
                    for o in stepped:
                        union |= t.optimizer_param_ids(opts[o].obj)
                    fed = _models_feeding_loss(ctx, c.loops[0], models)
                    covered = {m for m in fed
                               if t.trainable_param_ids(models[m].obj) & union}
                    if covered and c.receiver in stepped:
                        for m in sorted(fed - covered):
                            cands.append((m, "partial"))
            for m, how in cands:
                mids = t.trainable_param_ids(models[m].obj)
                if not mids or not oids or (mids & oids):
                    continue
                if how == "partial":
                    why = (f"`{m}`'s output feeds the loss, so `backward()` computes "
                           f"gradients for its parameters, but no optimizer stepped in this "
                           f"loop holds them: `{m}` never changes.")
                    advice = (f"Give the optimizer the parameters of every model that "
                              f"should learn, e.g. `list(...parameters()) + "
                              f"list({m}.parameters())`, or freeze `{m}` on purpose with "
                              f"`{m}.requires_grad_(False)`.")
                elif how == "built":
                    why = (f"`{m}` was re-created after `{c.receiver}` was built from "
                           f"`{m}.parameters()`, so `{c.receiver}` still holds the old "
                           "model's parameters.")
                    advice = (f"Create the optimizer again after creating `{m}` "
                              "(run the cells in order).")
                else:
                    why = (f"`{c.receiver}` was built over other parameters, while the loop "
                           f"trains `{m}`.")
                    advice = f"Build `{c.receiver}` from `{m}.parameters()`."
                g0 = opt.param_groups[0] if opt.param_groups else {}
                lr = f"{g0.get('lr', 0.01):g}"
                if how == "partial":   # keep what the optimizer trains, add the model it misses
                    held = [n for n in sorted(models) if n != m and
                            t.trainable_param_ids(models[n].obj) & oids]
                    params = ", ".join(f"*{n}.parameters()" for n in [*held, m])
                    fix_line = (f"{c.receiver} = torch.optim.{type(opt).__name__}([{params}], "
                                f"lr={lr})   # every model that should learn")
                else:
                    fix_line = (f"{c.receiver} = torch.optim.{type(opt).__name__}("
                                f"{m}.parameters(), lr={lr})   # after creating {m}")
                yield Evidence(line=c.line, at=c.line, subject=c.receiver, opt=c.receiver,
                               fix_line=fix_line,
                               model=m, why=why, advice=advice, key=(m, how),
                               severity="warning" if how == "partial" else None,
                               opt_type=type(opt).__name__, lr=f"{g0.get('lr', 0.01):g}")
                break


def _models_feeding_loss(ctx: CellContext, loop, models: dict) -> set[str]:
    """Models whose output reaches a loss computed in ``loop`` with gradients (not under
    ``no_grad``, not through ``.detach()``), following names assigned in this cell."""
    src = ctx.source
    losses = {v.name for v in ctx.ns.of_kind("loss", framework="torch")}
    out: set[str] = set()

    def walk(node: ast.AST, depth: int) -> None:
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Attribute) and f.attr in ("detach", "detach_", "item",
                                                          "numpy"):
                return
            name = f.id if isinstance(f, ast.Name) else (
                f.value.id if isinstance(f, ast.Attribute) and f.attr == "forward"
                and isinstance(f.value, ast.Name) else None)
            if name in models and not src.inside_with(node, "no_grad", "inference_mode"):
                out.add(name)
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and depth < 3:
            for a in src.assignments_to(node.id):
                if not src.inside_with(a.value, "no_grad", "inference_mode"):
                    walk(a.value, depth + 1)
            return
        for ch in ast.iter_child_nodes(node):
            walk(ch, depth)

    for c in loop.calls:
        is_loss = c.name in losses or c.attr in ("cross_entropy", "mse_loss", "nll_loss",
                                                  "binary_cross_entropy",
                                                  "binary_cross_entropy_with_logits",
                                                  "l1_loss", "smooth_l1_loss")
        if is_loss and c.args:
            walk(c.args[0], 0)
    return out


_LR_OPTS = ("SGD", "Adam", "AdamW", "RMSprop", "NAdam", "RAdam", "Adamax", "Adagrad")
_ADAM = ("Adam", "AdamW", "NAdam", "RAdam", "Adamax")


@register
class LearningRateOutOfRange(Rule):
    id = "DLF-T005"
    name = "learning-rate-out-of-range"
    title = "Learning rate far too high or far too low"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = "`{opt}` ({kind}) has learning rate {lr}, {judgement}."
    beginner = """The learning rate sets how big each training step is. {advice} Typical
values are 0.1–0.001 for SGD and about 0.001 (1e-3) to 1e-5 for Adam-type optimizers. Start
from such a value: `{suggest}`."""
    expert = """For SGD the stable step size is bounded by 2/λ_max of the loss Hessian;
lr ≥ 1 exceeds it for virtually every network without normalisation, and for Adam-type
optimizers the per-coordinate step is ≈ lr itself (the update is normalised), so
lr ≥ 1 moves every weight by ~1 per step. Conversely lr ≤ 1e-7 gives updates below
float32 resolution relative to weights of order 1e-2 (ulp ≈ 1e-9…1e-10): training
appears frozen."""
    fix = """{fix_line}"""
    cause = "learning-rate"
    known_false_alarms = ("Large-batch SGD with a linearly scaled learning rate and warm-up; "
                          "a learning-rate finder sweep starting from a tiny value.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for v in ctx.ns.of_kind("optimizer", framework="torch"):
            kind = type(v.obj).__name__
            if kind not in _LR_OPTS or not v.obj.param_groups:
                continue
            g = v.obj.param_groups[0]
            lr = g.get("initial_lr", g.get("lr"))
            if not isinstance(lr, (int, float)):
                continue
            if lr >= 1:
                judgement = "so large that training will almost surely diverge"
                advice = (f"With lr={lr:g} each step overshoots: the loss jumps around, "
                          "grows, or becomes `nan`.")
            elif lr <= 1e-7:
                judgement = "so small that the weights will barely change"
                advice = (f"With lr={lr:g} the steps are so tiny that the model seems not to "
                          "learn at all.")
            else:
                continue
            fix_line = torch_lr_fix(ctx, v.name, direction="high" if lr >= 1 else "low")[0]
            yield Evidence(subject=v.name, key=lr, opt=v.name, kind=kind, lr=f"{lr:g}",
                           judgement=judgement, advice=advice, fix_line=fix_line,
                           suggest=fix_line.split("   #")[0],
                           same_cause="learning-rate" if lr >= 1 else "learning-rate-low")


@register
class AdamEpsilonTooLow(Rule):
    id = "DLF-T006"
    name = "adam-epsilon-too-low"
    title = "Adam's epsilon is far too small"
    taxonomy = "training.optimizer"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{opt}` ({kind}) has eps={eps}; below 1e-10 the update can blow up "
               "when a gradient's running average is near zero.")
    beginner = """Adam divides each step by the square root of a running average of the
squared gradients, plus a small safety number `eps`. With eps={eps}, a weight whose
gradients are almost always zero gets a huge step the first time it sees a small
gradient, which can make the loss jump or turn into `nan`. Keep the default
`eps=1e-8` (or a larger value such as 1e-6 for mixed precision)."""
    expert = """The update is `lr · m̂ / (√v̂ + eps)`. For rarely-active coordinates √v̂ → 0
and the step tends to `lr · m̂/eps`; eps is the only bound on it. With eps < 1e-10 (and in
float16/bfloat16 eps underflows to 0) steps of size ~lr·|g|/eps are possible. The
taxonomy lists "epsilon for Adam too low" as a known optimiser fault."""
    fix = """{opt} = torch.optim.{kind}(model.parameters(), lr={lr}, eps=1e-8)"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for v in ctx.ns.of_kind("optimizer", framework="torch"):
            kind = type(v.obj).__name__
            if kind not in _ADAM or not v.obj.param_groups:
                continue
            g = v.obj.param_groups[0]
            eps = g.get("eps")
            if isinstance(eps, (int, float)) and eps < 1e-10:
                yield Evidence(subject=v.name, key=eps, opt=v.name, kind=kind,
                               eps=f"{eps:g}", lr=f"{g.get('lr', 1e-3):g}")


_UFN_CACHE: dict[int, tuple] = {}


class UserFunction:
    """A function the user defined in an earlier (or this) cell, with the facts of its
    source: ``params`` (positional parameter names, ``self`` dropped for methods)."""

    def __init__(self, name: str, node: ast.FunctionDef, facts, params: list[str]) -> None:
        self.name, self.node, self.facts, self.params = name, node, facts, params

    def bound(self, call, name: str) -> str | None:
        """The parameter that receives the variable ``name`` in ``call``, if any."""
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Name) and a.id == name and i < len(self.params):
                return self.params[i]
        for k in call.node.keywords:
            if k.arg and isinstance(k.value, ast.Name) and k.value.id == name:
                return k.arg
        return None

    def mode_calls(self, var: str, *attrs: str) -> list:
        return [c for c in self.facts.calls if c.receiver == var and c.attr in attrs]

    def passes_on(self, var: str) -> bool:
        """Is ``var`` handed to another call inside the function (whose mode handling is
        unknown)? ``var(x)`` and ``var.method()`` are not."""
        for c in self.facts.calls:
            if any(isinstance(a, ast.Name) and a.id == var for a in c.args) or any(
                    isinstance(k.value, ast.Name) and k.value.id == var
                    for k in c.node.keywords):
                return True
        return False


def user_function(ctx: CellContext, name: str | None) -> UserFunction | None:
    """The user-defined (``__main__``) plain function called ``name``, parsed from its
    source; ``None`` for anything else (builtins, library functions, no source)."""
    import inspect
    import textwrap
    import types

    from ..source.facts import SourceFacts

    if not name or "." in name:
        return None
    fn = ctx.user_ns.get(name)
    if not isinstance(fn, types.FunctionType) or fn.__module__ != "__main__":
        return None
    code = fn.__code__
    hit = _UFN_CACHE.get(id(code))
    if hit is not None and hit[0] is code:
        return hit[1]
    out = None
    try:
        text = textwrap.dedent(inspect.getsource(fn))
        facts = SourceFacts(text, ctx.user_ns)
        node = facts.tree.body[0] if facts.ok and facts.tree.body else None
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == fn.__name__:
            params = [a.arg for a in node.args.posonlyargs + node.args.args]
            out = UserFunction(name, node, facts, params)
    except Exception:  # noqa: BLE001 - no source (exec'd, edited file): stay quiet
        out = None
    if len(_UFN_CACHE) > 256:
        _UFN_CACHE.clear()
    _UFN_CACHE[id(code)] = (code, out)
    return out


_EVAL_NAMES = ("evaluat", "test", "valid", "predict", "accuracy", "infer", "score")


def _evaluates(uf: UserFunction, var: str) -> str | None:
    """How the function ``uf`` evaluates the model held by ``var`` (a parameter or a global
    name): under no_grad / in a function named like an evaluation, with no backward/step,
    no ``.train()/.eval()`` on it and without handing it to another function. ``None`` when
    it does not (or when that cannot be told)."""
    f = uf.facts
    if f.calls_to("backward", "step", "zero_grad") or uf.mode_calls(var, "eval", "train",
                                                                       "requires_grad_"):
        return None
    if uf.passes_on(var):
        return None
    calls = [c for c in f.calls if c.name == var or (c.attr == "forward" and c.receiver == var)]
    if not calls:
        return None
    if any(f.inside_with(c.node, "no_grad", "inference_mode") for c in calls):
        return "runs under `torch.no_grad()`"
    if any(k in uf.name.lower() for k in _EVAL_NAMES):
        return "evaluates it"
    return None


def _model_calls(src, models: dict) -> list:
    out = []
    for c in src.calls:
        if c.name in models:
            out.append((c.name, c))
        elif c.attr == "forward" and c.receiver in models:
            out.append((c.receiver, c))
    return out


def _mode_calls(src, name: str, *attrs: str) -> list:
    return [c for c in src.calls if c.receiver == name and c.attr in attrs]


@register
class EvaluatedInTrainingMode(Rule):
    id = "DLF-T007"
    name = "evaluation-in-training-mode"
    title = "The model is evaluated in training mode (model.eval() missing)"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{call}` (line {at}) {how} — an evaluation — while `{model}` is still in "
               "training mode, so its {layers} behave as in training.")
    beginner = """`torch.no_grad()` only stops gradient tracking; it does not switch the
model to evaluation mode. `{model}` contains {layers}: in training mode, Dropout randomly
drops units and BatchNorm uses (and updates!) the statistics of the current batch, so the
predictions are noisy and the measured accuracy is wrong. Call `{model}.eval()` before
evaluating, and `{model}.train()` before training again."""
    expert = """`Module.training` (set by `.train()`/`.eval()`) controls Dropout (identity
in eval) and BatchNorm (running statistics in eval; in train mode it normalises with
batch statistics and updates `running_mean/var` with momentum, even under `no_grad`).
Evaluating in train mode therefore gives stochastic, batch-size-dependent outputs and
silently corrupts the running statistics with evaluation data."""
    fix = """{model}.eval()
with torch.no_grad():
    out = {call}
{model}.train()   # before the next training epoch"""
    known_false_alarms = ("Monte-Carlo dropout, where the model is kept in training mode on "
                          "purpose to sample predictions.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .. import frameworks

        t = frameworks.get("torch")
        src = ctx.source
        models = {v.name: v for v in ctx.ns.models("torch")}
        done: set[str] = set()
        trains = bool(src.calls_to("backward", "step"))
        for name, c in _model_calls(src, models):
            if name in done:
                continue
            if _samples_generator(name, c):
                continue   # netG(fixed_noise): sampling a generator, not scoring a model
            if src.inside_with(c.node, "no_grad", "inference_mode"):
                how = "runs under `torch.no_grad()`"
            else:
                arg = c.args[0] if c.args else None
                root = root_name(arg) if arg is not None else None
                # a batch of `for xb, yb in test_loader:` stands for the loader
                for lf in reversed(c.loops):
                    if root and root in lf.targets and lf.iter_name:
                        root = lf.iter_name.split(".")[0]
                        break
                if trains or not root or not any(k in root.lower() for k in (
                        "test", "val", "holdout")) or root.lower().startswith("value"):
                    continue
                how = f"predicts on `{root}`"
            if any(lf.has_call("backward") for lf in c.loops):
                continue  # monitoring inside a training loop
            obj = models[name].obj
            if not obj.training or _mode_calls(src, name, "eval", "train", "requires_grad_"):
                continue
            layers = t.has_mode_layers(obj)
            if not layers:
                continue
            done.add(name)
            yield Evidence(line=c.line, at=c.line, subject=name, model=name, how=how,
                           call=src.segment(c.node) or f"{name}(...)",
                           layers=" and ".join(f"`{k}`" for k in layers[:3]))
        # an evaluation helper defined in an earlier cell, called here: `evaluate(model, ...)`
        for c in src.calls:
            uf = user_function(ctx, c.name) if c.name not in models else None
            # skipped in the step loop itself; an epoch loop around it is fine
            if uf is None or any(b.loops and b.loops[-1] in c.loops
                                 for b in src.calls_to("backward")):
                continue
            cands = [(m, uf.bound(c, m)) for m in models if m not in done]
            cands = [(m, p) for m, p in cands if p] + [
                (m, m) for m in models if m not in done and m not in uf.params
                and any(x.name == m for x in uf.facts.calls)]
            for name, var in cands:
                how = _evaluates(uf, var)
                obj = models[name].obj
                # `.train()` at the top of an epoch does not excuse an evaluation after it
                if how is None or not obj.training or _mode_calls(src, name, "eval") or any(
                        x.args or x.node.keywords for x in _mode_calls(src, name, "train")) \
                        or any(_helper_mode(ctx, x, name) == "eval" for x in src.calls):
                    continue
                layers = t.has_mode_layers(obj)
                if not layers:
                    continue
                done.add(name)
                how = f"calls `{uf.name}()`, which {how.replace('runs', 'runs the model')}"
                yield Evidence(line=c.line, at=c.line, subject=name, model=name, how=how,
                               call=src.segment(c.node) or f"{uf.name}({name})",
                               layers=" and ".join(f"`{k}`" for k in layers[:3]))


_NOISE_RE = re.compile(r"noise|latent|^z$|^z_|_z$", re.I)
_GENERATOR_RE = re.compile(r"^(net_?)?g(en)?(_|\d|$)|generator|decoder", re.I)


def _samples_generator(model: str, call) -> bool:
    """``netG(fixed_noise)``, ``generator(z)``: images sampled from a generative model
    (the DCGAN tutorial samples in training mode on purpose; there is no score that
    BatchNorm's batch statistics would bias)."""
    arg = call.args[0] if call.args else None
    root = root_name(arg) if arg is not None else None
    return bool(root and _NOISE_RE.search(root)) or bool(_GENERATOR_RE.search(model))


def _helper_mode(ctx: CellContext, call, model: str) -> str | None:
    """What a call of a user-defined helper does to the mode of ``model`` (passed to it, or
    used as a global inside): ``"train"`` (calls ``.train()`` on it), ``"eval"`` (calls
    ``.eval()`` and never ``.train()``), ``"trains"`` (trains it — backward and step —
    without touching its mode), else ``None``."""
    uf = user_function(ctx, call.name)
    if uf is None:
        return None
    var = uf.bound(call, model)
    if var is None:
        if model in uf.params or not any(x.name == model or x.receiver == model
                                         for x in uf.facts.calls):
            return None
        var = model
    if uf.mode_calls(var, "train"):
        return "train"
    if uf.mode_calls(var, "eval"):
        return "eval"
    if uf.passes_on(var):
        return None
    f = uf.facts
    if f.calls_to("backward") and f.calls_to("step") and any(
            x.name == var or (x.attr == "forward" and x.receiver == var) for x in f.calls):
        return "trains"
    return None


@register
class TrainingInEvalMode(Rule):
    id = "DLF-T008"
    name = "training-in-eval-mode"
    title = "The model is trained while in evaluation mode"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("The training loop at line {loop_line} trains `{model}` in evaluation mode: "
               "{why}")
    beginner = """`{model}.eval()` switches off Dropout and freezes BatchNorm's statistics;
it is meant for evaluation only. {why_plain} Training in this mode means Dropout no
longer regularises and BatchNorm never adapts, so the model can overfit or train badly
— without any error. Call `{model}.train()` at the start of every training epoch
(after any evaluation)."""
    expert = """Mode is a flag on each submodule, not tied to autograd: under `eval()`
Dropout is the identity and BatchNorm normalises with `running_mean/var` and does not
update them, so gradients are computed through the inference-time graph. The usual
bug is a validation pass with `model.eval()` inside the epoch loop without a matching
`model.train()` at the top of the next epoch."""
    fix = """{loop_code}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .. import frameworks

        t = frameworks.get("torch")
        src = ctx.source
        models = {v.name: v for v in ctx.ns.models("torch")}
        opts = ctx.ns.of_kind("optimizer", framework="torch")
        optimised: set[int] = set()
        for o in opts:
            optimised |= t.optimizer_param_ids(o.obj)
        done: set[str] = set()
        for loop in src.training_loops():
            scope = scope_loops(src, loop)
            called = {c.name for c in loop.calls if c.name in models} | {
                c.receiver for c in loop.calls
                if c.attr == "forward" and c.receiver in models}
            for m in sorted(called):
                obj = models[m].obj
                if not t.has_mode_layers(obj) or not (t.trainable_param_ids(obj) & optimised):
                    continue
                trains = [c for lf in scope for c in lf.calls
                          if c.receiver == m and c.attr == "train"]
                evals = [c for lf in scope for c in lf.calls
                         if c.receiver == m and c.attr == "eval"]
                for lf in scope:
                    for c in lf.calls:
                        mode = _helper_mode(ctx, c, m)
                        if mode == "train":
                            trains.append(c)
                        elif mode == "eval":
                            evals.append(c)
                if trains:
                    continue
                if evals:
                    ev = evals[0]
                    what = f"`{m}.eval()`" if ev.attr == "eval" and ev.receiver == m else (
                        f"`{src.segment(ev.node) or ev.name + '()'}` (which calls "
                        f"`.eval()` on it)")
                    why = (f"{what} at line {ev.line} is called inside the "
                           f"loop and `{m}.train()` never, so every epoch after the first "
                           "trains in eval mode.")
                    plain = (f"{what} runs inside the loop (line {ev.line}) and "
                             "nothing switches back.")
                    line = evals[0].line
                elif not obj.training and not _mode_calls(src, m, "eval", "train"):
                    why = f"`{m}` was left in eval mode by an earlier cell."
                    plain = f"`{m}` is still in evaluation mode from an earlier cell."
                    line = loop.line
                else:
                    continue
                done.add(m)
                outer = evals[0].loops[0].node if evals and evals[0].loops else loop.node
                yield Evidence(line=line, subject=m, model=m, loop_line=loop.line, why=why,
                               why_plain=plain, loop_code=_train_first(src, outer, m))
        # the training itself in a helper: `for epoch ...: train_epoch(model, ...);
        # validate(model)` where validate() calls model.eval() and nothing calls .train()
        for lf in src.loops:
            for m in sorted(set(models) - done):
                obj = models[m].obj
                trainers = [c for c in lf.calls if _helper_mode(ctx, c, m) == "trains"]
                if not trainers or not t.has_mode_layers(obj) or \
                        not (t.trainable_param_ids(obj) & optimised):
                    continue
                modes = [(c, _helper_mode(ctx, c, m)) for c in lf.calls]
                if any(c.receiver == m and c.attr == "train" for c in lf.calls) or \
                        any(md == "train" for _, md in modes):
                    continue
                evals = [c for c in lf.calls if c.receiver == m and c.attr == "eval"] + [
                    c for c, md in modes if md == "eval"]
                if not evals:
                    continue
                done.add(m)
                e = evals[0]
                what = src.segment(e.node) or f"{m}.eval()"
                yield Evidence(
                    line=e.line, subject=m, model=m, loop_line=lf.line,
                    why=(f"`{what}` at line {e.line} puts `{m}` in eval mode inside the loop, "
                         f"and neither this loop nor `{trainers[0].name}()` calls "
                         f"`{m}.train()`, so every epoch after the first trains in eval mode."),
                    why_plain=(f"`{what}` (line {e.line}) switches `{m}` to evaluation mode "
                               f"and `{trainers[0].name}()` never switches it back."),
                    loop_code=_train_first(src, lf.node, m))


def _guarded_by_exists(src: Any, node: ast.AST) -> bool:
    """``if os.path.exists(path): torch.load(path)`` (or ``Path(...).exists()``, ``isfile``):
    the load only runs when the file is there."""
    n = src.parent(node)
    while n is not None:
        if isinstance(n, ast.If) and any(
                isinstance(t, (ast.Attribute, ast.Name)) and
                getattr(t, "attr", getattr(t, "id", "")) in ("exists", "isfile", "is_file")
                for t in ast.walk(n.test)):
            return True
        n = src.parent(n)
    return False


def _train_first(src: Any, node: ast.AST, m: str) -> str:
    """The user's loop with ``{m}.train()`` as its first statement."""
    body = node.body[0]
    return loop_with_line(src, node, body.lineno, body.lineno,
                          f"{m}.train()   # back to training mode every epoch")


@register
class CheckpointNotFound(Rule):
    id = "DLF-T009"
    name = "checkpoint-not-found"
    title = "torch.load of a file that does not exist"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = "`{code}` loads `{path}`, which does not exist (working directory: `{cwd}`)."
    beginner = """The checkpoint file `{path}` is not there. Either it was never saved (the
cell with `torch.save(...)` was not run, or saved under another name), or the path is
relative to a different folder than the notebook's working directory `{cwd}`. Check the
name, or save the model first: `torch.save(model.state_dict(), "{path}")`.{near}"""
    expert = """`torch.load` opens the path with the working directory of the kernel
(`os.getcwd()` = `{cwd}`), not the notebook file's folder, and raises FileNotFoundError.
When a notebook is opened from another folder, or the save cell is skipped, the
checkpoint silently never exists; guard loading with `os.path.exists` or resolve paths
from a known root (`pathlib.Path(__file__)` is not available in notebooks)."""
    fix = """import os
if os.path.exists("{path}"):
    state = torch.load("{path}", map_location="cpu")
    model.load_state_dict(state)"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import os

        src = ctx.source
        load = None
        for c in src.calls_to("load"):
            if load is None:
                try:
                    import torch

                    load = torch.load
                except Exception:  # noqa: BLE001
                    return
            if src.resolve(c.name) is not load:
                continue
            arg = c.kwarg("f", 0)
            path: object = c.const("f", 0)
            if path is None and isinstance(arg, ast.Name):
                val = ctx.user_ns.get(arg.id)
                path = val if isinstance(val, (str, os.PathLike)) else None
            if not isinstance(path, (str, os.PathLike)):
                continue
            p = os.fspath(path)
            if not p or os.path.exists(p) or _guarded_by_exists(src, c.node):
                continue
            folder = os.path.dirname(p) or "."
            near = ""
            try:
                if os.path.isdir(folder):
                    cands = [f for f in os.listdir(folder)
                             if f.endswith((".pt", ".pth", ".ckpt", ".bin"))][:3]
                    if cands:
                        near = " Checkpoints in that folder: " + ", ".join(
                            f"`{f}`" for f in cands) + "."
            except OSError:
                near = ""
            yield Evidence(line=c.line, code=src.segment(c.node) or "torch.load(...)", path=p,
                           cwd=os.getcwd(), near=near)


@register
class ModelTooBigForMemory(Rule):
    id = "DLF-T010"
    expensive = True
    name = "model-too-big-for-memory"
    title = "Training this model needs more memory than is available"
    taxonomy = "training.process"
    severity = "warning"
    silent = False
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` has {params} parameters ({dtype}, on {device}): training it with "
               "{opt_kind} needs about {need} (weights, gradients{state}), but only {avail} "
               "of memory is free.")
    beginner = """Training keeps several copies of every weight in memory: the weights,
their gradients, and for optimizers like Adam two more running averages. For `{model}`
that is about {need}, more than the {avail} this machine has free, so training will
crash with an out-of-memory error (or make the computer swap and freeze). Use a smaller
model, fewer or narrower layers, or train on a machine with more memory."""
    expert = """Lower bound, activations excluded: params × bytes × (1 weight + 1 grad
+ k optimiser states; k = 2 for Adam/AdamW, 1 for SGD with momentum) = {need} at
{bytes} B per element. Mixed precision, sharded optimisers (ZeRO/FSDP), gradient
checkpointing or 8-bit optimiser states reduce it; parameter-efficient fine-tuning
(freezing most weights) removes grads and states for frozen parameters."""
    fix = """# e.g. a narrower model (fewer units in its widest layers), or train only a part of it:
for p in list({model}.parameters())[:-2]:   # all but the last layer's weight and bias
    p.requires_grad_(False)"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        try:
            import psutil
        except Exception:  # noqa: BLE001 - optional dependency
            return
        from .. import frameworks

        t = frameworks.get("torch")
        models = ctx.ns.models("torch")
        if not models:
            return
        avail = psutil.virtual_memory().available
        opts = ctx.ns.of_kind("optimizer", framework="torch")
        for v in models:
            total = 0
            train = 0
            size = 4
            device = None
            params = list(v.obj.parameters())
            if any(type(p).__name__ == "UninitializedParameter" for p in params):
                continue  # a lazy module: its size is not known yet
            for p in params:
                n = p.numel()
                total += n
                if p.requires_grad:
                    train += n
                size = p.element_size()
                device = str(p.device)
            if not total or device not in ("cpu", "meta") or total * size < 1 << 30:
                continue
            ids = t.trainable_param_ids(v.obj)
            opt = next((o for o in opts if ids & t.optimizer_param_ids(o.obj)), None)
            kind = type(opt.obj).__name__ if opt else "Adam"
            k = 2 if kind in ("Adam", "AdamW", "NAdam", "RAdam", "Adamax") else 1
            allocated = total * size if device == "cpu" else 0
            need = total * size + train * size * (1 + k)
            if need - allocated <= avail * 1.1:
                continue
            yield Evidence(subject=v.name, key=(total, device), model=v.name,
                           params=f"{total:,}", dtype=str(next(v.obj.parameters()).dtype)
                           .replace("torch.", ""), device=device,
                           opt_kind=f"`{opt.name}` ({kind})" if opt else "Adam",
                           need=_gib(need), avail=_gib(avail), bytes=size,
                           state=f", {k} optimiser state(s)" if k else "")


def _gib(n: int) -> str:
    return f"{n / (1 << 30):.1f} GiB"


@register
class InferenceWithoutNoGrad(Rule):
    id = "DLF-T011"
    name = "inference-without-no-grad"
    title = "Evaluation outside torch.no_grad() builds an autograd graph for nothing"
    taxonomy = "training.process"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{call}` (line {at}) runs `{model}` in eval mode with gradient tracking on: "
               "the activations of the whole input are kept for a backward pass that never "
               "comes.")
    beginner = """`{model}` is in evaluation mode and this cell does not train, so no
gradients are needed. Without `torch.no_grad()`, PyTorch still records every operation so
that it could compute gradients, which uses much more memory and time (and the result
carries `grad_fn`, so `.numpy()` on it fails). Wrap evaluation in
`with torch.no_grad():` (or `torch.inference_mode()`)."""
    expert = """With grad mode enabled and `requires_grad` parameters, every op saves its
inputs for backward (`ctx.save_for_backward`) and the output holds the graph through
`grad_fn`; memory grows with batch size × depth until the output is freed. `eval()`
changes only Dropout/BatchNorm behaviour, not grad mode; `no_grad()` skips recording and
`inference_mode()` additionally skips version-counter bookkeeping."""
    fix = """{model}.eval()
with torch.no_grad():
    out = {call}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if src.calls_to("backward", "step", "zero_grad", "grad", "requires_grad_") or \
                src.functions:
            return
        try:
            import torch

            if not torch.is_grad_enabled():
                return
        except Exception:  # noqa: BLE001
            return
        models = {v.name: v for v in ctx.ns.models("torch")}
        for name, c in _model_calls(src, models):
            obj = models[name].obj
            if obj.training or not any(p.requires_grad for p in obj.parameters()):
                continue
            if src.inside_with(c.node, "no_grad", "inference_mode", "enable_grad",
                               "set_grad_enabled"):
                continue
            yield Evidence(line=c.line, at=c.line, subject=name, model=name,
                           call=src.segment(c.node) or f"{name}(...)")
            break


# -- weight decay on normalisation layers ------------------------------------------------

_NORM_PREFIX = ("BatchNorm", "LayerNorm", "GroupNorm", "InstanceNorm", "RMSNorm",
                "SyncBatchNorm", "LocalResponseNorm")


def _default_weight_decay(opt) -> float | None:
    import inspect

    try:
        p = inspect.signature(type(opt).__init__).parameters.get("weight_decay")
    except (TypeError, ValueError):
        return None
    if p is None or not isinstance(p.default, (int, float)):
        return None
    return float(p.default)


@register
class WeightDecayOnNormAndBias(Rule):
    id = "DLF-T012"
    name = "weight-decay-on-norm-and-bias"
    title = "Weight decay is applied to normalisation layers and biases"
    taxonomy = "training.optimizer"
    severity = "info"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{opt}` applies weight_decay={wd} to all parameters of `{model}`, including "
               "the {n_norm} parameters of its normalisation layers ({norms}) and {n_bias} "
               "biases.")
    beginner = """Weight decay pulls weights towards zero to keep the model simple. That
makes sense for the weight matrices of Linear/Conv layers, but not for the scale and
shift of normalisation layers ({norms}) or for biases: shrinking those only fights
against what normalisation is meant to do, and can slow down or hurt training. Put
them in a separate parameter group with `weight_decay=0`. This is advice, not an
error."""
    expert = """L2/decoupled decay on BatchNorm/LayerNorm γ interacts with the scale
invariance of normalised layers (the effective learning rate of the preceding weights
grows as γ shrinks), and decaying β or biases regularises offsets that carry no
complexity. The common recipe (BERT, timm, nanoGPT) is two param groups: decay on
tensors with `ndim >= 2`, none on norms and biases."""
    fix = """decay, no_decay = [], []
for name, p in {model}.named_parameters():
    if not p.requires_grad:
        continue
    (no_decay if p.ndim < 2 else decay).append(p)   # norms and biases have ndim 1
{opt} = torch.optim.{cls}([
    {{"params": decay, "weight_decay": {wd}}},
    {{"params": no_decay, "weight_decay": 0.0}},
], lr={lr})"""
    known_false_alarms = ("Small weight decay on norms is harmless in many models; this is "
                          "advice.",)[0]
    references = ("https://arxiv.org/abs/1706.05350",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .. import frameworks

        t = frameworks.get("torch")
        models = ctx.ns.models("torch")
        for ov in ctx.ns.of_kind("optimizer", framework="torch"):
            opt = ov.obj
            default = _default_weight_decay(opt)
            decayed: set[int] = set()
            wd = 0.0
            for g in opt.param_groups:
                w = g.get("weight_decay", 0) or 0
                if isinstance(w, (int, float)) and w > 0:
                    decayed |= {id(p) for p in g.get("params", ())}
                    wd = max(wd, float(w))
            if not decayed or (default is not None and wd == default):
                continue  # no decay, or the optimizer's own default (AdamW's 0.01)
            for mv in models:
                if not (t.param_ids(mv.obj) & decayed):
                    continue
                norms: list[str] = []
                n_norm = n_bias = 0
                for name, m in mv.obj.named_modules():
                    is_norm = type(m).__name__.startswith(_NORM_PREFIX)
                    for pn, p in m._parameters.items():
                        if p is None or id(p) not in decayed or not p.requires_grad:
                            continue
                        if is_norm:
                            n_norm += 1
                            if name not in norms:
                                norms.append(name)
                        elif pn == "bias":
                            n_bias += 1
                if not norms:
                    continue
                g0 = opt.param_groups[0]
                shown = ", ".join(f"`{n}`" for n in norms[:3]) + (
                    f" and {len(norms) - 3} more" if len(norms) > 3 else "")
                yield Evidence(subject=ov.name, key=(mv.name, wd), opt=ov.name,
                               model=mv.name, wd=f"{wd:g}", n_norm=n_norm, n_bias=n_bias,
                               norms=shown, cls=type(opt).__name__,
                               lr=f"{g0.get('lr', 1e-3):g}")
                break


# -- regression loss on class labels, classification loss on continuous targets ------------

_REGRESSION_LOSSES = ("MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss")


def _int_labels(obj) -> tuple[int, int] | None:
    """(number of distinct values, max) of an integer-dtype label tensor/array, read from
    the adapter's bounded sample; ``None`` for anything else."""
    from .. import frameworks

    mod = type(obj).__module__.split(".")[0]
    ad = frameworks.get("torch" if mod == "torch" else "numpy" if mod == "numpy" else "")
    if ad is None:
        return None
    try:
        s = ad.summary(obj)
    except Exception:  # noqa: BLE001
        return None
    if s is None or not s.has_values or "int" not in str(s.dtype) or s.uniques is None \
            or s.min is None or s.min < 0:
        return None
    shape = tuple(s.shape)
    if not (len(shape) == 1 or (len(shape) == 2 and shape[1] == 1)):
        return None
    return len(s.uniques), int(s.max)


def _compared_with(src, label: str) -> int | None:
    """Line of an ``==`` comparison between ``label`` (or a slice of it) and something
    else — a prediction scored as a class (accuracy)."""
    for n in ast.walk(src.tree) if src.tree is not None else ():
        if isinstance(n, ast.Compare) and len(n.ops) == 1 and isinstance(n.ops[0], ast.Eq):
            sides = [n.left, n.comparators[0]]
            roots = [root_name(x) for x in sides]
            if label in roots and any(isinstance(x, (ast.Call, ast.Name, ast.Subscript,
                                                     ast.Attribute)) for x in sides) and \
                    not any(isinstance(x, ast.Constant) for x in sides):
                return n.lineno
    return None


@register
class RegressionLossOnClassLabels(Rule):
    id = "DLF-T013"
    name = "regression-loss-on-class-labels"
    title = "A regression loss is trained on class labels"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{loss}` ({loss_cls}) trains `{model}` to output the class number of "
               "`{labels}` ({k} classes, integer labels), and the predictions are scored as "
               "classes (line {cmp_line}{cmp_cell}): {loss_cls} treats class 9 as \"closer\" "
               "to 8 than to 0.")
    beginner = """`{labels}` holds class numbers (0, 1, 2, …), which are names, not amounts.
A regression loss like {loss_cls} makes the model predict a single number and
punishes it by the distance to the class number, so it "learns" that class 3 lies
between classes 2 and 4 — which means nothing for categories — and rounding the output
gives poor accuracy. For classification, give the model one output per class
({k} outputs) and use `nn.CrossEntropyLoss()` with the integer labels."""
    expert = """Treating nominal labels as ordinal targets imposes a metric on the classes;
the conditional mean minimising {loss_cls} is a blend of class indices, not a mode, so
`round(output)` is biased toward middle classes. Use a {k}-way linear head with
`CrossEntropyLoss` (softmax + NLL over logits), or an ordinal-regression formulation
if the classes really are ordered."""
    fix = """# one output per class and a classification loss
{model} = nn.Sequential(..., nn.Linear(hidden, {k}))
{loss} = nn.CrossEntropyLoss()
loss = {loss}({model}(x), {labels})          # integer labels, no .float()
pred = {model}(x).argmax(dim=1)"""
    known_false_alarms = ("Ordered integer targets (ratings, counts) regressed on purpose and "
                          "scored by exact match.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .torch_model import torch_models, usage

        src = ctx.source
        if not src.ok:
            return
        mem = ctx.remember(self.id)
        pending: dict[str, tuple] = mem.setdefault("pending", {})   # labels -> facts
        compared: dict[str, tuple[int, int]] = mem.setdefault("compared", {})
        done: set[str] = mem.setdefault("done", set())
        models = torch_models(ctx)
        losses = {v.name: v for v in ctx.ns.of_kind("loss", framework="torch")}
        for lname, items in usage(ctx).get("loss_args", {}).items():
            lv = losses.get(lname)
            if lv is None or type(lv.obj).__name__ not in _REGRESSION_LOSSES:
                continue
            for tp, tt, c in items:
                if not tp or tp[0] != "call" or not tt or tt[0] != "name":
                    continue
                if not any(lf.has_call("backward") for lf in c.loops):
                    continue
                y = tt[1]
                obj = ctx.user_ns.get(y)
                info = _int_labels(obj) if obj is not None else None
                if info is None or not (3 <= info[0] <= 30) or info[1] > 100:
                    continue
                from .torch_model import _model_out_width

                mv = models.get(tp[1])
                if mv is None or _model_out_width(mv.obj) not in (1, None):
                    continue
                pending[y] = (lname, type(lv.obj).__name__, tp[1], info[0], c.line,
                              ctx.cell)
        for y in list(pending):
            line = _compared_with(src, y)
            if line is not None:
                compared[y] = (line, ctx.cell)
        for y, (lname, lcls, model, k, lline, lcell) in list(pending.items()):
            if y in done or y not in compared:
                continue
            cline, ccell = compared[y]
            done.add(y)
            here = ccell == ctx.cell
            yield Evidence(line=cline if here else lline if lcell == ctx.cell else None,
                           subject=lname, loss=lname, loss_cls=lcls, model=model, labels=y,
                           k=k, cmp_line=cline, cmp_cell="" if here else f", cell {ccell}")
        if len(pending) > 100:
            pending.clear()


@register
class CrossEntropyOnSingleOutput(Rule):
    id = "DLF-T014"
    name = "cross-entropy-on-single-output"
    title = "Cross-entropy over a single output unit with float targets"
    taxonomy = "training.loss"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{loss}({pred}, {target})` (line {at}): `{model}` has a single output unit "
               "and `{target}` holds float {what}, so CrossEntropyLoss is always 0 — "
               "nothing is learned.")
    beginner = """Cross-entropy compares a score per class; with one output there is only
one class, its softmax is always 1, and the loss is always exactly 0 whatever the
model predicts. {advice}"""
    expert = """With C = 1, `log_softmax` over the class axis is identically 0, so
`CrossEntropyLoss` with (N, 1) probability targets returns `-Σ t · 0 = 0` and zero
gradients. Float targets of the same shape as the input are read as class
probabilities (PyTorch ≥ 1.10), so no error is raised."""
    fix = """{fix_code}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .. import frameworks
        from .torch_model import _model_out_width, torch_models, usage

        t = frameworks.get("torch")
        models = torch_models(ctx)
        losses = {v.name: v for v in ctx.ns.of_kind("loss", framework="torch")}
        for lname, items in usage(ctx).get("loss_args", {}).items():
            lv = losses.get(lname)
            if lv is None or type(lv.obj).__name__ != "CrossEntropyLoss":
                continue
            for tp, tt, c in items:
                if not tp or tp[0] != "call" or not tt or tt[0] != "name" or tp[2]:
                    continue
                mv = models.get(tp[1])
                if mv is None or _model_out_width(mv.obj) != 1:
                    continue
                obj = ctx.user_ns.get(tt[1])
                wr = set(tt[2])
                if not t.is_tensor(obj) or not (obj.dtype.is_floating_point
                                                or wr & {"float", "double"}):
                    continue
                column = (obj.dim() == 2 and obj.shape[1] == 1) or bool(
                    wr & {"unsqueeze", "view", "reshape"})
                if not column:
                    continue  # (N,) float targets raise an error (explained by DLF-E002)
                s = t.summary(obj)
                continuous = bool(s is not None and s.has_values and not s.integral)
                what = "continuous values" if continuous else "values"
                advice = ("`{0}` holds continuous values: this is regression, so use "
                          "`nn.MSELoss()`." if continuous else
                          "For two classes use one output with `nn.BCEWithLogitsLoss()`, or "
                          "two outputs with `nn.CrossEntropyLoss()` and integer labels."
                          ).format(tt[1])
                fix_code = (f"{lname} = nn.MSELoss()   # a regression target" if continuous
                            else f"{lname} = nn.BCEWithLogitsLoss()   # one output unit, "
                                 f"targets 0./1.")
                yield Evidence(line=c.line, at=c.line, subject=lname, loss=lname,
                               pred=ctx.source.segment(c.args[0]) if c.args else "out",
                               target=tt[1], model=tp[1], what=what, advice=advice,
                               fix_code=fix_code)
                return
