from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...context import CellContext
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, Texts, register
from ...wording import num

#: layers that normalise or encode the input (and the vocabulary's FUNCTION_LAYERS: a Lambda
#: may scale it)
_INPUT_NORMALISERS = frozenset({LayerKind.PREPROCESSING, LayerKind.BATCH_NORM, LayerKind.NORM,
                                LayerKind.EMBEDDING})
#: layers that pass a plain tabular input on
_PASS = frozenset({LayerKind.DROPOUT, LayerKind.INPUT, LayerKind.FLATTEN})


def _normalises_input(k, model) -> bool:
    """A normalising/encoding layer before the first Dense (nested models looked into)."""
    def walk(m, depth: int) -> bool | None:
        for la in k.layers_of(m)[:6]:
            kind = k.layer_kind(la)
            if kind in _INPUT_NORMALISERS or k.framework_name(la) in k.vocab.FUNCTION_LAYERS:
                return True
            if depth < 2 and getattr(la, "layers", None):
                r = walk(la, depth + 1)
                if r is not None:
                    return r
                continue
            if kind is LayerKind.LINEAR:
                return False
            if kind not in _PASS:
                return True      # something else first: not a plain tabular MLP
        return None
    return walk(model, 0) is not False


def _column_stats(x) -> tuple | None:
    """(mean, std, rows) per column from ≤256 evenly spaced rows of a 2-D float array."""
    import numpy as np
    n = frameworks.get("numpy")
    if n is None or not n.is_array(x) or x.ndim != 2 or x.dtype.kind != "f" or \
            not 2 <= x.shape[1] <= 256 or x.shape[0] < 16:
        return None
    idx = np.linspace(0, x.shape[0] - 1, min(256, x.shape[0])).astype(int)
    m = np.asarray(x[idx], dtype="float64")
    if not np.all(np.isfinite(m)):
        return None
    return m.mean(axis=0), m.std(axis=0), m


@register
class UnnormalisedTabularFeatures(Rule):
    id = "DLF-T118"
    name = "unnormalised-tabular-features"
    title = "Raw tabular features with large offsets or scales fed to a Dense network"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{x}` goes into `{model}` unnormalised: column {col} is around {mean} "
               "(spread {std}), {other}; the first Dense layer `{layer}` sees raw values.")
    beginner = """Neural networks learn well when every input column is on a similar, small
scale (around 0, spread about 1). In `{x}`, column {col} is around {mean} while varying by
only {std}, {other}. The first layer is dominated by that large value, its useful
variation is tiny in comparison, and training is slow or stalls, without any error.
Standardise the columns with the training statistics, e.g. with a
`keras.layers.Normalization()` layer adapted to `{x}`."""
    expert = """Per-column statistics of `{x}` (sampled rows): column {col} has mean
{mean} and std {std} ({why}). With Glorot-initialised weights the pre-activations of
`{layer}` are dominated by the large-magnitude column, ReLUs start saturated on one side,
and the loss Hessian is ill-conditioned (its scale follows the second moments of the
inputs), so one learning rate cannot suit all columns. Z-score each column with
training-set mean/std (a `Normalization` layer keeps it inside the model)."""
    fix = """norm = keras.layers.Normalization()
norm.adapt({x})                       # training data only
{model} = keras.Sequential([keras.Input(shape=({ncols},)), norm, ...])"""
    texts = {
        # why column {col} stands out
        "offset": Texts(why="an offset more than 10x its spread"),
        "scale": Texts(why="{ratio}x the magnitude of the smallest column"),
        # what it is compared with
        "vs_smallest": Texts(other="while column {small} is around {small_mean}"),
        "vs_others": Texts(other="the others are much smaller"),
    }
    known_false_alarms = ("Inputs the model normalises in a way the check cannot see (a "
                          "custom first layer); Normalization, BatchNormalization, "
                          "LayerNormalization and Rescaling layers are recognised.")
    references = ("https://keras.io/api/layers/preprocessing_layers/numerical/normalization/",
                  "https://www.tensorflow.org/tutorials/keras/regression")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import numpy as np

        from ...analysis.training import fit_calls
        k = frameworks.get("keras")
        if k is None:
            return
        for fc in fit_calls(ctx):
            if fc.x is None or not k.is_graph_model(fc.model.obj) or \
                    _normalises_input(k, fc.model.obj):
                continue
            st = _column_stats(fc.x)
            if st is None:
                continue
            mean, std, m = st
            if m.min() >= 0 and 1 < m.max() <= 255 and bool(np.all(m == np.round(m))):
                continue     # raw pixel values (sampled rows): DLF-T201's
            rms = np.sqrt(mean ** 2 + std ** 2)
            live = std > 0
            if live.sum() < 2:
                continue
            # T206 reports spreads that differ by more than 1000x
            if std[live].max() / std[live].min() > 1e3:
                continue
            offset = np.where(live & (np.abs(mean) >= 100) & (np.abs(mean) > 10 * std))[0]
            ratio = rms[live].max() / rms[live].min()
            if len(offset):
                col = int(offset[np.argmax(np.abs(mean[offset]))])
                why = "offset"
            elif rms[live].max() >= 100 and ratio >= 100:
                col = int(np.argmax(np.where(live, rms, 0)))
                why = "scale"
            else:
                continue
            small = int(np.argmin(np.where(live, rms, np.inf)))
            first = next((la for la in k.layers_of(fc.model.obj)
                          if k.layer_kind(la) is LayerKind.LINEAR), None)
            yield Evidence(line=fc.call.line, subject=fc.x_name,
                           variant=(why, "vs_smallest" if small != col else "vs_others"),
                           x=fc.x_name, model=fc.model.name, col=col, mean=num(mean[col], 3),
                           std=num(std[col], 3), ratio=f"{ratio:.0f}",
                           ncols=int(fc.x.shape[1]), small=small,
                           small_mean=num(mean[small], 3),
                           layer=getattr(first, "name", "dense"))
            return
