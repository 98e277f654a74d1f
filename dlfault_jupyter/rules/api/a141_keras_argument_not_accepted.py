from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _kf() -> Any:
    import importlib

    return importlib.import_module(f"{frameworks.__name__}.keras_fit")


@register
class KerasArgumentNotAccepted(Rule):
    id = "DLF-A141"
    name = "keras-argument-not-accepted"
    title = "A Keras class is given a keyword argument its constructor does not take"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{cls}` takes no `{arg}=` in this Keras ({version}): `{call}` raises "
               "TypeError. {where}")
    beginner = """`{cls}` accepts only {takes}. `{arg}=` is not one of them, so building it
raises `TypeError: ... got an unexpected keyword argument '{arg}'`. {where}"""
    expert = """The signature of `{cls}.__init__` in Keras {version} has no `{arg}` and no
`**kwargs` ({takes}); tutorials written for another class or version pass it anyway.
{where}"""
    fix = """{fixed}"""
    texts = {
        "sibling": Texts(where="`{other}` takes `{arg}=`.",
                         fix="""{fixed}"""),
        "sibling_sparse": Texts(
            where=("`{other}` takes `{arg}=`; it expects one-hot labels instead of class "
                   "ids."),
            fix="""# {other} expects one-hot labels: keras.utils.to_categorical(y, num_classes)
{fixed}"""),
        "close": Texts(where="Did you mean `{near}=`?"),
        "drop": Texts(where="Leave it out."),
    }
    known_false_alarms = ("A Keras version whose class does take the argument (the check "
                          "reads the installed signature, so it matches the running Keras).")
    references = ("https://keras.io/api/losses/probabilistic_losses/",
                  "https://github.com/keras-team/keras/issues/18286")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None or not ctx.source.ok:
            return
        kf = _kf()
        seg = ctx.source.segment
        for c in ctx.source.calls:
            if not c.kwargs or not c.name:
                continue
            cls = ctx.source.resolve(c.name)
            if not kf.keras_class(cls):
                continue
            bad, takes = kf.rejected_kwargs(cls, list(c.kwargs))
            if not bad:
                continue
            arg = bad[0]
            kept = [f"{a}={seg(v)}" for a, v in c.kwargs.items() if a not in bad]
            args = [seg(a) for a in c.args]
            other = kf.sibling_taking(cls, arg)
            near = difflib.get_close_matches(arg, takes, n=1, cutoff=0.75)
            head = c.name.rsplit(".", 1)[0] + "." if "." in c.name else ""
            if other:
                variant = "sibling_sparse" if cls.__name__.startswith("Sparse") and \
                    not other.startswith("Sparse") else "sibling"
                call = f"{head}{other}({', '.join(args + kept + [f'{arg}={seg(c.kwargs[arg])}'])})"
            elif near:
                variant = "close"
                call = f"{c.name}({', '.join(args + kept + [f'{near[0]}={seg(c.kwargs[arg])}'])})"
            else:
                variant = "drop"
                call = f"{c.name}({', '.join(args + kept)})"
            target = _target(ctx, c)
            yield Evidence(variant=variant, line=c.line, subject=c.name, key=(c.name, arg),
                           cls=cls.__name__, arg=arg, call=seg(c.node) or c.name,
                           version=kf.keras_version(),
                           takes=", ".join(f"`{t}`" for t in takes), other=other or "",
                           near=near[0] if near else "",
                           fixed=f"{target}{call}")


def _target(ctx: CellContext, c: Any) -> str:
    """``loss = `` when the call's value is assigned to a plain name."""
    for a in ctx.source.assigns:
        if a.line == c.line and getattr(a.value, "lineno", None) == c.node.lineno and \
                a.value is c.node:
            return f"{a.target} = "
    return ""
