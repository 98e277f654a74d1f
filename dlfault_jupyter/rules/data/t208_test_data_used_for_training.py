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
from ...registry import Evidence, Rule, register

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
        where = f"line {tline}" if tcell == ctx.cell and tline else f"cell {tcell}"
        train = next((n for n in _train_counterparts(test) if n in ctx.user_ns), None)
        yield Evidence(line=u.line, subject=test,
                       what=(f"`{u.model}` was trained on `{name}` ({where}), which contains "
                             f"`{test}`, and is now evaluated on `{test}`: the test score is "
                             "measured on data the model was trained on."),
                       test=test, train=train or "the training data",
                       evidence_note=(f"`{name}` was built by merging `{test}` with other "
                                      "data; the model's score on it is in-sample."),
                       fix_code=(f"# train on {train or 'the training split'} only, and "
                                 f"score on {test}\n# (retrain on {name} only after the "
                                 f"last evaluation on {test}, and do not report that "
                                 "score)"))


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
    fix = """{fix_code}"""
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
                what = (f"`{c.receiver}.{c.attr}` trains on `{x}`, the test data"
                        + (f", while `{train}` exists" if train else "")
                        + (f"; `{x}` is also used to evaluate" if x in evaluated else "")
                        + ".")
                yf = (y and _train_counterparts(y)) or []
                yield Evidence(line=c.line, subject=x, severity=None if strong else "warning",
                               what=what, test=x, train=train or "the training data",
                               evidence_note="The test role comes from the variable's name"
                               + (" and from its use in evaluation." if x in evaluated
                                  else "."),
                               fix_code=f"{c.receiver}.fit({train or 'X_train'}, "
                               f"{next((n for n in yf if n in ctx.user_ns), 'y_train')}, "
                               f"validation_data=({x}, {y or 'y_test'}))")
            elif x and y and _TRAIN_RE.search(x) and _is_test_name(y):
                train_y = next((n for n in _train_counterparts(y) if n in ctx.user_ns),
                               None)
                if train_y is None:
                    continue
                what = (f"`{c.receiver}.{c.attr}` pairs the training features `{x}` with the "
                        f"test labels `{y}` instead of `{train_y}`.")
                yield Evidence(line=c.line, subject=y, what=what, test=y, train=train_y,
                               evidence_note="Features and labels from different splits "
                               "are not aligned row by row: the model learns noise.",
                               fix_code=f"{c.receiver}.fit({x}, {train_y})")
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
                what = (f"The training loop at line {lf.line} iterates `{it}` and calls "
                        f"`backward()`: the model is trained on the test data"
                        + (f" although `{train}` exists." if train else "."))
                yield Evidence(line=lf.line, subject=it,
                               severity=None if train else "warning", what=what, test=it,
                               train=train or "train_loader",
                               evidence_note=f"`backward()` at line {back.line} is inside "
                               f"the loop over `{it}`.",
                               fix_code=f"for xb, yb in {train or 'train_loader'}:   # train\n"
                               f"    ...\nwith torch.no_grad():\n    for xb, yb in {it}:"
                               f"   # evaluate only\n        ...")
                break
