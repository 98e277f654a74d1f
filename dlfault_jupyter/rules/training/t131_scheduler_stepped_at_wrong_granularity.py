from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
from ...wording import num


def _len(obj: Any) -> int | None:
    try:
        n = len(obj)
    except Exception:  # noqa: BLE001 - an iterable-style loader has no length
        return None
    return n if isinstance(n, int) else None


def _lr(sched: Any) -> float | None:
    try:
        v = sched.get_last_lr()[0]
    except Exception:  # noqa: BLE001
        return None
    return float(v) if isinstance(v, (int, float)) else None


@register
class SchedulerSteppedAtWrongGranularity(Rule):
    id = "DLF-T131"
    name = "scheduler-stepped-at-wrong-granularity"
    title = "Learning-rate scheduler stepped per batch when it counts epochs, or per epoch when it counts batches"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{sched}` ({kind}, step_size={size}) is stepped on every batch of `{loader}` "
               "({batches} batches per epoch): the learning rate is multiplied by {gamma} every "
               "{size} batches, {per_epoch} times per epoch (now {lr}).")
    beginner = """`{sched}.step()` sits inside the batch loop, so `{kind}` counts batches,
not epochs: `step_size={size}` means every {size} batches. With {batches} batches per epoch
the learning rate is multiplied by {gamma} {per_epoch} times in each epoch and is close to
zero after the first one (it is {lr} now), so training stops early without any error. Step
the scheduler once per epoch, after the batch loop."""
    expert = """`LRScheduler.step()` advances `last_epoch` by one per call, whatever the
loop. StepLR/MultiStepLR/ExponentialLR are usually sized in epochs; stepped per batch the
decay happens len(loader) times faster: lr = lr0 · γ^(⌊t/step_size⌋) with t in batches."""
    fix = """for ...:                        # epochs
    for xb, yb in {loader}:
        ...
        optimizer.step()
    {sched}.step()                  # once per epoch"""
    texts = {
        "cosine": Texts(
            message=("`{sched}` (CosineAnnealingLR, T_max={size}) is stepped on every batch of "
                     "`{loader}` ({batches} batches per epoch): the learning rate falls to "
                     "eta_min and climbs back every {period} batches, {per_epoch} full cycles "
                     "per epoch (now {lr})."),
            beginner="""`{sched}.step()` sits inside the batch loop, so `T_max={size}` counts
batches, not epochs. The cosine schedule is periodic: after T_max steps it rises again, so
the learning rate swings between its maximum and eta_min {per_epoch} times in every epoch
instead of decaying once over the run. Step it once per epoch, or build it with
`T_max=epochs * len({loader})` if you step it per batch."""),
        "exponential": Texts(
            message=("`{sched}` (ExponentialLR, gamma={gamma}) is stepped on every batch of "
                     "`{loader}` ({batches} batches per epoch): the learning rate shrinks "
                     "{per_epoch}× per epoch (now {lr})."),
            beginner="""`{sched}.step()` sits inside the batch loop, so gamma={gamma} is applied
after every batch: {batches} times per epoch, a factor of {per_epoch} each epoch. The
learning rate is close to zero after the first epoch and training stops without any error.
Step the scheduler once per epoch, after the batch loop."""),
        "milestones": Texts(
            message=("`{sched}` (MultiStepLR, milestones={size}) is stepped on every batch of "
                     "`{loader}` ({batches} batches per epoch): every milestone is passed in "
                     "the first epoch, and the learning rate is multiplied by {gamma} at each "
                     "(now {lr})."),
            beginner="""`{sched}.step()` sits inside the batch loop, so MultiStepLR counts
batches, not epochs: the milestones {size} are reached within the first epoch of {batches}
batches, and the learning rate is cut by {gamma} at each of them (it is {lr} now), so the
rest of training runs at the smallest rate without any error. Step the scheduler once per
epoch, after the batch loop."""),
        "per_epoch": Texts(
            message=("`{sched}` (OneCycleLR over {total} steps) is stepped once per epoch, "
                     "outside the batch loop over `{loader}` ({batches} batches): after "
                     "{taken} steps it has run {pct}% of its schedule and the learning rate "
                     "is {lr}, still in warm-up (max_lr {max_lr})."),
            beginner="""OneCycleLR was built for {total} steps (epochs × steps_per_epoch),
i.e. to be stepped after every batch. Stepped once per epoch it never leaves its warm-up:
the learning rate stays near its low starting value ({lr} now, max_lr {max_lr}) for the
whole run. Call `{sched}.step()` right after `optimizer.step()`, inside the batch loop.""",
            expert="""OneCycleLR raises ValueError only after total_steps calls; stepped per
epoch it covers epochs/total_steps of its cycle (warm-up is pct_start of it), so the run
trains at ≈ max_lr/div_factor.""",
            fix="""for xb, yb in {loader}:
    ...
    optimizer.step()
    {sched}.step()                  # once per batch"""),
    }
    known_false_alarms = ("A StepLR deliberately sized in batches (then step_size is usually "
                          "far larger than one epoch, which stays quiet).")
    references = ("https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
                  "https://discuss.pytorch.org/t/how-to-use-onecyclelr/111601")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        seen: set[str] = set()
        for st in ctx.analysis.training_steps:
            if st.kind != "backward" or not st.scheduler or not st.loader or \
                    st.scheduler in seen:
                continue
            sched = ctx.user_ns.get(st.scheduler)
            loader = ctx.user_ns.get(st.loader)
            kind = frameworks.type_name(sched)
            t = frameworks.get("torch")
            own = t.framework_name(sched) if t is not None else None
            v = t.vocab if t is not None else None
            batches = _len(loader)
            if sched is None or not batches or batches < 2:
                continue
            lr = _lr(sched)
            if v is None:
                continue
            if st.scheduler_per == "step" and own in v.STEP_DECAY_SCHEDULERS:
                size = getattr(sched, "step_size", None)
                ms: list[int] = []
                if own in v.MILESTONE_SCHEDULERS:
                    ms = sorted(getattr(sched, "milestones", {}) or ())
                    size = ms[0] if ms and ms[-1] < batches else None
                gamma = getattr(sched, "gamma", None)
                if not isinstance(size, int) or size < 1 or size >= batches or \
                        not isinstance(gamma, (int, float)) or gamma >= 1:
                    continue
                seen.add(st.scheduler)
                yield Evidence(line=st.line, subject=st.scheduler, sched=st.scheduler,
                               variant="milestones" if ms else None,
                               kind=kind, size=str(ms) if ms else size, gamma=num(gamma), batches=batches,
                               loader=st.loader, per_epoch=batches // size,
                               lr=num(lr) if lr is not None else "unknown")
            elif st.scheduler_per == "step" and own in v.COSINE_SCHEDULERS:
                size = getattr(sched, "T_max", None)
                if not isinstance(size, int) or size < 1 or 2 * size > batches:
                    continue        # at most one half-cycle per epoch: sized in batches
                seen.add(st.scheduler)
                yield Evidence(line=st.line, subject=st.scheduler, variant="cosine",
                               sched=st.scheduler, kind=kind, size=size, gamma="",
                               batches=batches, loader=st.loader, period=2 * size,
                               per_epoch=num(batches / (2 * size)),
                               lr=num(lr) if lr is not None else "unknown")
            elif st.scheduler_per == "step" and own in v.EXPONENTIAL_SCHEDULERS:
                gamma = getattr(sched, "gamma", None)
                if not isinstance(gamma, (int, float)) or not 0 < gamma < 1 or \
                        gamma ** batches > 0.01:
                    continue        # decays less than 100x per epoch: plausibly per batch
                seen.add(st.scheduler)
                yield Evidence(line=st.line, subject=st.scheduler, variant="exponential",
                               sched=st.scheduler, kind=kind, size="", gamma=num(gamma),
                               batches=batches, loader=st.loader, period="",
                               per_epoch=num(1.0 / gamma ** batches),
                               lr=num(lr) if lr is not None else "unknown")
            elif st.scheduler_per == "epoch" and own in v.ONE_CYCLE_SCHEDULERS:
                total = getattr(sched, "total_steps", None)
                taken = getattr(sched, "last_epoch", None)
                if not isinstance(total, int) or not isinstance(taken, int) or taken < 1 or \
                        total < taken * batches:
                    continue        # sized for one step per epoch (or already run through)
                groups = getattr(getattr(sched, "optimizer", None), "param_groups", None) or [{}]
                max_lr = groups[0].get("max_lr")
                seen.add(st.scheduler)
                yield Evidence(line=st.line, subject=st.scheduler, variant="per_epoch",
                               sched=st.scheduler, total=total, taken=taken,
                               pct=num(100.0 * taken / total), loader=st.loader,
                               batches=batches, lr=num(lr) if lr is not None else "unknown",
                               max_lr=num(max_lr) if isinstance(max_lr, (int, float))
                               else "unknown")
