from __future__ import annotations

import ast
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
from ...source.facts import CallFact

#: calls that iterate their first argument to the end / that may stop early
_DRAINS = ("list", "tuple", "set", "sorted", "sum", "max", "min", "dict", "len")
_STOPS_EARLY = ("next", "any", "all")


def _top_level(ctx: CellContext, node: ast.AST) -> bool:
    """Runs when the cell runs: not inside a def, lambda or class body."""
    p = ctx.source.parent(node)
    while p is not None:
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            return False
        p = ctx.source.parent(p)
    return True


def _generator_source(value: ast.expr) -> ast.Call | None:
    """``m.parameters()`` / ``m.named_parameters()`` (also under ``filter(...)`` or a
    generator expression over it): the call that makes the generator."""
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and \
            value.func.attr in ("parameters", "named_parameters") and not value.args:
        return value
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and \
            value.func.id == "filter" and len(value.args) == 2:
        return _generator_source(value.args[1])
    if isinstance(value, ast.GeneratorExp) and len(value.generators) == 1:
        return _generator_source(value.generators[0].iter)
    return None


def _has_break(loop: ast.For) -> bool:
    for n in ast.walk(loop):
        if isinstance(n, ast.Break):
            return True
    return False


def _use(ctx: CellContext, name: ast.Name) -> str | None:
    """How the read of the generator ``name`` iterates it: "emptied" (to the end), "partial"
    (may stop early) or None (no iteration, e.g. passed on)."""
    p = ctx.source.parent(name)
    if isinstance(p, ast.For) and p.iter is name:
        return "partial" if _has_break(p) else "emptied"
    if isinstance(p, ast.comprehension) and p.iter is name:
        outer = ctx.source.parent(ctx.source.parent(p) or p)
        if isinstance(outer, ast.Call) and isinstance(outer.func, ast.Name) and \
                outer.func.id in _STOPS_EARLY:
            return "partial"
        return "emptied"
    if isinstance(p, ast.Call) and isinstance(p.func, ast.Name) and p.args and \
            p.args[0] is name:
        if p.func.id in _DRAINS:
            return "emptied"
        if p.func.id in _STOPS_EARLY:
            return "partial"
    if isinstance(p, ast.Starred):
        return "emptied"
    return None


def _used_code(ctx: CellContext, n: ast.Name, gen: str) -> str:
    """The widest one-line piece of code around the read ``n``, up to its statement."""
    src = ctx.source
    used, node = gen, src.parent(n)
    while node is not None and not isinstance(node, ast.For):
        seg = src.segment(node)
        if seg and ("\n" in seg or len(seg) > 70):
            break
        used = seg or used
        if isinstance(node, ast.stmt):
            break
        node = src.parent(node)
    return f"for ... in {gen}" if isinstance(node, ast.For) else used


@register
class OptimizerParamsGeneratorConsumed(Rule):
    id = "DLF-T020"
    name = "optimizer-params-generator-consumed"
    title = "model.parameters() generator used up before the optimizer is built over it"
    taxonomy = "training.optimizer"
    severity = "warning"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = """`{gen}` holds the generator `{made}` (line {made_line}), and `{used}` (line
{used_line}) iterates it before `{opt_call}` (line {opt_line}): {outcome}"""
    beginner = """`{made}` does not return a list: it returns a generator, which can be
walked through only once. `{used}` already walked through `{gen}`, so when `{opt}` reads it
{outcome_long} Keep the parameters in a list, `{gen} = {listed}`, or call `{made}`
again where the optimizer is built."""
    expert = """`nn.Module.parameters()` is a generator function (`yield from
named_parameters()`); once exhausted it yields nothing. `torch.optim.Optimizer.__init__`
does `list(params)`, and raises `ValueError: optimizer got an empty parameter list` when
that list is empty; a partly consumed generator gives an optimizer over the remaining
parameters only, with no error."""
    fix = """{gen} = {listed}"""
    texts = {
        "emptied": Texts(
            outcome="the optimizer gets no parameter at all (`ValueError: optimizer got an "
                    "empty parameter list`).",
            outcome_long="""it finds nothing left: `ValueError: optimizer got an empty
parameter list`."""),
        "partial": Texts(
            outcome="the optimizer gets only the parameters left after it, and never "
                    "updates the others.",
            outcome_long="""it gets only the parameters that were not yet read: the first
ones are never updated, and nothing tells you."""),
    }
    known_false_alarms = ""
    references = ("https://pytorch.org/docs/stable/optim.html#constructing-it",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if not src.ok or src.tree is None:
            return
        # optimizer constructors of this cell that receive a plain name as their params
        for c in src.calls:
            q = src.qualname(c.name) or ""
            if not q.startswith("torch.optim.") or "lr_scheduler" in q or \
                    not _top_level(ctx, c.node):
                continue
            arg = c.kwarg("params", 0)
            if not isinstance(arg, ast.Name):
                continue
            ev = self._consumed(ctx, arg, c)
            if ev is not None:
                yield ev
                return

    def _consumed(self, ctx: CellContext, arg: ast.Name, c: CallFact) -> Evidence | None:
        src = ctx.source
        at = (arg.lineno, arg.col_offset)
        made: ast.Call | None = None
        made_at: tuple[int, int] = (0, 0)
        made_line = 0
        for a in src.assigns:
            t = a.value
            if a.target != arg.id or a.augmented or (t.lineno, t.col_offset) >= at or \
                    not _top_level(ctx, t):
                continue
            if (t.lineno, t.col_offset) > made_at:
                made, made_at, made_line = _generator_source(t), (t.lineno, t.col_offset), \
                    a.line
                if made is not None:
                    gen_value = t
        if made is None:
            return None
        use = None
        for n in ast.walk(src.tree):  # type: ignore[arg-type]
            if not (isinstance(n, ast.Name) and n.id == arg.id and
                    isinstance(n.ctx, ast.Load)):
                continue
            if not made_at < (n.lineno, n.col_offset) < at or not _top_level(ctx, n):
                continue
            how = _use(ctx, n)
            if how is not None and (use is None or how == "emptied"):
                use = (how, n)
        if use is None:
            return None
        how, n = use
        used = _used_code(ctx, n, arg.id)
        opt_call = src.segment(c.node)
        if "\n" in opt_call or len(opt_call) > 70:
            opt_call = f"{c.name}({arg.id}, ...)"
        return Evidence(line=c.line, subject=arg.id,
                        variant=how,
                        gen=arg.id, made=src.segment(gen_value), made_line=made_line,
                        listed=_listed(src.segment(gen_value), gen_value),
                        used=used, used_line=n.lineno, opt_call=opt_call, opt=c.name,
                        opt_line=c.line)


def _listed(code: str, node: ast.expr) -> str:
    """``list(...)`` of the generator's code; a generator expression keeps its own
    parentheses as the call's (``list(p for p in ...)``)."""
    if isinstance(node, ast.GeneratorExp) and code.startswith("(") and code.endswith(")"):
        return f"list{code}"
    return f"list({code})"
