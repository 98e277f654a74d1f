from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

#: calls that apply one update with an optimizer (torch, Keras / TensorFlow)
_STEPS = ("step", "apply_gradients", "minimize", "apply")
#: module prefixes of the frameworks' optimizer classes (qualified names, normalised)
_PREFIXES = {"torch": ("torch.optim.",), "keras": ("keras.optimizers.",)}
#: what the optimizer keeps between steps: a variant of the texts each
MEMORY = ("adaptive", "momentum")


def _optimizer_class(ctx: CellContext, call: ast.Call) -> tuple[str, str] | None:
    """(framework, class name) when ``call`` builds a torch or Keras optimizer."""
    q = ctx.analysis.names.qualname(call.func)
    if not q:
        return None
    for fw, prefixes in _PREFIXES.items():
        if q.startswith(prefixes) and ".lr_scheduler." not in q and ".schedules." not in q:
            a = frameworks.get(fw)
            cls = q.rsplit(".", 1)[-1]
            if a is not None and cls in a.VOCAB.OPTIMIZERS:
                return fw, cls
    return None


def _memory(fw: str, cls: str, call: ast.Call) -> str | None:
    """What an optimizer built by ``call`` keeps from one step to the next (None: a plain
    SGD keeps nothing, so building it again loses nothing)."""
    if cls in frameworks.get(fw).VOCAB.ADAPTIVE_OPTIMIZERS:
        return "adaptive"
    if cls == "SGD":
        m = next((k.value for k in call.keywords if k.arg == "momentum"), None)
        if m is None and fw == "torch" and len(call.args) >= 3:
            m = call.args[2]
        if isinstance(m, ast.Constant) and isinstance(m.value, (int, float)) and m.value > 0:
            return "momentum"
    return None


def _target(facts: Any, call: ast.Call) -> str | None:
    for a in facts.assigns:
        if a.value is call:
            return a.target
    return None


def _local(name: str) -> str:
    """``<train_step>.optimizer`` → ``optimizer``."""
    return name.split(">.", 1)[-1]


@register
class OptimizerRecreatedEveryStep(Rule):
    id = "DLF-T019"
    name = "optimizer-recreated-every-step"
    title = "A new optimizer is built for every training step"
    taxonomy = "training.optimizer"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("A new `{cls}` `{opt}` is built {where}, right before its `{step}`: no state "
               "survives from one step to the next.")
    beginner = """An optimizer is built once, before training, and then used for every
step. `{cls}` remembers {memory} from step to step; a new one built for every batch starts
from nothing each time, so {consequence}. Build `{opt}` once, before the loop, and use that
one in every step."""
    expert = """Each step runs on a freshly constructed `{cls}`: {mechanism} The
training still runs and the loss may still go down, which hides the fault."""
    fix = """{opt} = {ctor}   # once, before the training loop (remove it from {inside})"""
    known_false_alarms = ("A notebook that means to restart the optimizer on every step "
                          "(rare; a stateless optimizer, plain SGD, is never reported).")
    references = ("https://keras.io/guides/writing_a_custom_training_loop_in_tensorflow/",
                  "https://pytorch.org/docs/stable/optim.html")
    texts = {
        "in_loop": Texts(where="inside the loop at line {loop_line}",
                         inside="the loop"),
        "in_function": Texts(where="in `{fn}()`, which runs once per step (called inside the "
                                   "loop at line {loop_line})",
                             inside="`{fn}()`"),
        "adaptive": Texts(
            memory="a running average of each weight's gradient and of its square",
            consequence="""every update is the first step of a new run: its size is about the
learning rate for every weight, whatever the gradient, and the averages that make the
optimizer adaptive never form""",
            mechanism="""its moment estimates are zero and its step count is 1 at every
update, so the bias-corrected update is about `lr * sign(grad)` for each weight (an
adaptive optimizer reduced to sign descent)."""),
        "momentum": Texts(
            memory="the momentum of each weight (a running sum of its past gradients)",
            consequence="momentum never builds up and the optimizer is a plain SGD",
            mechanism="""its momentum buffers are empty at every update, so the update is
`lr * grad`: plain SGD at the same learning rate."""),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if not src.ok:
            return
        evs = ctx.analysis.events
        steps = [e for e in evs if e.attr in _STEPS and e.receiver]
        for e in evs:
            if e.call is None or not isinstance(e.call.node, ast.Call) or not e.loops:
                continue
            found = _optimizer_class(ctx, e.call.node)
            if found is None:
                continue
            if found[0] == "keras" and not e.path:
                continue   # a Keras optimizer built in a loop of the cell: DLF-T113's finding
            memory = _memory(*found, e.call.node)
            if memory not in MEMORY:
                continue
            fn = e.scope.fn if e.scope is not None else None
            facts = fn.facts if fn is not None else src
            local = _target(facts, e.call.node)
            if local is None:
                continue
            name = e.scope.map(local) if e.scope is not None else local
            # stepped in the very same pass: every loop around the step is around the build
            same = next((s for s in steps if s.receiver == name and s.path == e.path
                         and s.loops == e.loops), None)
            if same is None:
                continue
            inner = e.loops[-1]
            in_fn = bool(e.path) and inner.function != e.path[-1]
            yield Evidence(
                line=e.line, subject=_local(name), key=(e.path, local),
                variant=("in_function" if in_fn else "in_loop", memory),
                opt=_local(name), cls=found[1], step=same.attr,
                fn=e.path[-1] if e.path else "", loop_line=inner.line,
                ctor=" ".join(facts.segment(e.call.node).split()))
