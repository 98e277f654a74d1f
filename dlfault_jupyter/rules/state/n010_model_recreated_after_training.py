from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...analysis.history import trained_here
from ...analysis.state import RESTART, _current
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

_EVAL_ATTRS = ("predict", "evaluate", "predict_on_batch", "forward", "__call__")


_EVAL_NAME = re.compile(r"eval|test|predict|infer|accuracy|score|metric", re.I)


def _used_for_results(ctx: CellContext, m: str) -> int | None:
    """The line where this cell computes results with model ``m`` (``m(x)``,
    ``m.predict``/``evaluate``, ``evaluate(m, ...)``), or None."""
    for c in ctx.source.calls:
        if c.name == m or (c.receiver == m and c.attr in _EVAL_ATTRS):
            return c.line
        if c.attr and _EVAL_NAME.search(c.attr) and any(
                isinstance(a, ast.Name) and a.id == m for a in c.node.args):
            return c.line
    return None


@register
class ModelRecreatedAfterTraining(Rule):
    id = "DLF-N010"
    name = "model-recreated-after-training"
    title = "The trained model was replaced by a new, untrained one before it was used"
    taxonomy = "model.type"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{model}` is not the trained model: {detail} This cell computes results "
               "with it.")
    beginner = """Weights live in the model object, not in its name: {detail} The predictions
or scores of this cell come from untrained weights, and no error says so. Train again
after re-running the model cell (or load the trained weights), or restart and run all
cells in order. {restart}"""
    expert = """History: {detail} This execution uses `{model}` for inference (a call,
`predict`/`evaluate`, or an evaluation helper) without training it. Re-running a
model-building or initialisation cell after training replaces the trained parameters by a
fresh initialisation."""
    fix = """{rebuild}
# or restore the trained weights: {model}.load_state_dict(torch.load("best.pt")) /
# {model} = keras.models.load_model("best.keras")"""
    texts = {
        # -- the trained model was replaced (or re-initialised) before it was used
        "created_again": Texts(how="created"),
        "reinitialised": Texts(how="re-initialised"),
        "reset": Texts(
            detail="""it was trained in {trained_in}, then {reset_in} {how} it (random weights
again), and it was not trained since.""",
            rebuild="""{model} = build_model()        # the model cell
train({model}, ...)             # train it again before using it"""),
        # -- a model built from the layers of a model that was then created again and trained
        "built_from_replaced": Texts(
            detail="""it was built in {reset_in} from the layers of `{source}`; `{source}` has
since been created again and trained ({trained_in}), so `{model}` still holds the previous,
untrained `{source}`'s weights.""",
            rebuild="{model} = ...   # build it again from the layers of the trained `{source}`, after the cell that trains it"),
    }
    references = ("https://doi.org/10.1109/MSR.2019.00077",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:  # noqa: C901 - the rule's chain of evidence, one guard per fact; to shrink as the facts move to analysis/ (issue 12)
        ex = _current(ctx)
        if ex is None:
            return
        mem = ctx.remember(self.id)
        trained_at: dict[str, int] = mem.setdefault("trained", {})
        resets: dict[str, tuple[int, int]] = mem.setdefault("resets", {})
        trained = set(trained_here(ex, ctx.source))
        built_from: dict[str, tuple] = mem.setdefault("built_from", {})
        for m in trained:
            trained_at[m] = ex.count
            resets.pop(m, None)
        for m in sorted(ex.assigned - trained):
            a = ex.after.get(m)
            if m in trained_at and a is not None and a.kind == "model":
                resets[m] = (trained_at.pop(m), ex.count, "created")
        # re-initialised in place (not loaded: a restore of saved weights is fine)
        calls = {c.attr or "" for c in ctx.source.calls} | {c.name or "" for c in ctx.source.calls}
        reinit = any(c in ("apply", "reset_parameters", "init_weights", "initialize",
                           "reinitialize") or (c.startswith("init.") or ".init." in c)
                     for c in calls)
        if reinit:
            for m in ex.rewritten():
                if m in trained_at:
                    resets[m] = (trained_at.pop(m), ex.count, "re-initialised")
        # saved weights loaded into (or as) the model: restored, not random
        loads = {"load_state_dict", "load_weights", "load_model", "from_pretrained"}
        restored = {c.name.split(".")[0] for c in ctx.source.calls
                    if c.name and c.name.split(".")[-1] in loads}
        if calls & loads:
            for m in list(resets):
                if m in restored or m in ex.assigned:
                    resets.pop(m)
        # a model built from another model's layers (an encoder taken from an autoencoder)
        for m in ex.assigned:
            a = ex.after.get(m)
            if a is None or a.kind != "model":
                continue
            srcs = [(r, ex.after[r].ident) for r in ex.reads
                    if r in ex.after and ex.after[r].kind == "model"]
            if srcs:
                built_from[m] = (srcs, ex.count, a.ident)
        if len(built_from) > 32:
            for k in list(built_from)[:-32]:
                del built_from[k]
        for d in (trained_at, resets):
            if len(d) > 32:
                for k in list(d)[:-32]:
                    del d[k]
        for m in sorted((ex.reads - ex.assigned - trained) & resets.keys()):
            line = _used_for_results(ctx, m)
            if line is None:
                continue
            t_count, r_count, how = resets.pop(m)
            created = how == "created"
            yield Evidence(line=line, subject=m, key=(m, r_count), model=m,
                           trained_in=f"In [{t_count}]", reset_in=f"In [{r_count}]",
                           restart=RESTART,
                           variant=("created_again" if created else "reinitialised", "reset"))
        hist = ctx.history
        for m in sorted((ex.reads - ex.assigned - trained) & built_from.keys()):
            srcs, b_count, ident = built_from[m]
            cur = hist.last.get(m)
            if cur is None or cur[0].ident != ident:
                continue
            for src, src_id in srcs:
                now = hist.last.get(src)
                if now is None or now[0].ident == src_id or src not in trained_at:
                    continue
                line = _used_for_results(ctx, m)
                if line is None:
                    continue
                del built_from[m]
                yield Evidence(line=line, subject=m, key=(m, src, now[0].ident), model=m,
                               source=src, trained_in=f"In [{trained_at[src]}]",
                               reset_in=f"In [{b_count}]", restart=RESTART,
                               variant="built_from_replaced")
                break
