from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.model_facts import unwrap
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register

#: keys by which a checkpoint says where the run it was saved from had got to: a checkpoint
#: to resume training from, not weights to start a new training (fine-tuning) from
RESUME_KEYS = ("epoch", "epochs", "start_epoch", "last_epoch", "step", "global_step",
               "iteration", "iter", "steps")


#: what an optimizer keeps between steps (``frameworks.torch.optimizer_memory``), each a
#: variant of the texts; a plain SGD (None) keeps nothing and loses nothing
MEMORY = ("moments", "squares", "momentum")


def _checkpoint(e: ast.expr | None) -> tuple[str, str | None] | None:
    """``ckpt["model"]`` → ("ckpt", "model"); ``ckpt`` → ("ckpt", None)."""
    if isinstance(e, ast.Name):
        return e.id, None
    if isinstance(e, ast.Subscript) and isinstance(e.value, ast.Name):
        key = e.slice.value if isinstance(e.slice, ast.Constant) else None
        return e.value.id, key if isinstance(key, str) else None
    return None


def _resume_key(ck: dict) -> tuple[str, Any] | None:
    for k in RESUME_KEYS:
        v = ck.get(k)
        if isinstance(v, int) and not isinstance(v, bool):
            return k, v
    return None


def _scheduler_of(t: Any, obj: Any, opt: Any, restored: set[int]) -> bool:
    """``obj`` is a learning-rate scheduler over ``opt`` not restored in this cell."""
    return obj is not None and id(obj) not in restored and t.is_scheduler(obj) and \
        getattr(obj, "optimizer", None) is opt


@register
class ResumeWithoutOptimizerState(Rule):
    id = "DLF-T015"
    name = "resume-without-optimizer-state"
    title = "Training resumed from a checkpoint with a fresh optimizer (its state not restored)"
    taxonomy = "training.optimizer"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{model}` resumes from `{ck}` ({rkey}={rval}), but `{opt}` ({opt_type}) "
               "{did} without the optimizer state of that run: {why}.")
    beginner = """A checkpoint you want to continue training from must hold more than the
weights. `{opt}` ({opt_type}) keeps {memory}, and a fresh optimizer starts {them} from
zero: the first steps after resuming are sized as if training had just begun, and the loss
jumps back up.{sched_plain} {advice}"""
    expert = """`{model}.load_state_dict` restores parameters and buffers only. The
optimizer's per-parameter state in `{opt}.state` ({opt_type}: {memory}) is saved only by
`optimizer.state_dict()`. A new {opt_type} has empty state, so the resumed run restarts
{them} (for Adam-type optimizers also the bias correction's step count), which changes the
effective step size of the first updates after {rkey} {rval}.{sched_expert}"""
    fix = """# in the cell that saves the checkpoint, save the optimizer's state too:
torch.save({{..., "optimizer": optimizer.state_dict(){sched_save}}}, ...)
# when resuming, load it after building {opt}:
{opt}.load_state_dict({ck}["optimizer"]){sched_load}"""
    known_false_alarms = ("An optimizer state loaded by a helper function the cell calls "
                          "(the check reads this cell's own `load_state_dict` calls).")
    references = ("https://pytorch.org/tutorials/beginner/saving_loading_models.html"
                  "#saving-loading-a-general-checkpoint-for-inference-and-or-resuming-training",)
    texts = {
        # what the checkpoint holds
        "not_saved": Texts(why="`{ck}` holds no optimizer state", advice="""Save
`{opt}.state_dict()` in the checkpoint and load it after building the optimizer."""),
        "saved_not_loaded": Texts(
            why="`{ck}[\"{opt_key}\"]` holds one, but it is never loaded into `{opt}`",
            advice="""The checkpoint has it: load it with `{opt}.load_state_dict({ck}["{opt_key}"])`
after building the optimizer.""",
            fix="""{opt}.load_state_dict({ck}["{opt_key}"]){sched_load}"""),
        # whether the fresh optimizer already stepped in this cell
        "trained": Texts(did="trained"),
        "fresh": Texts(did="is built"),
        # what the optimizer keeps (frameworks.torch.optimizer_memory)
        "moments": Texts(memory="running averages of each weight's gradient and squared gradient",
                         them="them"),
        "squares": Texts(memory="a running average (or sum) of each weight's squared gradient",
                         them="it"),
        "momentum": Texts(memory="a momentum buffer for each weight (the running sum of its past gradients)",
                          them="it"),
        # a learning-rate scheduler over the same optimizer, not restored either
        "scheduler": Texts(
            sched_plain=" `{sched}` also starts its schedule again from the first learning rate.",
            sched_expert=""" `{sched}` ({sched_type}) is fresh as well: its `last_epoch` and
learning rate restart from the beginning of the schedule.""",
            sched_save=""", "scheduler": scheduler.state_dict()""",
            sched_load="""
{sched}.load_state_dict({ck}["scheduler"])"""),
        "no_scheduler": Texts(sched_plain="", sched_expert="", sched_save="", sched_load=""),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        t = frameworks.get("torch")
        if not src.ok or t is None:
            return
        loads = src.calls_to("load_state_dict")
        if not loads:
            return
        restored: set[int] = set()      # optimizers and schedulers loaded in this cell
        for c in loads:
            v = ctx.ns.get(c.receiver_root)
            if v is not None and c.receiver == c.receiver_root and \
                    (v.kind == "optimizer" or t.is_scheduler(v.obj)):
                restored.add(id(v.obj))
        seen: set[int] = set()
        for c in loads:
            mv = ctx.ns.get(c.receiver_root)
            if mv is None or mv.kind != "model" or mv.framework != "torch":
                continue
            where = _checkpoint(c.kwarg("state_dict", 0))
            ck = ctx.user_ns.get(where[0]) if where else None
            if not where or not isinstance(ck, dict) or where[1] is None:
                continue
            resume = _resume_key(ck)
            if resume is None:
                continue
            opt_key = next((k for k, v in ck.items()
                            if isinstance(k, str) and t.is_optimizer_state_dict(v)), None)
            pids = t.param_ids(unwrap(mv.obj)[0])
            for ov in ctx.ns.of_kind("optimizer", framework="torch"):
                opt = ov.obj
                if id(opt) in restored or id(opt) in seen:
                    continue
                oids = t.optimizer_param_ids(opt)
                if not oids or not oids <= pids:
                    continue
                memory = t.optimizer_memory(opt)
                stepped = bool(getattr(opt, "state", None))
                # a fresh optimizer: built in this cell, or not stepped yet
                if memory not in MEMORY or not (ov.new or not stepped):
                    continue
                seen.add(id(opt))
                sched = next((n for n in sorted(src.names())
                              if _scheduler_of(t, ctx.user_ns.get(n), opt, restored)), None)
                yield Evidence(
                    line=c.line, subject=ov.name, severity=None if stepped else "info",
                    variant=("saved_not_loaded" if opt_key else "not_saved",
                             "trained" if stepped else "fresh", memory,
                             "scheduler" if sched else "no_scheduler"),
                    model=mv.name, ck=where[0], rkey=resume[0], rval=resume[1], opt=ov.name,
                    opt_type=type_name(opt), opt_key=opt_key or "",
                    sched=sched or "",
                    sched_type=type_name(ctx.user_ns.get(sched)) if sched else "")
