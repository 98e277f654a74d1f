from __future__ import annotations

import ast
import sys
from collections.abc import Iterator

from ... import frameworks
from ...analysis.roles import (
    _TRAINING_HOWS,
    MAX_NAMES,
    Data,
    _counts_text,
    _few_per_class,
    _line,
    _partner,
    _train_labels,
)
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _weight_fix(d: Data, ctx: CellContext) -> tuple[tuple[str, ...], dict[str, str]]:
    """The variant(s) of the fix (none: the rule's own, class weights in the loss module)
    and their fields."""
    mv = ctx.ns.get(d.use.model)
    y = d.label if d.label.isidentifier() else "y"
    if d.framework == "torch" or (mv is not None and mv.framework == "torch"):
        t = frameworks.get("torch")
        ce = [v.name for v in ctx.ns.of_kind("loss", framework="torch")
              if t.framework_name(v.obj) in t.vocab.CROSS_ENTROPY]
        functional = None if ce else _functional_loss(ctx, y)
        if functional is not None:
            return ("fix_torch_functional",), {"y": y, "weighted_call": functional}
        return (), {"y": y, "loss_fn": ce[0] if len(ce) == 1 else "loss_fn"}
    one_hot = len(getattr(d.obj, "shape", ())) == 2 and d.obj.shape[1] > 1
    return (("fix_keras", "one_hot" if one_hot else "class_ids"),
            {"y": y, "x": _partner(ctx, d) or "X", "model": d.use.model or "model"})


_FUNCTIONAL_CE = ("torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss")


def _functional_loss(ctx: CellContext, y: str) -> str | None:
    """The user's own functional loss call on ``y`` (``F.cross_entropy(model(x), y)``) with
    ``weight=weights`` added, when the labels go into one in this cell."""
    src = ctx.source
    if not src.ok:
        return None
    for c in src.calls:
        if len(c.node.args) >= 2 and isinstance(c.node.args[1], ast.Name) and \
                c.node.args[1].id == y and "weight" not in c.kwargs and \
                ctx.analysis.names.matches(c.node.func, *_FUNCTIONAL_CE):
            call = ast.Call(func=c.node.func, args=c.node.args,
                            keywords=[*c.node.keywords,
                                      ast.keyword(arg="weight", value=ast.Name("weights"))])
            return ast.unparse(call)
    return None


_BALANCING_CALLS = {"WeightedRandomSampler", "compute_class_weight", "compute_sample_weight",
                    "RandomOverSampler", "RandomUnderSampler", "SMOTE", "ADASYN", "resample",
                    "sigmoid_focal_loss"}


_BALANCING_KWARGS = {"class_weight", "sample_weight", "pos_weight"}


def _imbalance_handled(ctx: CellContext) -> bool:
    """Class weights, a weighted sampler or resampling seen in the notebook (source,
    remembered across cells) or in the namespace (a weighted loss, a loader whose sampler
    is a WeightedRandomSampler)."""
    mem = ctx.remember("DLF-T203")
    if mem.get("handled"):
        return True
    src = ctx.source
    if src.ok:
        for c in src.calls:
            if c.attr in _BALANCING_CALLS or (set(c.kwargs) & _BALANCING_KWARGS) or (
                    "weight" in c.kwargs and (c.attr or "").endswith(
                        ("CrossEntropyLoss", "NLLLoss", "cross_entropy", "nll_loss",
                         "BCELoss", "BCEWithLogitsLoss", "binary_cross_entropy"))):
                mem["handled"] = True
                return True
    if "torch" in sys.modules:
        for v in ctx.ns.of_kind("loss", framework="torch"):
            if getattr(v.obj, "weight", None) is not None or \
                    getattr(v.obj, "pos_weight", None) is not None:
                return True
        t = frameworks.get("torch")
        for v in ctx.ns.of_kind("loader", framework="torch"):
            if t.is_weighted_sampler(getattr(v.obj, "sampler", None)):
                return True
    return False


@register
class ClassImbalance(Rule):
    id = "DLF-T203"
    name = "class-imbalance"
    title = "Strongly unbalanced classes in the training labels"
    taxonomy = "training.data_quality"
    severity = "info"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{labels}` is unbalanced: the largest class has {ratio}x more samples than "
               "the smallest ({counts}{sampled}){verdict}.")
    beginner = """Class {minority} is rare in `{labels}` compared with class {majority}. A
model can reach a high accuracy just by always predicting the common class, and then it
never learns the rare one — accuracy will look good while the model is useless for that
class. Give the rare classes more weight in the loss, resample the data, and judge the
model with per-class metrics (precision/recall, F1, a confusion matrix), not accuracy
alone."""
    expert = """With a majority/minority ratio of {ratio}:1 the empirical risk is dominated
by the majority class; the minority gradient signal is ~1/{ratio} of it and the
decision threshold drifts toward the prior. Counter with class-weighted loss (inverse
frequency), over/under-sampling (`WeightedRandomSampler`), focal loss, or threshold
tuning, and report macro-averaged or per-class metrics. Counts are {exactness}.
Reported as a warning from a majority/minority ratio of {warn_ratio}:1, as advice from
{info_ratio}:1; not reported when class weights, a weighted sampler or resampling is
seen."""
    # inverse-frequency class weights in the user's CrossEntropyLoss
    fix = """counts = torch.bincount({y}.long().flatten())
weights = counts.sum() / (len(counts) * counts.clamp(min=1).float())
{loss_fn} = nn.CrossEntropyLoss(weight=weights)"""
    texts = {
        # ratio >= WARN_RATIO: a warning
        "warn": Texts(verdict=""", at or above the {warn_ratio}:1 ratio where a model can
ignore the rare class, and no class weights or weighted sampler are used"""),
        "advice": Texts(verdict=""),
        "exact": Texts(sampled="", exactness="exact"),
        "sampled": Texts(sampled="; in a sample of {n} of {total}",
                         exactness="estimated from an evenly spaced sample of {n} labels"),
        # the fix (inverse-frequency class weights) for a functional loss, or for Keras
        "fix_torch_functional": Texts(fix="""counts = torch.bincount({y}.long().flatten())
weights = counts.sum() / (len(counts) * counts.clamp(min=1).float())
{weighted_call}"""),
        "fix_keras": Texts(fix="""import numpy as np
classes, counts = np.unique({ys}, return_counts=True)
class_weight = {{int(c): len({y}) / (len(classes) * n) for c, n in zip(classes, counts)}}
{model}.fit({x}, {y}, class_weight=class_weight)"""),
        "one_hot": Texts(ys="{y}.argmax(axis=1)"),
        "class_ids": Texts(ys="{y}"),
    }
    known_false_alarms = ("Imbalance that is intended and already handled by a sampler or "
                          "class weights the check cannot see.")
    references = ("https://pytorch.org/docs/stable/data.html#torch.utils.data.WeightedRandomSampler",
                  "https://keras.io/api/models/model_training_apis/#fit-method")

    WARN_RATIO = 10   # majority/minority: a model can ignore the rare class
    INFO_RATIO = 5

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        handled = _imbalance_handled(ctx)
        # not at train_test_split: class weights or a sampler usually come with training
        for d, s, counts in _train_labels(ctx, hows=_TRAINING_HOWS):
            if len(counts) < 2:
                continue
            n = sum(counts.values())
            hi, lo = max(counts.values()), min(counts.values())
            if lo * self.INFO_RATIO > hi:
                continue
            if s.exact and _few_per_class(counts, n):
                continue  # reported by DLF-T205
            if s.exact and lo < 3:
                continue  # a couple of odd samples, not a distribution
            ratio = hi / lo
            majority = max(counts, key=counts.get)
            minority = min(counts, key=counts.get)
            if handled:
                continue  # class weights / a weighted sampler / resampling in use
            warn = ratio >= self.WARN_RATIO
            said = ctx.remember(self.id).setdefault("said", {})
            sig = (id(d.obj), hi, lo, warn)
            if said.get(id(d.obj)) == sig:
                continue  # the same labels, already reported (used again in a later cell)
            said[id(d.obj)] = sig
            if len(said) > MAX_NAMES:
                said.clear()
            fix, fix_fields = _weight_fix(d, ctx)
            variant = ("warn" if warn else "advice", "exact" if s.exact else "sampled", *fix)
            yield Evidence(line=_line(d), subject=d.subject, key=("imbalance", warn),
                           severity="warning" if warn else None, variant=variant,
                           warn_ratio=self.WARN_RATIO, info_ratio=self.INFO_RATIO,
                           labels=d.label, ratio=f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}",
                           counts=_counts_text(counts), n=n, total=s.shape[0],
                           majority=majority, minority=minority, **fix_fields)
