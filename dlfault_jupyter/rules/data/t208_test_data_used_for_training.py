from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.roles import (
    _FIT,
    _TEST_RE,
    _TRAIN_RE,
    MAX_NAMES,
    _arg,
    _framework_of,
    _is_test_name,
    _strict_test_name,
    _train_counterparts,
    _var_kind,
    uses,
)
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

_MERGE_CALLS = {"cat", "concat", "concatenate", "vstack", "hstack", "row_stack", "stack",
                "ConcatDataset", "append"}


def _trained_on_merged_test(ctx: CellContext) -> Iterator[Evidence]:
    """``X_full = torch.cat([X_train, X_test])`` trained on, then the model is scored on
    ``X_test``: the test score is measured on training data."""
    src = ctx.source
    mem = ctx.remember("DLF-T208")
    merged: dict[str, str] = mem.setdefault("merged", {})      # name -> test name in it
    trained: dict[str, tuple] = mem.setdefault("trained", {})  # model -> (name, test, cell)
    done: set[str] = mem.setdefault("done", set())
    if src.ok:
        for a in sorted(src.assigns, key=lambda a: a.line):
            if _is_test_name(a.target) or a.augmented:
                continue
            v = a.value
            names = [n.id for n in ast.walk(v) if isinstance(n, ast.Name)]
            calls = {(n.func.attr if isinstance(n.func, ast.Attribute) else
                      getattr(n.func, "id", None)) for n in ast.walk(v)
                     if isinstance(n, ast.Call)}
            tests = [n for n in names if _strict_test_name(n)]
            others = [n for n in names if n not in tests and n in ctx.user_ns and
                      _framework_of(ctx.user_ns.get(n)) is not None]
            if tests and others and (calls & _MERGE_CALLS or isinstance(v, ast.BinOp)):
                merged[a.target] = tests[0]
                continue
            n, _how = _arg(v)
            if n in merged and n != a.target:
                merged[a.target] = merged[n]     # X_all = torch.tensor(X_full)
            elif a.target in merged and n != a.target:
                merged.pop(a.target)             # rebound to something else
        if len(merged) > MAX_NAMES:
            merged.clear()
    for u in uses(ctx):
        if u.train and u.model and u.line is not None and u.name in merged:
            trained[u.model] = (u.name, merged[u.name], u.line, ctx.cell)
    for u in uses(ctx):
        if u.line is None or u.train or not u.model or u.model in done or \
                u.how not in ("call", "evaluate", "predict", "loss"):
            continue
        t = trained.get(u.model)
        if t is None or u.name != t[1]:
            continue
        name, test, tline, tcell = t
        done.add(u.model)
        train = next((n for n in _train_counterparts(test) if n in ctx.user_ns), None)
        yield Evidence(line=u.line, subject=test,
                       variant=("merged_test",
                                "trained_this_cell" if tcell == ctx.cell and tline
                                else "trained_earlier",
                                "merged_train_found" if train else "merged_no_train"),
                       model=u.model, merged=name, test=test, train=train,
                       trained_line=tline, trained_cell=tcell)


@register
class TestDataUsedForTraining(Rule):
    id = "DLF-T208"
    name = "test-data-used-for-training"
    title = "The test set is used to train the model"
    taxonomy = "training.validation"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch", "keras", "tensorflow")
    message = "Test data used for training: {what}"
    beginner = """The data called `{test}` is meant for the final check of the model, but
here the model is trained on it. A model always looks good on data it was trained on, so
the test score becomes meaningless, and nothing warns you. Train on the training data
(`{train}`) and use `{test}` only to evaluate, at the very end."""
    expert = """Training on the held-out split contaminates it: any metric computed on
`{test}` afterwards is an in-sample estimate (optimistically biased), and model
selection on it overfits the test distribution. {evidence_note}"""
    texts = {
        # fit(X_test, ...): a model trained on test-named data
        "fit_on_test": Texts(
            what="""`{call}` trains on `{test}`, the test data{while_train}{also_evaluated}.""",
            # a validation split, not the test data: a callback that monitors val_* would
            # otherwise choose the epoch on the test data (DLF-T176)
            fix="""{receiver}.fit({fit_x}, {fit_y}, validation_split=0.2)   # `{test}`: only in evaluate(), at the end"""),
        "train_exists": Texts(while_train=", while `{train}` exists"),
        "no_train": Texts(train="the training data", while_train=""),
        "evaluated_too": Texts(
            also_evaluated="; `{test}` is also used to evaluate",
            evidence_note="""The test role comes from the variable's name and from its use
in evaluation."""),
        "not_evaluated": Texts(also_evaluated="",
                               evidence_note="The test role comes from the variable's name."),
        # fit(X_train, y_test)
        "test_labels": Texts(
            what="""`{call}` pairs the training features `{x}` with the test labels
`{test}` instead of `{train}`.""",
            evidence_note="""Features and labels from different splits are not aligned row
by row: the model learns noise.""",
            fix="{receiver}.fit({x}, {train})"),
        # trained on a merge of the test data with other data, then scored on the test data
        "merged_test": Texts(
            what="""`{model}` was trained on `{merged}` ({where}), which contains `{test}`,
and is now evaluated on `{test}`: the test score is measured on data the model was trained
on.""",
            evidence_note="""`{merged}` was built by merging `{test}` with other data; the
model's score on it is in-sample.""",
            fix="""# train on {train_split} only, and score on {test}
# (retrain on {merged} only after the last evaluation on {test}, and do not report that score)"""),
        "trained_this_cell": Texts(where="line {trained_line}"),
        "trained_earlier": Texts(where="cell {trained_cell}"),
        "merged_train_found": Texts(train_split="{train}"),
        "merged_no_train": Texts(train="the training data", train_split="the training split"),
        # a loop over a test-named loader that calls backward()
        "loop_on_test": Texts(
            what="""The training loop at line {loop_line} iterates `{test}` and calls
`backward()`: the model is trained on the test data{although}""",
            evidence_note="`backward()` at line {back_line} is inside the loop over `{test}`.",
            fix="""for xb, yb in {train}:   # train
    ...
with torch.no_grad():
    for xb, yb in {test}:   # evaluate only
        ..."""),
        "loop_train_exists": Texts(although=" although `{train}` exists."),
        "loop_no_train": Texts(although="."),
    }
    known_false_alarms = ("Deliberately retraining on all data (train + test) after model "
                          "selection, when the variable is still called test.")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html#data-leakage",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        evaluated = {u.name for u in uses(ctx) if u.how in ("evaluate", "predict")}
        for c in src.calls:
            if c.attr not in _FIT or not c.receiver or \
                    _var_kind(ctx, c.receiver_root) != "model":
                continue
            x, _ = _arg(c.kwarg("x", 0))
            y, _ = _arg(c.kwarg("y", 1))
            if x and _is_test_name(x):
                train = next((n for n in _train_counterparts(x) if n in ctx.user_ns), None)
                if train is None and not any(   # (rare: only at a fit on test-named data)
                        _TRAIN_RE.search(n) and not _is_test_name(n) and (
                            hasattr(v, "shape") or hasattr(v, "__len__"))
                        for n, v in list(ctx.user_ns.items()) if not n.startswith("_")):
                    # no training data anywhere: `test_input` is the notebook's only data
                    # (a save/load check, a smoke test), not a held-out split
                    continue
                m = _TEST_RE.search(x)
                is_test = bool(m) and m.group(2).lower() in ("test", "tst", "holdout")
                strong = is_test and (train is not None or x in evaluated)
                yf = (y and _train_counterparts(y)) or []
                yield Evidence(line=c.line, subject=x, severity=None if strong else "warning",
                               variant=("fit_on_test", "train_exists" if train else "no_train",
                                        "evaluated_too" if x in evaluated
                                        else "not_evaluated"),
                               call=f"{c.receiver}.{c.attr}", receiver=c.receiver, test=x,
                               train=train, fit_x=train or "X_train",
                               fit_y=next((n for n in yf if n in ctx.user_ns), "y_train"),
                               test_y=y or "y_test")
            elif x and y and _TRAIN_RE.search(x) and _is_test_name(y):
                train_y = next((n for n in _train_counterparts(y) if n in ctx.user_ns),
                               None)
                if train_y is None:
                    continue
                yield Evidence(line=c.line, subject=y, variant="test_labels",
                               call=f"{c.receiver}.{c.attr}", receiver=c.receiver, x=x,
                               test=y, train=train_y)
        yield from _trained_on_merged_test(ctx)
        for loop in src.training_loops():
            outer = [lf for lf in src.loops if lf is loop or loop.node in ast.walk(lf.node)]
            for lf in outer:
                it = lf.iter_name
                if not it or not _is_test_name(it) or \
                        _var_kind(ctx, it) not in ("loader", "dataset"):
                    continue
                train = next((n for n in _train_counterparts(it) if n in ctx.user_ns), None)
                back = loop.calls_to("backward")[0]
                yield Evidence(line=lf.line, subject=it,
                               severity=None if train else "warning",
                               variant=("loop_on_test",
                                        "loop_train_exists" if train else "loop_no_train"),
                               loop_line=lf.line, test=it, train=train or "train_loader",
                               back_line=back.line)
                break
