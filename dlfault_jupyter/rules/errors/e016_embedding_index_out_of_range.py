from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import _line, _local, _msg, lc, locate, tb_modules, tensor_info
from ...context import CellContext
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register


@register
class EmbeddingIndexOutOfRange(Rule):
    id = "DLF-E016"
    name = "embedding-index-out-of-range"
    title = "IndexError: index out of range in self (token id ≥ num_embeddings)"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Index out of range in an embedding: {summary}"
    beginner = """An `nn.Embedding(num_embeddings, dim)` has one row per token id, for ids 0 to
num_embeddings - 1. {advice}"""
    expert = """`F.embedding` gathers rows of the weight matrix by index; ids outside
[0, num_embeddings) raise IndexError on the CPU and a device-side assert on CUDA. The
vocabulary size must count every id, plus padding / unknown tokens. {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.Embedding.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"index out of range in self"):
            return
        emb = ids = None
        torch = frameworks.adapter("torch")
        for mod, fr in reversed(tb_modules(ctx.error.exc)):
            if torch is not None and torch.layer_kind(mod) is LayerKind.EMBEDDING:
                emb, ids = mod, _local(fr, "input")
                break
        if emb is None:
            return  # index_select / gather elsewhere: not explained here
        t = frameworks.get("torch")
        n = int(emb.num_embeddings)
        _, path = locate(ctx, emb)
        where = f"`{path}` (Embedding({n}, {emb.embedding_dim}))" if path else \
            f"an Embedding({n}, {emb.embedding_dim})"
        s = t.summary(ids) if tensor_info(ids) is not None else None
        if s is not None and s.has_values and s.max is not None:
            summary = (f"{where} has ids 0..{n - 1}, but the token ids given to it run "
                       f"{s.min:g}..{s.max:g}" + ("" if s.exact else " (sampled)") + ".")
            k = int(s.max) + 1
            advice = (f"The ids go up to {s.max:g}: build the embedding with at least "
                      f"{max(k, n + 1)} rows (`num_embeddings` = vocabulary size), or map unknown "
                      f"ids to a reserved index.")
            fix_code = f"nn.Embedding({max(k, n + 1)}, {emb.embedding_dim})   # vocabulary size = max id + 1"
        else:
            summary = f"{where} got a token id ≥ {n} (or negative)."
            advice = "Make `num_embeddings` the vocabulary size (max id + 1)."
            fix_code = f"nn.Embedding(vocab_size, {emb.embedding_dim})   # vocab_size = max id + 1"
        yield Evidence(line=_line(ctx), subject=path.split("[")[0].split(".")[0] if path
                       else None, summary=lc(summary), advice=advice, mechanism="",
                       fix_code=fix_code)
