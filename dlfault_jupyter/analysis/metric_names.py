"""What a monitored quantity means, from its name or from where it was computed: a loss or an
error (better when it goes down) or a score such as accuracy, F1 or AUC (better when it goes
up). One vocabulary for every rule that compares a training control's ``mode`` with what it
watches: Keras callbacks (``frameworks.keras_fit.direction``, DLF-T141) and PyTorch's
``ReduceLROnPlateau.step(metric)`` (DLF-T017).

``direction(name)`` reads a Keras log key (``val_loss``, ``val_auc``); ``variable_direction``
reads a Python variable's name word by word (``val_loss``, ``epochAcc``, ``f1_macro``) and
says None when the words disagree or none is known; ``quantity_direction`` follows the
variable to its assignment in the cell when its name says nothing: a value computed by a
loss object or a ``torch.nn.functional`` loss is a loss. Pure AST and names: no framework
import (the loss test is the torch adapter's ``is_loss`` / ``is_loss_api``).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

#: words of a quantity that is better when larger
UP_WORDS = ("accuracy", "acc", "auc", "precision", "recall", "f1", "iou", "r2")
#: words of a quantity that is better when smaller
DOWN_WORDS = ("loss", "error", "mse", "mae", "mape", "msle", "crossentropy", "hinge",
              "divergence", "poisson", "cosh")
#: whole words of a variable name only (too short or too common to match inside a word)
_UP_TOKENS = UP_WORDS + ("auroc", "roc", "dice", "bleu", "top1", "top5")
_DOWN_TOKENS = DOWN_WORDS + ("rmse", "nll", "err", "perplexity", "ppl", "losses")
#: the endings of the loss functions of ``torch.nn.functional``
_F_LOSSES = ("_loss", "cross_entropy", "cross_entropy_with_logits", "kl_div")


def direction(name: str) -> str | None:
    """"up"/"down" for a Keras log key (without its ``val_``) by the words it contains, None
    when unknown."""
    low = name.lower()
    if low == "loss" or low.endswith("_loss") or any(w in low for w in DOWN_WORDS):
        return "down"
    if any(w in low for w in UP_WORDS):
        return "up"
    return None


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    words = [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]
    return words + [w.rstrip("0123456789") for w in words]   # "acc1" is "acc" too


def variable_direction(name: str) -> str | None:
    """"up"/"down" for a variable holding a metric, by its whole words (``val_loss``,
    ``epochAcc``, ``f1_macro``); None when no word is known or the words disagree
    (``loss_acc_ratio``)."""
    words = set(_words(name))
    up = bool(words & set(_UP_TOKENS))
    down = bool(words & set(_DOWN_TOKENS))
    if up == down:
        return None
    return "up" if up else "down"


@dataclass(frozen=True)
class Quantity:
    """What the value handed to a training control is."""

    name: str            # how the source writes it: "val_loss", "metrics['f1']"
    direction: str       # "up" / "down"
    how: str             # "name": by its name; "loss": computed by the loss ``source``
    source: str | None   # the loss that computed it ("criterion", "F.mse_loss")


def _flipped(e: ast.expr) -> bool:
    """``-x``, ``1 - x``, ``1 / x``: the sign or the order of the value is turned round."""
    return any(isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub) or
               isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Sub, ast.Div)) and
               isinstance(n.left, ast.Constant) for n in ast.walk(e))


def _named(e: ast.expr) -> str | None:
    """The name a value is read by: ``v``, ``v.item()``, ``float(v)``, ``stats["val_f1"]``,
    ``self.val_loss``; None for anything computed in place."""
    for _ in range(4):
        if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Div, ast.Mult)) and \
                not isinstance(e.left, ast.Constant):
            e = e.left       # a mean over batches: ``total_loss / len(loader)``
            continue
        if isinstance(e, ast.Call) and not e.keywords:
            f = e.func
            if isinstance(f, ast.Attribute) and f.attr in ("item", "cpu", "detach", "mean",
                                                         "tolist") and not e.args:
                e = f.value
                continue
            if isinstance(f, ast.Name) and f.id == "float" and len(e.args) == 1:
                e = e.args[0]
                continue
            return None
        break
    if isinstance(e, ast.Name):
        return e.id
    if isinstance(e, ast.Attribute):
        return e.attr
    if isinstance(e, ast.Subscript) and isinstance(e.slice, ast.Constant) and \
            isinstance(e.slice.value, str):
        return e.slice.value
    return None


def quantity_direction(ctx: Any, e: ast.expr | None, line: int) -> Quantity | None:
    """What ``e`` (an argument at ``line``) is: a loss or a score, by its name or, when the
    name says nothing, by the loss that computed it in this cell. None when unknown or when
    the cell turns its sign round (``-val_loss``, ``1 - acc``)."""
    if e is None or isinstance(e, ast.Starred):
        return None
    src = ctx.source
    label = src.segment(e) or ""
    name = _named(e)
    if name is None:
        return None
    prior = [a for a in getattr(src, "assigns", ()) if a.target == name and a.line <= line]
    value = prior[-1].value if prior else None
    if value is not None and _flipped(value):
        return None
    d = variable_direction(name)
    if d is not None:
        return Quantity(label, d, "name", None)
    if value is None or not isinstance(e, (ast.Name, ast.Call)):
        return None
    loss = _loss_call(ctx, value)
    return Quantity(label, "down", "loss", loss) if loss else None


def _loss_call(ctx: Any, value: ast.expr) -> str | None:
    """The loss (object or functional) whose call computes ``value``, if any."""
    from .. import frameworks
    t = frameworks.get("torch")
    if t is None:
        return None
    for n in ast.walk(value):
        if not isinstance(n, ast.Call):
            continue
        f = n.func
        if isinstance(f, ast.Name) and t.is_loss(ctx.user_ns.get(f.id)):
            return f.id
        seg = ctx.source.segment(f)
        q = ctx.source.qualname(seg) if seg else None
        if q and q.startswith("torch.nn.functional.") and \
                q.rsplit(".", 1)[1].endswith(_F_LOSSES):
            return seg
    return None
