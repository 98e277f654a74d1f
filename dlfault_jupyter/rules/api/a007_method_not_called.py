from __future__ import annotations

import ast
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

# methods called only for their effect: named without `()` they do nothing
_ALWAYS = {"backward": "backward", "zero_grad": "zero_grad"}
# common names: only when the receiver is a model / optimizer / scheduler in the namespace
_BY_KIND = {"step": ("optimizer", "scheduler"), "eval": ("model",), "train": ("model",)}


@register
class MethodNotCalled(Rule):
    id = "DLF-A007"
    name = "method-not-called"
    title = "A training method is named without `()`, so it never runs"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{expr}` (line {at}) names the method without calling it: the statement does "
               "nothing, so {effect}.")
    beginner = """In Python `{expr}` only looks the method up; the parentheses are what run
it. Without them no error is raised, {plain}. Write `{expr}()`."""
    expert = """An expression statement that evaluates a bound method discards it: {mech}"""
    fix = """{expr}()"""
    texts = {
        "backward": Texts(
            effect="no gradients are computed and the optimizer step has nothing to apply",
            plain="but the gradients are never computed, so `.grad` stays None (or holds "
                  "old values) and the model does not learn",
            mech="`backward()` is never run, `.grad` of the parameters stays None, and "
                 "`optimizer.step()` skips parameters whose `.grad` is None."),
        "zero_grad": Texts(
            effect="the gradients of every step are added to those of all earlier steps",
            plain="but the old gradients are never cleared, so every step adds its "
                  "gradients to all earlier ones",
            mech="`.grad` is never reset, so autograd accumulates the gradients of every "
                 "backward pass and each step uses their running sum."),
        "step": Texts(
            effect="the parameters (or the learning rate) are never updated",
            plain="but no update is applied, so the parameters (or the learning rate) "
                  "never change",
            mech="the optimizer or scheduler never applies its update."),
        "eval": Texts(
            effect="the model stays in training mode (dropout active, batch-norm statistics "
                   "updated by the evaluation batches)",
            plain="but the model stays in training mode: dropout keeps dropping units and "
                  "batch normalisation keeps using and updating batch statistics",
            mech="`module.training` stays True, so Dropout samples masks and BatchNorm "
                 "normalises with batch statistics and updates its running estimates."),
        "train": Texts(
            effect="the model stays in evaluation mode (no dropout, frozen batch-norm "
                   "statistics) while it trains",
            plain="but the model stays in evaluation mode: dropout is off and batch "
                  "normalisation does not learn its statistics",
            mech="`module.training` stays False, so Dropout is the identity and BatchNorm "
                 "keeps its running estimates fixed during training."),
    }
    known_false_alarms = ("A user object of the same kind whose attribute of that name is "
                          "not a method.")
    references = ("https://docs.python.org/3/reference/simple_stmts.html#expression-statements",
                  "https://pytorch.org/docs/stable/generated/torch.Tensor.backward.html")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if not src.ok or src.tree is None:
            return
        for stmt in ast.walk(src.tree):
            if not isinstance(stmt, ast.Expr) or not isinstance(stmt.value, ast.Attribute):
                continue
            node = stmt.value
            attr = node.attr
            if attr in _BY_KIND:
                root = node.value
                while isinstance(root, ast.Attribute):
                    root = root.value
                if not isinstance(root, ast.Name):
                    continue
                v = ctx.ns.get(root.id)
                if v is None or v.kind not in _BY_KIND[attr] or \
                        not callable(getattr(v.obj, attr, None)) or \
                        (root is not node.value):
                    continue
            elif attr not in _ALWAYS:
                continue
            expr = src.segment(node) or ast.unparse(node)
            yield Evidence(line=stmt.lineno, at=stmt.lineno, subject=expr, expr=expr,
                           key=("not-called", stmt.lineno, expr), variant=attr)
