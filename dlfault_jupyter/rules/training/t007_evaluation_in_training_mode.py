from __future__ import annotations

import re
from collections.abc import Iterator

from ...analysis.training import (
    UserFunction,
    _helper_mode,
    _mode_calls,
    _model_calls,
    user_function,
)
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...source.facts import root_name

_EVAL_NAMES = ("evaluat", "test", "valid", "predict", "accuracy", "infer", "score")


def _evaluates(uf: UserFunction, var: str) -> str | None:
    """How the function ``uf`` evaluates the model held by ``var`` (a parameter or a global
    name): under no_grad / in a function named like an evaluation, with no backward/step,
    no ``.train()/.eval()`` on it and without handing it to another function. ``None`` when
    it does not (or when that cannot be told)."""
    f = uf.facts
    if f.calls_to("backward", "step", "zero_grad") or uf.mode_calls(var, "eval", "train",
                                                                       "requires_grad_"):
        return None
    if uf.passes_on(var):
        return None
    calls = [c for c in f.calls if c.name == var or (c.attr == "forward" and c.receiver == var)]
    if not calls:
        return None
    if any(f.inside_with(c.node, "no_grad", "inference_mode") for c in calls):
        return "runs under `torch.no_grad()`"
    if any(k in uf.name.lower() for k in _EVAL_NAMES):
        return "evaluates it"
    return None


_NOISE_RE = re.compile(r"noise|latent|^z$|^z_|_z$", re.I)


_GENERATOR_RE = re.compile(r"^(net_?)?g(en)?(_|\d|$)|generator|decoder", re.I)


def _samples_generator(model: str, call) -> bool:
    """``netG(fixed_noise)``, ``generator(z)``: images sampled from a generative model
    (the DCGAN tutorial samples in training mode on purpose; there is no score that
    BatchNorm's batch statistics would bias)."""
    arg = call.args[0] if call.args else None
    root = root_name(arg) if arg is not None else None
    return bool(root and _NOISE_RE.search(root)) or bool(_GENERATOR_RE.search(model))


@register
class EvaluatedInTrainingMode(Rule):
    id = "DLF-T007"
    name = "evaluation-in-training-mode"
    title = "The model is evaluated in training mode (model.eval() missing)"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{call}` (line {at}) {how} — an evaluation — while `{model}` is still in "
               "training mode, so its {layers} behave as in training.")
    beginner = """`torch.no_grad()` only stops gradient tracking; it does not switch the
model to evaluation mode. `{model}` contains {layers}: in training mode, Dropout randomly
drops units and BatchNorm uses (and updates!) the statistics of the current batch, so the
predictions are noisy and the measured accuracy is wrong. Call `{model}.eval()` before
evaluating, and `{model}.train()` before training again."""
    expert = """`Module.training` (set by `.train()`/`.eval()`) controls Dropout (identity
in eval) and BatchNorm (running statistics in eval; in train mode it normalises with
batch statistics and updates `running_mean/var` with momentum, even under `no_grad`).
Evaluating in train mode therefore gives stochastic, batch-size-dependent outputs and
silently corrupts the running statistics with evaluation data."""
    fix = """{model}.eval()
with torch.no_grad():
    out = {call}
{model}.train()   # before the next training epoch"""
    known_false_alarms = ("Monte-Carlo dropout, where the model is kept in training mode on "
                          "purpose to sample predictions.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:  # noqa: C901 - the rule's chain of evidence, one guard per fact; to shrink as the facts move to analysis/ (issue 12)
        from ... import frameworks

        t = frameworks.get("torch")
        src = ctx.source
        models = {v.name: v for v in ctx.ns.models("torch")}
        done: set[str] = set()
        trains = bool(src.calls_to("backward", "step"))
        for name, c in _model_calls(src, models):
            if name in done:
                continue
            if _samples_generator(name, c):
                continue   # netG(fixed_noise): sampling a generator, not scoring a model
            if src.inside_with(c.node, "no_grad", "inference_mode"):
                how = "runs under `torch.no_grad()`"
            else:
                arg = c.args[0] if c.args else None
                root = root_name(arg) if arg is not None else None
                # a batch of `for xb, yb in test_loader:` stands for the loader
                for lf in reversed(c.loops):
                    if root and root in lf.targets and lf.iter_name:
                        root = lf.iter_name.split(".")[0]
                        break
                if trains or not root or not any(k in root.lower() for k in (
                        "test", "val", "holdout")) or root.lower().startswith("value"):
                    continue
                how = f"predicts on `{root}`"
            if any(b.loops and b.loops[-1] in c.loops for b in src.calls_to("backward")):
                continue  # monitoring inside the step loop itself (an epoch loop is fine)
            obj = models[name].obj
            # `.train()` at the top of an epoch does not excuse an evaluation after it
            if not obj.training or _mode_calls(src, name, "eval", "requires_grad_") or any(
                    x.args or x.node.keywords for x in _mode_calls(src, name, "train")) or (
                    not c.loops and _mode_calls(src, name, "train")):
                continue
            layers = t.has_mode_layers(obj)
            if not layers:
                continue
            done.add(name)
            yield Evidence(line=c.line, at=c.line, subject=name, model=name, how=how,
                           call=src.segment(c.node) or f"{name}(...)",
                           layers=" and ".join(f"`{k}`" for k in layers[:3]))
        # an evaluation helper defined in an earlier cell, called here: `evaluate(model, ...)`
        for c in src.calls:
            uf = user_function(ctx, c.name) if c.name not in models else None
            # skipped in the step loop itself; an epoch loop around it is fine
            if uf is None or any(b.loops and b.loops[-1] in c.loops
                                 for b in src.calls_to("backward")):
                continue
            cands = [(m, uf.bound(c, m)) for m in models if m not in done]
            cands = [(m, p) for m, p in cands if p] + [
                (m, m) for m in models if m not in done and m not in uf.params
                and any(x.name == m for x in uf.facts.calls)]
            for name, var in cands:
                how = _evaluates(uf, var)
                obj = models[name].obj
                # `.train()` at the top of an epoch does not excuse an evaluation after it
                if how is None or not obj.training or _mode_calls(src, name, "eval") or any(
                        x.args or x.node.keywords for x in _mode_calls(src, name, "train")) \
                        or any(_helper_mode(ctx, x, name) == "eval" for x in src.calls):
                    continue
                layers = t.has_mode_layers(obj)
                if not layers:
                    continue
                done.add(name)
                how = f"calls `{uf.name}()`, which {how.replace('runs', 'runs the model')}"
                yield Evidence(line=c.line, at=c.line, subject=name, model=name, how=how,
                               call=src.segment(c.node) or f"{uf.name}({name})",
                               layers=" and ".join(f"`{k}`" for k in layers[:3]))
