from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...analysis.training import _OPTIMIZERS, _is_keras_name
from ...context import CellContext
from ...registry import Evidence, Rule, register

_RENAMED_ARGS = {"lr": "learning_rate"}


_REMOVED_ARGS = {"decay": "a learning-rate schedule, e.g. "
                          "`keras.optimizers.schedules.InverseTimeDecay`"}


#: what Keras 3 does with each argument (tests/test_framework_claims.py checks both):
#: `lr=` raises, `decay=` is accepted with a UserWarning and ignored
_FATE = {"lr": "rejects it (\"Argument(s) not recognized\")",
         "decay": "ignores it (it only warns \"Argument `decay` is no longer supported and "
                  "will be ignored\"), so the learning rate never decays"}


def _default_lr(cls: Any) -> str | None:
    """The default ``learning_rate`` of a Keras optimizer class, as source text."""
    import inspect
    try:
        d = inspect.signature(cls).parameters["learning_rate"].default
    except (TypeError, ValueError, KeyError):
        return None
    return repr(d) if isinstance(d, float) else None


@register
class DeprecatedOptimizerArgument(Rule):
    id = "DLF-A101"
    name = "deprecated-optimizer-argument"
    title = "Keras 2 optimizer argument (lr=, decay=) that Keras 3 rejects or ignores"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = "`{call}` uses `{arg}=`, a Keras 2 argument: Keras 3 {fate}. Use {instead}."
    beginner = """Older Keras tutorials write `{opt}({arg}=...)`. Keras 3 (TensorFlow 2.16+)
{fate}. Use {instead}."""
    expert = """Keras 3 optimizers take the learning rate only as `learning_rate` (a float
or a `LearningRateSchedule`): the legacy `lr` alias raises "Argument(s) not recognized", and
`decay` is accepted only to warn that it is ignored, so the per-step decay of Keras 2 no
longer happens. Both went with `keras.optimizers.legacy`."""
    fix = """{fixed}"""
    references = ("https://keras.io/api/optimizers/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for c in ctx.source.calls:
            if c.attr not in _OPTIMIZERS or not _is_keras_name(ctx, c.name):
                continue
            for arg in c.kwargs:
                seg = ctx.source.segment
                if arg in _RENAMED_ARGS:
                    instead = f"`{_RENAMED_ARGS[arg]}=`"
                    val = seg(c.kwargs[arg]) or "1e-3"
                    fixed = f"{c.name}(learning_rate={val})"
                    sev = None
                elif arg in _REMOVED_ARGS:
                    instead = _REMOVED_ARGS[arg]
                    # the user's own learning rate and other arguments; none given: the
                    # optimizer's own default, the rate the call runs with today
                    lr = next((seg(c.kwargs[k]) for k in ("learning_rate", "lr")
                               if k in c.kwargs), None) or (seg(c.args[0]) if c.args else None)
                    if lr is None:
                        lr = _default_lr(ctx.source.resolve(c.name))
                    rest = "".join(f", {k}={seg(v)}" for k, v in c.kwargs.items()
                                   if k not in ("learning_rate", "lr", "decay"))
                    fixed = (f"schedule = keras.optimizers.schedules.InverseTimeDecay(\n"
                             f"    initial_learning_rate={lr or '...'}, decay_steps=1, "
                             f"decay_rate={seg(c.kwargs[arg]) or '1e-6'})\n"
                             f"{c.name}(learning_rate=schedule{rest})")
                    sev = "warning"   # Keras warns and goes on with a constant rate
                else:
                    continue
                yield Evidence(line=c.line, severity=sev,
                               call=ctx.source.segment(c.node) or c.name, arg=arg,
                               fate=_FATE[arg], instead=instead, opt=c.name, fixed=fixed)
                break
