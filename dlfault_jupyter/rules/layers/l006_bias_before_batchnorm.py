from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register
from ...wording import layer as layer_name


@register
class BiasBeforeBatchNorm(Rule):
    id = "DLF-L006"
    name = "bias-before-batchnorm"
    title = "A bias just before BatchNorm is useless"
    taxonomy = "model.layers.properties"
    severity = "info"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}`: {layer} has a bias and is followed directly by {bn}, which "
               "subtracts the mean and so cancels that bias.")
    beginner = """BatchNorm subtracts the average of each channel, so any constant added
just before it (the bias of {layer}) is removed again: those parameters are wasted
and never learn anything useful. Create the layer with `bias=False`; BatchNorm's own
`beta` parameter plays the role of the bias. This is advice, not an error."""
    expert = """`BN(Wx + b) = γ (Wx + b − μ_B − b)/σ_B + β = BN(Wx)`: the bias shifts the
batch mean by exactly b and is cancelled (its gradient is zero up to numerical noise).
It costs memory, optimiser state and a kernel launch; `bias=False` is the convention in
ResNet-style blocks."""
    fix = """{layer_code}      # bias=False: BatchNorm's beta is the bias
{bn_code}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        for v in ctx.ns.models("torch"):
            chain = t.sequential_chain(v.obj)
            if not chain:
                continue
            for (n1, m1), (n2, m2) in zip(chain, chain[1:], strict=False):
                k1, k2 = type_name(m1), type_name(m2)
                if k1 in ("Linear", "Conv1d", "Conv2d", "Conv3d") and \
                        k2.startswith("BatchNorm") and \
                        m1._parameters.get("bias") is not None:
                    code = repr(m1).replace("bias=True", "bias=False")
                    if "bias=False" not in code:
                        code = code[:-1] + ", bias=False)"
                    yield Evidence(subject=v.name, model=v.name, layer=layer_name(v.name, n1, m1),
                                   bn=layer_name(v.name, n2, m2), layer_code=f"nn.{code}",
                                   bn_code=f"nn.{m2!r}")
                    break
