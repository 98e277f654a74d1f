from __future__ import annotations

import ast
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

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
        for d in ctx.analysis.discarded_calls:
            c = d.node
            if not c.args or any(kw.arg == "out" for kw in c.keywords):
                continue
            fn = d.obj
            fname = getattr(fn, "__name__", None)
            mod = getattr(fn, "__module__", None) or ""
            if fname not in _PURE_CLIPS or not callable(fn) or \
                    mod.split(".", 1)[0] not in _ROOTS:
                continue
            kind = _PURE_CLIPS[fname]
            arg = ast.unparse(c.args[0])
            call = ast.unparse(c)
            applier, uline = "", 0
            for later in ctx.source.calls:
                if later.line > d.line and isinstance(later.node.func, ast.Attribute) and \
                        later.attr in ("apply_gradients", "apply") and \
                        arg in ast.unparse(later.node):
                    applier, uline = ast.unparse(later.node.func), later.line
                    break
            target = arg if isinstance(c.args[0], (ast.Name, ast.Attribute)) else "clipped"
            assign = (f"{target}, _ = {call}" if kind == "tuple" else f"{target} = {call}")
            yield Evidence(line=d.line, aline=d.line, subject=target, key=(d.line, call),
                           variant=(kind, "applied" if applier else "unused"), call=call,
                           func=d.name, arg=arg, applier=applier, uline=uline,
                           assign=assign)
