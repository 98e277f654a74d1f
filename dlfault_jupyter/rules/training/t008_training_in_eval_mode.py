from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...analysis.training import _helper_mode, _mode_calls, loop_with_line, scope_loops
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _train_first(src: Any, node: ast.AST, m: str) -> str:
    """The user's loop with ``{m}.train()`` as its first statement."""
    body = node.body[0]
    return loop_with_line(src, node, body.lineno, body.lineno,
                          f"{m}.train()   # back to training mode every epoch")


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
    texts = {
        "eval_in_loop": Texts(
            why="""`{model}.eval()` at line {eval_line} is called inside the loop and
`{model}.train()` never, so every epoch after the first trains in eval mode.""",
            why_plain="""`{model}.eval()` runs inside the loop (line {eval_line}) and nothing
switches back."""),
        "helper_evals_in_loop": Texts(
            why="""`{call}` (which calls `.eval()` on it) at line {eval_line} is called inside
the loop and `{model}.train()` never, so every epoch after the first trains in eval mode.""",
            why_plain="""`{call}` (which calls `.eval()` on it) runs inside the loop (line
{eval_line}) and nothing switches back."""),
        "left_in_eval": Texts(
            why="`{model}` was left in eval mode by an earlier cell.",
            why_plain="`{model}` is still in evaluation mode from an earlier cell."),
        "helper_trains": Texts(
            why="""`{call}` at line {eval_line} puts `{model}` in eval mode inside the loop,
and neither this loop nor `{trainer}()` calls `{model}.train()`, so every epoch after the
first trains in eval mode.""",
            why_plain="""`{call}` (line {eval_line}) switches `{model}` to evaluation mode and
`{trainer}()` never switches it back."""),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:  # noqa: C901 - the rule's chain of evidence, one guard per fact; to shrink as the facts move to analysis/ (issue 12)
        from ... import frameworks

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
                call = None
                if evals:
                    ev = evals[0]
                    direct = ev.attr == "eval" and ev.receiver == m
                    variant = "eval_in_loop" if direct else "helper_evals_in_loop"
                    call = None if direct else src.segment(ev.node) or ev.name + "()"
                    line = evals[0].line
                elif not obj.training and not _mode_calls(src, m, "eval", "train"):
                    variant = "left_in_eval"
                    line = loop.line
                else:
                    continue
                done.add(m)
                outer = evals[0].loops[0].node if evals and evals[0].loops else loop.node
                yield Evidence(line=line, subject=m, variant=variant, model=m,
                               loop_line=loop.line, eval_line=line, call=call,
                               loop_code=_train_first(src, outer, m))
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
                yield Evidence(
                    line=e.line, subject=m, variant="helper_trains", model=m,
                    loop_line=lf.line, eval_line=e.line,
                    call=src.segment(e.node) or f"{m}.eval()", trainer=trainers[0].name,
                    loop_code=_train_first(src, lf.node, m))
