from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _keras3_adjusts_rank(want: tuple, sample: tuple) -> bool:
    """Keras 3 functional/Sequential models add or drop a trailing axis of size 1 by
    themselves (``Functional._adjust_input_rank``): (N, 28, 28) into Input((28, 28, 1)) and
    (N, 10, 1) into Input((10,)) both train fine, so they are not a mismatch."""
    import sys
    km = sys.modules.get("keras")
    ver = str(getattr(km, "__version__", "3"))
    if not ver[:1].isdigit() or int(ver.split(".")[0]) < 3:
        return False

    def same(a, b) -> bool:
        return len(a) == len(b) and all(x is None or y is None or x == y
                                        for x, y in zip(a, b, strict=True))
    if len(want) == len(sample) + 1 and want[-1] == 1:
        return same(want[:-1], sample)
    if len(sample) == len(want) + 1 and sample[-1] == 1:
        return same(want, sample[:-1])
    return False


@register
class FitInputShapeMismatch(Rule):
    id = "DLF-S101"
    name = "fit-input-shape-mismatch"
    title = "Training data shape does not match the model's input shape"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` expects inputs of shape {expected} but `{x}` passed to `{call}` "
               "has shape {got}{hint_short}.")
    beginner = """Each sample given to `{model}` must have exactly the shape declared in its
input layer: {expected} (the first `None` is the batch). `{x}` has samples of shape
{got_sample}. {hint}"""
    expert = """`{model}.input_shape` = {expected}; `{x}.shape[1:]` = {got_sample}. Keras
checks the input spec of the first layer (or fails inside the first op) and raises. {expert_hint}"""
    fix = """keras.Input(shape={got_sample})   # or reshape {x}"""
    texts = {
        # -- what is wrong with the shape (a later variant overrides an earlier one)
        "other_shape": Texts(hint="Reshape the data or change the input layer to match.",
                             hint_short="", expert_hint=""),
        # the same values per sample, in another layout (flattened images): reshape the
        # data; changing the input layer would break the layers after it
        "other_layout": Texts(
            fix="""{x} = {x}.reshape(len({x}), {want_dims})   # {got_sample} -> {want} per sample"""),
        "channel_axis_missing": Texts(
            hint_short=": the channel axis is missing",
            hint="""The images in `{x}` have no channel axis: grayscale images need a last axis
of size 1. Add it with `{x} = {x}[..., None]` (or `np.expand_dims({x}, -1)`).""",
            expert_hint="Conv2D expects NHWC input; a (N, H, W) array lacks C.",
            fix="""{x} = {x}[..., None]          # (N, H, W) -> (N, H, W, 1)""",
        ),
        "channels_first": Texts(
            hint_short=": channels first (NCHW) instead of channels last (NHWC)",
            hint="""`{x}` stores the colour channels first (N, C, H, W), as PyTorch does; Keras
expects them last (N, H, W, C). Use `{x} = {x}.transpose(0, 2, 3, 1)`.""",
            expert_hint="Keras' default data_format is channels_last.",
            fix="""{x} = {x}.transpose(0, 2, 3, 1)   # NCHW -> NHWC""",
        ),
    }
    references = ("https://keras.io/guides/sequential_model/#specifying-the-input-shape-in-advance",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...analysis.training import fit_calls, raised
        if raised(ctx):
            return
        k = frameworks.get("keras")
        for fc in fit_calls(ctx, ("fit", "evaluate", "predict")):
            if fc.x is None:
                continue
            exp = k.input_shape(fc.model.obj)
            if exp is None:
                continue
            try:
                got = tuple(int(d) for d in fc.x.shape)
            except Exception:  # noqa: BLE001
                continue
            want = exp[1:]
            sample = got[1:]
            if len(want) == len(sample) and all(w is None or w == g
                                                for w, g in zip(want, sample, strict=True)):
                continue
            if _keras3_adjusts_rank(want, sample):
                continue
            m, x = fc.model.name, fc.x_name
            variant = ["other_shape"]
            w_size = 1
            for w in want:
                w_size = w_size * w if isinstance(w, int) and w_size else 0
            g_size = 1
            for g in sample:
                g_size *= g
            if w_size and w_size == g_size and len(want) != len(sample):
                variant.append("other_layout")
            if len(want) == len(sample) + 1 and want[-1] == 1 and \
                    all(w is None or w == g for w, g in zip(want[:-1], sample, strict=True)):
                variant.append("channel_axis_missing")
            elif len(want) == len(sample) == 3 and want[-1] is not None and \
                    sample[0] == want[-1] and tuple(sample[1:]) == tuple(want[:2]):
                variant.append("channels_first")
            yield Evidence(line=fc.call.line, subject=x, model=m, x=x, variant=tuple(variant),
                           call=f"{m}.{fc.call.attr}", expected=exp, got=got,
                           got_sample=sample, want=tuple(want),
                           want_dims=", ".join(str(w) for w in want))
