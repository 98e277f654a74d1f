from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

_LOADERS = ("load_model", "clone_and_load", "from_config_and_weights")


_USES = ("evaluate", "predict", "predict_on_batch", "test_on_batch")
#: uses that count only for a clone: it is kept (saved, exported) as if it were the trained one
_KEEPS = ("save", "export", "save_weights")


def _function_lines(src) -> list[tuple[int, int]]:
    return [(f.lineno, getattr(f, "end_lineno", f.lineno) or f.lineno)
            for f in src.functions.values()]


@register
class ModelReinitialisedAfterTraining(Rule):
    id = "DLF-M103"
    name = "model-reinitialised-after-training"
    title = "Model rebuilt (fresh random weights) after training, then evaluated"
    taxonomy = "model.type"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.{use}` runs on a freshly built `{model}` (rebound{where}) that has "
               "not been trained, although an earlier `{model}.fit` trained the previous one.")
    beginner = """`{model}` was trained earlier, but then the name `{model}` was given a
new, freshly created model{where}. The new model starts with random weights, so
`{model}.{use}` measures an untrained model: the scores look like guessing, and no error
tells you why. Run the cell that builds the model only once, before training, or train the
new model (`{model}.fit(...)`) before evaluating it."""
    expert = """Rebinding `{model}` to a newly constructed Keras model (or
`clone_model`) creates new variables with fresh initialiser draws; the trained variables
belong to the old object, which is no longer referenced by `{model}`. Typical in notebooks
when the model-definition cell is re-run after the training cell. `{use}` then evaluates
randomly initialised weights."""
    fix = """# build once, train, then evaluate the same object
{model} = build_model()          # cell 1
{model}.fit(X_train, y_train)    # cell 2
{model}.{use}(X_test, ...)       # cell 3 - do not re-run cell 1 in between"""
    known_false_alarms = ("A rebuilt model whose weights are restored in a way the check "
                          "cannot see (e.g. inside a helper function).")
    texts = {
        "rebuilt_here": Texts(where=" at line {rebuilt_line} of this cell"),
        "rebuilt_earlier": Texts(where=" in an earlier cell"),
        # `clone = clone_model(trained)`: a new model with the trained one's layers, not its
        # weights, then used (or saved) as if it were the trained one
        "cloned": Texts(
            message="""`{model}.{use}` runs on `{model} = clone_model({source})`{where}:
`clone_model` copies the architecture only, with freshly initialised weights, so `{model}`
is untrained, not the trained `{source}`.""",
            beginner="""`clone_model({source})` builds a new model with the same layers as
`{source}`, but it does not copy the weights: every layer of `{model}` starts from new
random weights. Nothing copied or trained them since, so `{model}.{use}` works with an
untrained model (its scores look like guessing, a saved file holds random weights), and no
error tells you. Copy the weights right after cloning, `{model}.set_weights({source}.get_weights())`,
or train the clone (`{model}.fit(...)`) before using it.""",
            expert="""`keras.models.clone_model` re-creates the layers from their configs
(new variables, fresh initialiser draws) and never copies variable values; compiling the
clone does not either. No `fit`, `set_weights` or `load_weights` on `{model}` ran between
the clone{where} and `{model}.{use}`.""",
            fix="""{model}.set_weights({source}.get_weights())   # right after clone_model: the trained weights"""),
    }
    references = ("https://keras.io/api/models/model_training_apis/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:  # noqa: C901 - the rule's chain of evidence, one guard per fact; to shrink as the facts move to analysis/ (issue 12)
        from ...source.facts import iter_names
        k = frameworks.get("keras")
        src = ctx.source
        if k is None or not src.ok:
            return
        mem = ctx.remember(self.id)
        trained: dict[str, bool] = mem.setdefault("trained", {})
        ever: set[str] = mem.setdefault("ever", set())
        clones: dict[str, str] = mem.setdefault("clones", {})   # clone -> trained source
        funcs = _function_lines(src)

        def in_func(line: int) -> bool:
            return any(a < line <= b for a, b in funcs)

        names = {v.name for v in keras_models(ctx)}
        events: list[tuple[int, str, Any, Any]] = []
        for c in src.calls:
            if c.function is not None or c.receiver not in names:
                continue
            if c.attr == "fit":
                events.append((c.line, "fit", c.receiver, c))
            elif c.attr in ("load_weights", "set_weights"):
                events.append((c.line, "load", c.receiver, c))
            elif c.attr in _USES or c.attr in _KEEPS:
                events.append((c.line, "use", c.receiver, c))
        for a in src.assigns:
            if a.target not in names or a.augmented or in_func(a.line):
                continue
            v = a.value
            fname = (v.func.attr if isinstance(v.func, ast.Attribute) else
                     getattr(v.func, "id", None)) if isinstance(v, ast.Call) else None
            fresh = isinstance(v, ast.Call) and fname not in _LOADERS and not any(
                kw.arg == "weights" and not (isinstance(kw.value, ast.Constant)
                                             and kw.value.value is None)
                for kw in v.keywords)  # keras.applications.X(weights="imagenet")
            if isinstance(v, ast.Call) and fname == "clone_model" and v.args and \
                    isinstance(v.args[0], ast.Name):
                events.append((a.line, "clone", a.target, v.args[0].id))
                continue
            if fresh and fname != "clone_model" and (
                    set(iter_names(v)) & (ever | {a.target})):
                # keras.Model(model.inputs, model.get_layer("feat").output),
                # Sequential([model, Softmax()]): built from the trained model's layers
                fresh = False
            events.append((a.line, "build" if fresh else "load", a.target, a))
        events.sort(key=lambda e: (e[0], e[1] != "build"))
        flagged: set[str] = set()
        where_line: dict[str, int] = {}
        for line, kind, name, obj in events:
            if kind in ("build", "clone"):
                clones.pop(name, None)
            if kind == "clone" and obj in ever and trained.get(str(obj), True):
                trained[name] = False
                ever.add(name)
                clones[name] = str(obj)
                where_line[name] = line
            elif kind in ("build", "clone"):
                trained[name] = False
                where_line[name] = line
            elif kind == "fit":
                trained[name] = True
                ever.add(name)
            elif kind == "load":
                trained[name] = True
            elif kind == "use" and name in ever and not trained.get(name, True) \
                    and name not in flagged and (name in clones or obj.attr in _USES):
                flagged.add(name)
                wl = where_line.get(name)
                place = "rebuilt_here" if wl else "rebuilt_earlier"
                yield Evidence(line=line, subject=name,
                               variant=("cloned", place) if name in clones else place,
                               model=name, use=obj.attr, rebuilt_line=wl,
                               source=clones.get(name))
