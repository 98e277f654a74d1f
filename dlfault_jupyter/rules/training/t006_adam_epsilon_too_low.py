from __future__ import annotations

from collections.abc import Iterator

from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register

_ADAM = ("Adam", "AdamW", "NAdam", "RAdam", "Adamax")


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
            kind = type_name(v.obj)
            if kind not in _ADAM or not v.obj.param_groups:
                continue
            g = v.obj.param_groups[0]
            eps = g.get("eps")
            if isinstance(eps, (int, float)) and eps < 1e-10:
                yield Evidence(subject=v.name, key=eps, opt=v.name, kind=kind,
                               eps=f"{eps:g}", lr=f"{g.get('lr', 1e-3):g}")
