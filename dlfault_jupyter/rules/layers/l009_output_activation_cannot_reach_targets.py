from __future__ import annotations

from collections.abc import Iterator

from ...analysis.model_facts import model_facts
from ...analysis.roles import _classification, _line, data_of, sample_rows, summary
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
from ...wording import num

# output range of a final activation: (low, high); None = unbounded on that side
_RANGES: dict[str, tuple[float | None, float | None]] = {
    "relu": (0.0, None), "softplus": (0.0, None), "exponential": (0.0, None),
    "sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0),
}
_MIN_SHARE = 0.05      # at least 5 % of the sampled targets out of reach


@register
class OutputActivationCannotReachTargets(Rule):
    id = "DLF-L009"
    name = "output-activation-cannot-reach-targets"
    title = "The output activation cannot produce the regression targets' values"
    taxonomy = "model.layers.activation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras")
    message = ("`{model}` ends with `{output}` ({kind}), whose outputs are always {range}, "
               "but {share} of the regression targets `{labels}` are {side} (min {lo}, "
               "max {hi}): the model can never predict them.")
    beginner = """The last layer of a regression model decides which numbers it can output.
`{kind}` only gives values {range}, while {share} of the targets in `{labels}` are {side}.
For those samples the error can never reach zero and training settles on a poor
compromise. A regression output normally has no activation: end the model with the
linear layer."""
    expert = """The codomain of the final `{kind}` is {range}; the targets (min {lo}, max
{hi}) lie outside it for {share} of the sampled values, so the loss is bounded below by
their distance to that interval, and the activation's gradient vanishes where it
saturates or clips, so those samples stop teaching the model anything. Use an identity output (or rescale the targets
into the activation's range when a bounded output is really wanted)."""
    fix = """{fixed}"""
    texts = {
        "torch_seq": Texts(fixed="{model} = nn.Sequential(*list({model})[:-1])   # "
                                 "the same layers without the final {kind}"),
        "torch": Texts(fixed="# in {model}'s forward(): return the output layer's value "
                             "without {kind}"),
        "keras": Texts(fixed="layers.Dense({units})   # activation=None: a linear "
                             "regression output"),
    }
    known_false_alarms = ("Targets that are meant to be clipped at the activation's bound "
                          "(a model that should never predict below zero).")
    references = ("https://stats.stackexchange.com/questions/362588/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        seen: set[tuple[int, str | None]] = set()
        for d in data_of(ctx, "y", train=True):
            model = d.use.model
            mv = ctx.ns.get(model) if model else None
            if mv is None or (id(d.obj), model) in seen:
                continue
            seen.add((id(d.obj), model))
            facts = model_facts(mv.obj)
            if facts is None or facts.activation not in _RANGES or not facts.output:
                continue
            s = summary(d)
            if s is None or not s.has_values or not s.is_float or \
                    _classification(ctx, d, s) or s.min is None or s.max is None:
                continue
            low, high = _RANGES[facts.activation]
            rows = sample_rows(d)
            if rows is None or rows.size == 0:
                continue
            out = 0
            if low is not None:
                out += int((rows < low).sum())
            if high is not None:
                out += int((rows > high).sum())
            share = out / rows.size
            if share < _MIN_SHARE:
                continue
            side = (f"below {num(low)}" if high is None else
                    f"outside {num(low)} to {num(high)}")
            rng = (f"{num(low)} or more" if high is None else
                   f"between {num(low)} and {num(high)}")
            variant = "keras" if facts.framework == "keras" else (
                "torch_seq" if facts.structure == "sequential" else "torch")
            output = facts.output
            if facts.framework == "torch" and ": " in output:
                idx = output.split(": ", 1)[0]
                output = f"{model}[{idx}]" if idx.isdigit() else f"{model}.{idx}"
            yield Evidence(line=_line(d), subject=model, key=("reach", model, d.label),
                           model=model, output=output, kind=facts.output_kind,
                           range=rng, side=side, share=f"{share:.0%}", labels=d.label,
                           lo=num(s.min), hi=num(s.max), units=facts.units or 1,
                           variant=variant)
