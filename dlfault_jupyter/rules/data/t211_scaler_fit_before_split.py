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
            obj = ctx.user_ns.get(e.scaler) if isinstance(e.scaler, str) else None
            cls = type_name(obj) if obj is not None else "StandardScaler"
            train = _train_split_of(ctx, e.test) or "X_train"
            yield Evidence(line=e.line, subject=e.test, key=(e.rule, e.test),
                           variant=(case, "test_rows" if e.strict else "validation_rows"),
                           scaler=e.scaler, data=e.data, test=e.test, where=e.where, cls=cls,
                           train=train)
