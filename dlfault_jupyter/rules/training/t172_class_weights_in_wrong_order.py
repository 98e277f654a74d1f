from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.losses import loss_uses
from ...analysis.training import fit_calls
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register


def _label_sample(obj: Any, k: int = 20000) -> Any:
    """Up to ``k`` evenly spaced labels (numpy) of a CPU tensor or a numpy array."""
    import numpy as np

    from ...frameworks.summary import sample_indices

    t = frameworks.get("torch")
    if t is not None and t.is_tensor(obj):
        return t.ordered_sample(obj, k)
    if frameworks.get("numpy").is_array(obj) and obj.size:
        flat = obj.reshape(-1)
        return np.asarray(flat[sample_indices(np, flat.size, k)])
    return None


def _cv(a: Any) -> float:
    return float(a.std() / a.mean()) if a.mean() > 0 else float("inf")


def _fmt(a: Any) -> str:
    return "[" + ", ".join(f"{float(x):.3g}" for x in a) + "]"


@register
class ClassWeightsInWrongOrder(Rule):
    id = "DLF-T172"
    name = "class-weights-in-wrong-order"
    title = "Class weights of the loss do not follow the class ids of the labels"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{loss}`'s class weights {weights} {what}: the smallest weight, {w_lo}, goes "
               "to class {c_lo} ({s_lo} of `{target}`), the largest, {w_hi}, to class {c_hi} "
               "({s_hi}).")
    beginner = """The weight of class `i` is the `i`-th number of `weight=`. {why} So the
loss does not balance the classes as intended: the rare classes are not helped, or a
frequent class is boosted. Compute the weights from the label counts indexed by class
id (`bincount`), not from a table sorted by frequency or by name."""
    expert = """Counted on {n} sampled labels of `{target}`: class shares {shares}. {detail}
`CrossEntropyLoss(weight=w)` multiplies the loss of a sample of class `c` by `w[c]`."""
    fix = """counts = torch.bincount(torch.as_tensor({target}).long().flatten(), minlength={c})   # by class id
{loss} = nn.{cls}(weight=counts.sum() / ({c} * counts.float()))"""
    texts = {
        "keras": Texts(
            message=("`{loss}`, the `class_weight` of `{model}.fit` ({weights} for classes 0 "
                     "to {c_last}), {what}: the smallest weight, {w_lo}, goes to class {c_lo} "
                     "({s_lo} of `{target}`), the largest, {w_hi}, to class {c_hi} ({s_hi})."),
            beginner="""Keras multiplies the loss of a sample of class `i` by `{loss}[i]`. {why}
So the weights do not balance the classes as intended: the rare classes are not helped,
or a frequent class is boosted. Compute the weights from the label counts indexed by class
id (`np.bincount`), not from a table sorted by frequency or by name.""",
            expert="""Counted on {n} sampled labels of `{target}`: class shares {shares}. {detail}
`fit(class_weight=d)` scales each sample's loss by `d[class id]`.""",
            fix="""counts = np.bincount({target}, minlength={c})   # by class id
{loss} = dict(enumerate((counts.sum() / ({c} * counts)).tolist()))"""),
        "permuted": Texts(
            what="are inverse class frequencies assigned to the wrong classes",
            why="""These weights are the inverse frequencies of the classes, but in
another order (a frequency-sorted `value_counts()`, or classes sorted by name), so
they land on the wrong classes.""",
            detail="In class-id order the inverse frequencies are {ideal}: the same numbers, "
            "permuted."),
        "proportional": Texts(
            what="grow with the class frequency",
            why="""These weights are proportional to the class counts, not to their
inverse: the frequent classes weigh most.""",
            detail="weight / share is constant ({ratio}): the weights are the counts, "
            "not their inverse."),
    }
    known_false_alarms = ("Weights that favour the frequent classes on purpose (a cost "
                          "matrix, not a balancing).")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",
                  "https://discuss.pytorch.org/t/passing-the-weights-to-crossentropyloss-correctly/14731")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for lu in loss_uses(ctx):
            w = getattr(lu.obj, "weight", None)
            if not hasattr(lu.obj, "ignore_index") or w is None or lu.target_obj is None:
                continue
            try:
                if w.device.type != "cpu" or w.ndim != 1 or w.numel() < 2:
                    continue
                wv = w.detach().double().numpy()
            except Exception:  # noqa: BLE001 - not a plain tensor
                continue
            lab = _label_sample(lu.target_obj)
            if lab is None or lab.dtype.kind not in "iu":
                continue
            j = _judge(wv, lab[lab != lu.obj.ignore_index])
            if j is None:
                continue
            yield Evidence(line=lu.line, subject=lu.loss, key=(lu.loss, "weights"),
                           loss=lu.loss, cls=type_name(lu.obj),
                           target=lu.labels or lu.target, **j)
        yield from self._keras(ctx)

    def _keras(self, ctx: CellContext) -> Iterator[Evidence]:
        """``model.fit(x, y, class_weight={...})``: the dict's weights by class id."""
        import numpy as np

        for fc in fit_calls(ctx):
            node = fc.call.kwargs.get("class_weight")
            cw = ctx.user_ns.get(node.id) if isinstance(node, ast.Name) else None
            if not isinstance(cw, dict) or fc.y is None or len(cw) < 2:
                continue
            keys = [int(k) for k in cw if isinstance(k, (int, np.integer))]
            if len(keys) != len(cw) or sorted(keys) != list(range(len(cw))):
                continue
            try:
                wv = np.array([float(cw[k]) for k in sorted(cw)], dtype="float64")
            except (TypeError, ValueError):
                continue
            lab = _label_sample(fc.y)
            if lab is None or lab.dtype.kind not in "iu":
                continue
            j = _judge(wv, lab.astype("int64"))
            if j is None:
                continue
            j["variant"] = (j["variant"], "keras")
            yield Evidence(line=fc.call.line, subject=node.id, key=(node.id, "weights"),
                           loss=node.id, cls="", target=fc.y_name or "y",
                           model=fc.call.receiver, c_last=j["c"] - 1, **j)


def _judge(wv: Any, lab: Any) -> dict[str, Any] | None:
    """The evidence fields when the weights ``wv`` (by class id) are the inverse class
    frequencies of ``lab`` permuted, or proportional to the frequencies; else None."""
    import numpy as np

    c = wv.size
    if lab.size < 10 * c or lab.min() < 0 or lab.max() >= c:
        return None
    counts = np.bincount(lab, minlength=c).astype("float64")
    if counts.min() == 0 or counts.max() < 1.5 * counts.min() or \
            wv.min() <= 0 or wv.max() < 1.2 * wv.min():
        return None
    shares = counts / counts.sum()
    ideal = np.empty(c)
    # the same numbers, the largest on the rarest class, in class-id order
    ideal[np.argsort(counts)] = np.sort(wv)[::-1]
    if _cv(wv * shares) < 0.25:
        return None                       # inverse frequencies, right order
    if _cv(ideal * shares) < 0.15 and np.abs(ideal - wv).max() > 0.2 * wv.max():
        variant, extra = "permuted", {"ideal": _fmt(ideal), "ratio": ""}
    elif _cv(wv / shares) < 0.15:
        variant, extra = "proportional", {"ideal": "", "ratio": _fmt(wv / shares)}
    else:
        return None
    lo, hi = int(np.argmin(wv)), int(np.argmax(wv))
    return dict(variant=variant, weights=_fmt(wv), c=c, n=int(lab.size),
                c_lo=lo, s_lo=f"{shares[lo]:.0%}", w_lo=f"{wv[lo]:.3g}",
                c_hi=hi, s_hi=f"{shares[hi]:.0%}", w_hi=f"{wv[hi]:.3g}",
                shares=_fmt(shares), **extra)
