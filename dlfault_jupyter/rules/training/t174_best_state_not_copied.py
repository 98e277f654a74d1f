from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.model_facts import unwrap
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _aliases(sd: Any, model: Any) -> int:
    """How many of the first 16 tensors of the dict ``sd`` are the very memory of a
    parameter/buffer of ``model`` (a ``state_dict()`` kept without a copy). O(16)."""
    t = frameworks.get("torch")
    ptrs = {}
    # the model's own state: detached tensors on the parameters' memory (no copy made)
    for name, p in list(unwrap(model)[0].state_dict().items())[:256]:
        if t.is_tensor(p) and p.numel():
            ptrs[(p.data_ptr(), tuple(p.shape))] = name
    n = 0
    for v in list(sd.values())[:16]:
        if t.is_tensor(v) and v.numel() and (v.data_ptr(), tuple(v.shape)) in ptrs:
            n += 1
    return n


def _loop_assigned(tree: ast.AST) -> dict[str, int]:
    """Names assigned inside a loop of the cell → line."""
    out: dict[str, int] = {}
    for loop in ast.walk(tree):
        if not isinstance(loop, (ast.For, ast.While, ast.AsyncFor)):
            continue
        for n in ast.walk(loop):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store) and \
                    n is not getattr(loop, "target", None):
                out.setdefault(n.id, n.lineno)
    return out


@register
class BestStateNotCopied(Rule):
    id = "DLF-T174"
    name = "best-state-not-copied"
    title = "A 'best' state_dict kept without a copy follows the live weights"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{state}` {how} holds {n} tensors that are the live parameters of "
               "`{model}`, not a copy: {effect}")
    beginner = """`{model}.state_dict()` returns references to the model's weights, not a
snapshot. Every optimizer step after `{state}` was taken changed it too, so it always
equals the current weights, and "restoring the best epoch" restores the last one. Keep
a copy instead."""
    expert = """`state_dict()` returns detached tensors that share storage with the
parameters and buffers; `optimizer.step()` updates them in place. Checked: {n} of the
first tensors of `{state}` have the same `data_ptr()` and shape as tensors of
`{model}`. Use `copy.deepcopy(model.state_dict())` or clone each tensor."""
    fix = """{state} = {{k: v.detach().clone() for k, v in {model}.state_dict().items()}}"""
    texts = {
        "kept": Texts(how="(kept in a loop of this cell)",
                      effect="later steps overwrite it, so it holds the last weights, not "
                      "the best ones."),
        "loaded": Texts(how="(loaded back here)",
                        effect="loading it into the model changes nothing: the 'best' "
                        "weights are the current ones."),
    }
    known_false_alarms = ("A dict of references kept on purpose to read the live weights "
                          "(not a snapshot).")
    references = ("https://discuss.pytorch.org/t/how-to-save-the-best-model/84608",
                  "https://pytorch.org/tutorials/beginner/saving_loading_models.html")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tree = ctx.source.tree
        if tree is None or not frameworks.loaded("torch"):
            return
        models = {v.name: v.obj for v in ctx.ns.models("torch")}
        if not models:
            return
        cands: dict[str, tuple[str, int, str | None]] = {
            n: ("kept", line, None) for n, line in _loop_assigned(tree).items()}
        for c in ctx.source.calls:
            if c.attr == "load_state_dict" and c.args and isinstance(c.args[0], ast.Name):
                # loaded back into the model it aliases: a dict of another model's live
                # tensors loaded into a new model is an ordinary copy of its weights
                cands[c.args[0].id] = ("loaded", c.line, c.receiver_root)
        for name, (variant, line, into) in cands.items():
            sd = ctx.user_ns.get(name)
            if not isinstance(sd, dict) or not sd:
                continue
            for mname, m in models.items():
                if into is not None and into != mname:
                    continue
                n = _aliases(sd, m)
                if n:
                    yield Evidence(line=line, subject=name, key=(name, mname),
                                   variant=variant, state=name, model=mname, n=n)
                    break
