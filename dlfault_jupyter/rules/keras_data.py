"""tf.data input-pipeline rules (source evidence): the order of shuffle / batch / repeat /
cache / map / prefetch in method chains on ``tf.data.Dataset`` expressions, followed across
assignments (``ds = ds.batch(32)``) and cells. Nothing here iterates a dataset."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from .. import frameworks
from ..context import CellContext
from ..source.facts import dotted
from ..wording import num
from . import Evidence, Rule, register

_OPS = ("batch", "padded_batch", "unbatch", "rebatch", "shuffle", "repeat", "cache", "map",
        "prefetch", "filter", "take", "skip", "flat_map", "interleave", "apply",
        "ragged_batch", "bucket_by_sequence_length", "zip", "concatenate", "enumerate",
        "with_options", "shard", "window", "snapshot", "prefetch")
_CTORS = ("from_tensor_slices", "from_tensors", "from_generator", "list_files", "range",
          "zip", "TFRecordDataset", "TextLineDataset", "image_dataset_from_directory",
          "text_dataset_from_directory", "timeseries_dataset_from_array",
          "audio_dataset_from_directory", "load")
_RANDOM_RE = re.compile(r"random|augment|Random[A-Z]|stateless_")


class Op:
    __slots__ = ("name", "line", "call")

    def __init__(self, name: str, line: int | None, call: ast.Call | None):
        self.name, self.line, self.call = name, line, call


class Pipelines:
    """Op sequences of tf.data datasets built in this cell (and remembered from earlier
    cells by name), in statement order."""

    def __init__(self, ctx: CellContext) -> None:
        self.ctx = ctx
        mem = ctx.remember("DLF-A104")
        self.remembered: dict[str, list[str]] = mem.setdefault("chains", {})
        self.by_name: dict[str, list[Op]] = {}
        self.exprs: list[list[Op]] = []   # every chain expression seen, with history
        src = ctx.source
        if not src.ok or frameworks.get("tensorflow") is None:
            return
        self._walk(src.tree)
        for name, ops in self.by_name.items():
            self.remembered[name] = [o.name for o in ops][-32:]

    def _walk(self, tree: ast.AST) -> None:
        stmts: list[ast.stmt] = []

        class V(ast.NodeVisitor):
            def generic_visit(self, node: ast.AST) -> None:
                if isinstance(node, (ast.Assign, ast.Expr)):
                    stmts.append(node)
                super().generic_visit(node)

            def visit_FunctionDef(self, node: ast.AST) -> None:
                return None

            visit_AsyncFunctionDef = visit_Lambda = visit_ClassDef = visit_FunctionDef

        V().visit(tree)
        stmts.sort(key=lambda n: (n.lineno, n.col_offset))
        for stmt in stmts:
            if isinstance(stmt, ast.Assign):
                ops = self.chain(stmt.value)
                if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                    name = stmt.targets[0].id
                    if ops is not None:
                        self.by_name[name] = ops
                    else:
                        self.by_name.pop(name, None)
                        self.remembered.pop(name, None)
                if ops is not None:
                    self.exprs.append(ops)
                    continue
            value = stmt.value
            # chains passed directly as arguments: model.fit(ds.shuffle(10).batch(8))
            for n in ast.walk(value):
                if isinstance(n, ast.Call):
                    for a in [*n.args, *(k.value for k in n.keywords)]:
                        ops = self.chain(a)
                        if ops is not None:
                            self.exprs.append(ops)
            if isinstance(stmt, ast.Expr):
                ops = self.chain(value)
                if ops is not None:
                    self.exprs.append(ops)

    def history(self, name: str) -> list[Op] | None:
        if name in self.by_name:
            return list(self.by_name[name])
        if name in self.remembered:
            return [Op(n, None, None) for n in self.remembered[name]]
        var = self.ctx.ns.get(name)
        if var is not None and var.framework == "tensorflow" and var.kind == "loader":
            return [Op("?", None, None)]
        return None

    def chain(self, node: ast.AST) -> list[Op] | None:
        """Ops of a method chain on a tf.data dataset (with the base's history), or None
        when the expression is not such a chain."""
        ops: list[Op] = []
        n = node
        while isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            ops.append(Op(n.func.attr, n.lineno, n))
            n = n.func.value
        ops.reverse()
        if not ops:
            return None
        if isinstance(n, ast.Name) and ops[0].name not in _CTORS:
            base = self.history(n.id)
            if base is None:
                return None
            if not any(o.name in _OPS for o in ops):
                return None
            return base + [o for o in ops if o.name in _OPS]
        d = dotted(n)
        q = self.ctx.source.qualname(d) or ""
        if ops[0].name in _CTORS and q.split(".")[0] in ("tensorflow", "keras",
                                                         "tensorflow_datasets"):
            if q.split(".")[0] == "tensorflow_datasets" and ops[0].name != "load":
                return None
            return [ops[0]] + [o for o in ops[1:] if o.name in _OPS]
        return None

    def all_chains(self) -> list[list[Op]]:
        return self.exprs


def _pipelines(ctx: CellContext) -> Pipelines:
    cache = ctx.remember("DLF-A104-cell")
    if cache.get("cell") != ctx.cell or cache.get("src") is not ctx.source:
        cache.clear()
        cache.update(cell=ctx.cell, src=ctx.source, p=Pipelines(ctx))
    return cache["p"]


def _after(ops: list[Op], first: tuple[str, ...], then: str,
           reset: tuple[str, ...] = ()) -> Iterator[tuple[Op, Op]]:
    """(earlier op, later op) where ``then`` follows one of ``first`` (no ``reset`` op in
    between), and the later op is in this cell."""
    last: Op | None = None
    for o in ops:
        if o.name in first:
            last = o
        elif o.name in reset:
            last = None
        elif o.name == then and last is not None and o.line is not None:
            yield last, o


def _seg(ctx: CellContext, op: Op) -> str:
    if op.call is None:
        return f".{op.name}(...)"
    s = ctx.source.segment(op.call)
    # only the last method of the chain: from ".name(" on
    i = s.rfind(f".{op.name}(")
    return s[i:] if i >= 0 else f".{op.name}(...)"


def _stmt(ctx: CellContext, node: ast.AST | None) -> ast.stmt | None:
    n = node
    while n is not None and not isinstance(n, ast.stmt):
        n = ctx.source.parent(n)
    return n


def _mtext(ctx: CellContext, op: Op) -> str | None:
    """``.batch(16)``: the method call of ``op`` as the user wrote it."""
    if op.call is None:
        return None
    full, base = ctx.source.segment(op.call), ctx.source.segment(op.call.func.value)
    return full[len(base):] if full and base and full.startswith(base) else None


def _move_before(ctx: CellContext, mover: Op, anchor: Op) -> str | None:
    """The user's own pipeline code with the method call ``mover`` moved before
    ``anchor`` (same statement), or the two statements in the new order; None when
    the code cannot be rewritten safely (the fix then stays a template)."""
    sm, sa = _stmt(ctx, mover.call), _stmt(ctx, anchor.call)
    if sm is None or sa is None:
        return None
    if sm is sa:
        text, mt, at = ctx.source.segment(sm), _mtext(ctx, mover), _mtext(ctx, anchor)
        if not (text and mt and at) or text.count(mt) != 1:
            return None
        text = text.replace(mt, "", 1)
        return text.replace(at, mt + at, 1) if text.count(at) == 1 else None
    m, a = ctx.source.segment(sm), ctx.source.segment(sa)
    if not m or not a or "\n" in m + a or sm.lineno < sa.lineno:
        return None
    return f"{m}\n{a}"


def _replace_call(ctx: CellContext, op: Op, new: str) -> str | None:
    """The statement of ``op`` with its method call replaced by ``new``."""
    st, mt = _stmt(ctx, op.call), _mtext(ctx, op)
    text = ctx.source.segment(st) if st is not None else None
    if not text or not mt or text.count(mt) != 1:
        return None
    return text.replace(mt, new, 1)


_FW = ("tensorflow", "keras")


@register
class ShuffleAfterBatch(Rule):
    id = "DLF-A104"
    name = "shuffle-after-batch"
    title = "tf.data: shuffle after batch shuffles whole batches, not samples"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = _FW
    message = ("`{shuffle}` comes after `{batch}`: the pipeline shuffles the order of whole "
               "batches, and each batch holds the same samples in every epoch.")
    beginner = """After `.batch(...)`, each element of the dataset is a whole batch. A
`.shuffle(...)` placed after it only changes the order of the batches: the samples inside
each batch stay together in every epoch, and if the data is sorted each batch may hold a
single class. Training is worse and nothing warns you. Shuffle first, then batch:
`ds.shuffle(buffer).batch(size)`."""
    expert = """`Dataset.shuffle` permutes elements of its input; after `batch` the elements
are batches, so the per-epoch permutation is over N/B fixed groups. Batch composition is
then constant across epochs (correlated gradient noise; class-homogeneous batches on
sorted data, which also biases BatchNormalization statistics)."""
    fix = """{fixed}"""
    references = ("https://www.tensorflow.org/guide/data#randomly_shuffling_input_data",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for ops in _pipelines(ctx).all_chains():
            for b, s in _after(ops, ("batch", "padded_batch", "ragged_batch"), "shuffle",
                               reset=("unbatch",)):
                fixed = _move_before(ctx, s, b) or (
                    "ds = ds.shuffle(buffer_size).batch(batch_size)   # shuffle samples, then batch")
                yield Evidence(line=s.line, shuffle=_seg(ctx, s), batch=_seg(ctx, b),
                               fixed=fixed)
                break


@register
class ShuffleAfterRepeat(Rule):
    id = "DLF-A105"
    name = "shuffle-after-repeat"
    title = "tf.data: shuffle after repeat blurs the epoch boundaries"
    taxonomy = "api"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = _FW
    message = ("`{shuffle}` comes after `{repeat}`: samples of the next epoch are mixed into "
               "the current one, so an epoch may see some samples twice and others never.")
    beginner = """With `.repeat()` before `.shuffle(...)`, the shuffle buffer takes samples
from several passes over the data at once. Some samples then appear twice in an "epoch"
and others not at all. Usually you want `ds.shuffle(buffer).repeat()` (or no repeat at all
with `model.fit`, which repeats per epoch itself)."""
    expert = """`repeat().shuffle(b)` draws from a buffer spanning the boundary between
epochs, so the per-epoch multiset of samples is not the dataset; `shuffle(b).repeat()`
guarantees each epoch is a permutation (with reshuffle_each_iteration=True)."""
    fix = """{fixed}"""
    references = ("https://www.tensorflow.org/guide/data#training_workflows",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for ops in _pipelines(ctx).all_chains():
            for r, s in _after(ops, ("repeat",), "shuffle"):
                fixed = _move_before(ctx, s, r) or (
                    "ds = ds.shuffle(buffer_size).repeat()   # shuffle each epoch, then repeat")
                yield Evidence(line=s.line, shuffle=_seg(ctx, s), repeat=_seg(ctx, r),
                               fixed=fixed)
                break


def _random_map(ctx: CellContext, op: Op) -> str | None:
    """The map function's text when it is random (augmentation), else None."""
    if op.call is None or not op.call.args:
        return None
    fn = op.call.args[0]
    text = ctx.source.segment(fn)
    if isinstance(fn, ast.Name):
        obj = ctx.user_ns.get(fn.id)
        body = ""
        if obj is not None and callable(obj):
            import inspect
            try:
                body = inspect.getsource(obj)
            except (OSError, TypeError):
                body = ""
        if _RANDOM_RE.search(fn.id) or _RANDOM_RE.search(body):
            return fn.id
        return None
    return text if _RANDOM_RE.search(text or "") else None


@register
class CacheAfterRandomMap(Rule):
    id = "DLF-A106"
    name = "cache-after-random-map"
    title = "tf.data: cache after a random augmentation freezes the augmentation"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = _FW
    message = ("`{cache}` comes after the random `.map({fn})`: the augmented samples of the "
               "first epoch are stored and replayed, so every later epoch sees the same "
               "augmentation.")
    beginner = """`.cache()` remembers the elements it has seen and replays them in the
next epochs. Put after a random augmentation (`{fn}`), it stores the first epoch's random
flips/crops and repeats them for ever: the augmentation no longer adds variety and the
model overfits sooner. No error tells you. Cache before the random map:
`ds.map(load).cache().map({fn})`."""
    expert = """`cache()` materialises the upstream elements on the first full iteration;
later epochs read from the cache without re-running upstream transformations, so random
ops in `{fn}` are evaluated once per sample. Place deterministic, expensive work before
`cache()` and random augmentation after it."""
    fix = """{fixed}"""
    references = ("https://www.tensorflow.org/guide/data_performance#caching",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for ops in _pipelines(ctx).all_chains():
            rnd: Op | None = None
            for o in ops:
                if o.name == "map" and _random_map(ctx, o):
                    rnd = o
                elif o.name == "cache" and rnd is not None and o.line is not None:
                    fn = _random_map(ctx, rnd)
                    fixed = _move_before(ctx, o, rnd) or (
                        f"ds = ds.map(preprocess).cache().map({fn}, "
                        "num_parallel_calls=tf.data.AUTOTUNE)   # cache before the random map")
                    yield Evidence(line=o.line, cache=_seg(ctx, o), fn=fn, fixed=fixed)
                    break


def _data_len(ctx: CellContext, ops: list[Op]) -> int | None:
    first = ops[0] if ops else None
    if first is None or first.name != "from_tensor_slices" or first.call is None or \
            not first.call.args:
        return None
    a = first.call.args[0]
    if isinstance(a, (ast.Tuple, ast.List)) and a.elts:
        a = a.elts[0]
    if isinstance(a, ast.Name) and a.id in ctx.user_ns:
        shape = getattr(ctx.user_ns[a.id], "shape", None)
        try:
            return int(shape[0])
        except Exception:  # noqa: BLE001
            return None
    return None


@register
class ShuffleBufferTooSmall(Rule):
    id = "DLF-A107"
    name = "shuffle-buffer-too-small"
    title = "tf.data: shuffle buffer far smaller than the data"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = _FW
    message = "`{shuffle}` uses a buffer of {buf} element(s){of_n}: {effect}"
    beginner = """`shuffle(buffer_size)` picks each next sample at random from a buffer of
only `buffer_size` samples. {why} Use a buffer as large as the dataset when it fits in
memory (`ds.shuffle(len(X))`), or shuffle the arrays once before building the dataset."""
    expert = """A shuffle buffer of size b yields element i from the window [i, i+b): the
output is only locally permuted (displacement ≲ b). With b ≪ N and ordered input
(sorted labels, files per class) consecutive batches remain strongly correlated."""
    fix = """{fixed}"""
    references = ("https://www.tensorflow.org/api_docs/python/tf/data/Dataset#shuffle",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for ops in _pipelines(ctx).all_chains():
            for o in ops:
                if o.name != "shuffle" or o.line is None or o.call is None:
                    continue
                node = o.call.args[0] if o.call.args else dict(
                    (k.arg, k.value) for k in o.call.keywords).get("buffer_size")
                try:
                    buf = ast.literal_eval(node) if node is not None else None
                except ValueError:
                    buf = None
                if not isinstance(buf, int) or isinstance(buf, bool):
                    continue
                n = _data_len(ctx, ops)
                fixed = _replace_call(ctx, o, f".shuffle({n or 10_000})") or \
                    f"ds = ds.shuffle(buffer_size={n or 10_000})"
                if buf <= 1:
                    yield Evidence(line=o.line, shuffle=_seg(ctx, o), buf=buf,
                                   of_n=f" for {n} samples" if n else "",
                                   effect="it does not shuffle at all.",
                                   why="With a buffer of 1 nothing is shuffled.",
                                   suggest=n or "10_000", fixed=fixed)
                elif n and buf * 100 < n:
                    yield Evidence(line=o.line, severity="info", shuffle=_seg(ctx, o),
                                   buf=buf, of_n=f" for {n} samples",
                                   effect="samples only move a short distance from their "
                                          "place, so sorted data stays nearly sorted.",
                                   why=(f"With {buf} out of {n}, samples barely leave their "
                                        "neighbourhood; sorted data stays nearly sorted."),
                                   suggest=n, fixed=fixed)
                break


@register
class MapWithoutParallelCalls(Rule):
    id = "DLF-A108"
    name = "map-without-parallel-calls"
    title = "tf.data: map runs on one core (no num_parallel_calls)"
    taxonomy = "api"
    severity = "info"
    silent = False
    evidence = "source"
    frameworks = _FW
    message = "`{map}` has no `num_parallel_calls`: the function runs on one element at a time."
    beginner = """By default `Dataset.map` processes one element at a time. Adding
`num_parallel_calls=tf.data.AUTOTUNE` lets TensorFlow use several CPU cores, which often
makes the input pipeline (and so the training) much faster."""
    expert = """Without `num_parallel_calls`, `map` is sequential; with AUTOTUNE, tf.data
parallelises the map function across a tuned number of threads (element order is kept
unless `deterministic=False`)."""
    fix = """{fixed}"""
    references = ("https://www.tensorflow.org/guide/data_performance#parallelizing_data_transformation",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        seen: set[int] = set()
        for ops in _pipelines(ctx).all_chains():
            for o in ops:
                if o.name == "map" and o.line is not None and o.call is not None and \
                        id(o.call) not in seen:
                    seen.add(id(o.call))
                    if len(o.call.args) < 2 and not any(
                            k.arg == "num_parallel_calls" for k in o.call.keywords):
                        mt = _mtext(ctx, o)
                        fixed = (_replace_call(ctx, o, mt[:-1] + ", num_parallel_calls="
                                               "tf.data.AUTOTUNE)") if mt else None) or \
                            "ds = ds.map(fn, num_parallel_calls=tf.data.AUTOTUNE)"
                        yield Evidence(line=o.line, map=_seg(ctx, o), fixed=fixed)


@register
class PipelineWithoutPrefetch(Rule):
    id = "DLF-A109"
    name = "pipeline-without-prefetch"
    title = "tf.data pipeline passed to fit without prefetch"
    taxonomy = "api"
    severity = "info"
    silent = False
    evidence = "source"
    frameworks = _FW
    message = ("`{ds}` goes to `{call}` without `.prefetch(...)`: the input pipeline and "
               "the training step wait for each other.")
    beginner = """`prefetch` lets TensorFlow prepare the next batch while the model trains
on the current one. Without it, the model waits for the data and the data waits for the
model. Add `.prefetch(tf.data.AUTOTUNE)` at the end of the pipeline."""
    expert = """`prefetch(AUTOTUNE)` decouples producer and consumer with a buffer so
input preprocessing overlaps with the training step; without it each step's wall time is
input time + compute time."""
    fix = """{ds} = {ds}.prefetch(tf.data.AUTOTUNE)
{call}({ds}, ...)"""
    references = ("https://www.tensorflow.org/guide/data_performance#prefetching",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        p = _pipelines(ctx)
        if frameworks.get("keras") is None:
            return
        for c in ctx.source.calls_to("fit"):
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            a = c.kwarg("x", 0)
            if not isinstance(a, ast.Name):
                continue
            ops = p.history(a.id)
            if not ops or ops[0].name == "?":
                continue
            names = [o.name for o in ops]
            if "batch" in names and "prefetch" not in names:
                yield Evidence(line=c.line, subject=a.id, ds=a.id,
                               call=f"{c.receiver}.fit")


# -- labels and feature scales seen through model.fit(X, y) ------------------------------------

_SPARSE_LOSSES = ("sparse_categorical_crossentropy", "sparse_categorical_focal_crossentropy")


def one_based_labels(k, model, y) -> tuple[int, int] | None:
    """(min, max) of integer labels ``y`` that run 1..C for a C-unit sparse-categorical model:
    class numbers counted from 1 (class 0 missing, the top label has no output unit)."""
    from .keras_training import data_summary
    cfg = k.compile_config(model)
    if not cfg or k.loss_name(cfg.get("loss")) not in _SPARSE_LOSSES:
        return None
    head = k.output_head(model)
    if head is None or head.units < 2:
        return None
    try:
        s = data_summary(y)
    except Exception:  # noqa: BLE001
        return None
    if not s.has_values or not s.integral or s.min is None or s.n_nan:
        return None
    if len(s.shape) > 2 or (len(s.shape) == 2 and s.shape[1] != 1):
        return None
    if int(s.min) == 1 and int(s.max) == head.units:
        return 1, head.units
    return None


@register
class OneBasedClassLabels(Rule):
    id = "DLF-T117"
    name = "one-based-class-labels"
    title = "Class labels counted from 1 for a model whose classes are 0..C-1"
    taxonomy = "training.data_quality"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{y}` holds class labels 1..{units} (no 0), but `{model}` has {units} output "
               "units for classes 0..{last}: label {units} has no unit{crash}.")
    beginner = """Keras numbers classes from 0: with {units} output units the valid labels
are 0 to {last}. `{y}` counts from 1 to {units} (ratings, grades, ids that start at 1), so
every label is shifted by one: class 1 is learned as the model's second class and label
{units} points past the last unit. On a CPU `fit` stops with "Received a label value of
{units} which is outside the valid range"; on a GPU the loss silently becomes NaN or
garbage. Shift the labels once: `{y} = {y} - 1` (and add 1 back to predictions)."""
    expert = """sparse_categorical_crossentropy gathers −log p[y] from a (N, {units})
output; y ∈ [1, {units}] leaves unit 0 never targeted (its logit is pushed down for every
sample) and y = {units} indexes out of range: InvalidArgumentError on CPU, undefined values
(NaN loss) from the CUDA kernel, which does not check bounds. Sampled labels:
min {lo}, max {units}."""
    fix = """{y} = {y} - 1            # classes 0..{last}
{model}.fit({x}, {y}, ...)
# predictions: pred_class = {model}.predict(X).argmax(axis=1) + 1"""
    known_false_alarms = ("Labels whose class 0 is genuinely absent from the data AND whose "
                          "output layer is one unit too small (then add a unit instead).")
    references = ("https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .keras_training import fit_calls
        k = frameworks.get("keras")
        if k is None:
            return
        for fc in fit_calls(ctx, ("fit", "train_on_batch", "evaluate")):
            if fc.y is None:
                continue
            res = one_based_labels(k, fc.model.obj, fc.y)
            if res is None:
                continue
            lo, units = res
            yield Evidence(line=fc.call.line, subject=fc.y_name, model=fc.model.name,
                           y=fc.y_name, x=fc.x_name or "X", units=units, last=units - 1,
                           lo=lo, crash=" (this is why the cell raised)" if ctx.error else "")
            return


_INPUT_NORMALISERS = ("Normalization", "BatchNormalization", "LayerNormalization",
                      "Rescaling", "Lambda", "Discretization", "UnitNormalization",
                      "GroupNormalization", "TextVectorization", "Embedding", "CategoryEncoding",
                      "StringLookup", "IntegerLookup", "Hashing")


def _normalises_input(k, model) -> bool:
    """A normalising/encoding layer before the first Dense (nested models looked into)."""
    def walk(m, depth: int) -> bool | None:
        for la in k.layers_of(m)[:6]:
            cls = type(la).__name__
            if cls in _INPUT_NORMALISERS:
                return True
            if depth < 2 and getattr(la, "layers", None):
                r = walk(la, depth + 1)
                if r is not None:
                    return r
                continue
            if cls in ("Dense", "EinsumDense"):
                return False
            if cls not in ("Dropout", "GaussianNoise", "InputLayer", "Reshape", "Flatten"):
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
    known_false_alarms = ("Inputs the model normalises in a way the check cannot see (a "
                          "custom first layer); Normalization, BatchNormalization, "
                          "LayerNormalization and Rescaling layers are recognised.")
    references = ("https://keras.io/api/layers/preprocessing_layers/numerical/normalization/",
                  "https://www.tensorflow.org/tutorials/keras/regression")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import numpy as np

        from .keras_training import fit_calls
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
                why = "an offset more than 10x its spread"
            elif rms[live].max() >= 100 and ratio >= 100:
                col = int(np.argmax(np.where(live, rms, 0)))
                why = f"{ratio:.0f}x the magnitude of the smallest column"
            else:
                continue
            small = int(np.argmin(np.where(live, rms, np.inf)))
            first = next((la for la in k.layers_of(fc.model.obj)
                          if type(la).__name__ in ("Dense", "EinsumDense")), None)
            yield Evidence(line=fc.call.line, subject=fc.x_name, x=fc.x_name,
                           model=fc.model.name, col=col, mean=num(mean[col], 3),
                           std=num(std[col], 3), why=why, ncols=int(fc.x.shape[1]),
                           other=(f"while column {small} is around {num(mean[small], 3)}"
                                  if small != col else "the others are much smaller"),
                           layer=getattr(first, "name", "dense"))
            return


_TARGET_LOSSES = ("mean_squared_error", "mean_absolute_error", "huber", "log_cosh")


@register
class UnscaledRegressionTarget(Rule):
    id = "DLF-T119"
    name = "unscaled-regression-target"
    title = "Regression target in the tens of thousands or more, not scaled"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{y}` (the regression target of `{model}`) is of the order of {rms} "
               "(sampled), while the linear output `{layer}` starts near 0: `{loss}` starts "
               "around {start} and training needs very many steps just to reach the scale.")
    beginner = """`{model}` starts by predicting numbers close to 0, but the values in `{y}`
are around {rms}. The network has to grow its output by that much in small steps of the
learning rate, so the first many epochs only chase the scale, the loss stays enormous and
the fit looks like it does not learn, without any error. Scale the target (divide by its
standard deviation, or predict `log({y})`), and undo the scaling on the predictions."""
    expert = """With a linear head initialised near 0, the initial `{loss}` is ≈ E[y²]
({start}); adaptive optimisers move each weight by ~lr per step, so reaching outputs of
~{rms} takes O({rms}/lr) steps through the last layer alone, and large-magnitude gradients
dominate the early updates of every layer. Standardising y (or a log transform for
positive, skewed targets) makes the loss O(1)."""
    fix = """y_mean, y_std = {y}.mean(), {y}.std()
{model}.fit({x}, ({y} - y_mean) / y_std, ...)
pred = {model}.predict(X_new) * y_std + y_mean      # back to the original units"""
    known_false_alarms = ("A model whose last layer rescales its output (a custom layer or a "
                          "bias initialised at the target mean).")
    references = ("https://www.tensorflow.org/tutorials/keras/regression",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .keras_training import data_summary, fit_with_head, loss_repr
        for fc, head, loss, name in fit_with_head(ctx):
            if fc.y is None or name not in _TARGET_LOSSES or head.activation != "linear":
                continue
            if head.trailing or _bias_set(head.layer):
                continue
            s = data_summary(fc.y)
            if not s.has_values or s.n_nan or s.n_inf or not s.is_float or \
                    s.mean is None or s.std is None:
                continue
            rms = (s.mean ** 2 + s.std ** 2) ** 0.5
            if rms < 1e4:
                continue
            start = rms ** 2 if name == "mean_squared_error" else rms
            yield Evidence(line=fc.call.line, subject=fc.y_name, y=fc.y_name,
                           x=fc.x_name or "X", model=fc.model.name, layer=head.name,
                           rms=num(rms, 3), start=num(start, 3),
                           loss=loss_repr(loss, name))
            return


def _bias_set(layer) -> bool:
    """Was the output bias initialised to something else than zeros?"""
    init = getattr(layer, "bias_initializer", None)
    return init is not None and type(init).__name__ not in ("Zeros",)


_SEQ_FIRST = ("LSTM", "GRU", "SimpleRNN", "Bidirectional", "Conv1D", "RNN")
_PASS_THROUGH = ("Masking", "Reshape", "Dropout", "SpatialDropout1D", "GaussianNoise")


def _token_like(x) -> tuple[int, int, float] | None:
    """(max, distinct values, lag-1 autocorrelation) of ≤256 sampled sequences of a
    (N, T, 1) array holding whole numbers ≥ 0 with a large range and little order in time
    (word indices: neighbouring tokens are unrelated numbers; a measured series is
    smooth); ``None`` otherwise."""
    import numpy as np

    n = frameworks.get("numpy")
    if n is None or not n.is_array(x) or x.ndim != 3 or x.shape[2] != 1 or \
            x.shape[1] < 8 or x.shape[0] < 16 or x.dtype.kind not in "fiu":
        return None
    idx = np.linspace(0, x.shape[0] - 1, min(256, x.shape[0])).astype(int)
    m = np.asarray(x[idx, :512, 0], dtype="float64")   # ≤ 256 × 512 values, however long
    if not np.all(np.isfinite(m)) or m.min() < 0 or not np.all(m == np.round(m)):
        return None
    vals = np.unique(m)
    hi = float(vals[-1])
    if hi < 100 or vals.size < 30:
        return None
    nz = m[:, 1:] * m[:, :-1] != 0        # pairs of real tokens (not padding)
    a, b = m[:, 1:][nz], m[:, :-1][nz]
    if a.size < 32 or a.std() == 0 or b.std() == 0:
        return None
    r = float(np.corrcoef(a, b)[0, 1])
    return (int(hi), int(vals.size), r) if r < 0.3 else None


@register
class TokenIdsWithoutEmbedding(Rule):
    id = "DLF-L109"
    name = "token-ids-without-embedding"
    title = "Word indices fed to a recurrent layer as numbers (no Embedding)"
    taxonomy = "model.layers.choice"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{x}` {shape} holds whole numbers from 0 to {hi} ({distinct} distinct values "
               "sampled, neighbouring values uncorrelated: r = {r}), like word indices, and "
               "goes straight into `{layer}` ({kind}) of `{model}` as one numeric feature "
               "per step: there is no Embedding layer.")
    beginner = """The numbers in `{x}` look like word (or category) indices: 17 and 18 are
two unrelated words, not two similar amounts. Fed as a number, index 1500 counts as a
hundred times "more" than index 15, and the model has to learn meanings from that
arbitrary order — it barely learns, and no error appears. Give each index its own
learned vector with an `Embedding` layer first, and feed the indices as integers of shape
(samples, steps). (If these numbers really are measurements, scale them instead.)"""
    expert = """A recurrent layer applies `W·x_t` to a scalar index: the input is an
ordinal encoding of a nominal variable, so the representation is one-dimensional and
monotone in the arbitrary index order; with values up to {hi} the pre-activations also
saturate. The sampled sequences have lag-1 correlation {r} between non-zero neighbours
(a measured series is strongly autocorrelated). `Embedding(input_dim=vocab, output_dim=d)`
maps each index to a trainable d-vector; `mask_zero=True` skips 0-padding."""
    fix = """{model} = keras.Sequential([
    keras.Input(shape=({steps},), dtype="int32"),
    keras.layers.Embedding(input_dim={vocab}, output_dim=64, mask_zero=True),
    keras.layers.{kind}(...),
    ...
])
# and fit on the indices as integers: {x}.reshape(len({x}), {steps}).astype("int32")"""
    known_false_alarms = ("A univariate series of counts with little autocorrelation "
                          "(then scaling, not an Embedding, is the fix).")
    references = ("https://keras.io/api/layers/core_layers/embedding/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .keras_training import fit_calls
        k = frameworks.get("keras")
        if k is None:
            return
        for fc in fit_calls(ctx):
            if fc.x is None or not k.is_graph_model(fc.model.obj):
                continue
            first = next((la for la in k.layers_of(fc.model.obj)
                          if type(la).__name__ not in _PASS_THROUGH), None)
            if first is None or type(first).__name__ not in _SEQ_FIRST:
                continue
            tok = _token_like(fc.x)
            if tok is None:
                continue
            hi, distinct, r = tok
            kind = type(first).__name__
            if kind == "Bidirectional":
                kind = type(getattr(first, "forward_layer", first)).__name__
            yield Evidence(line=fc.call.line, subject=fc.x_name, x=fc.x_name or "X",
                           shape=str(tuple(int(d) for d in fc.x.shape)), hi=hi,
                           distinct=distinct, r=f"{r:.2f}", layer=first.name, kind=kind,
                           model=fc.model.name, steps=int(fc.x.shape[1]), vocab=hi + 1)
            return
