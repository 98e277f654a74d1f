from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, Texts, register
from ...wording import layer as layer_name

#: layers that keep a stack linear (affine at inference); average pooling too (vocab)
_LINEAR_BETWEEN = frozenset({LayerKind.DROPOUT, LayerKind.IDENTITY, LayerKind.FLATTEN,
                             LayerKind.BATCH_NORM})


@register
class LinearStackWithoutActivation(Rule):
    id = "DLF-L002"
    name = "linear-stack-without-activation"
    title = "Two Linear/Conv layers in a row with no activation between them"
    taxonomy = "model.layers.activation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("In `{model}`{where}, {first} is followed by {second} with no "
               "non-linearity between them{between}: together they are just one {kind} "
               "layer.")
    beginner = """Stacking two `{kind}` layers without an activation function (like
`nn.ReLU()`) between them adds no power to the model: the composition of two linear maps
is itself a single linear map. The extra layer only adds parameters. Put an activation
such as `nn.ReLU()` between {first} and {second}."""
    expert = """`W₂(W₁x + b₁) + b₂ = (W₂W₁)x + (W₂b₁ + b₂)`: without a non-linearity
the two layers collapse into one affine map of rank ≤ min of their widths (a bottleneck
at most). Dropout, BatchNorm (affine at inference), flatten and average pooling between
them are linear too and do not change that."""
    fix = """{fix_code}"""
    texts = {
        # -- the two layers follow each other in an nn.Sequential
        "sequential": Texts(where="", fix_code="""{model} = nn.Sequential(
    ...,
    nn.{first_repr},
    nn.ReLU(),            # the missing non-linearity
    nn.{second_repr},
    ...,
)"""),
        # -- in a custom forward written as one straight line
        "forward": Texts(where=" (in `{cls}.forward`)", fix_code="""# in {cls}.forward:
x = F.relu({first_call}(x))   # the missing non-linearity
x = {second_call}(x)"""),
        "linear_between": Texts(between=" (only {between_layers})"),
        "nothing_between": Texts(between=""),
    }
    known_false_alarms = ("A deliberate low-rank factorisation of one linear map into two "
                          "(rare; a comment in the model is then advised).")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        for v in ctx.ns.models("torch"):
            chain = t.sequential_chain(v.obj)
            in_forward = False
            if not chain:
                # a custom forward written as one straight line: x = self.fc1(x); ...
                chain = t.forward_chain(v.obj)
                in_forward = True
                if not chain:
                    continue
            prev: tuple[str, Any] | None = None
            between: list[str] = []
            for n, m in chain:
                if m == "linear":
                    if prev is not None:
                        between.append(n)
                    continue
                if m is None or m == "act":
                    prev = None
                    between = []
                    continue
                k = type_name(m)
                lk = t.layer_kind(m)
                if lk is LayerKind.LINEAR or lk is LayerKind.CONV:
                    grouped = getattr(m, "groups", 1) != 1
                    if in_forward and prev is not None and lk is LayerKind.LINEAR and \
                            prev[1].out_features < prev[1].in_features and \
                            m.out_features > m.in_features:
                        prev = (n, m)  # a bottleneck (linear autoencoder / PCA): deliberate
                        between = []
                        continue
                    if prev is not None and t.framework_name(prev[1]) == t.framework_name(m) \
                            and not grouped:
                        owner = None if in_forward else v.name
                        yield Evidence(
                            subject=v.name, model=v.name, kind=k, cls=type_name(v.obj),
                            first=layer_name(owner, prev[0], prev[1]),
                            second=layer_name(owner, n, m),
                            first_call=prev[0], second_call=n,
                            first_repr=repr(prev[1]), second_repr=repr(m),
                            between_layers=", ".join(between),
                            variant=("forward" if in_forward else "sequential",
                                     "linear_between" if between else "nothing_between"))
                        break
                    prev = None if grouped else (n, m)
                    between = []
                elif lk in _LINEAR_BETWEEN or t.framework_name(m) in t.vocab.AVERAGE_POOLS:
                    if prev is not None:
                        between.append(k)
                else:
                    prev = None
                    between = []
