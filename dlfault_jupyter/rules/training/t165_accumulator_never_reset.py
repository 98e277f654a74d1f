from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, register


def _acc_of_loop_var(fn: ast.AST, var: str) -> str | None:
    """``for a, g in zip(ACC, grads)`` / ``for a in ACC``: the text of ACC bound to ``var``."""
    for n in ast.walk(fn):
        if not isinstance(n, ast.For):
            continue
        it = n.iter
        tgt = n.target
        if isinstance(tgt, ast.Name) and tgt.id == var:
            return ast.unparse(it)
        if isinstance(tgt, ast.Tuple) and isinstance(it, ast.Call) and \
                isinstance(it.func, ast.Name) and it.func.id == "zip":
            for i, e in enumerate(tgt.elts):
                if isinstance(e, ast.Name) and e.id == var and i < len(it.args):
                    return ast.unparse(it.args[i])
    return None


def _accumulators(fn: ast.AST) -> dict[str, int]:
    """ACC text -> line of its first ``assign_add`` (element-wise through a loop, or
    ``ACC[i].assign_add``)."""
    out: dict[str, int] = {}
    for c in ast.walk(fn):
        if not (isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and
                c.func.attr == "assign_add" and c.args):
            continue
        recv = c.func.value
        acc = None
        if isinstance(recv, ast.Name):
            acc = _acc_of_loop_var(fn, recv.id)
        elif isinstance(recv, ast.Subscript):
            acc = ast.unparse(recv.value)
        if acc:
            out.setdefault(acc, c.lineno)
    return out


def _resets(fn: ast.AST, acc: str, after: int) -> bool:
    """An ``assign``/``assign_sub`` on an element of ACC, or ACC bound again after ``after``."""
    for n in ast.walk(fn):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr in ("assign", "assign_sub"):
            recv = n.func.value
            if isinstance(recv, ast.Name) and _acc_of_loop_var(fn, recv.id) == acc:
                return True
            if isinstance(recv, ast.Subscript) and ast.unparse(recv.value) == acc:
                return True
        if isinstance(n, ast.Assign) and n.lineno > after and \
                any(ast.unparse(t) == acc for t in n.targets):
            return True
    return False


@register
class AccumulatorNeverReset(Rule):
    id = "DLF-T165"
    name = "accumulator-never-reset"
    title = "Gradient accumulators applied but never reset to zero"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{acc}` collects gradients with `assign_add` (line {add_line}) and "
               "`{apply}` (line {aline}) applies it, but nothing in `{func}` sets it back "
               "to zero: every update applies the sum of all gradients since the start.")
    beginner = """Gradient accumulation adds up the gradients of several small batches and
then makes one update. After the update the running sums must start again from zero.
`{acc}` is never emptied, so the first update uses k batches, the second 2k, the third
3k...: the steps grow without bound and training diverges. Reset the accumulators right
after `{apply}`."""
    expert = """With accumulators A ← A + g_t and an update every k steps without A ← 0,
the n-th update applies Σ_{{t≤nk}} g_t: the effective learning rate grows linearly with n
and early gradients are re-applied forever (the update no longer estimates the current
gradient)."""
    fix = """{apply}(zip(..., ...))
for acc_var in {acc}:
    acc_var.assign(tf.zeros_like(acc_var))   # start the next accumulation from zero"""
    known_false_alarms = "None known: a sum that is applied repeatedly must be reset."
    references = ("https://stackoverflow.com/questions/66472201/"
                  "gradient-accumulation-with-custom-model-fit-in-tf-keras",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if frameworks.get("keras") is None or ctx.source.tree is None:
            return
        for fn in ast.walk(ctx.source.tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            accs = _accumulators(fn)
            if not accs:
                continue
            for c in ast.walk(fn):
                if not (isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and
                        c.func.attr in ("apply_gradients", "apply")):
                    continue
                text = ast.unparse(c)
                acc = next((a for a in accs if a in text), None)
                if acc is None or _resets(fn, acc, c.lineno):
                    continue
                yield Evidence(line=c.lineno, aline=c.lineno, subject=acc.split(".")[-1],
                               key=(fn.name, acc), acc=acc, add_line=accs[acc],
                               apply=ast.unparse(c.func), func=fn.name)
                break
