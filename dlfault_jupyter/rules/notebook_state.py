"""Notebook state: the faults that come from re-running cells and running them out of order.

Every check reads the kernel's history of executions (``analysis/history.py``): which cell
ran again, and what the values it read and wrote looked like before and after each
execution. A re-run alone is never a finding — most re-runs are harmless (a plot, an
evaluation, a cell that recomputes from the raw data, a model re-created with its
optimizer). A finding needs the values to show the harm: a variable transformed again
from its own result, a model that grew again, training that went on from the weights of
the previous run, an object still bound to the instance a re-run replaced, a test split
drawn again after the model was trained on the previous one.

In JupyterLab a cell is known by its cell id; under the headless check (nbclient sends no
cell id) a re-run is the same source executed again.
"""

from __future__ import annotations

import ast
import dataclasses
import re
import types
from collections.abc import Iterator
from typing import Any

from ..analysis.history import Execution, Value, trained_here
from ..context import CellContext
from . import Evidence, Rule, register

RESTART = ("Or restart the kernel and run all cells in order (Kernel > Restart Kernel and "
           "Run All Cells): the notebook then computes what it shows.")


def _current(ctx: CellContext) -> Execution | None:
    h = ctx.history
    return h.current if h is not None else None


def _run(ex: Execution) -> str:
    return f"In [{ex.count}]"


def _first_write_line(ctx: CellContext, name: str) -> int | None:
    """The line where the cell first writes (or changes in place) ``name``."""
    tree = ctx.source.tree
    if tree is None:
        return None
    best: int | None = None
    for node in ast.walk(tree):
        line = None
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name) and n.id == name:
                        line = node.lineno
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            base = node.func.value
            while isinstance(base, (ast.Attribute, ast.Subscript)):
                base = base.value
            if isinstance(base, ast.Name) and base.id == name:
                line = node.lineno
        if line is not None and (best is None or line < best):
            best = line
    return best


def _idempotent_fix(ctx: CellContext, name: str) -> str:
    """The cell's first rewrite of ``name`` made to start from the raw value every time:
    ``X = X / 255`` → ``X = X_raw / 255``; ``X /= 255`` → ``X = X_raw / 255``."""
    raw = f"{name}_raw"
    tree = ctx.source.tree
    stmt = None
    for node in (tree.body if tree is not None else []):
        for n in ast.walk(node):
            if isinstance(n, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == name for t in n.targets):
                stmt = ast.Assign(targets=[ast.Name(name, ast.Store())],
                                  value=_rename(n.value, name, raw), lineno=0)
            elif isinstance(n, ast.AugAssign) and isinstance(n.target, ast.Name) \
                    and n.target.id == name:
                stmt = ast.Assign(targets=[ast.Name(name, ast.Store())],
                                  value=ast.BinOp(ast.Name(raw, ast.Load()), n.op,
                                                  _rename(n.value, name, raw)), lineno=0)
            if stmt is not None:
                break
        if stmt is not None:
            break
    lines = [f"# where `{name}` is loaded, keep the raw values once:",
             f"{raw} = {name}", "",
             "# in this cell, always start from them (running it again gives the same result):"]
    if stmt is not None:
        try:
            lines.append(ast.unparse(ast.fix_missing_locations(stmt)))
        except Exception:  # noqa: BLE001
            lines.append(f"{name} = transform({raw})")
    else:
        lines.append(f"{name} = transform({raw})")
    return "\n".join(lines)


def _rename(node: ast.expr, old: str, new: str) -> ast.expr:
    class R(ast.NodeTransformer):
        def visit_Name(self, n: ast.Name) -> ast.AST:
            return ast.Name(new, n.ctx) if n.id == old else n

    import copy

    return R().visit(copy.deepcopy(node))


# -- 1. a transformation applied again ----------------------------------------------------
def _reapplied(ex: Execution) -> Iterator[tuple[str, Value, Value, Value, Value]]:
    """Names this re-run rewrote from its own previous result: (name, value before the
    first run, after it, before this run, after this run). Quiet when the input of this
    run is not the output of the previous one (recomputed in between), when the previous
    run did not change the value, and when this run does not change it (idempotent)."""
    prev = ex.previous
    if prev is None:
        return
    for name in sorted(ex.reads):
        b0, a0 = prev.before.get(name), prev.after.get(name)
        b1, a1 = ex.before.get(name), ex.after.get(name)
        if b0 is None or a0 is None or b1 is None or a1 is None:
            continue
        if a1.kind not in ("array", "sequence") or name not in prev.reads:
            continue
        if a0.differs(b1):       # recomputed (or reloaded) since the previous run
            continue
        if not b0.differs(a0):   # the previous run did not change it: not a transformation
            continue
        if not b1.differs(a1):   # idempotent: this run changes nothing
            continue
        yield name, b0, a0, b1, a1


def _axes_changed(b: Value, a: Value) -> bool:
    if b.shape is None or a.shape is None:
        return False
    if len(b.shape) != len(a.shape):
        return True
    return b.shape != a.shape and sorted(b.shape) == sorted(a.shape)


def _label_like(v: Value) -> bool:
    return v.integral and v.uniques is not None and v.uniques <= 64


def _kind_of_change(b: Value, a: Value) -> str:
    """'axes' (rank or axis order), 'layers' (a list of layers grew), 'metrics' (a list of
    numbers grew), 'data' (anything else: scale, range, dtype, length, columns)."""
    if a.kind == "sequence":
        if a.element == "layer":
            return "layers"
        if a.element == "number":
            return "metrics"
        return "content"      # the same items (samples, feature names) added again
    if _axes_changed(b, a):
        size_b = size_a = 1
        for d in b.shape:
            size_b *= d
        for d in a.shape:
            size_a *= d
        if size_a == size_b or sorted(b.shape) == sorted(a.shape):
            return "axes"       # an axis of 1 added, axes moved
        if _label_like(b):
            return "data"       # labels encoded again (one-hot of one-hot)
        return "axes"
    if b.shape and a.shape and len(b.shape) == len(a.shape) and a.shape[0] > b.shape[0] \
            and a.shape[1:] == b.shape[1:]:
        return "content"        # samples appended again
    if _label_like(b) and _label_like(a) and b.shape == a.shape and b.dtype == a.dtype:
        return "content"        # label values changed again (shifted, remapped)
    return "data"


def _what_changed(b: Value, a: Value) -> str:
    if a.kind == "sequence":
        if (a.length or 0) > (b.length or 0):
            return (f"its length went from {b.length} to {a.length}: the same items were "
                    "added again")
        return f"its length went from {b.length} to {a.length}"
    if _label_like(b) and b.shape == a.shape and (b.min != a.min or b.max != a.max):
        return (f"its labels moved again ([{b.min:g}, {b.max:g}] → [{a.min:g}, {a.max:g}])")
    if b.shape != a.shape:
        if b.shape and a.shape and len(b.shape) == len(a.shape) and b.shape[0] != a.shape[0]:
            return (f"its number of samples went from {b.shape[0]} to {a.shape[0]} "
                    "(samples added again)")
        return "its shape changed again"
    if b.dtype != a.dtype:
        return f"its dtype changed again ({b.dtype} → {a.dtype})"
    if b.std and a.std and abs(a.std / b.std - 1) > 0.3:
        return f"its scale changed again (std ×{a.std / b.std:.3g})"
    return "its values moved again"


class _Reapplied(Rule):
    """Shared check of N001/N002/N005: which changes each rule reports."""

    kinds: tuple[str, ...] = ()

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ex = _current(ctx)
        if ex is None or not ex.rerun:
            return
        for name, b0, a0, b1, a1 in _reapplied(ex):
            if _kind_of_change(b1, a1) not in self.kinds:
                continue
            yield Evidence(line=_first_write_line(ctx, name), subject=name, key=ex.n,
                           name=name, first=_run(ex.previous), now=_run(ex),
                           v0=b0.describe(), v1=a0.describe(), v2=a1.describe(),
                           what=_what_changed(b1, a1),
                           idempotent=_idempotent_fix(ctx, name), restart=RESTART)


@register
class TransformationReapplied(_Reapplied):
    id = "DLF-N001"
    name = "transformation-reapplied"
    title = "A re-run cell transformed the data again from its own result"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    kinds = ("data",)
    message = ("This cell ran again on its own result: `{name}` was {v0} before its first "
               "run ({first}), {v1} after it, and is now {v2} — {what}.")
    beginner = """The cell rewrites `{name}` from `{name}` itself, so each time it runs it
transforms the result of the previous run again: the data is now scaled (or encoded,
shifted, appended) twice, and the model will learn from — or be evaluated on — values that
no longer look like the data it is meant for. Nothing raises an error. Make the cell
give the same result however often it runs: compute from the raw data into the variable
(or into a new name). {restart}"""
    expert = """Evidence from the kernel's execution history: the value of `{name}` at the
start of this execution ({now}) equals its value after the previous execution of the
same cell ({first}) — nothing recomputed it in between — and this execution changed it
again ({v1} → {v2}). The cell is not idempotent: `f(f(x)) ≠ f(x)`. Compare: re-running a
cell that recomputes `{name}` from its source, or a transformation with `f(f(x)) = f(x)`
(standardising, reshaping to a fixed shape), gives the same value and is not reported."""
    fix = """{idempotent}"""
    known_false_alarms = ("A cell meant to be applied repeatedly (an augmentation step run "
                          "by hand several times on purpose).")
    references = ("https://doi.org/10.1109/MSR.2019.00077",
                  "https://ipyflow.readthedocs.io/")


@register
class ReshapeReapplied(_Reapplied):
    id = "DLF-N002"
    name = "reshape-reapplied"
    title = "A re-run cell added or moved an axis again"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "source"
    kinds = ("axes",)
    message = ("This cell ran again on its own result: `{name}` was {v0} before its first "
               "run ({first}), {v1} after it, and is now {v2} — the axes were changed twice.")
    beginner = """The cell adds an axis to `{name}` (or moves one) starting from `{name}`
itself, so running it again did it a second time: the array now has an extra axis, or its
channels and positions are swapped back. A model may still accept it after a reshape, and
then learns from scrambled inputs. Make the cell start from the raw array each time.
{restart}"""
    expert = """The value of `{name}` at the start of {now} is the output of {first} (no
cell recomputed it in between), and this execution changed its axes again ({v1} → {v2}):
`expand_dims`/`unsqueeze`/`permute`/`transpose` applied to their own output. A reshape to
a fixed target shape is idempotent and is not reported."""
    fix = """{idempotent}"""
    references = ("https://doi.org/10.1109/MSR.2019.00077",)


@register
class DataDuplicatedByRerun(_Reapplied):
    id = "DLF-N013"
    name = "data-changed-again-by-rerun"
    title = "A re-run cell appended its samples again or changed the labels again"
    taxonomy = "training.data_quality"
    severity = "warning"
    silent = True
    evidence = "source"
    kinds = ("content",)
    message = ("This cell ran again on its own result: `{name}` was {v0} before its first "
               "run ({first}), {v1} after it, and is now {v2} — {what}.")
    beginner = """The cell changes `{name}` starting from `{name}` itself — it appends
samples or items, or changes label values — so running it again did it twice: the data
now holds duplicates (the same samples or feature names twice) or labels shifted a second
time. The model learns from data that is not what you meant, and nothing raises an error.
Make the cell start from the original data each time (or build the list in the cell).
{restart}"""
    expert = """The value of `{name}` at the start of {now} is the output of {first} (no
cell recomputed it in between), and this execution changed its content again ({v1} →
{v2}): `append`/`extend`/`concatenate` or a label remapping applied to its own output.
Duplicated samples bias the training distribution and leak between splits made later;
shifted labels are wrong targets."""
    fix = """{idempotent}"""
    references = ("https://doi.org/10.1109/MSR.2019.00077",)


@register
class LayersAddedAgain(_Reapplied):
    id = "DLF-N005"
    name = "layers-added-again"
    title = "A re-run cell added its layers to the model a second time"
    taxonomy = "model.type"
    severity = "warning"
    silent = True
    evidence = "source"
    kinds = ("layers",)
    message = ("This cell ran again and added its layers a second time: `{name}` was {v0} "
               "before its first run ({first}), {v1} after it, and is now {v2}.")
    beginner = """The cell appends layers to `{name}` that was created in another cell, so
each run adds them again: the model now has redundant layers it was not designed with,
and still trains without an error. Create the model and add its layers in one cell (or
build it in a function and call it), so that running the cell again rebuilds it from
scratch. {restart}"""
    expert = """`{name}` at the start of {now} is the object {first} left (same structure),
and this execution grew it again ({v1} → {v2}): `Sequential.add`/`append` on an object
that outlives the cell. Rebuilding the model inside the cell makes it idempotent."""
    fix = """def build_model():
    model = ...            # create it here
    ...                    # add the layers here
    return model

model = build_model()      # running this cell again gives the same model"""
    references = ("https://keras.io/guides/sequential_model/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        yield from super().check(ctx)
        ex = _current(ctx)
        if ex is None or not ex.rerun:
            return
        prev = ex.previous
        for name in sorted(ex.reads - ex.assigned):
            b0, a0 = prev.before.get(name), prev.after.get(name)
            b1, a1 = ex.before.get(name), ex.after.get(name)
            if None in (b0, a0, b1, a1) or a1.kind != "model":
                continue
            if not (b1.ident == a0.ident == a1.ident and b1.layers == a0.layers):
                continue
            if (a0.layers or 0) > (b0.layers or 0) and (a1.layers or 0) > (b1.layers or 0):
                yield Evidence(line=_first_write_line(ctx, name), subject=name, key=ex.n,
                               name=name, first=_run(prev), now=_run(ex), v0=b0.describe(),
                               v1=a0.describe(), v2=a1.describe(),
                               what="layers added again", idempotent="", restart=RESTART)


_SETTING = re.compile(r"(^|_)(lr|learning_rate|rate|epochs?|n_epochs|num_epochs|batch_size|"
                      r"momentum|decay|weight_decay|dropout|gamma|step_size|warmup|clip|"
                      r"temperature|patience)($|_)", re.I)


def _settings_reapplied(ex: Execution) -> Iterator[tuple[str, str, float, float, float]]:
    """(name, what, value before the first run, after it, after this run) of hyperparameters
    this re-run rewrote from their own previous value: a number named like a setting
    (``lr``, ``epochs``…), or the learning rate of an optimizer or compiled model."""
    prev = ex.previous
    if prev is None:
        return
    for name in sorted(ex.reads & prev.reads):
        b0, a0 = prev.before.get(name), prev.after.get(name)
        b1, a1 = ex.before.get(name), ex.after.get(name)
        if None in (b0, a0, b1, a1):
            continue
        if a1.kind == "scalar" and _SETTING.search(name):
            what = f"`{name}`"
        elif a1.kind in ("optimizer", "model") and a1.ident == b1.ident == a0.ident:
            what = f"the learning rate of `{name}`"
        else:
            continue
        v = [b0.value, a0.value, b1.value, a1.value]
        if any(x is None for x in v):
            continue
        if abs(v[2] - v[1]) > 1e-12 * max(1.0, abs(v[1])):
            continue          # set again in between
        if v[0] == v[1] or v[2] == v[3]:
            continue          # not changed by the first run, or not by this one
        yield name, what, v[0], v[1], v[3]


@register
class SettingReapplied(Rule):
    id = "DLF-N008"
    name = "setting-reapplied"
    title = "A re-run cell changed a hyperparameter again from its own result"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("This cell ran again on its own result: {what} was {v0} before its first run "
               "({first}), {v1} after it, and is now {v2}.")
    beginner = """The cell changes {what} starting from its current value (for example
multiplying the learning rate by 0.1), so running it again changed it a second time: the
model now trains with {v2}, not the {v1} the cell was meant to give. Nothing warns you.
Set the value explicitly (`lr = 0.001`) instead of deriving it from itself, or restart
and run all cells. {restart}"""
    expert = """The value at the start of {now} equals the value {first} left, and this
execution changed it again ({v1} → {v2}): an update `x = f(x)` with `f(f(x)) ≠ f(x)`
executed twice. For an optimizer, `param_groups[i]["lr"]` (or a compiled Keras model's
optimizer learning rate) is the state that was rewritten."""
    fix = """{name} = ...   # an explicit value: running the cell again gives the same setting"""
    references = ("https://doi.org/10.1109/MSR.2019.00077",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ex = _current(ctx)
        if ex is None or not ex.rerun:
            return
        for name, what, v0, v1, v2 in _settings_reapplied(ex):
            yield Evidence(line=_first_write_line(ctx, name), subject=name, key=ex.n,
                           name=name, what=what, v0=f"{v0:g}", v1=f"{v1:g}", v2=f"{v2:g}",
                           first=_run(ex.previous), now=_run(ex), restart=RESTART)


# -- 3. training that goes on across re-runs -----------------------------------------------
@register
class TrainingContinuedByRerun(Rule):
    id = "DLF-N004"
    name = "training-continued-by-rerun"
    title = "A re-run training cell went on training the already-trained model"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("This training cell ran again ({now}) on the same `{model}` that its previous "
               "run ({first}) had trained, starting from those weights: `{model}` has now "
               "been trained by both runs.")
    beginner = """Running a training cell again does not start training over: it continues
from the weights the model already has. `{model}` was trained by {first} and, without
being re-created, trained again by {now} — so it has had twice the epochs you asked for
(and the loss or history you see continues from the first run). Any setting you changed
in between applies to a model that was already trained. Re-create the model (and its
optimizer) before training — in the training cell itself, or by re-running the cell that
builds them. {restart}"""
    expert = """History: `{model}` is the same object before and after {now}, its weights
at the start of {now} are those {first} left (no cell re-created or re-initialised it in
between), and both executions of this cell wrote its weights. Training is
path-dependent: results from this notebook describe cumulative training
({first} + {now}), which a fresh run of the notebook will not reproduce."""
    fix = """{fix_code}"""
    known_false_alarms = ("Training on purpose in several rounds by running the same cell "
                          "again (continue training).")
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",
                  "https://doi.org/10.1109/MSR.2019.00077")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ex = _current(ctx)
        if ex is None or not ex.rerun:
            return
        prev = ex.previous
        now_trained = ex.trained()
        if not now_trained:
            return
        before_trained = set(prev.trained())
        for m in now_trained:
            if m not in before_trained:
                continue
            b1, a0 = ex.before.get(m), prev.after.get(m)
            if b1 is None or a0 is None or b1.ident != a0.ident or b1.weights != a0.weights:
                continue  # re-created or re-initialised in between: a fresh training
            keras = a0.framework == "keras"
            fix_code = (f"{m} = build_model()          # a fresh model: training starts over\n"
                        f"{m}.compile(optimizer=..., loss=..., metrics=[...])\n"
                        f"history = {m}.fit(...)" if keras else
                        f"{m} = Net()                  # a fresh model: training starts over\n"
                        f"optimizer = torch.optim.Adam({m}.parameters(), lr=1e-3)\n"
                        "for epoch in range(num_epochs):\n    ...")
            yield Evidence(line=None, subject=m, key=ex.n, model=m, first=_run(prev),
                           now=_run(ex), restart=RESTART, fix_code=fix_code)


# -- 2. objects bound to something a re-run replaced ---------------------------------------
@register
class OptimizerHoldsReplacedModel(Rule):
    id = "DLF-N003"
    name = "optimizer-holds-replaced-model"
    title = "An optimizer or scheduler still holds what a re-run replaced"
    taxonomy = "training.optimizer"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{opt}` still holds {what}: {why}")
    beginner = """An optimizer keeps the parameters it was given when it was created (and a
scheduler keeps its optimizer). {why_plain} Training now updates tensors the model no
longer uses (or changes the learning rate of an optimizer nobody steps), with no error.
Run the cell that creates `{opt}` again after the cell that creates what it holds — or
create both in one cell. {restart}"""
    expert = """`torch.optim.Optimizer.param_groups` hold references to the `Parameter`
objects passed at construction; an `LRScheduler` holds its optimizer. Re-executing the
cell that builds the model (or replaces one of its layers) allocates new `Parameter`s
(a new optimizer object) and rebinds the name; `{opt}` was built before and was not
rebuilt. Evidence: {why}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/optim.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .. import frameworks

        t = frameworks.get("torch")
        ex = _current(ctx)
        if ex is None:
            return
        mem = ctx.remember(self.id)
        built: dict[str, tuple] = mem.setdefault("built", {})
        reported: set = mem.setdefault("reported", set())
        ns = ctx.user_ns
        models = {v.name: v.obj for v in ctx.ns.models("torch")}
        opts = {v.name: v.obj for v in ctx.ns.of_kind("optimizer", framework="torch")}
        mentioned = ctx.source.names()
        # what each optimizer / scheduler held when it was (re)bound
        for name in ctx.ns.new_names:
            o = opts.get(name)
            if o is not None:
                oids = t.optimizer_param_ids(o)
                for mname, m in models.items():
                    mids = t.trainable_param_ids(m)
                    if mids and mids <= oids:
                        built[name] = ("opt", mname, id(m), len(mids), ex.count)
                        break
        for name in mentioned:
            obj = ns.get(name)
            if obj is None or name.startswith("_") or name in opts:
                continue
            try:
                is_sched = t.is_scheduler(obj)
            except Exception:  # noqa: BLE001
                is_sched = False
            if not is_sched:
                continue
            so = getattr(obj, "optimizer", None)
            if name in ex.assigned or name not in built:
                for oname, o in opts.items():
                    if o is so:
                        built[name] = ("sched", oname, id(o), 0, ex.count)
        if len(built) > 64:
            for k in list(built)[:-64]:
                del built[k]
        # a use of one that holds the previous instance
        for name in sorted(mentioned & built.keys()):
            if name in ex.assigned:
                continue
            kind, held, held_id, n_held, at = built[name]
            cur = ns.get(held)
            obj = ns.get(name)
            if cur is None or obj is None:
                continue
            if kind == "sched":
                if id(cur) == held_id or getattr(obj, "optimizer", None) is cur:
                    continue
                key = (name, id(cur))
                if key in reported:
                    continue
                reported.add(key)
                why = (f"`{name}` was built over `{held}` in In [{at}]; `{held}` has since "
                       f"been created again, so `{name}.step()` changes the learning rate "
                       f"of the previous optimizer, not of the `{held}` that trains.")
                yield Evidence(line=None, subject=name, key=key, opt=name,
                               what=f"the previous `{held}`", why=why, why_plain=why,
                               restart=RESTART, fix_code=(
                                   f"{name} = torch.optim.lr_scheduler.{type(obj).__name__}"
                                   f"({held}, ...)   # after creating {held}"))
                continue
            if name in opts and f"{name}.step" in ctx.source.text and id(cur) != held_id:
                continue  # DLF-T004 reports the step on a re-created model
            mids = t.trainable_param_ids(cur) if held in models else set()
            oids = t.optimizer_param_ids(obj)
            if not mids:
                continue
            missing = mids - oids
            if not missing:
                continue
            key = (name, id(cur), len(missing))
            if key in reported:
                continue
            if id(cur) != held_id and not (mids & oids):
                what = f"the parameters of the previous `{held}`"
                why = (f"it was built over `{held}`'s {n_held} parameter tensors in "
                       f"In [{at}]; `{held}` has since been created again and `{name}` holds "
                       f"none of its {len(mids)} parameter tensors.")
            elif id(cur) == held_id:
                what = f"replaced layers of `{held}`"
                why = (f"it was built over all {n_held} parameter tensors of `{held}` in "
                       f"In [{at}]; layers of `{held}` have since been replaced, and "
                       f"{len(missing)} of its {len(mids)} parameter tensors are not in "
                       f"`{name}`: they never change.")
            else:
                continue
            reported.add(key)
            lr = ""
            try:
                lr = f", lr={obj.param_groups[0]['lr']:g}"
            except Exception:  # noqa: BLE001
                pass
            yield Evidence(line=None, subject=name, key=key, opt=name, what=what, why=why,
                           why_plain=why, restart=RESTART,
                           fix_code=f"{name} = torch.optim.{type(obj).__name__}"
                                    f"({held}.parameters(){lr})   # after creating {held}")
        if len(reported) > 256:
            reported.clear()


@register
class BuiltFromReplacedData(Rule):
    id = "DLF-N006"
    name = "built-from-replaced-data"
    title = "An object built from data still holds the data a later cell replaced"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{obj}` was built in {built} from `{data}` when it was {v_then}; `{data}` has "
               "changed since ({v_now}, in {changed_in}) and `{obj}` was not built again: "
               "{use}")
    beginner = """Objects built from data keep what they saw when they were built: a data
loader or `tf.data` dataset keeps its arrays, a `Normalization` layer or a scaler keeps
their means and variances, a vocabulary keeps its words. `{data}` was changed by
{changed_in} after `{obj}` was built, and `{obj}` was not built again — so it still works
with the old `{data}`. Run the cell that builds `{obj}` again after changing `{data}` (or
build both in one cell). {restart}"""
    expert = """History: `{obj}` was bound (or fitted) in {built}, an execution that read
`{data}` ({v_then}); {changed_in} rebound or changed `{data}` ({v_now}) and no later
execution rebuilt `{obj}`; this execution {use_expert}. Construction-time captures
(`TensorDataset`, `from_tensor_slices`, `adapt`, `fit`, a dict built from a corpus) do not
follow later rebinding of the source name."""
    fix = """{obj} = ...   # build it again from the current {data}, after the cell that changes {data}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _stale_objects(ctx):
            if not e.pop("loss"):
                yield Evidence(line=None, subject=e["obj"], key=e.pop("key"), restart=RESTART,
                               **e)


@register
class LossBuiltFromReplacedLabels(Rule):
    id = "DLF-N011"
    name = "loss-built-from-replaced-labels"
    title = "A loss or class weights still hold the labels a later cell replaced"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{obj}` was built in {built} from `{data}` when it was {v_then}; `{data}` has "
               "changed since ({v_now}, in {changed_in}) and `{obj}` was not built again: "
               "{use}")
    beginner = """Class weights (and a loss built with them) are computed from the labels as
they were at that moment. `{data}` was changed by {changed_in} afterwards — the classes or
their counts are different now — but `{obj}` still weighs the classes by the old counts, so
the wrong classes are up- or down-weighted in training, silently. Compute the weights and
build the loss again after changing the labels (or in the same cell). {restart}"""
    expert = """History: `{obj}` was bound in {built}, an execution that read `{data}`
({v_then}); {changed_in} changed `{data}` ({v_now}) and no later execution rebuilt `{obj}`;
this execution {use_expert}. The weighted loss optimises a class-reweighted objective for
a label distribution that no longer exists."""
    fix = """counts = np.bincount({data})
class_weights = torch.tensor(len({data}) / (len(counts) * counts), dtype=torch.float32)
{obj} = nn.CrossEntropyLoss(weight=class_weights)   # after the cell that changes {data}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _stale_objects(ctx):
            if e.pop("loss"):
                yield Evidence(line=None, subject=e["obj"], key=e.pop("key"), restart=RESTART,
                               **e)


_WEIGHTS_NAME = re.compile(r"weight|loss|criterion", re.I)


def _content_differs(old: Value, new: Value) -> bool:
    """The content changed, whatever the container (numpy → tensor, float64 → float32)."""
    if old.kind == "sequence" or new.kind == "sequence":
        return old.kind != new.kind or old.length != new.length or old.digest != new.digest
    if old.kind != "array" or new.kind != "array":
        return False
    same_box = dataclasses.replace(new, type=old.type, dtype=old.dtype,
                                   framework=old.framework, ident=old.ident)
    return old.differs(same_box, exact=_label_like(old))


def _data_args(ctx: CellContext, call: Any) -> set[str]:
    out = set()
    for a in [*call.node.args, *(k.value for k in call.node.keywords)]:
        while isinstance(a, (ast.Subscript, ast.Attribute, ast.Call)):
            a = a.value if not isinstance(a, ast.Call) else a.func
        if isinstance(a, ast.Name):
            out.add(a.id)
    return out


def _stale_objects(ctx: CellContext) -> list[dict]:
    """Objects (loaders, datasets, losses, class weights, normalisation layers, scalers,
    vocabularies) used now whose source data changed after they were built. Tracks, once
    per cell, what each object was built or fitted from."""
    ex = _current(ctx)
    hist = ctx.history
    if ex is None:
        return []
    mem = ctx.remember("DLF-N006")
    if mem.get("n") == ex.n:
        return [dict(e) for e in mem["found"]]
    deps: dict[str, tuple] = mem.setdefault("deps", {})
    reported: set = mem.setdefault("reported", set())

    def data_value(d: str) -> Value | None:
        v = ex.after.get(d)
        return v if v is not None and v.kind in ("array", "sequence") \
            and v.element != "number" else None

    # 1. what each object built or fitted in this cell captured
    for name in sorted(ex.assigned):
        v = ex.after.get(name)
        if v is not None and v.kind not in ("mapping",):
            continue   # data, models, optimizers, numbers: not a capture of data
        if isinstance(ctx.user_ns.get(name), (types.FunctionType, type, types.ModuleType)):
            continue   # a function reads its globals when called, not when defined
        got = {d: data_value(d) for d in ex.reads}
        got = {d: x for d, x in got.items() if x is not None}
        if got:
            deps[name] = (ex.count, ex.n, got)
    for c in ctx.source.calls:
        r = c.receiver_root
        if r and c.attr in ("fit", "adapt", "fit_on_texts", "partial_fit", "build_vocab") \
                and not (r in ex.after and ex.after[r].kind == "model"):
            got = {d: data_value(d) for d in _data_args(ctx, c)}
            got = {d: x for d, x in got.items() if x is not None}
            if got:
                deps[r] = (ex.count, ex.n, got)
    for name in sorted(ex.assigned):   # models built over such objects inherit them
        v = ex.after.get(name)
        if v is not None and v.kind == "model":
            inherited: dict[str, Value] = {}
            for r in ex.reads:
                if r in deps and r not in ex.after:
                    inherited.update(deps[r][2])
            if inherited:
                deps[name] = (ex.count, ex.n, inherited)
    if len(deps) > 128:
        for k in list(deps)[:-128]:
            del deps[k]
    # 2. objects used now whose data changed after they were built
    trained = trained_here(ex, ctx.source)
    found: list[dict] = []
    for obj in sorted((ex.reads - ex.assigned) & deps.keys()):
        built_count, built_n, used = deps[obj]
        for d, v_then in sorted(used.items()):
            last = hist.last.get(d)
            if last is None or last[1] <= built_n or d == obj:
                continue
            v_now = last[0]
            if not _content_differs(v_then, v_now):
                continue
            if not trained and d not in ex.reads:
                continue
            key = (obj, d, v_now.ident, v_now.digest, v_now.mean)
            if key in reported:
                continue
            reported.add(key)
            changed = next((e for e in hist.since(built_n) if e.after.get(d) is v_now), None)
            var = ctx.ns.get(obj)
            loss = (var is not None and var.kind == "loss") or (
                bool(_WEIGHTS_NAME.search(obj)) and (var is None or var.kind != "model"))
            if trained:
                use = f"`{trained[0]}` was trained with it here."
                use_expert = f"trained `{trained[0]}` reading `{obj}`"
            else:
                use = f"this cell uses it with the new `{d}`."
                use_expert = f"reads `{obj}` together with the new `{d}`"
            found.append({"loss": loss, "key": key, "obj": obj, "data": d,
                          "built": f"In [{built_count}]", "v_then": v_then.describe(),
                          "v_now": v_now.describe(),
                          "changed_in": _run(changed) if changed else "a later cell",
                          "use": use, "use_expert": use_expert})
            break
    if len(reported) > 256:
        reported.clear()
    mem["n"], mem["found"] = ex.n, [dict(e) for e in found]
    return found


@register
class SplitRedrawnAfterTraining(Rule):
    id = "DLF-N007"
    name = "split-redrawn-after-training"
    title = "The train/test split was drawn again after the model was trained"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{model}` was trained in {trained_in} on `{train}`; {what}, so `{test}` now "
               "holds samples `{model}` was trained on.")
    beginner = """The test set must hold samples the model never saw. Here the split was made
after `{model}` was trained: {what}. `{model}` was not trained again, so `{test}` overlaps
the data it learned from: the score you get is too good, and says little about new data.
Split first, with a fixed seed (`random_state=42`), then train, then evaluate — and
re-train after re-running the split. {restart}"""
    expert = """History: `{model}`'s weights were last written in {trained_in}, an execution
that read `{train}` ({v_then}). Afterwards {what}; this execution reads `{model}` and
`{test}` ({v_now}) without training: evaluation on a test set that overlaps the model's
training set (leakage through execution order)."""
    fix = """X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.2, random_state=42)   # the same split every time the cell runs"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _changed_after_training(ctx):
            if e["how"] == "redrawn":
                yield Evidence(line=None, subject=e["model"], key=e["key"], restart=RESTART,
                               **{k: v for k, v in e.items() if k not in ("how", "key")})
                return


@register
class TrainedBeforePreprocessing(Rule):
    id = "DLF-N009"
    name = "trained-before-preprocessing"
    title = "The data was preprocessed after the model was trained on it"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{model}` was trained in {trained_in} on `{train}` when it was {v_then}; "
               "{split_in} then changed `{train}` to {v_now}, and `{model}` — not trained "
               "again — is now used on `{test}` from that cell.")
    beginner = """The cells ran out of order: `{model}` learned from `{train}` before the
cell that preprocesses it ({split_in}) ran. The data you now feed it (`{test}`) is on the
new scale, the model's weights are fitted to the old one, so its predictions and scores are
wrong — silently. Run the preprocessing before training (restart and run all cells in
order), or train again after changing the data. {restart}"""
    expert = """History: the last execution that wrote `{model}`'s weights ({trained_in})
read `{train}` ({v_then}); the later {split_in} changed `{train}` ({v_now}: another scale
or shape) and also bound `{test}`, which this execution feeds to `{model}` without
training it. The model is evaluated on a distribution it was not trained on."""
    fix = """# run the cells in order: preprocess, then train, then evaluate
{train} = ...   # preprocessing
{model}.fit({train}, ...)   # or the training loop, after the preprocessing"""
    references = ("https://doi.org/10.1109/MSR.2019.00077",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _changed_after_training(ctx):
            if e["how"] == "rescaled":
                yield Evidence(line=None, subject=e["model"], key=e["key"], restart=RESTART,
                               **{k: v for k, v in e.items() if k not in ("how", "key")})
                return


def _changed_after_training(ctx: CellContext) -> list[dict]:
    """Models used now (read, not trained) whose training data a later cell changed:
    drawn again (same scale, other values: another random split) or changed (another scale
    or shape), where that cell also bound data this cell reads. Computed once per cell."""
    ex = _current(ctx)
    hist = ctx.history
    if ex is None:
        return []
    mem = ctx.remember("notebook-state")
    if mem.get("n") == ex.n:
        return mem["found"]
    trained_on: dict[str, tuple] = mem.setdefault("trained_on", {})
    reported: set = mem.setdefault("reported", set())
    deps = ctx.remember("DLF-N006").get("deps", {})
    trained = trained_here(ex, ctx.source)
    for m in trained:
        data: dict[str, Value] = {}
        for d in ex.reads:
            v = ex.after.get(d)
            if v is not None and v.kind == "array":
                data[d] = v
            elif d in deps and ctx.ns.get(d) is not None and \
                    ctx.ns.get(d).kind in ("loader", "dataset"):
                data.update(deps[d][2])   # through a loader: the arrays it was built from
        trained_on[m] = (ex.count, ex.n, data)
    for m in (ex.assigned & trained_on.keys()) - set(trained):
        del trained_on[m]   # a new, untrained model under that name
    if len(trained_on) > 32:
        for k in list(trained_on)[:-32]:
            del trained_on[k]
    found: list[dict] = []
    for m in sorted(ex.reads & trained_on.keys()):
        if m in trained or m in ex.assigned:
            continue
        t_count, t_n, data = trained_on[m]
        for r in hist.since(t_n):
            if r is ex:
                continue
            # the arrays the model trained on, when the training cell named them;
            # otherwise (a helper function, a loader) what a re-run cell drew
            if data:
                cands = data.keys() & (r.assigned | {n for n in r.reads if r.changed(n)})
            else:
                cands = r.assigned - ex.reads if r.previous is not None else set()
            for train in sorted(cands):
                v_now = r.after.get(train)
                v_old = data.get(train) or (r.previous.after.get(train)
                                            if r.previous is not None else None)
                if v_old is None or v_now is None or v_now.kind != "array" \
                        or v_old.same(v_now):
                    continue
                how = "rescaled" if v_old.differs(v_now, exact=False) else "redrawn"
                what = (f"the split cell then ran again ({_run(r)}) and drew a different "
                        "split")
                if how == "redrawn" and (r.previous is None or train not in r.assigned):
                    continue
                tests = sorted(n for n in ((r.assigned | {x for x in r.reads if r.changed(x)})
                                           & ex.reads) - {train}
                               if n in r.after and r.after[n].kind == "array")
                if not tests:
                    continue
                key = (m, r.n, how)
                if key in reported:
                    continue
                reported.add(key)
                found.append({"how": how, "key": key, "model": m, "what": what,
                              "trained_in": f"In [{t_count}]", "train": train,
                              "test": tests[0], "split_in": _run(r),
                              "v_then": v_old.describe(), "v_now": v_now.describe()})
                break
        # out of order: the training array itself split after training (train/test rows)
        for r in hist.since(t_n):
            if r is ex or found:
                continue
            for train in sorted(data.keys() & r.reads):
                t = data[train]
                if not t.shape:
                    continue
                parts = [n for n in r.assigned if n in r.after and r.after[n].kind == "array"
                         and r.after[n].shape and r.after[n].shape[1:] == t.shape[1:]
                         and r.after[n].shape[0] < t.shape[0]]
                if len(parts) < 2 or sum(r.after[n].shape[0] for n in parts) > t.shape[0]:
                    continue
                tests = sorted(n for n in parts if n in ex.reads)
                if not tests:
                    continue
                key = (m, r.n, "split")
                if key in reported:
                    continue
                reported.add(key)
                names = ", ".join(f"`{n}`" for n in sorted(parts))
                what = (f"{_run(r)} split `{train}` into {names} only after that (the cells "
                        "ran out of order)")
                found.append({"how": "redrawn", "key": key, "model": m, "train": train,
                              "what": what,
                              "trained_in": f"In [{t_count}]", "test": tests[0],
                              "split_in": _run(r), "v_then": t.describe(),
                              "v_now": r.after[tests[0]].describe()})
                break
    if len(reported) > 256:
        reported.clear()
    mem["n"], mem["found"] = ex.n, found
    return found


_EVAL_ATTRS = ("predict", "evaluate", "predict_on_batch", "forward", "__call__")
_EVAL_NAME = re.compile(r"eval|test|predict|infer|accuracy|score|metric", re.I)


def _used_for_results(ctx: CellContext, m: str) -> int | None:
    """The line where this cell computes results with model ``m`` (``m(x)``,
    ``m.predict``/``evaluate``, ``evaluate(m, ...)``), or None."""
    for c in ctx.source.calls:
        if c.name == m or (c.receiver == m and c.attr in _EVAL_ATTRS):
            return c.line
        if c.attr and _EVAL_NAME.search(c.attr) and any(
                isinstance(a, ast.Name) and a.id == m for a in c.node.args):
            return c.line
    return None


@register
class ModelRecreatedAfterTraining(Rule):
    id = "DLF-N010"
    name = "model-recreated-after-training"
    title = "The trained model was replaced by a new, untrained one before it was used"
    taxonomy = "model.type"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{model}` is not the trained model: {detail} This cell computes results "
               "with it.")
    beginner = """Weights live in the model object, not in its name: {detail} The predictions
or scores of this cell come from untrained weights, and no error says so. Train again
after re-running the model cell (or load the trained weights), or restart and run all
cells in order. {restart}"""
    expert = """History: {detail} This execution uses `{model}` for inference (a call,
`predict`/`evaluate`, or an evaluation helper) without training it. Re-running a
model-building or initialisation cell after training replaces the trained parameters by a
fresh initialisation."""
    fix = """{rebuild}
# or restore the trained weights: {model}.load_state_dict(torch.load("best.pt")) /
# {model} = keras.models.load_model("best.keras")"""
    references = ("https://doi.org/10.1109/MSR.2019.00077",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ex = _current(ctx)
        if ex is None:
            return
        mem = ctx.remember(self.id)
        trained_at: dict[str, int] = mem.setdefault("trained", {})
        resets: dict[str, tuple[int, int]] = mem.setdefault("resets", {})
        trained = set(trained_here(ex, ctx.source))
        built_from: dict[str, tuple] = mem.setdefault("built_from", {})
        for m in trained:
            trained_at[m] = ex.count
            resets.pop(m, None)
        for m in sorted(ex.assigned - trained):
            a = ex.after.get(m)
            if m in trained_at and a is not None and a.kind == "model":
                resets[m] = (trained_at.pop(m), ex.count, "created")
        # re-initialised in place (not loaded: a restore of saved weights is fine)
        calls = {c.attr or "" for c in ctx.source.calls} | {c.name or "" for c in ctx.source.calls}
        reinit = any(c in ("apply", "reset_parameters", "init_weights", "initialize",
                           "reinitialize") or (c.startswith("init.") or ".init." in c)
                     for c in calls)
        if reinit:
            for m in ex.rewritten():
                if m in trained_at:
                    resets[m] = (trained_at.pop(m), ex.count, "re-initialised")
        # saved weights loaded into (or as) the model: restored, not random
        loads = {"load_state_dict", "load_weights", "load_model", "from_pretrained"}
        restored = {c.name.split(".")[0] for c in ctx.source.calls
                    if c.name and c.name.split(".")[-1] in loads}
        if calls & loads:
            for m in list(resets):
                if m in restored or m in ex.assigned:
                    resets.pop(m)
        # a model built from another model's layers (an encoder taken from an autoencoder)
        for m in ex.assigned:
            a = ex.after.get(m)
            if a is None or a.kind != "model":
                continue
            srcs = [(r, ex.after[r].ident) for r in ex.reads
                    if r in ex.after and ex.after[r].kind == "model"]
            if srcs:
                built_from[m] = (srcs, ex.count, a.ident)
        if len(built_from) > 32:
            for k in list(built_from)[:-32]:
                del built_from[k]
        for d in (trained_at, resets):
            if len(d) > 32:
                for k in list(d)[:-32]:
                    del d[k]
        for m in sorted((ex.reads - ex.assigned - trained) & resets.keys()):
            line = _used_for_results(ctx, m)
            if line is None:
                continue
            t_count, r_count, how = resets.pop(m)
            detail = (f"it was trained in In [{t_count}], then In [{r_count}] {how} it "
                      "(random weights again), and it was not trained since.")
            yield Evidence(line=line, subject=m, key=(m, r_count), model=m, detail=detail,
                           trained_in=f"In [{t_count}]", reset_in=f"In [{r_count}]",
                           restart=RESTART,
                           rebuild=(f"{m} = build_model()        # the model cell\n"
                                    f"train({m}, ...)             # train it again before using it"))
        hist = ctx.history
        for m in sorted((ex.reads - ex.assigned - trained) & built_from.keys()):
            srcs, b_count, ident = built_from[m]
            cur = hist.last.get(m)
            if cur is None or cur[0].ident != ident:
                continue
            for src, src_id in srcs:
                now = hist.last.get(src)
                if now is None or now[0].ident == src_id or src not in trained_at:
                    continue
                line = _used_for_results(ctx, m)
                if line is None:
                    continue
                del built_from[m]
                detail = (f"it was built in In [{b_count}] from the layers of `{src}`; `{src}` "
                          f"has since been created again and trained (In [{trained_at[src]}]), "
                          f"so `{m}` still holds the previous, untrained `{src}`'s weights.")
                yield Evidence(line=line, subject=m, key=(m, src, now[0].ident), model=m,
                               detail=detail, trained_in=f"In [{trained_at[src]}]",
                               reset_in=f"In [{b_count}]", restart=RESTART,
                               rebuild=(f"{m} = ...   # build it again from the layers of the "
                                        f"trained `{src}`, after the cell that trains it"))
                break



@register
class MetricsAccumulatedAcrossRuns(Rule):
    id = "DLF-N012"
    name = "metrics-accumulated-across-runs"
    title = "A re-run training cell appended to the metrics of the previous run"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("This training cell ran again and appended to `{name}`, created outside it: "
               "{n0} values after its previous run ({first}), {n1} now — the two runs' "
               "values are mixed.")
    beginner = """`{name}` is created in another cell, and the training cell appends to it.
Running the training cell again (after changing the model, say) added this run's values
after the previous run's: the best epoch, the minimum of the list, the curves you plot and
any checkpoint chosen from it now mix two trainings. Create the list at the top of the
training cell, so each run starts from an empty one. {restart}"""
    expert = """`{name}` at the start of {now} holds the {n0} values {first} left (not reset
in between), and this execution, which trained `{model}`, appended {added} more. Any
statistic over the list (argmin for early stopping or checkpointing, plotted curves) is
computed over the concatenation of two training runs."""
    fix = """{name} = []          # at the top of the training cell: each run starts afresh
for epoch in range(num_epochs):
    ...
    {name}.append(value)"""
    references = ("https://github.com/keras-team/keras/issues/20521",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ex = _current(ctx)
        if ex is None or not ex.rerun:
            return
        trained = trained_here(ex, ctx.source)
        if not trained:
            return
        prev = ex.previous
        for name in sorted(ex.reads & prev.reads):
            b0, a0 = prev.before.get(name), prev.after.get(name)
            b1, a1 = ex.before.get(name), ex.after.get(name)
            if None in (b0, a0, b1, a1) or a1.kind != "sequence" or a1.element != "number":
                continue
            if b1.length != a0.length or not (a0.length > (b0.length or 0)) \
                    or not (a1.length > b1.length):
                continue
            yield Evidence(line=_first_write_line(ctx, name), subject=name, key=ex.n,
                           name=name, n0=a0.length, n1=a1.length,
                           added=a1.length - b1.length, first=_run(prev), now=_run(ex),
                           model=trained[0], restart=RESTART)
