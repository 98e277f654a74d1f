from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.losses import cpu_rows, loss_uses
from ...analysis.model_facts import unwrap
from ...analysis.training import data_of, module_path, usage
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, Texts, register


def _padding_ids(model: Any) -> list[tuple[str, int]]:
    """(layer path, padding_idx) of the model's embeddings that declare a padding id."""
    t = frameworks.get("torch")
    out = []
    for path, m in t.leaf_modules(unwrap(model)[0]):
        p = getattr(m, "padding_idx", None)
        if t.layer_kind(m) is LayerKind.EMBEDDING and isinstance(p, int) and p >= 0:
            out.append((path, p))
    return out


@register
class PaddingCountedInLoss(Rule):
    id = "DLF-T171"
    name = "padding-counted-in-loss"
    title = "Padding positions are counted in the loss (ignore_index is not the padding label)"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("{share} of the positions where `{inp}` is padding (id {pad}, `{layer}`'s "
               "padding_idx) have the target {label} in `{target}`, but `{loss}` ignores only "
               "{ignore}: the padding is counted in the loss.")
    beginner = """`{loss}` skips only the targets equal to its `ignore_index` ({ignore}). The
targets at the padded positions of `{inp}` are {label}, so every padding position is
scored like a real token: in the checked rows {pad_frac} of all target positions are
padding. The loss is dominated by "predict padding", looks good, and the real tokens
learn little. {advice}"""
    expert = """`CrossEntropyLoss`/`NLLLoss` average over every target that is not
`ignore_index` (default -100). Checked: the first {rows} rows of `{inp}` and `{target}`;
at the {n_pad} positions where the input is the embedding's `padding_idx` {pad}, {share}
of the targets are {label} (≠ {ignore}). {expert_more}"""
    fix = """{loss} = nn.{cls}(ignore_index={label})   # keep your other arguments"""
    texts = {
        "pad_label": Texts(
            advice="Tell the loss to ignore the padding label: `ignore_index={label}`.",
            expert_more="{label} occurs at {real_share} of the real (non-padding) "
            "positions, so it is a padding label only, and ignoring it drops nothing real."),
        "shared_label": Texts(
            advice="""{label} is also a real class at other positions, so do not ignore it:
set the targets at the padding positions to -100 instead.""",
            expert_more="{label} is also the target at {real_share} of the real positions: "
            "it is a real class, so the padding targets must be set to -100 instead.",
            fix="""{target}[{inp} == {pad}] = -100   # padding targets: ignored by {loss}"""),
    }
    known_false_alarms = ("An input padding id that is not padding in the targets' sense "
                          "(the model is meant to predict a token at padded inputs).")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",
                  "https://github.com/lukas-blecher/LaTeX-OCR/issues/305")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import numpy as np

        mi = usage(ctx).get("model_inputs", {})
        for lu in loss_uses(ctx):
            ignore = getattr(lu.obj, "ignore_index", None)
            mv = ctx.ns.get(lu.model) if lu.model else None
            if not isinstance(ignore, int) or mv is None or lu.target_obj is None:
                continue
            pads = _padding_ids(mv.obj)
            tgt = cpu_rows(lu.target_obj)
            if not pads or tgt is None or tgt.ndim < 2 or tgt.dtype.kind not in "iu":
                continue
            for inp_name in sorted(mi.get(lu.model, ())):
                d = data_of(ctx, inp_name, lu.line, prefer_loop=True)
                inp = cpu_rows(d[0]) if d is not None else None
                if inp is None or inp.shape != tgt.shape or inp.dtype.kind not in "iu":
                    continue
                for layer, pad in pads:
                    at = inp == pad
                    n_pad = int(at.sum())
                    if n_pad < max(4, 0.05 * at.size) or n_pad == at.size:
                        continue
                    vals = tgt[at]
                    labels, counts = np.unique(vals, return_counts=True)
                    top = int(np.argmax(counts))
                    label, share = int(labels[top]), counts[top] / n_pad
                    if label == ignore or share < 0.9:
                        continue
                    # real positions, not counting the last one before the padding (a
                    # shifted next-token target is the padding there: not a real class)
                    before_pad = np.zeros_like(at)
                    before_pad[..., :-1] = at[..., 1:]
                    real = tgt[~at & ~before_pad]
                    shown = (ctx.ns.name_of(d[0]) if d[1] else None) or inp_name
                    real_share = float((real == label).mean()) if real.size else 0.0
                    yield Evidence(
                        line=lu.line, subject=lu.loss, key=(lu.loss, inp_name, pad),
                        variant="pad_label" if real_share < 0.01 else "shared_label",
                        loss=lu.loss, cls=type_name(lu.obj), ignore=ignore, inp=shown,
                        target=lu.labels or lu.target, pad=pad, layer=module_path(lu.model, layer),
                        label=label, share=f"{share:.0%}", n_pad=n_pad, rows=tgt.shape[0],
                        pad_frac=f"{n_pad / at.size:.0%}", real_share=f"{real_share:.1%}")
                    return
