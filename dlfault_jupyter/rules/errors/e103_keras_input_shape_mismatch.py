from __future__ import annotations

import re
from collections.abc import Iterator

from ...analysis.errors import SHAPE_RE, KerasCall, _dims, _msg, array_summary, error_line
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


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
    texts = {
        "whole_model": Texts(where="`{model}`"),
        "layer_of_model": Texts(where="layer `{layer}` of `{model}`"),
        "layer_alone": Texts(where="layer `{layer}`"),
        "model_unnamed": Texts(where="the model"),
        # -- the last axis of the input has another size than the model's
        "input_spec": Texts(
            built_for="inputs with {want} values in the last axis",
            mechanism="""The layer's InputSpec fixes axis {axis} to {want} (its kernel has {want}
rows); the input {shape} does not match.""",
            fix_code="""keras.Input(shape=({got},))   # first layer, when {got} features are right
print({x}.shape)             # must be (N, {want}) for the current model"""),
        "features": Texts(
            summary="{where} expects {want} features, but `{x}` has shape {xshape} ({got} features).",
            advice="""`{x}` has {got} columns. If that is right, build the model with
`keras.Input(shape=({got},))`; otherwise select the same {want} feature columns that the model
was trained on."""),
        "last_axis": Texts(
            summary="{where} expects {want} values on its last axis, but got input shape {shape}.",
            advice="Make the input's last axis match the model's input shape."),
        # -- input of another rank than the model's
        "rank": Texts(
            built_for="samples of shape {want_s}",
            given="samples of shape {sample}",
            mechanism="""The model's input spec is {exp_shape}; Keras checks the rank and every
fixed axis of a batch before the first layer runs, and the batch had shape {shape}."""),
        "flatten_samples": Texts(
            summary="""{where} takes flat vectors of {per_want} values (input shape {exp_shape}),
but each sample of `{x}` has shape {sample}: flatten the samples first.""",
            advice="""Each sample of `{x}` is a {sample} grid, while the first layer of {where}
wants one row of {per_want} numbers. Flatten the data with `{x}.reshape(len({x}), -1)`, or
start the model with `keras.Input(shape={sample})` followed by `keras.layers.Flatten()`.""",
            fix_code="""{x} = {x}.reshape(len({x}), -1)        # {sample} -> ({per_want},)
# or: keras.Input(shape={sample}), keras.layers.Flatten(), ..."""),
        "other_layout": Texts(
            summary="""{where} expects samples of shape {want_s}, but `{x}` has samples of shape
{sample} (same number of values, other layout).""",
            advice="""Reshape `{x}` to {want_s} per sample, or declare
`keras.Input(shape={sample})` if that is the real layout.""",
            fix_code="{x} = {x}.reshape((-1, *{want_s}))"),
        "other_size": Texts(
            summary="""{where} expects samples of shape {want_s} ({per_want} values), but got
samples of shape {sample} ({per_got} values).""",
            advice="""The data does not fit the model's `Input(shape={want_s})`: check
`{x}.shape` and declare the input shape that the data really has.""",
            fix_code="""print({x}.shape)
keras.Input(shape={sample})   # the data's sample shape"""),
    }
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
        where = ("whole_model" if kc.model and layer_name in ("functional", "sequential", "input")
                 else "layer_of_model" if kc.model else "layer_alone")
        direct = xs is not None and xs.shape and xs.shape[-1] == got
        yield Evidence(line=error_line(ctx), subject=kc.x if direct else kc.model,
                       variant=(where, "input_spec", "features" if direct else "last_axis"),
                       model=kc.model, layer=layer_name, x=x, want=want, got=got, given=got,
                       axis=axis, shape=shape_str(shape),
                       xshape=shape_str(xs.shape) if direct else None)

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
        if per_want == per_got and len(exp) == 2:
            case = "flatten_samples"
        elif per_want == per_got:
            case = "other_layout"
        else:
            case = "other_size"
        yield Evidence(line=error_line(ctx), subject=kc.x if xs is not None else kc.model,
                       variant=("whole_model" if kc.model else "model_unnamed", "rank", case),
                       model=kc.model, x=x, sample=shape_str(tuple(shape[1:])),
                       want_s=shape_str(tuple(exp[1:])), per_want=per_want, per_got=per_got,
                       exp_shape=shape_str(exp), shape=shape_str(shape))
