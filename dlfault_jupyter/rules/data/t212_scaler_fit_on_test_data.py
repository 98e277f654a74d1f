from __future__ import annotations

from collections.abc import Iterator

from ...analysis.roles import _scale_events
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class ScalerFitOnTestData(Rule):
    id = "DLF-T212"
    name = "scaler-fit-on-test-data"
    title = "A scaler fitted on the test data"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{call}` fits the scaler on the {kind} data `{test}`: it is scaled with its "
               "own statistics, not with those of the training data the model learns from.")
    beginner = """A scaler must learn its numbers (mean and standard deviation, or
minimum and maximum) from the training data only, and then apply exactly those numbers to
every other part of the data. Here a scaler is fitted on `{test}` itself, so the {kind}
data is shifted and stretched differently from the training data: the model sees inputs
that do not mean the same thing, and the score is unreliable. Use `transform` with the
scaler fitted on the training data."""
    expert = """`fit`/`fit_transform` on the held-out split makes its transform
data-dependent on that split: features are no longer in the training coordinate system
(e.g. a column shifted by the mean difference of the splits), and the held-out data's
statistics are used (leakage). Fit once on the training split and only `transform` the
others."""
    fix = """{scaler} = StandardScaler().fit(X_train)   # training data only
{test} = {scaler}.transform({test})"""
    known_false_alarms = ("A test set that truly comes from another source and is "
                          "normalised per source on purpose.")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html"
                  "#inconsistent-preprocessing",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _scale_events(ctx):
            if e.rule != "fit-on-test":
                continue
            node = next((c for c in ctx.source.calls if c.line == e.line and
                         c.attr in ("fit", "fit_transform")), None)
            call = ctx.source.segment(node.node) if node is not None else e.scaler
            scaler = e.scaler if e.scaler.isidentifier() else "scaler"
            yield Evidence(line=e.line, subject=e.test, key=("fit-on-test", e.test),
                           call=call, test=e.test, scaler=scaler,
                           kind="test" if e.strict else "validation")
