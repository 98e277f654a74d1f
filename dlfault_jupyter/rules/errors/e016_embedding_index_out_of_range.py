from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.errors import _line, _local, _msg, locate, tb_modules, tensor_info
from ...context import CellContext
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, Texts, register


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
vocabulary size must count every id, plus padding / unknown tokens."""
    fix = """{fix_code}"""
    # A finding is written with the embedding's place and whether the ids were seen.
    texts = {
        "at_path": Texts(where="`{path}` (Embedding({n}, {dim}))"),
        "no_path": Texts(where="an Embedding({n}, {dim})"),
        "ids_seen": Texts(
            summary="""{where} has ids 0..{last}, but the token ids given to it run
{lo}..{hi}{sampled}.""",
            sampled="",
            advice="""The ids go up to {hi}: build the embedding with at least {rows} rows
(`num_embeddings` = vocabulary size), or map unknown ids to a reserved index.""",
            fix_code="nn.Embedding({rows}, {dim})   # vocabulary size = max id + 1",
        ),
        "ids_sampled": Texts(sampled=" (sampled)"),
        "ids_unseen": Texts(
            summary="{where} got a token id ≥ {n} (or negative).",
            advice="Make `num_embeddings` the vocabulary size (max id + 1).",
            fix_code="nn.Embedding(vocab_size, {dim})   # vocab_size = max id + 1",
        ),
    }
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
        s = t.summary(ids) if tensor_info(ids) is not None else None
        fields: dict[str, Any] = dict(path=path, n=n, dim=emb.embedding_dim, last=n - 1)
        variant = ["at_path" if path else "no_path"]
        if s is not None and s.has_values and s.max is not None:
            variant += ["ids_seen"] + ([] if s.exact else ["ids_sampled"])
            fields.update(lo=f"{s.min:g}", hi=f"{s.max:g}", rows=max(int(s.max) + 1, n + 1))
        else:
            variant.append("ids_unseen")
        yield Evidence(line=_line(ctx), subject=path.split("[")[0].split(".")[0] if path
                       else None, variant=tuple(variant), **fields)
