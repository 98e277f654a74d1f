from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...analysis.shuffles import assigned_between, derived, pairing, reorders, reseeded
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _length(obj: Any) -> int | str:
    try:
        return len(obj)
    except TypeError:
        return "?"


@register
class FeaturesAndLabelsShuffledApart(Rule):
    id = "DLF-T241"
    name = "features-and-labels-shuffled-apart"
    title = "Features and labels are put in random order by two independent draws"
    taxonomy = "training.data_quality"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{first}` (line {line1}) and `{second}` reorder `{a}` and `{b}` with two "
               "independent random draws, but {why}: row i of `{ta}` no longer has its "
               "label at row i of `{tb}` ({rows} rows).")
    beginner = """Each shuffle draws its own random order. `{a}` and `{b}` belong together
row by row (the label of sample i is at position i), so shuffling them one after the
other puts every sample next to the label of some other sample: the model is trained on
random labels, learns nothing real, and its test score sits near chance — with no error
anywhere. Draw ONE random order and apply it to both."""
    expert = """`{first}` and `{second}` consume two different random draws, so they apply
two unrelated permutations to the {rows} rows of `{a}` and `{b}`; the feature/label
correspondence is destroyed (the joint distribution becomes the product of the
marginals). Index both with one permutation (`perm = np.random.permutation(n)`,
`X[perm], y[perm]`), or use `sklearn.utils.shuffle(X, y)`, which applies one
permutation to all its arguments."""
    fix = """perm = np.random.permutation(len({a}))   # one random order for both
{ta}, {tb} = {a}{ix}[perm], {b}{ix}[perm]"""
    texts = {
        "roles": Texts(why="they are used together as the features and the labels of one "
                           "data set"),
        "derived": Texts(why="one of them was computed from the other row by row"),
        "names": Texts(why="their names say they are the features and the labels of one "
                           "data set"),
        "rows": Texts(ix=""),
        "pandas": Texts(ix=".iloc"),
    }
    known_false_alarms = ("Two arrays of equal length named like features and labels that "
                          "are not paired row by row (two unrelated data sets) are reported "
                          "when each is shuffled on its own.")
    references = ("https://stackoverflow.com/questions/4601373/"
                  "better-way-to-shuffle-two-numpy-arrays-in-unison",
                  "https://scikit-learn.org/stable/modules/generated/sklearn.utils.shuffle.html")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        derived(ctx)     # remembers what every cell's assignments read (pairing uses it)
        rs = reorders(ctx)
        together: dict[tuple, set[str]] = {}      # draw -> the sources it reorders
        for r in rs:
            together.setdefault(r.draw, set()).add(r.source)
        for j, second in enumerate(rs):
            for first in reversed(rs[:j]):
                if first.draw == second.draw or first.source == second.source or \
                        first.target == second.target or \
                        second.source in together[first.draw] or \
                        first.source in together[second.draw] or \
                        reseeded(ctx, first.line, second.line) or any(
                            assigned_between(ctx, n, first.line, second.line)
                            for n in (first.source, second.source)):
                    continue
                why = pairing(ctx, first.target, second.target) or \
                    pairing(ctx, first.source, second.source)
                if why is None:
                    continue
                obj = ctx.user_ns.get(second.target)
                pandas = str(getattr(type(obj), "__module__", "")).startswith("pandas")
                # how the two are known to be paired (analysis.shuffles.pairing)
                how = {"roles": "roles", "derived": "derived"}.get(why, "names")
                yield Evidence(variant=(how, "pandas" if pandas else "rows"),
                               line=second.line, subject=second.target,
                               key=(first.target, second.target), first=first.call,
                               second=second.call, line1=first.line, a=first.source,
                               b=second.source, ta=first.target, tb=second.target,
                               rows=_length(obj))
                break
