from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.metric_names import quantity_direction
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
from ...wording import num


@register
class PlateauModeAgainstMetric(Rule):
    id = "DLF-T017"
    name = "plateau-mode-against-metric"
    title = "ReduceLROnPlateau counts the wrong direction of its metric as better (mode=\"max\" on a loss, \"min\" on a score)"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{sched}` (ReduceLROnPlateau, mode=\"{mode}\") is stepped with `{metric}`, "
               "{known}, which gets better as it goes {better}: it {effect} (lr {lr0} when "
               "built, {lr} now).")
    beginner = """`mode` tells ReduceLROnPlateau which way its metric improves: "min" for a
loss or an error, "max" for accuracy, F1 or AUC. `{sched}.step({metric})` hands it a value
that is better when it goes {better}, but it was built with `mode="{mode}"`: every good
epoch counts as "no improvement", and once more than {patience} of them come in a row it
multiplies the learning rate by {factor}. It {effect}. Build it with `mode="{right}"`."""
    expert = """ReduceLROnPlateau keeps `best` and counts `num_bad_epochs` by `is_better`,
which for mode="{mode}" (threshold_mode "rel") is `a {op} best * (1 {sign} threshold)`. For
`{metric}`, which improves as it goes {better}, the comparison is inverted: the tracked
"best" is the worst value and each improvement adds a bad epoch, so once
`num_bad_epochs > patience` ({patience}) the rate is multiplied by {factor}, again and again
while the model improves. Use `mode="{right}"` (or step with the negated value)."""
    fix = """{sched} = torch.optim.lr_scheduler.ReduceLROnPlateau({opt}, mode="{right}", factor={factor}, patience={patience})"""
    texts = {
        "loss": Texts(better="down", right="min", op=">", sign="+",
                      effect="cuts the learning rate while the model improves and keeps it "
                             "while the loss rises"),
        "score": Texts(better="up", right="max", op="<", sign="-",
                       effect="cuts the learning rate while the score improves and keeps it "
                              "while the score falls"),
        "by_name": Texts(known="{what} by its name"),
        "by_loss": Texts(known="{what} computed by `{source}`"),
    }
    known_false_alarms = ("A variable named like a loss that holds a score (or the other way "
                          "round); a negated value is recognised when the cell negates it.")
    references = ("https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        if t is None or not ctx.source.ok:
            return
        seen: set[str] = set()
        for c in ctx.source.calls:
            if c.attr != "step" or not c.receiver or c.receiver in seen:
                continue
            facts = t.plateau_facts(ctx.user_ns.get(c.receiver))
            if facts is None or facts["mode"] not in ("min", "max"):
                continue
            q = quantity_direction(ctx, c.kwarg("metrics", 0), c.line)
            if q is None or (q.direction == "up") == (facts["mode"] == "max"):
                continue
            seen.add(c.receiver)
            kind = "score" if q.direction == "up" else "loss"
            yield Evidence(
                variant=(kind, "by_loss" if q.how == "loss" else "by_name"),
                line=c.line, subject=c.receiver, sched=c.receiver, metric=q.name,
                mode=facts["mode"], what="a score" if kind == "score" else "a loss",
                source=q.source or "", factor=num(facts["factor"]),
                patience=facts["patience"],
                opt=ctx.ns.name_of(facts["optimizer"]) or "optimizer",
                lr=num(facts["lr"]) if facts["lr"] is not None else "unknown",
                lr0=num(facts["lr0"]) if facts["lr0"] is not None else "unknown")
