from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.roles import _scale_events
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register


def _train_split_of(ctx: CellContext, test: str) -> str | None:
    """``X_tr`` in ``X_tr, X_val, y_tr, y_val = train_test_split(...)`` for ``X_val``."""
    if ctx.source.tree is None:
        return None
    for n in ast.walk(ctx.source.tree):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and \
                isinstance(n.targets[0], ast.Tuple) and isinstance(n.value, ast.Call):
            names = [e.id if isinstance(e, ast.Name) else None for e in n.targets[0].elts]
            if test in names and len(names) in (2, 4) and names.index(test) % 2 == 1:
                return names[names.index(test) - 1]
    return None


# a scaling written by hand: (statistics, how the data is split) -> its variants
_MANUAL = {("mean_std", "arrays"): ("mean_std", "mean_std_arrays"),
           ("mean_std", "subset"): ("mean_std", "mean_std_subset"),
           ("min_max", "arrays"): ("min_max", "min_max_arrays"),
           ("min_max", "subset"): ("min_max", "min_max_subset")}


@register
class ScalerFitBeforeSplit(Rule):
    id = "DLF-T211"
    name = "scaler-fit-before-split"
    title = "A scaler fitted on all the data, test rows included"
    taxonomy = "training.validation"
    severity = "warning"  # the held-out rows shaped the preprocessing: the score is biased (data leakage)
    silent = True
    evidence = "source"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{scaler}` was fitted on `{data}` ({where}), {what}: the {kind} rows took "
               "part in the scaling.")
    beginner = """`{scaler}` computed its statistics (mean and standard deviation, or
minimum and maximum) on `{data}`, which still contains the rows of `{test}`. So
information from the {kind} data leaks into the preprocessing of the training data, and
the score on `{test}` is a little too optimistic — it no longer measures how the model
does on truly new data. Split first, fit the scaler on the training part only, then
transform the other parts with it."""
    expert = """Fitting a data-dependent transform on the full data before the split is
leakage (scikit-learn, "Common pitfalls: data leakage"): the held-out rows' moments enter
the training features, so held-out metrics are biased; the effect grows with small data,
heavy tails and outliers (MinMax/Robust scalers, quantile transforms). Fit on the
training split only (or use a `Pipeline` inside cross-validation)."""
    fix = """# split {data} first (as you do), then fit on the training rows only
{scaler} = {cls}().fit({train})     # {train}: the training split of {data}
{train} = {scaler}.transform({train})
{test} = {scaler}.transform({test})"""
    texts = {
        # the scaled data is split afterwards
        "before_split": Texts(what="""and its output is split here into training and {kind}
data (`{test}`)"""),
        # fitted on the whole data, then used to transform a held-out split of it
        "fit_all_transform_test": Texts(what="""the whole data that `{test}` was split from,
and now transforms `{test}`"""),
        # a scaling written by hand with statistics over all the rows of the data
        # (``X = (X - X.mean(0)) / X.std(0)``, min-max), split afterwards
        "manual": Texts(
            message=("`{scaler}` was scaled with {stats} of all the rows of `{data}` "
                     "({where}) and is split here into training and {kind} data "
                     "(`{test}`): the {kind} rows took part in the scaling."),
            beginner="""`{scaler}` was scaled with {stats} computed over all the rows of
`{data}`, the rows of `{test}` included. So information from the {kind} data leaks into
the preprocessing of the training data, and the score on `{test}` is a little too
optimistic — it no longer measures how the model does on truly new data. Split first,
compute the statistics on the training rows only, then scale every part with them.""",
            expert="""Standardising or min-max scaling with statistics of the full array
before the split is the same leakage as fitting a scaler on it (scikit-learn, "Common
pitfalls: data leakage"): the held-out rows' moments enter the training features, so
held-out metrics are biased, the more so with small data, heavy tails and outliers.
Compute the statistics over the sample axis of the training split only and apply them
to every split. Normalising each sample by itself (per-row norm or mean) is not
affected."""),
        "mean_std": Texts(stats="the mean and standard deviation"),
        "min_max": Texts(stats="the minimum and maximum"),
        # the fix by how the data is split: arrays (train_test_split, row slices), or
        # Subsets of a TensorDataset that holds the data (random_split)
        "mean_std_arrays": Texts(fix="""# split {data} first (unscaled), then compute the statistics on the training rows only
mean, std = {train}.mean(0), {train}.std(0)
{train} = ({train} - mean) / std
{test} = ({test} - mean) / std"""),
        "min_max_arrays": Texts(fix="""# split {data} first (unscaled), then compute the statistics on the training rows only
lo, hi = {train}.{min}(0), {train}.{max}(0)
{train} = ({train} - lo) / (hi - lo)
{test} = ({test} - lo) / (hi - lo)"""),
        "mean_std_subset": Texts(fix="""# split first (as you do, with {data} unscaled), then compute the statistics on the training rows only
mean, std = {data}[{train}.indices].mean(0), {data}[{train}.indices].std(0)
{data} -= mean     # in place: the dataset that {train} and {test} index holds {data}
{data} /= std"""),
        "min_max_subset": Texts(fix="""# split first (as you do, with {data} unscaled), then compute the statistics on the training rows only
lo, hi = {data}[{train}.indices].{min}(0), {data}[{train}.indices].{max}(0)
{data} -= lo       # in place: the dataset that {train} and {test} index holds {data}
{data} /= hi - lo"""),
        # the held-out part by its name: a test set, or a validation split
        "test_rows": Texts(kind="test"),
        "validation_rows": Texts(kind="validation"),
    }
    known_false_alarms = ("A final refit on all data after the evaluation (not reported: "
                          "only a scaler whose output is then split, or that then "
                          "transforms the test split, counts).")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html#data-leakage",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _scale_events(ctx):
            case = {"before-split": "before_split",
                    "fit-all-transform-test": "fit_all_transform_test"}.get(e.rule)
            if case is None:
                continue
            kind = "test_rows" if e.strict else "validation_rows"
            if e.manual:
                torch_names = e.framework == "torch"    # torch's min(0) is (values, indices)
                yield Evidence(line=e.line, subject=e.test, key=(e.rule, e.test),
                               variant=(case, "manual", *_MANUAL[e.manual, e.split], kind),
                               scaler=e.scaler, data=e.data, test=e.test, where=e.where,
                               train=e.train, min="amin" if torch_names else "min",
                               max="amax" if torch_names else "max")
                continue
            obj = ctx.user_ns.get(e.scaler) if isinstance(e.scaler, str) else None
            cls = type_name(obj) if obj is not None else "StandardScaler"
            train = _train_split_of(ctx, e.test) or "X_train"
            yield Evidence(line=e.line, subject=e.test, key=(e.rule, e.test),
                           variant=(case, kind),
                           scaler=e.scaler, data=e.data, test=e.test, where=e.where, cls=cls,
                           train=train)
