from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import _is_data
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

_TEST_TOKEN = r"(?:^|_)(?:test|tst|holdout)(?:_|\d|$)"


_CONCAT = ("concatenate", "concat", "vstack", "hstack", "append", "row_stack")


def _concat_parts(ctx: CellContext, node: ast.AST | None) -> list[str]:
    """Variable names joined by ``np.concatenate([a, b])`` / ``tf.concat`` /
    ``np.vstack`` / ``np.r_[a, b]`` in ``node``."""
    out: list[str] = []
    if node is None:
        return out
    if isinstance(node, ast.Call):
        f = node.func
        attr = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
        if attr in _CONCAT:
            for a in node.args[:2]:
                elts = a.elts if isinstance(a, (ast.List, ast.Tuple)) else [a]
                out += [e.id for e in elts if isinstance(e, ast.Name)]
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
            node.value.attr == "r_":
        sl = node.slice
        elts = sl.elts if isinstance(sl, ast.Tuple) else [sl]
        out += [e.id for e in elts if isinstance(e, ast.Name)]
    return [n for n in out if _is_data(ctx, ctx.user_ns.get(n))]


@register
class TestDataMergedIntoTraining(Rule):
    id = "DLF-T115"
    name = "test-data-merged-into-training"
    title = "The test split is concatenated into the training data of fit()"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit` trains on `{expr}`, which contains the test data `{test}`{used}.")
    beginner = """The test data exists to measure, at the end, how the model does on
examples it has never seen. Joining `{test}` to the training data means the model learns
those very examples, so any later score on `{test}` is far too optimistic: it measures
memory, not generalisation. No error is raised. Train on the training split only and keep
`{test}` for `evaluate`."""
    expert = """`{expr}` puts the held-out rows of `{test}` into the training set: later
metrics on `{test}` are in-sample (optimistically biased) and model selection on them
overfits. Retraining on all data is only legitimate after the model and its
hyper-parameters are final, and then no test score should be reported from those rows."""
    fix = """{model}.fit({train}, {train_y}, validation_split=0.2, ...)   # the training split only
{model}.evaluate({test}, ...)                                     # once, at the end"""
    known_false_alarms = ("A deliberate final refit on all data after model selection, with "
                          "no test score reported afterwards.")
    texts = {
        "evaluated_after": Texts(used=", and `{test}` is now used to evaluate it"),
        "evaluated_before": Texts(used=", which is also used to evaluate `{model}`"),
        "not_evaluated": Texts(used=""),
    }
    references = ("https://scikit-learn.org/stable/common_pitfalls.html#data-leakage",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import re
        if frameworks.get("keras") is None:
            return
        mem = ctx.remember(self.id)
        evaluated: set[str] = mem.setdefault("evaluated", set())
        # name of an array concatenated into a fit -> (model, expression, other part, y part,
        # already reported)
        merged: dict[str, tuple[str, str, str, str, bool]] = mem.setdefault("merged", {})
        src = ctx.source
        events = [(c.line, c) for c in src.calls_to("evaluate", "predict", "fit")]
        for _, c in sorted(events, key=lambda e: e[0]):
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            if c.attr != "fit":
                a = c.kwarg("x", 0)
                if not isinstance(a, ast.Name) or re.search(
                        r"(?:^|_)(?:train|trn|training)(?:_|\d|$)", a.id, re.I):
                    continue
                evaluated.add(a.id)
                hit = merged.get(a.id)
                if hit and hit[0] == var.name and not hit[4]:
                    merged[a.id] = (*hit[:4], True)
                    yield Evidence(line=c.line, subject=a.id, variant="evaluated_after",
                                   model=var.name, expr=hit[1], test=a.id, train=hit[2],
                                   train_y=hit[3], severity="error")
                continue
            x = c.kwarg("x", 0)
            parts = _concat_parts(ctx, x)
            if len(parts) < 2:
                continue
            yparts = _concat_parts(ctx, c.kwarg("y", 1))
            expr = src.segment(x) or "..."
            tests = [n for n in parts if re.search(_TEST_TOKEN, n, re.I)]
            for p in parts:
                other = next((n for n in parts if n != p), "X_train")
                ty = next((n for n in yparts if not re.search(_TEST_TOKEN, n, re.I)),
                          "y_train")
                merged[p] = (var.name, expr, other, ty, False)
            # only a split named as the test set: validation data evaluated before a final
            # refit on train + validation is the normal workflow
            test = next((n for n in tests), None)
            if test is None:
                continue
            train = next((n for n in parts if n != test), "X_train")
            ty = next((n for n in yparts if not re.search(_TEST_TOKEN, n, re.I)), "y_train")
            merged[test] = (var.name, expr, train, ty, True)
            yield Evidence(line=c.line, subject=test,
                           variant="evaluated_before" if test in evaluated else "not_evaluated",
                           model=var.name, expr=expr, test=test, train=train, train_y=ty,
                           severity="error" if test in evaluated else None)
