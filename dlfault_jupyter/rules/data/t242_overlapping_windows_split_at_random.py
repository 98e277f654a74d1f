from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...analysis.windows import shuffled_splits
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _rows(obj: Any) -> int | str:
    try:
        return len(obj)
    except TypeError:
        return "?"


@register
class OverlappingWindowsSplitAtRandom(Rule):
    id = "DLF-T242"
    name = "overlapping-windows-split-at-random"
    title = "Overlapping windows of one series are split into train and test at random"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{call}` splits `{x}` at random{default}, but `{x}` holds {n} windows of "
               "{window} steps of `{series}` starting every {stride} step(s) (line "
               "{wline}{wcell}): neighbouring windows share {overlap} of their {window} "
               "steps, so almost every test window is nearly a training window and the "
               "test score is optimistic.")
    beginner = """Consecutive windows cut from one series are almost the same data: window
i and window i+1 share {overlap} of their {window} steps. A random split puts window i in
the training set and window i+1 in the test set, so the model is tested on values it has
practically seen (and on the past, having seen the future). The test score then looks
much better than what the model will do on new data. Split the timeline instead: the
first part of the series for training, the last part for testing."""
    expert = """With stride {stride} < window {window}, neighbouring samples are strongly
dependent; a shuffled split breaks the i.i.d. assumption the test estimate relies on
(leakage across the split, and look-ahead: training windows lie after test windows).
Split chronologically (`shuffle=False`, or `TimeSeriesSplit` for cross-validation), and
drop the {window} windows at the boundary (or build the windows separately inside each
segment), or use non-overlapping windows (stride ≥ window)."""
    fix = """{fix_code}"""
    texts = {
        "sklearn": Texts(fix_code="{assign}{fixed}   # the last part of the timeline is "
                                  "the test set"),
        "torch": Texts(fix_code="n_train = int(0.8 * len({x}))   # chronological: first "
                                "80% to train\n{assign}torch.utils.data.Subset({x}, "
                                "range(n_train)), torch.utils.data.Subset({x}, range(n_train, "
                                "len({x})))"),
        "default": Texts(default=" (`shuffle` is True by default)"),
        "explicit": Texts(default=""),
        "here": Texts(wcell=""),
        "earlier": Texts(wcell=" of cell {wcellno}"),
    }
    known_false_alarms = ("Windows of many independent series (one per entity) split at "
                          "random are reported too, though each series may be short.")
    references = ("https://scikit-learn.org/stable/modules/cross_validation.html"
                  "#time-series-split",
                  "https://www.tensorflow.org/tutorials/structured_data/time_series")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for s in shuffled_splits(ctx):
            w = s.windows
            parent = ctx.source.parent(s.call)
            assign = ""
            if isinstance(parent, ast.Assign) and len(parent.targets) == 1:
                assign = f"{ctx.source.segment(parent.targets[0])} = "
            fixed = ast.Call(func=s.call.func, args=s.call.args,
                             keywords=[k for k in s.call.keywords
                                       if k.arg not in ("shuffle", "random_state",
                                                        "stratify")]
                             + [ast.keyword(arg="shuffle", value=ast.Constant(False))])
            x = w.name
            if s.how == "random_split" and s.call.args:
                x = ctx.source.segment(s.call.args[0])
            tool = "torch" if s.how == "random_split" else "sklearn"
            yield Evidence(variant=(tool,
                                    "default" if s.default else "explicit",
                                    "here" if w.cell == ctx.cell else "earlier"),
                           line=s.line, subject=w.name, key=(w.name, s.line),
                           call=ctx.source.segment(s.call), x=x, series=w.series,
                           n=_rows(ctx.user_ns.get(w.name)), window=w.window,
                           stride=w.stride, overlap=w.overlap, wline=w.line,
                           wcellno=w.cell,
                           assign=assign, fixed=ast.unparse(fixed))
