from __future__ import annotations

from collections.abc import Iterator

from ...analysis.lr import flat_loss_record, step_to_weight_ratio, torch_lr_fix
from ...context import CellContext
from ...frameworks import adapter
from ...registry import Evidence, Rule, Texts, register


@register
class LearningRateOutOfRange(Rule):
    id = "DLF-T005"
    name = "learning-rate-out-of-range"
    title = "Learning rate far too high or far too low"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = "`{opt}` ({kind}) has learning rate {lr}, {judgement}."
    beginner = """The learning rate sets how big each training step is. {advice} Typical
values are 0.1–0.001 for SGD and about 0.001 (1e-3) to 1e-5 for Adam-type optimizers. Start
from such a value: `{suggest}`."""
    expert = """For SGD the stable step size is bounded by 2/λ_max of the loss Hessian;
lr ≥ 1 exceeds it for virtually every network without normalisation, and for Adam-type
optimizers the per-coordinate step is ≈ lr itself (the update is normalised), so
lr ≥ 1 moves every weight by ~1 per step. Conversely lr ≤ 1e-7 gives updates below
float32 resolution relative to weights of order 1e-2 (ulp ≈ 1e-9…1e-10): training
appears frozen."""
    fix = """{fix_line}"""
    texts = {
        "too_high": Texts(
            judgement="so large that training will almost surely diverge",
            advice="""With lr={lr} each step overshoots: the loss jumps around, grows, or
becomes `nan`."""),
        "too_low": Texts(
            judgement="so small that the weights will barely change",
            advice="""With lr={lr} the steps are so tiny that the model seems not to learn at
all."""),
        # lr small but not absurd: the evidence that the weights did not move
        "too_low_seen": Texts(
            advice="""With lr={lr} the steps are so tiny that the model does not learn:
{seen_words}""",
            expert="""{expert_seen} Raise the learning rate to the optimizer's usual
range."""),
        "grads": Texts(
            judgement=("so small that one step moves its weights by at most {ratio:.1g} of "
                       "their size (the fastest of {n_mats} weight matrices, with the "
                       "gradients left by the last step): 10,000 steps would change them by "
                       "{bound:.2%}"),
            seen_words="""one step changes the weights by at most {ratio:.1g} of their
size, so they stay where they were initialised.""",
            expert_seen="""An SGD step without momentum moves the weights by exactly lr·grad:
max over {n_mats} weight matrices of lr·rms(grad)/rms(w) is {ratio:.2g} (gradients of the
last step, sampled), where a healthy run is near 1e-3; even 10⁴ such steps move the
weights by ≤ {bound:.2%}."""),
        "flat_loss": Texts(
            judgement=("so small that the recorded loss `{rec}` barely moved: {first:.4g} → "
                       "{last:.4g} over {n_rec} values ({change:.2%})"),
            seen_words="""the loss recorded in `{rec}` stayed flat ({first:.4g} →
{last:.4g}).""",
            expert_seen="""`{rec}` changed by {change:.2%} over {n_rec} values
({first:.4g} → {last:.4g}): the training did not move the loss."""),
    }
    cause = "learning-rate"
    known_false_alarms = ("Large-batch SGD with a linearly scaled learning rate and warm-up; "
                          "a learning-rate finder sweep starting from a tiny value.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = adapter("torch")
        if t is None:
            return
        for v in ctx.ns.of_kind("optimizer", framework="torch"):
            kind = t.framework_name(v.obj)     # torch's class (a user subclass's base)
            if kind not in t.vocab.LR_RANGE_OPTIMIZERS or not v.obj.param_groups:
                continue
            g = v.obj.param_groups[0]
            lr = g.get("initial_lr", g.get("lr"))
            if not isinstance(lr, (int, float)):
                continue
            seen = None
            if not (lr >= 1 or lr <= 1e-7):
                seen = self._frozen(ctx, v.obj, kind, g, lr, t.vocab)
                if seen is None:
                    continue
            fix_line = torch_lr_fix(ctx, v.name, direction="high" if lr >= 1 else "low")[0]
            if seen is not None:
                yield Evidence(subject=v.name, key=lr, variant=("too_low", "too_low_seen",
                                                                seen[0]),
                               opt=v.name, kind=kind, lr=f"{lr:g}", fix_line=fix_line,
                               suggest=fix_line.split("   #")[0],
                               same_cause="learning-rate-low", **seen[1])
                continue
            yield Evidence(subject=v.name, key=lr, variant="too_high" if lr >= 1 else "too_low",
                           opt=v.name, kind=kind, lr=f"{lr:g}", fix_line=fix_line,
                           suggest=fix_line.split("   #")[0],
                           same_cause="learning-rate" if lr >= 1 else "learning-rate-low")

    @staticmethod
    def _frozen(ctx: CellContext, opt: object, kind: str, group: dict, lr: float,
                vocab: object) -> tuple[str, dict] | None:
        """A smaller learning rate (SGD without momentum ≤ 1e-5, Adam-type ≤ 1e-6) is
        flagged only with the evidence that the weights do not move: the gradients left by
        the last step, or a recorded loss that stayed flat."""
        plain = kind in getattr(vocab, "PLAIN_SGD", ()) and not group.get("momentum")
        adam = kind in getattr(vocab, "EPSILON_OPTIMIZERS", ())
        if not ((plain and lr <= _SGD_LOW) or (adam and lr <= _ADAM_LOW)):
            return None
        if plain:
            r = step_to_weight_ratio(ctx, opt, lr)
            if r is not None and r[0] < _STEP_RATIO:
                return "grads", {"ratio": r[0], "n_mats": r[1], "bound": r[0] * 1e4}
        rec = flat_loss_record(ctx)
        if rec is not None and rec[2] != 0:
            change = abs(rec[3] - rec[2]) / abs(rec[2])
            if change < _FLAT:
                return "flat_loss", {"rec": rec[0], "n_rec": rec[1], "first": rec[2],
                                     "last": rec[3], "change": change}
        return None


_SGD_LOW = 1e-5      # plain SGD at or below this ...
_ADAM_LOW = 1e-6     # ... or an Adam-type optimizer at or below this, and:
_STEP_RATIO = 1e-6   # one step moves the weights by less than this share of their size, or
_FLAT = 0.01         # a recorded loss changed by less than this share
