from __future__ import annotations

import math
from collections.abc import Iterator
from statistics import median

from ...analysis.runtime import (
    RuntimeRule,
    _finite_prefix,
    _fmt,
    _lname,
    _lr_line,
    _model,
    _opt,
    _windows,
    keras_run,
    loss_shape,
)
from ...context import CellContext
from ...registry import Evidence, Texts, register


@register
class UpdateRatio(RuntimeRule):
    id = "DLF-T309"
    name = "update-to-weight-ratio-off"
    title = "Each update changes the weights far too much or far too little"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    message = ("Each update of `{opt}` changes the weights by {ratio} of their size (median "
               "over layers; healthy runs are near 1e-3): the learning rate is {verdict}.")
    beginner = """A good rule of thumb: one update should change a weight matrix by about a
thousandth of its size. Here it is {ratio}. {advice}"""
    expert = """Median over weight matrices of ‖Δw‖/‖w‖ per step at the probed steps:
{ratio} ({worst} {worst_ratio}). Ratios around 1e-3 are typical of stable training;
≫1e-2 means the weights are rewritten every step (instability, forgetting), ≪1e-5 means
training crawls. Scale the learning rate by roughly 1e-3/ratio and re-check."""
    torch_fix = """{lr_line}"""
    cause = "learning-rate"   # too high; a finding of too low names its own cause
    keras_fix = """{lr_line}"""
    fix = torch_fix
    texts = {
        "keras": Texts(
            fix=keras_fix,
        ),
        "too_high": Texts(verdict="far too high", advice="Lower the learning rate (by 10–100×)."),
        "too_low": Texts(verdict="far too low",
                         advice="Raise the learning rate (by 100× or more)."),
    }
    known_false_alarms = ("The first steps of Adam on a freshly initialised small model, and "
                          "warm-up phases, can show large ratios.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.probes < 3:
            return
        per = []
        for ls in tr.param_layers():
            vals = [v for s, v in ls.update_ratios.points if s > 0 and math.isfinite(v)]
            if len(vals) >= 2:
                per.append((ls.name, median(vals)))
        if not per:
            return
        r = median(v for _, v in per)
        if 1e-6 <= r <= 0.1:
            return
        if r == 0:
            return  # nothing moved: DLF-T308 / DLF-T303
        if r > 0.1:
            shape, _d = loss_shape(tr)
            vals = _finite_prefix(tr)
            if shape is None and len(vals) >= 8:
                first, last, _w = _windows(vals)
                if last < 0.7 * first:
                    return  # large steps, but the loss falls well: leave it
        worst = max(per, key=lambda p: abs(math.log10(max(p[1], 1e-30)) + 3))
        high = r > 0.1
        ker = keras_run(tr)
        opt = _opt(tr)
        yield Evidence(subject=_model(tr) if ker else opt, key="high" if high else "low",
                       variant="too_high" if high else "too_low", ratio=_fmt(r), opt=opt,
                       model=_model(tr), worst=_lname(ctx, worst[0]), worst_ratio=_fmt(worst[1]),
                       lr_hint="1e-3", lr_line=_lr_line(ctx, tr, "high" if high else "low"),
                       same_cause="learning-rate" if high else "learning-rate-low")
