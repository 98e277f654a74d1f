from __future__ import annotations

import re
from collections.abc import Iterator

from ...analysis.errors import SHAPE_RE, KerasCall, _dims, _msg, array_summary, error_line, lc
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


def _prod(dims: tuple) -> int:
    n = 1
    for d in dims:
        n *= d
    return n


@register
class KerasInputShapeMismatch(Rule):
    id = "DLF-E103"
    name = "keras-input-shape-mismatch"
    title = "expected axis -1 of input shape to have value N: data and the model's input size differ"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Input size mismatch: {summary}"
    beginner = """The model was built for {built_for} (its `Input(shape=...)` or the data
it first saw), but it was given {given}. {advice}"""
    expert = """{mechanism} Either the data has extra/missing columns (label column left
in, one-hot encoding with a different number of categories in train and test, different
image size), or the model's input shape is wrong."""
    fix = """{fix_code}"""
    references = ("https://keras.io/api/layers/core_layers/input/",)

    PATTERNS = (
        r"Input (?P<idx>\d+)(?: with name '[^']*')? of layer ['\"](?P<layer>[\w./-]+)['\"] is "
        r"incompatible with the layer: expected axis (?P<axis>-?\d+) of input shape to have "
        r"value (?P<want>\d+), but received input with shape \((?P<shape>[^)]*)\)",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if m:
            want = int(m.group("want"))
            shape = _dims(m.group("shape"))
            axis = m.group("axis")
            layer_name = m.group("layer")
        else:
            m = _msg(ctx, *SHAPE_RE)
            if not m:
                return
            exp, shape = _dims(m.group("exp")), _dims(m.group("shape"))
            if len(exp) != len(shape):
                yield from self._rank(ctx, m, exp, shape)
                return
            if not exp or not isinstance(exp[-1], int) or not all(
                    e is None or e == d for e, d in zip(exp[:-1], shape[:-1], strict=True)):
                return
            want, axis, layer_name = exp[-1], "-1", m.groupdict().get("layer") or "input"
            if shape[-1] == want:
                return
        got = shape[int(axis)] if shape else None
        kc = KerasCall(ctx)
        xs = array_summary(ctx, kc.x)
        x = kc.x if kc.x and kc.x.isidentifier() else "X"
        where = (f"`{kc.model}`" if kc.model and layer_name in ("functional", "sequential",
                                                                 "input")
                 else f"layer `{layer_name}`" + (f" of `{kc.model}`" if kc.model else ""))
        direct = xs is not None and xs.shape and xs.shape[-1] == got
        if direct:
            summary = (f"{where} expects {want} features, but `{x}` has shape "
                       f"{shape_str(xs.shape)} ({got} features).")
            advice = (f"`{x}` has {got} columns. If that is right, build the model with "
                      f"`keras.Input(shape=({got},))`; otherwise select the same {want} feature "
                      f"columns that the model was trained on.")
        else:
            summary = f"{where} expects {want} values on its last axis, but got input shape {shape_str(shape)}."
            advice = "Make the input's last axis match the model's input shape."
        fix_code = (f"keras.Input(shape=({got},))   # first layer, when {got} features are right\n"
                    f"print({x}.shape)             # must be (N, {want}) for the current model")
        yield Evidence(line=error_line(ctx), subject=kc.x if direct else kc.model,
                       summary=lc(summary), advice=advice, fix_code=fix_code,
                       built_for=f"inputs with {want} values in the last axis", given=got,
                       mechanism=(f"The layer's InputSpec fixes axis {axis} to {want} (its "
                                  f"kernel has {want} rows); the input {shape_str(shape)} "
                                  f"does not match."))


    def _rank(self, ctx: CellContext, m: re.Match, exp: tuple, shape: tuple
              ) -> Iterator[Evidence]:
        """Input of another rank than the model's: (N, 28, 28) images into Input((784,)).
        Explained when the per-sample sizes agree (a missing flatten/reshape) or when the
        model takes flat vectors; a missing trailing axis of 1 is DLF-E102's."""
        if len(exp) == len(shape) + 1 and exp[-1] == 1:
            return
        if not exp or any(not isinstance(d, int) for d in (*exp[1:], *shape[1:])):
            return
        per_want, per_got = _prod(exp[1:]), _prod(shape[1:])
        kc = KerasCall(ctx)
        xs = array_summary(ctx, kc.x)
        x = kc.x if kc.x and kc.x.isidentifier() else "X"
        where = f"`{kc.model}`" if kc.model else "the model"
        sample = shape_str(tuple(shape[1:]))
        want_s = shape_str(tuple(exp[1:]))
        if per_want == per_got and len(exp) == 2:
            summary = (f"{where} takes flat vectors of {per_want} values (input shape "
                       f"{shape_str(exp)}), but each sample of `{x}` has shape {sample}: "
                       f"flatten the samples first.")
            advice = (f"Each sample of `{x}` is a {sample} grid, while the first layer of "
                      f"{where} wants one row of {per_want} numbers. Flatten the data with "
                      f"`{x}.reshape(len({x}), -1)`, or start the model with "
                      f"`keras.Input(shape={sample})` followed by `keras.layers.Flatten()`.")
            fix_code = (f"{x} = {x}.reshape(len({x}), -1)        # {sample} -> ({per_want},)\n"
                        f"# or: keras.Input(shape={sample}), keras.layers.Flatten(), ...")
        elif per_want == per_got:
            summary = (f"{where} expects samples of shape {want_s}, but `{x}` has samples of "
                       f"shape {sample} (same number of values, other layout).")
            advice = (f"Reshape `{x}` to {want_s} per sample, or declare "
                      f"`keras.Input(shape={sample})` if that is the real layout.")
            fix_code = f"{x} = {x}.reshape((-1, *{want_s}))"
        else:
            summary = (f"{where} expects samples of shape {want_s} ({per_want} values), but "
                       f"got samples of shape {sample} ({per_got} values).")
            advice = (f"The data does not fit the model's `Input(shape={want_s})`: check "
                      f"`{x}.shape` and declare the input shape that the data really has.")
            fix_code = f"print({x}.shape)\nkeras.Input(shape={sample})   # the data's sample shape"
        yield Evidence(line=error_line(ctx), subject=kc.x if xs is not None else kc.model,
                       summary=lc(summary), advice=advice, fix_code=fix_code,
                       built_for=f"samples of shape {want_s}",
                       given=f"samples of shape {sample}",
                       mechanism=(f"The model's input spec is {shape_str(exp)}; Keras checks "
                                  f"the rank and every fixed axis of a batch before the first "
                                  f"layer runs, and the batch had shape {shape_str(shape)}."))
