from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.training import module_path
from ...context import CellContext
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register
from ...wording import describe

#: layers that keep a feature map's rank (the rest: the vocabulary's RANK_KEEPING_LAYERS)
_SHAPE_KEEPING = frozenset({LayerKind.BATCH_NORM, LayerKind.NORM, LayerKind.DROPOUT,
                            LayerKind.IDENTITY, LayerKind.ACTIVATION, LayerKind.SOFTMAX})


@register
class LinearAfterConvWithoutFlatten(Rule):
    id = "DLF-L007"
    name = "linear-after-conv-without-flatten"
    title = "A Linear layer follows Conv/pooling layers with no Flatten"
    taxonomy = "model.layers.choice"
    severity = "warning"
    silent = False
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("In `{model}`, `{linear}` ({linear_repr}) comes right after `{conv}` "
               "({conv_repr}) with no `nn.Flatten()`: "
               "the {rank}-D feature map reaches the Linear layer, which only transforms "
               "its last axis.")
    beginner = """Convolution and pooling layers output a stack of images: a tensor of shape
(batch, channels, height, width). A `Linear` layer expects one flat vector per sample.
Without `nn.Flatten()` in between, `{linear}` is applied to each row of pixels (the
last axis) instead of to the whole feature map: either the model crashes with a shape
error ("mat1 and mat2 shapes cannot be multiplied"), or, if the width happens to match,
it silently computes something meaningless. Add `nn.Flatten()` before `{linear}`."""
    expert = """`nn.Linear` broadcasts over all leading axes: on an (N, C, H, W) input it
maps the W axis, giving (N, C, H, out_features). `{linear}` has `in_features={inf}`,
which is meant as the flattened C·H·W size; without `nn.Flatten()` (or
`x.flatten(1)`) the product fails unless W == {inf}, and then the output keeps
spatial axes that the loss will broadcast or reject."""
    fix = """{model} = nn.Sequential(
    ...,
    {conv_code},
    nn.Flatten(),          # (N, C, H, W) -> (N, C*H*W)
    {linear_code},
    ...,
)"""
    known_false_alarms = ("A Linear layer deliberately applied along the last (width) axis of a "
                          "feature map, e.g. a per-row projection.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        for v in ctx.ns.models("torch"):
            chain = t.sequential_chain(v.obj)
            if not chain:
                continue
            spatial: tuple[str, Any] | None = None
            rank = 4
            for n, m in chain:
                k = t.framework_name(m)
                if k in t.vocab.IMAGE_MAP_LAYERS or k in t.vocab.VOLUME_MAP_LAYERS:
                    spatial = (n, m)
                    rank = 5 if k in t.vocab.VOLUME_MAP_LAYERS else 4
                elif t.layer_kind(m) in _SHAPE_KEEPING or k in t.vocab.RANK_KEEPING_LAYERS:
                    continue
                elif t.layer_kind(m) is LayerKind.LINEAR and spatial is not None:
                    yield Evidence(subject=v.name, key=n, model=v.name,
                                   linear=module_path(v.name, n), linear_repr=describe(m),
                                   conv=module_path(v.name, spatial[0]),
                                   conv_repr=describe(spatial[1]),
                                   rank=rank, inf=int(getattr(m, "in_features", 0)),
                                   conv_code=f"nn.{spatial[1]!r}", linear_code=f"nn.{m!r}")
                    break
                else:
                    spatial = None
