from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register

#: layers before the first real one that pass the token ids on (and the vocabulary's
#: MASKING_LAYERS)
_PASS_THROUGH = frozenset({LayerKind.FLATTEN, LayerKind.DROPOUT})


def _token_like(x) -> tuple[int, int, float] | None:
    """(max, distinct values, lag-1 autocorrelation) of ≤256 sampled sequences of a
    (N, T, 1) array holding whole numbers ≥ 0 with a large range and little order in time
    (word indices: neighbouring tokens are unrelated numbers; a measured series is
    smooth); ``None`` otherwise."""
    import numpy as np

    n = frameworks.get("numpy")
    if n is None or not n.is_array(x) or x.ndim != 3 or x.shape[2] != 1 or \
            x.shape[1] < 8 or x.shape[0] < 16 or x.dtype.kind not in "fiu":
        return None
    idx = np.linspace(0, x.shape[0] - 1, min(256, x.shape[0])).astype(int)
    m = np.asarray(x[idx, :512, 0], dtype="float64")   # ≤ 256 × 512 values, however long
    if not np.all(np.isfinite(m)) or m.min() < 0 or not np.all(m == np.round(m)):
        return None
    vals = np.unique(m)
    hi = float(vals[-1])
    if hi < 100 or vals.size < 30:
        return None
    nz = m[:, 1:] * m[:, :-1] != 0        # pairs of real tokens (not padding)
    a, b = m[:, 1:][nz], m[:, :-1][nz]
    if a.size < 32 or a.std() == 0 or b.std() == 0:
        return None
    r = float(np.corrcoef(a, b)[0, 1])
    return (int(hi), int(vals.size), r) if r < 0.3 else None


@register
class TokenIdsWithoutEmbedding(Rule):
    id = "DLF-L109"
    name = "token-ids-without-embedding"
    title = "Word indices fed to a recurrent layer as numbers (no Embedding)"
    taxonomy = "model.layers.choice"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{x}` {shape} holds whole numbers from 0 to {hi} ({distinct} distinct values "
               "sampled, neighbouring values uncorrelated: r = {r}), like word indices, and "
               "goes straight into `{layer}` ({kind}) of `{model}` as one numeric feature "
               "per step: there is no Embedding layer.")
    beginner = """The numbers in `{x}` look like word (or category) indices: 17 and 18 are
two unrelated words, not two similar amounts. Fed as a number, index 1500 counts as a
hundred times "more" than index 15, and the model has to learn meanings from that
arbitrary order — it barely learns, and no error appears. Give each index its own
learned vector with an `Embedding` layer first, and feed the indices as integers of shape
(samples, steps). (If these numbers really are measurements, scale them instead.)"""
    expert = """A recurrent layer applies `W·x_t` to a scalar index: the input is an
ordinal encoding of a nominal variable, so the representation is one-dimensional and
monotone in the arbitrary index order; with values up to {hi} the pre-activations also
saturate. The sampled sequences have lag-1 correlation {r} between non-zero neighbours
(a measured series is strongly autocorrelated). `Embedding(input_dim=vocab, output_dim=d)`
maps each index to a trainable d-vector; `mask_zero=True` skips 0-padding."""
    fix = """{model} = keras.Sequential([
    keras.Input(shape=({steps},), dtype="int32"),
    keras.layers.Embedding(input_dim={vocab}, output_dim=64, mask_zero=True),
    keras.layers.{kind}(...),
    ...
])
# and fit on the indices as integers: {x}.reshape(len({x}), {steps}).astype("int32")"""
    known_false_alarms = ("A univariate series of counts with little autocorrelation "
                          "(then scaling, not an Embedding, is the fix).")
    references = ("https://keras.io/api/layers/core_layers/embedding/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...analysis.training import fit_calls
        k = frameworks.get("keras")
        if k is None:
            return
        for fc in fit_calls(ctx):
            if fc.x is None or not k.is_graph_model(fc.model.obj):
                continue
            first = next((la for la in k.layers_of(fc.model.obj)
                          if k.layer_kind(la) not in _PASS_THROUGH
                          and k.framework_name(la) not in k.vocab.MASKING_LAYERS), None)
            if first is None or (k.layer_kind(first) is not LayerKind.RNN and
                                 k.framework_name(first) not in k.vocab.SEQUENCE_CONVS):
                continue
            tok = _token_like(fc.x)
            if tok is None:
                continue
            hi, distinct, r = tok
            fwd = getattr(first, "forward_layer", None)    # Bidirectional: the wrapped layer
            kind = type_name(first if fwd is None else fwd)
            yield Evidence(line=fc.call.line, subject=fc.x_name, x=fc.x_name or "X",
                           shape=str(tuple(int(d) for d in fc.x.shape)), hi=hi,
                           distinct=distinct, r=f"{r:.2f}", layer=first.name, kind=kind,
                           model=fc.model.name, steps=int(fc.x.shape[1]), vocab=hi + 1)
            return
