from __future__ import annotations

from collections.abc import Iterator

from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register

# -- weight decay on normalisation layers ------------------------------------------------

_NORMS = (LayerKind.BATCH_NORM, LayerKind.NORM)


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
        from ... import frameworks

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
                    is_norm = t.layer_kind(m) in _NORMS
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
                               norms=shown, cls=type_name(opt),
                               lr=f"{g0.get('lr', 1e-3):g}")
                break
