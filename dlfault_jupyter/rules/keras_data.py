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
    fix = """ds = ds.shuffle(buffer_size=len_of_data).batch(32).prefetch(tf.data.AUTOTUNE)"""
    references = ("https://www.tensorflow.org/guide/data#randomly_shuffling_input_data",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for ops in _pipelines(ctx).all_chains():
            for b, s in _after(ops, ("batch", "padded_batch", "ragged_batch"), "shuffle",
                               reset=("unbatch",)):
                yield Evidence(line=s.line, shuffle=_seg(ctx, s), batch=_seg(ctx, b))
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
    fix = """ds = ds.shuffle(buffer_size).repeat().batch(32)"""
    references = ("https://www.tensorflow.org/guide/data#training_workflows",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for ops in _pipelines(ctx).all_chains():
            for r, s in _after(ops, ("repeat",), "shuffle"):
                yield Evidence(line=s.line, shuffle=_seg(ctx, s), repeat=_seg(ctx, r))
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
    fix = """ds = ds.map(preprocess).cache().map({fn}, num_parallel_calls=tf.data.AUTOTUNE)"""
    references = ("https://www.tensorflow.org/guide/data_performance#caching",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for ops in _pipelines(ctx).all_chains():
            rnd: Op | None = None
            for o in ops:
                if o.name == "map" and _random_map(ctx, o):
                    rnd = o
                elif o.name == "cache" and rnd is not None and o.line is not None:
                    yield Evidence(line=o.line, cache=_seg(ctx, o), fn=_random_map(ctx, rnd))
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
    fix = """ds = ds.shuffle(buffer_size={suggest})"""
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
                if buf <= 1:
                    yield Evidence(line=o.line, shuffle=_seg(ctx, o), buf=buf,
                                   of_n=f" for {n} samples" if n else "",
                                   effect="it does not shuffle at all.",
                                   why="With a buffer of 1 nothing is shuffled.",
                                   suggest=n or "10_000")
                elif n and buf * 100 < n:
                    yield Evidence(line=o.line, severity="info", shuffle=_seg(ctx, o),
                                   buf=buf, of_n=f" for {n} samples",
                                   effect="samples only move a short distance from their "
                                          "place, so sorted data stays nearly sorted.",
                                   why=(f"With {buf} out of {n}, samples barely leave their "
                                        "neighbourhood; sorted data stays nearly sorted."),
                                   suggest=n)
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
    fix = """ds = ds.map(fn, num_parallel_calls=tf.data.AUTOTUNE)"""
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
                        yield Evidence(line=o.line, map=_seg(ctx, o))


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
