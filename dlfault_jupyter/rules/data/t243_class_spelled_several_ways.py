from __future__ import annotations

from collections.abc import Iterator

from ...analysis.labels import split_spellings
from ...context import CellContext
from ...registry import Evidence, Items, Rule, Texts, register


@register
class ClassSpelledSeveralWays(Rule):
    id = "DLF-T243"
    name = "class-spelled-several-ways"
    title = "One class written several ways (case, spaces) becomes several classes"
    taxonomy = "training.data_quality"
    severity = "warning"
    silent = True
    evidence = "namespace"
    message = ("`{call}` turns the strings of `{data}` into classes, but they spell one "
               "class several ways ({groups}{sample}): {distinct} classes are made where "
               "there are {classes}.")
    beginner = """The encoder compares strings exactly, so `'cat'`, `'Cat'` and `'cat '`
become three different classes. The model is then asked to tell apart examples that are
really the same class: it cannot, its loss stays high, and its accuracy is split between
the spellings. Clean the labels before encoding them: strip the spaces and lower the case
(`.str.strip().str.lower()` on a pandas column)."""
    expert = """{distinct} distinct strings normalise to {classes} (strip, collapse
whitespace, casefold). The spellings of one class get separate indices, so the targets
assign conflicting classes to samples from one distribution: irreducible error,
probability mass split over duplicate outputs, and per-class metrics that are
meaningless. Normalise the strings (and check the result with `value_counts()`) before
fitting the encoder."""
    fix = """{clean}   # one spelling per class
{call}"""
    texts = {
        # the spellings of each class, listed as: 'cat' ×5 = 'Cat' ×3; 'dog' ×4 = 'Dog' ×1
        "first": Texts(spelling="{value!r} ×{count}"),
        "same": Texts(spelling=" = {value!r} ×{count}"),
        "next": Texts(spelling="; {value!r} ×{count}"),
        "column": Texts(clean="{store} = {store}.str.strip().str.lower()"),
        "array": Texts(clean="{store} = np.char.lower(np.char.strip({store}))"),
        "list": Texts(clean="{store} = [s.strip().lower() for s in {store}]"),
        "all": Texts(sample=""),
        "sampled": Texts(sample=", in {sampled} of {total} values read"),
    }
    known_false_alarms = ("Classes that truly differ only in case or spaces (codes such as "
                          "'a' and 'A') are reported.")
    references = ("https://scikit-learn.org/stable/modules/generated/"
                  "sklearn.preprocessing.LabelEncoder.html",
                  "https://pandas.pydata.org/docs/reference/api/pandas.Series.str.strip.html")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for s in split_spellings(ctx):
            obj = ctx.user_ns.get(s.subject) if s.subject else None
            kind = "list" if isinstance(obj, list) else (
                "array" if str(getattr(type(obj), "__module__", "")).startswith("numpy")
                else "column")
            groups = Items("spelling", [
                ("same" if j else "next" if i else "first", {"value": v, "count": k})
                for i, g in enumerate(s.groups) for j, (v, k) in enumerate(g)], sep="")
            yield Evidence(variant=(kind, "all" if s.sampled >= s.total else "sampled"),
                           line=s.line, subject=s.subject, key=(s.data, s.groups),
                           call=ctx.source.segment(s.call), data=s.data, store=s.store,
                           groups=groups,
                           distinct=s.distinct, classes=s.classes, sampled=s.sampled,
                           total=s.total)
