from __future__ import annotations

from collections.abc import Iterator

from ...analysis.state import RESTART, _current
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register


# -- 2. objects bound to something a re-run replaced ---------------------------------------
@register
class OptimizerHoldsReplacedModel(Rule):
    id = "DLF-N003"
    name = "optimizer-holds-replaced-model"
    title = "An optimizer or scheduler still holds what a re-run replaced"
    taxonomy = "training.optimizer"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{opt}` still holds {what}: {why}")
    beginner = """An optimizer keeps the parameters it was given when it was created (and a
scheduler keeps its optimizer). {why} Training now updates tensors the model no
longer uses (or changes the learning rate of an optimizer nobody steps), with no error.
Run the cell that creates `{opt}` again after the cell that creates what it holds — or
create both in one cell. {restart}"""
    expert = """`torch.optim.Optimizer.param_groups` hold references to the `Parameter`
objects passed at construction; an `LRScheduler` holds its optimizer. Re-executing the
cell that builds the model (or replaces one of its layers) allocates new `Parameter`s
(a new optimizer object) and rebinds the name; `{opt}` was built before and was not
rebuilt. Evidence: {why}"""
    fix = """{fix_code}"""
    texts = {
        "scheduler_of_replaced_optimizer": Texts(
            what="the previous `{held}`",
            why="""`{opt}` was built over `{held}` in In [{at}]; `{held}` has since been created
again, so `{opt}.step()` changes the learning rate of the previous optimizer, not of the
`{held}` that trains.""",
            fix_code="{opt} = torch.optim.lr_scheduler.{cls}({held}, ...)   # after creating {held}"),
        "optimizer_of_replaced_model": Texts(
            what="the parameters of the previous `{held}`",
            why="""it was built over `{held}`'s {n_held} parameter tensors in In [{at}]; `{held}`
has since been created again and `{opt}` holds none of its {n_params} parameter tensors."""),
        "optimizer_of_replaced_layers": Texts(
            what="replaced layers of `{held}`",
            why="""it was built over all {n_held} parameter tensors of `{held}` in In [{at}];
layers of `{held}` have since been replaced, and {n_missing} of its {n_params} parameter
tensors are not in `{opt}`: they never change."""),
        "lr_known": Texts(
            fix_code="{opt} = torch.optim.{cls}({held}.parameters(), lr={lr})   # after creating {held}"),
        "lr_unknown": Texts(
            fix_code="{opt} = torch.optim.{cls}({held}.parameters())   # after creating {held}"),
    }
    references = ("https://pytorch.org/docs/stable/optim.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:  # noqa: C901 - the rule's chain of evidence, one guard per fact; to shrink as the facts move to analysis/ (issue 12)
        from ... import frameworks

        t = frameworks.get("torch")
        ex = _current(ctx)
        if ex is None:
            return
        mem = ctx.remember(self.id)
        built: dict[str, tuple] = mem.setdefault("built", {})
        reported: set = mem.setdefault("reported", set())
        ns = ctx.user_ns
        models = {v.name: v.obj for v in ctx.ns.models("torch")}
        opts = {v.name: v.obj for v in ctx.ns.of_kind("optimizer", framework="torch")}
        mentioned = ctx.source.names()
        # what each optimizer / scheduler held when it was (re)bound
        for name in ctx.ns.new_names:
            o = opts.get(name)
            if o is not None:
                oids = t.optimizer_param_ids(o)
                for mname, m in models.items():
                    mids = t.trainable_param_ids(m)
                    if mids and mids <= oids:
                        built[name] = ("opt", mname, id(m), len(mids), ex.count)
                        break
        for name in mentioned:
            obj = ns.get(name)
            if obj is None or name.startswith("_") or name in opts:
                continue
            try:
                is_sched = t.is_scheduler(obj)
            except Exception:  # noqa: BLE001
                is_sched = False
            if not is_sched:
                continue
            so = getattr(obj, "optimizer", None)
            if name in ex.assigned or name not in built:
                for oname, o in opts.items():
                    if o is so:
                        built[name] = ("sched", oname, id(o), 0, ex.count)
        if len(built) > 64:
            for k in list(built)[:-64]:
                del built[k]
        # a use of one that holds the previous instance
        for name in sorted(mentioned & built.keys()):
            if name in ex.assigned:
                continue
            kind, held, held_id, n_held, at = built[name]
            cur = ns.get(held)
            obj = ns.get(name)
            if cur is None or obj is None:
                continue
            if kind == "sched":
                if id(cur) == held_id or getattr(obj, "optimizer", None) is cur:
                    continue
                key = (name, id(cur))
                if key in reported:
                    continue
                reported.add(key)
                yield Evidence(line=None, subject=name, key=key, opt=name, held=held, at=at,
                               cls=type_name(obj), restart=RESTART,
                               variant="scheduler_of_replaced_optimizer")
                continue
            if name in opts and f"{name}.step" in ctx.source.text and id(cur) != held_id:
                continue  # DLF-T004 reports the step on a re-created model
            mids = t.trainable_param_ids(cur) if held in models else set()
            oids = t.optimizer_param_ids(obj)
            if not mids:
                continue
            missing = mids - oids
            if not missing:
                continue
            key = (name, id(cur), len(missing))
            if key in reported:
                continue
            if id(cur) != held_id and not (mids & oids):
                case = "optimizer_of_replaced_model"
            elif id(cur) == held_id:
                case = "optimizer_of_replaced_layers"
            else:
                continue
            reported.add(key)
            lr = None
            try:
                lr = f"{obj.param_groups[0]['lr']:g}"
            except Exception:  # noqa: BLE001
                pass
            yield Evidence(line=None, subject=name, key=key, opt=name, held=held, at=at,
                           n_held=n_held, n_params=len(mids), n_missing=len(missing), lr=lr,
                           cls=type_name(obj), restart=RESTART,
                           variant=(case, "lr_unknown" if lr is None else "lr_known"))
        if len(reported) > 256:
            reported.clear()
