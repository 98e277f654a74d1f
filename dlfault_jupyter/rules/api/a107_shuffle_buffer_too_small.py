from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.pipelines import _FW, Op, _pipelines, _replace_call, _seg
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


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
    texts = {
        # a buffer of 0 or 1
        "no_shuffle": Texts(effect="it does not shuffle at all.",
                            why="With a buffer of 1 nothing is shuffled."),
        # a buffer under 1% of the data
        "local_shuffle": Texts(
            effect="""samples only move a short distance from their place, so sorted data
stays nearly sorted.""",
            why="""With {buf} out of {n}, samples barely leave their neighbourhood; sorted
data stays nearly sorted."""),
        "size_known": Texts(of_n=" for {n} samples"),
        "size_unknown": Texts(of_n=""),
    }
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
                size = "size_known" if n else "size_unknown"
                if buf <= 1:
                    yield Evidence(line=o.line, variant=("no_shuffle", size),
                                   shuffle=_seg(ctx, o), buf=buf, n=n, suggest=n or "10_000",
                                   fixed=fixed)
                elif n and buf * 100 < n:
                    yield Evidence(line=o.line, severity="info",
                                   variant=("local_shuffle", "size_known"),
                                   shuffle=_seg(ctx, o), buf=buf, n=n, suggest=n, fixed=fixed)
                break
