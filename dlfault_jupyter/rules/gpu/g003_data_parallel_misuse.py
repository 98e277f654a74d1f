from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
from ...source.facts import SourceFacts


def _guarded(src: SourceFacts, node: ast.AST) -> bool:
    """Inside an ``if``/conditional expression that tests the GPU count or CUDA."""
    p = src.parent(node)
    while p is not None and not isinstance(p, ast.Module):
        if isinstance(p, (ast.If, ast.IfExp)) and any(
                k in src.segment(p.test) for k in ("device_count", "cuda")):
            return True
        p = src.parent(p)
    return False


@register
class DataParallelMisuse(Rule):
    id = "DLF-G003"
    name = "data-parallel-misuse"
    title = "nn.DataParallel without several GPUs, or its state_dict saved with 'module.' keys"
    taxonomy = "gpu"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = "`{code}` (line {at}): {what}"
    beginner = """{plain} (`nn.DataParallel` is only useful with two or more GPUs, and
`DistributedDataParallel` is the recommended way even then.)"""
    expert = """`nn.DataParallel` replicates the module on every visible GPU per forward
and scatters the batch; with fewer than two GPUs it only adds overhead (and on CPU it
just calls the module). Its `state_dict()` prefixes every key with `module.` (the wrapped
module is the attribute `module`), so a plain model's `load_state_dict` reports missing
and unexpected keys. `DistributedDataParallel` is the recommended multi-GPU API."""
    fix = """{fixed}"""
    texts = {
        "few_gpus": Texts(
            what="`nn.DataParallel` with {n_gpu} GPU(s) available splits nothing and only adds overhead.",
            plain="""`nn.DataParallel` spreads each batch over several GPUs. This machine has
{n_gpu}, so the wrapper does no good, and it changes the names in the saved weights (they
get a `module.` prefix). Use the model directly.""",
            fixed="model = {inner}.to(device)   # no DataParallel wrapper with fewer than 2 GPUs"),
        "prefixed_keys": Texts(
            what="`{wrapper}` is an `nn.DataParallel` wrapper, so every saved key starts with `module.`.",
            plain="""Saving `{wrapper}.state_dict()` stores the weights under names starting
with `module.`, and loading them into a normal (unwrapped) model later fails with
missing/unexpected keys. Save `{wrapper}.module.state_dict()` instead.""",
            fixed="torch.save({wrapper}.module.state_dict(), path)"),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        if t is None:
            return
        src = ctx.source
        dp = t.api("torch.nn.DataParallel")
        n_gpu = t.cuda_device_count()
        for c in src.calls:
            obj = src.resolve(c.name)
            if obj is dp and n_gpu < 2 and c.args and not _guarded(src, c.node) and \
                    any(isinstance(ctx.user_ns.get(a.target), dp) for a in src.assigns
                        if c.node in ast.walk(a.value)):
                yield Evidence(line=c.line, at=c.line, code=src.segment(c.node),
                               variant="few_gpus", n_gpu=n_gpu, inner=src.segment(c.args[0]))
                continue
            if c.attr == "state_dict" and c.receiver and \
                    isinstance(ctx.user_ns.get(c.receiver), dp) and any(
                        s.attr == "save" and c.node in ast.walk(s.node) for s in src.calls):
                yield Evidence(line=c.line, at=c.line, subject=c.receiver,
                               code=src.segment(c.node), variant="prefixed_keys",
                               wrapper=c.receiver)
