from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...context import CellContext
from ...registry import Evidence, Rule, register

_PREFIXES = ("module.", "_orig_mod.")


def _keys(obj: Any) -> list[str] | None:
    """The string keys of a state dict (a Mapping of names to tensors), or None."""
    keys = getattr(obj, "keys", None)
    if not callable(keys):
        return None
    try:
        out = [k for k in keys()]
    except Exception:  # noqa: BLE001
        return None
    return out if out and all(isinstance(k, str) for k in out) else None


def _strip(k: str) -> str:
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            if k.startswith(p):
                k, changed = k[len(p):], True
    return k


@register
class NonStrictLoadSkippedWeights(Rule):
    id = "DLF-A132"
    name = "non-strict-load-skipped-weights"
    title = "load_state_dict(strict=False) silently skipped the model's weights"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{call}` loaded {loaded} of the {total} weights of `{model}`: {missing} are "
               "missing (e.g. `{miss_ex}`) and {unexpected} keys were ignored (e.g. "
               "`{unexp_ex}`); strict=False hid it, so those weights keep their random "
               "initial values.")
    beginner = """`strict=False` tells PyTorch to skip every name that does not match instead
of raising. Here the names differ only by a prefix (`{prefix}`), which a wrapper such as
`nn.DataParallel` or `torch.compile` adds when its own `state_dict()` is saved. So almost
nothing was loaded and `{model}` predicts with untrained weights, without any error. Strip
the prefix (or save the inner model's `state_dict()`), and load with the default
`strict=True` so that a mismatch raises."""
    expert = """`load_state_dict(strict=False)` returns `_IncompatibleKeys(missing_keys,
unexpected_keys)` and copies only the intersection. Wrapper state dicts are keyed
`module.<name>` (DataParallel/DDP) or `_orig_mod.<name>` (torch.compile);
`torch.nn.modules.utils.consume_prefix_in_state_dict_if_present(sd, "{prefix}")` removes it
in place."""
    fix = """{pre}state = {{k.removeprefix("{prefix}"): v for k, v in {sd}.items()}}
{model}.load_state_dict(state)   # strict: a mismatch now raises"""
    known_false_alarms = ("Loading a backbone into a model with a new head on purpose (then "
                          "only the head's keys are missing, which stays quiet).")
    references = ("https://stackoverflow.com/questions/61854165/why-must-use-dataparallel-when-testing",
                  "https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.load_state_dict")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        for c in src.calls_to("load_state_dict"):
            strict = c.kwarg("strict", 1)
            if not (isinstance(strict, ast.Constant) and strict.value is False) or \
                    not c.receiver:
                continue
            model = ctx.user_ns.get(c.receiver)
            want = _keys(getattr(model, "state_dict", lambda: None)()) \
                if callable(getattr(model, "state_dict", None)) else None
            if not want:
                continue
            arg = c.kwarg("state_dict", 0)
            got = _keys(ctx.user_ns.get(arg.id)) if isinstance(arg, ast.Name) else None
            sd = arg.id if isinstance(arg, ast.Name) else "state_dict"
            if got is None:                 # res = model.load_state_dict(..., strict=False)
                res = next((ctx.user_ns.get(a.target) for a in src.assigns
                            if a.line == c.line and a.value is c.node), None)
                miss = getattr(res, "missing_keys", None)
                unexp = getattr(res, "unexpected_keys", None)
                if not isinstance(miss, list) or not isinstance(unexp, list):
                    continue
                got = [k for k in want if k not in set(miss)] + list(unexp)
                if arg is not None and not isinstance(arg, ast.Name):
                    sd = "sd"
            missing = [k for k in want if k not in set(got)]
            unexpected = [k for k in got if k not in set(want)]
            if len(missing) * 2 < len(want) or not unexpected:
                continue            # most weights loaded: a deliberate partial load
            stripped = {_strip(k) for k in unexpected}
            prefix = next((p for p in _PREFIXES if any(k.startswith(p) for k in unexpected)),
                          None)
            if prefix is None or not set(missing) <= stripped:
                continue
            call = src.segment(c.node) or f"{c.receiver}.load_state_dict(..., strict=False)"
            pre = ""
            if sd == "sd" and arg is not None:
                pre = f"sd = {src.segment(arg)}\n"
            yield Evidence(line=c.line, subject=c.receiver, model=c.receiver, call=call,
                           loaded=len(want) - len(missing), total=len(want),
                           missing=len(missing), unexpected=len(unexpected),
                           miss_ex=missing[0], unexp_ex=unexpected[0], prefix=prefix,
                           sd=sd, pre=pre)
