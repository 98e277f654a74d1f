from __future__ import annotations

from collections.abc import Iterator

from ...context import CellContext
from ...frameworks import adapter
from ...registry import Evidence, Rule, Texts, register

FP16_TINY = 5.96e-8       # the smallest positive float16 (subnormal): below it eps rounds to 0


def _param_dtype(opt: object) -> str:
    """The dtype of the optimizer's first parameter (``float16``), read from its attribute."""
    try:
        p = opt.param_groups[0]["params"][0]  # type: ignore[attr-defined]
        return str(p.dtype).replace("torch.", "")
    except Exception:  # noqa: BLE001
        return ""


def _owner(ctx: CellContext, group: dict) -> str | None:
    """The namespace model whose first parameter the optimizer's group starts with."""
    params = group.get("params") or []
    if not params:
        return None
    for m in ctx.ns.models("torch"):
        try:
            first = next(iter(m.obj.parameters()), None)
        except Exception:  # noqa: BLE001
            continue
        if first is params[0]:
            return m.name
    return None


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
    texts = {
        "half": Texts(
            message=("`{opt}` ({kind}) updates float16 parameters with eps={eps}, which "
                     "rounds to 0 in float16 (smallest float16: 6e-08): the update divides by "
                     "≈0 where the running average of squared gradients is tiny."),
            beginner="""The parameters of the model were converted to float16 (`.half()`), so
Adam does its arithmetic in float16. Its safety number eps={eps} is smaller than the smallest
float16 number and becomes 0: wherever the squared-gradient average underflows too, the step
is a division by zero, and weights turn into `inf`/`nan`. Keep the model in float32 and use
`torch.autocast` for mixed precision, or give Adam an eps float16 can hold (1e-4).""",
            expert="""With float16 parameters, Adam's state and `√v̂ + eps` are float16; eps
< 6e-8 is flushed to 0 and v̂ underflows below ~6e-8 too, so `m̂ / (√v̂ + eps)` is inf/NaN.
Mixed precision keeps float32 master weights (autocast + GradScaler) for this reason.""",
            fix="""{opt} = torch.optim.{kind}({model}.parameters(), lr={lr}, eps=1e-4)   # float16-safe eps"""),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = adapter("torch")
        if t is None:
            return
        for v in ctx.ns.of_kind("optimizer", framework="torch"):
            kind = t.framework_name(v.obj)     # torch's class (a user subclass's base)
            if kind not in t.vocab.EPSILON_OPTIMIZERS or not v.obj.param_groups:
                continue
            g = v.obj.param_groups[0]
            eps = g.get("eps")
            if isinstance(eps, (int, float)) and 0 <= eps < FP16_TINY and \
                    _param_dtype(v.obj) == "float16":
                yield Evidence(subject=v.name, key=eps, variant="half", opt=v.name, kind=kind,
                               eps=f"{eps:g}", lr=f"{g.get('lr', 1e-3):g}",
                               model=_owner(ctx, g) or "model")
                continue
            if isinstance(eps, (int, float)) and eps < 1e-10:
                yield Evidence(subject=v.name, key=eps, opt=v.name, kind=kind,
                               eps=f"{eps:g}", lr=f"{g.get('lr', 1e-3):g}")
