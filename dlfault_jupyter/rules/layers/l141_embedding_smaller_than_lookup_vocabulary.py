from __future__ import annotations

import importlib
from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register


@register
class EmbeddingSmallerThanLookupVocabulary(Rule):
    id = "DLF-L141"
    name = "embedding-smaller-than-lookup-vocabulary"
    title = "An Embedding table smaller than the vocabulary of the lookup layer that feeds it"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{emb}` has `input_dim={dim}`, but the {cls} `{lookup}` feeding it gives "
               "indices up to {top} (`vocabulary_size()` = {size}, its out-of-vocabulary "
               "and mask indices included): the top index is outside the embedding table.")
    beginner = """A lookup layer numbers the tokens it knows, and reserves extra indices of
its own: `[UNK]` for unknown tokens (index 0 in `StringLookup`/`IntegerLookup`, 1 in
`TextVectorization`, after the padding index 0). So it produces {size} different indices,
0 to {top}, while `{emb}` has rows only for 0 to {last}. On a CPU this crashes with an
out-of-range index; on a GPU the lookup silently returns zeros. Size the embedding from the
lookup: `input_dim={lookup}.vocabulary_size()`."""
    expert = """`vocabulary_size()` counts the vocabulary plus the OOV (and mask/padding)
indices; an `Embedding(input_dim=len(vocab))` is short by those reserved indices. The
gather with index {top} ≥ {dim} raises `InvalidArgumentError` on CPU and returns zeros on
GPU. Use `input_dim={lookup}.vocabulary_size()`."""
    fix = """keras.layers.Embedding(input_dim={lookup}.vocabulary_size(), output_dim={out})"""
    known_false_alarms = ("A model whose inputs never contain the tokens with the top "
                          "indices (still a crash waiting for the first unknown token).")
    references = ("https://keras.io/api/layers/preprocessing_layers/categorical/string_lookup/",
                  "https://keras.io/api/layers/core_layers/embedding/")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if frameworks.get("keras") is None:
            return
        kf = importlib.import_module(f"{frameworks.__name__}.keras_fit")
        written = ctx.source.assigned_names()
        used = {c.receiver_root for c in ctx.source.calls if c.receiver_root}
        for var in keras_models(ctx):
            if var.name not in written and var.name not in used:
                continue   # reported where the model is built or used
            line = next((a.line for a in ctx.source.assigns if a.target == var.name),
                        next((c.line for c in ctx.source.calls
                              if c.receiver_root == var.name), None))
            for lk, emb, size, dim in kf.lookup_embeddings(var.obj):
                lname = _bound(ctx, lk) or f"{var.name}.get_layer({lk.name!r})"
                ename = _bound(ctx, emb) or f"{var.name}.get_layer({emb.name!r})"
                yield Evidence(line=line, subject=var.name, key=(var.name, emb.name), emb=ename,
                               dim=dim, cls=type_name(lk), lookup=lname, top=size - 1,
                               size=size, last=dim - 1,
                               out=getattr(emb, "output_dim", "...") or "...")


def _bound(ctx: CellContext, obj: object) -> str | None:
    return next((n for n, v in list(ctx.user_ns.items())[-2048:]
                 if v is obj and not n.startswith("_")), None)
