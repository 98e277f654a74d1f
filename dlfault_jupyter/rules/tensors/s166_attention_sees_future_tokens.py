from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.training import fit_calls
from ...context import CellContext
from ...registry import Evidence, Rule, register


def _shifted(x: Any, y: Any) -> bool:
    """``y`` is ``x`` moved one position to the left (next-token targets), on a sample."""
    n = frameworks.get("numpy")
    if n is None or not (n.is_array(x) and n.is_array(y)):
        return False
    if x.ndim != 2 or y.shape != x.shape or x.shape[1] < 3 or x.dtype.kind not in "iu":
        return False
    rows = min(len(x), 64)   # padded rows may differ at their end: most positions match
    return bool((x[:rows, 1:] == y[:rows, :-1]).mean() >= 0.9)


@register
class AttentionSeesFutureTokens(Rule):
    id = "DLF-S166"
    name = "attention-sees-future-tokens"
    title = "Next-token model whose attention sees the future (no causal mask)"
    taxonomy = "tensors.input"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit({x}, {y})` trains next-token prediction (`{y}` is `{x}` shifted "
               "by one position), but `{model}`'s outputs at earlier positions change by "
               "{diff:.3g} when only the last input token changes: `{attn}` attends to the "
               "tokens it must predict.")
    beginner = """In next-token prediction, position t must predict token t+1 without
seeing it. Self-attention lets every position look at every other position unless a causal
mask hides the later ones. Changing only the last token of a sequence changed `{model}`'s
predictions for earlier positions, so the answer is visible to the model: the training loss
drops quickly, but the model cannot generate text, where the future is unknown. Pass
`use_causal_mask=True` to the attention call."""
    expert = """Probe: two inference calls on {rows} training rows, differing only in the
last token, give outputs that differ by up to {diff:.3g} at positions 0..T-2, so the
computation at position t depends on x[t+1:] (information leak through `{attn}` without a
causal mask). With `{y}[:, t] == {x}[:, t+1]`, the model can copy the target; teacher-forced
loss is not a measure of next-token skill."""
    fix = """attention(..., use_causal_mask=True)   # in {attn}'s call: position t sees tokens <= t"""
    known_false_alarms = ("A deliberately bidirectional model trained on shifted targets as "
                          "a denoising task (not next-token prediction).")
    references = ("https://keras.io/api/layers/attention_layers/multi_head_attention/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        for fc in fit_calls(ctx):
            if not fc.x_name or not fc.y_name or not _shifted(fc.x, fc.y):
                continue
            attn = k.attention_layers(fc.model.obj)
            if not attn:
                continue
            diff = k.future_dependence(fc.model.obj, fc.x)
            if diff is None or diff <= 1e-4:
                continue
            yield Evidence(subject=fc.model.name, key=(fc.model.name, fc.x_name),
                           model=fc.model.name, x=fc.x_name, y=fc.y_name, diff=diff,
                           attn=getattr(attn[0], "name", "attention"),
                           rows=min(4, len(fc.x)))
