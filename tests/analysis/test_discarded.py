"""Calls whose result is thrown away (dlfault_jupyter/analysis/discarded.py): expression
statements that call something, anywhere in the cell, the displayed last statement
excepted; out-of-place functions named through the imports and their aliases."""

from __future__ import annotations

from dlfault_jupyter.analysis.discarded import discarded_calls
from dlfault_jupyter.source import SourceFacts


def _got(src: str):
    return [(d.line, d.name, d.qualname, d.out_of_place) for d in
            discarded_calls(SourceFacts(src))]


def test_out_of_place_calls_and_calls_made_for_their_effect():
    src = ("import torch\nimport tensorflow as tf\n"
           "from tensorflow import clip_by_value as cbv\n"
           "torch.clamp(x, 0, 1)\n"          # 4: its result is the clamped copy
           "x.clip(0, 1)\n"                   # 5: a method of a value: the rule decides
           "layer.adapt(ds)\n"                # 6: made for its effect
           "def step(g):\n"
           "    tf.clip_by_norm(g, 1.0)\n"    # 8: inside a function too
           "    cbv(g, 0.0, 1.0)\n"           # 9: through an alias
           "    optimizer.step()\n"           # 10
           "torch.clamp(x, 0, 1)\n")          # 11: displayed: not discarded
    assert _got(src) == [
        (4, "torch.clamp", "torch.clamp", True),
        (5, "x.clip", None, False),
        (6, "layer.adapt", None, False),
        (8, "tf.clip_by_norm", "tensorflow.clip_by_norm", True),
        (9, "cbv", "tensorflow.clip_by_value", True),
        (10, "optimizer.step", None, False),
    ]


def test_correct_code_has_no_discarded_out_of_place_call():
    src = ("import torch\ny = torch.clamp(x, 0, 1)\nx.clamp_(0, 1)\n"
           "grads, _ = tf.clip_by_global_norm(grads, 5.0)\nprint(y)\ny\n")
    assert [d for d in discarded_calls(SourceFacts(src)) if d.out_of_place] == []
    assert [d.name for d in discarded_calls(SourceFacts(src))] == ["x.clamp_", "print"]


def test_out_tells_where_the_result_goes():
    src = "import numpy as np\nnp.clip(a, 0, 1, out=a)\nnp.clip(a, 0, 1)\nz = 1\n"
    assert [(d.line, d.out_of_place) for d in discarded_calls(SourceFacts(src))] == [
        (2, False), (3, True)]


def test_a_user_function_of_the_same_name_is_not_the_library_one():
    src = "def clamp(x, lo, hi):\n    return x\nclamp(x, 0, 1)\nz = 1\n"
    [d] = discarded_calls(SourceFacts(src))
    assert (d.qualname, d.out_of_place) == ("__main__.clamp", False)


def test_a_cell_that_does_not_parse_has_none():
    assert discarded_calls(SourceFacts("torch.clamp(x,")) == []
