from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register
from ...source.facts import root_name


def _models_in_call(node: ast.AST) -> set[str]:
    """Roots of ``m.parameters()`` / ``m.named_parameters()`` / ``m.sub.parameters()``."""

    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr in ("parameters", "named_parameters"):
            r = root_name(n.func.value)
            if r:
                out.add(r)
    return out


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


_LOADS = {"load_state_dict", "from_pretrained", "load", "load_from_checkpoint",
          "load_weights"}
_MIN_LEFT_OUT = 0.10     # share of the model's trainable values the optimizer leaves out


def _subset(ctx: CellContext, c: Any, m: str, model: Any, mids: set[int], oids: set[int],
            opt: Any) -> Evidence | None:
    """The optimizer holds part of a model built from scratch in the notebook (its class
    is the user's, no weights were loaded): the rest gets gradients but never changes."""
    real, path = frameworks.get("torch").real_module(model)   # behind torch.compile / DDP
    if getattr(type(real), "__module__", "") != "__main__":
        return None     # a library model may come with trained weights
    left, total, parts = 0, 0, []
    for name, child in real.named_children():
        ids = {id(p) for p in child.parameters() if p.requires_grad}
        if ids and not (ids & oids):
            parts.append(f"`{m}.{path}{name}`")
    for p in model.parameters():
        if p.requires_grad:
            total += p.numel()
            if id(p) not in oids:
                left += p.numel()
    if not total or left / total < _MIN_LEFT_OUT or not parts:
        return None
    g0 = opt.param_groups[0] if opt.param_groups else {}
    lr = f"{g0.get('lr', 0.01):g}"
    return Evidence(line=c.line, at=c.line, subject=c.receiver, opt=c.receiver, model=m,
                    key=(m, "subset"), severity="warning", variant="subset",
                    parts=", ".join(parts[:4]), left=f"{left:,}", total=f"{total:,}",
                    share=f"{left / total:.0%}", opt_type=type_name(opt), lr=lr)


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
    fix = """{opt} = torch.optim.{opt_type}({model}.parameters(), lr={lr})   # after creating {model}"""
    # the first three: how the model was tied to the optimizer (the candidates of check())
    texts = {
        # the optimizer was built from `model.parameters()`, then the model re-created
        "built": Texts(
            why="""`{model}` was re-created after `{opt}` was built from
`{model}.parameters()`, so `{opt}` still holds the old model's parameters.""",
            advice="Create the optimizer again after creating `{model}` (run the cells in "
                   "order)."),
        # the only model called in the loop of the only optimizer stepped there
        "loop": Texts(
            why="`{opt}` was built over other parameters, while the loop trains `{model}`.",
            advice="Build `{opt}` from `{model}.parameters()`."),
        # one of several models feeding the loss, held by none of the loop's optimizers
        "partial": Texts(
            why="""`{model}`'s output feeds the loss, so `backward()` computes gradients for
its parameters, but no optimizer stepped in this loop holds them: `{model}` never
changes.""",
            advice="""Give the optimizer the parameters of every model that should learn,
e.g. `list(...parameters()) + list({model}.parameters())`, or freeze `{model}` on purpose
with `{model}.requires_grad_(False)`.""",
            # keep what the optimizer trains, add the model it misses
            fix="{opt} = torch.optim.{opt_type}([{params}], lr={lr})   # every model that "
                "should learn"),
        # part of a model built from scratch: the rest stays at its random initialisation
        "subset": Texts(
            message="`{opt}.step()` (line {at}) updates only part of `{model}`: {parts} "
                    "({left} of {total} trainable values, {share}) are not in `{opt}`, so "
                    "they keep their random initial values although `{model}` was built "
                    "from scratch here.",
            beginner="""An optimizer only updates the parameters it was given. `{opt}` got
only some of `{model}`'s, so {parts} keep the random values they started with: the model
learns with a random, frozen feature extractor. That is what fine-tuning does on purpose
with pretrained weights, but no weights were loaded into `{model}` here. Give the
optimizer all of `{model}.parameters()`, or freeze the rest on purpose with
`requires_grad_(False)` after loading trained weights.""",
            expert="""`backward()` fills `.grad` of every parameter with `requires_grad`
({total} values), but `step()` only applies updates to the optimizer's param groups;
{left} values ({share}) stay at their initialisation. With no `load_state_dict`,
`from_pretrained` or `weights=` seen and a model class defined in the notebook, the
frozen part is random, not pretrained.""",
            fix="{opt} = torch.optim.{opt_type}({model}.parameters(), lr={lr})   # every "
                "layer of {model} learns"),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:  # noqa: C901 - the rule's chain of evidence, one guard per fact; to shrink as the facts move to analysis/ (issue 12)
        from ... import frameworks

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
        if any(x.attr in _LOADS or set(x.kwargs) & {"weights", "pretrained"}
               for x in src.calls):
            mem["loaded"] = True     # weights loaded somewhere: a partial optimizer may be fine-tuning
        loaded = bool(mem.get("loaded"))
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
                if how == "loop" and mids and (mids & oids) and not loaded:
                    ev = _subset(ctx, c, m, models[m].obj, mids, oids, opt)
                    if ev is not None:
                        yield ev
                        break
                if not mids or not oids or (mids & oids):
                    continue
                g0 = opt.param_groups[0] if opt.param_groups else {}
                params = None
                if how == "partial":
                    held = [n for n in sorted(models) if n != m and
                            t.trainable_param_ids(models[n].obj) & oids]
                    params = ", ".join(f"*{n}.parameters()" for n in [*held, m])
                yield Evidence(line=c.line, at=c.line, subject=c.receiver, opt=c.receiver,
                               variant=how, model=m, key=(m, how), params=params,
                               severity="warning" if how == "partial" else None,
                               opt_type=type_name(opt), lr=f"{g0.get('lr', 0.01):g}")
                break
