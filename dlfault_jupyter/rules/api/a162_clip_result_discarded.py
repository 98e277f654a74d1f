from __future__ import annotations

import ast
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
from ...source.facts import dotted

# functions that return a clipped copy and change nothing in place: (module root, name)
_PURE_CLIPS = {"clip_by_global_norm": "tuple", "clip_by_norm": "value",
               "clip_by_value": "value", "clip_by_average_norm": "value", "clip": "value"}
_ROOTS = ("tensorflow", "keras")


@register
class ClipResultDiscarded(Rule):
    id = "DLF-A162"
    name = "clip-result-discarded"
    title = "Clipping function called for its effect: it returns clipped copies, nothing is clipped"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{call}` (line {aline}) returns the clipped values, but the result is "
               "thrown away: `{arg}` stays unclipped{used}.")
    beginner = """`{func}` does not change its argument: it returns a new, clipped copy.
Called on its own line, the copy is lost and `{arg}` keeps its original size, so the
clipping you meant to protect training from exploding gradients never happens. Assign the
result back: {assign}."""
    expert = """TensorFlow tensors are immutable: `{func}` builds new tensors and returns
them{returns}. As an expression statement its result is discarded (in a `tf.function` the
op is even pruned from the graph), so the update uses the raw `{arg}`."""
    fix = """{assign}"""
    texts = {
        "tuple": Texts(returns=" together with the global norm (a tuple)"),
        "value": Texts(returns=""),
        "applied": Texts(used=" when `{applier}` (line {uline}) uses it"),
        "unused": Texts(used=""),
    }
    known_false_alarms = "None known: the call has no effect other than its result."
    references = ("https://www.tensorflow.org/api_docs/python/tf/clip_by_global_norm",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tree = ctx.source.tree
        if tree is None:
            return
        shown = tree.body[-1] if tree.body else None   # the cell's value: displayed
        for st in ast.walk(tree):
            if st is shown or not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Call)
                                   and st.value.args):
                continue
            if any(kw.arg == "out" for kw in st.value.keywords):
                continue
            c = st.value
            name = dotted(c.func)
            fn = ctx.source.resolve(name)
            fname = getattr(fn, "__name__", None)
            mod = getattr(fn, "__module__", None) or ""
            if fname not in _PURE_CLIPS or not callable(fn) or \
                    mod.split(".", 1)[0] not in _ROOTS:
                continue
            kind = _PURE_CLIPS[fname]
            arg = ast.unparse(c.args[0])
            call = ast.unparse(c)
            applier, uline = "", 0
            for later in ast.walk(tree):
                if isinstance(later, ast.Call) and getattr(later, "lineno", 0) > st.lineno \
                        and isinstance(later.func, ast.Attribute) and \
                        later.func.attr in ("apply_gradients", "apply") and \
                        arg in ast.unparse(later):
                    applier, uline = ast.unparse(later.func), later.lineno
                    break
            target = arg if isinstance(c.args[0], (ast.Name, ast.Attribute)) else "clipped"
            assign = (f"{target}, _ = {call}" if kind == "tuple" else f"{target} = {call}")
            yield Evidence(line=st.lineno, aline=st.lineno, subject=target, key=(st.lineno, call),
                           variant=(kind, "applied" if applier else "unused"), call=call,
                           func=name, arg=arg, applier=applier, uline=uline,
                           assign=assign)
