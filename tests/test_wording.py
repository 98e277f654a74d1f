"""Readable names and numbers in messages (wording.py), and no literal Markdown emphasis
in any rule text."""

from __future__ import annotations

import re

import pytest

from dlfault_jupyter.rules import load_all
from dlfault_jupyter.wording import describe, layer, layer_label, layer_path, num, times


@pytest.mark.parametrize(("v", "want"), [
    (0.6905, "0.6905"), (345.3, "345.3"), (12345.6, "12,346"), (123456, "123,456"),
    (1.6e7, "16 million"), (4.2e9, "4.2 billion"), (6.33e-08, "6.3 × 10⁻⁸"),
    (2.5e-4, "0.00025"), (0, "0"), (float("nan"), "nan"), (None, "?"), (-0.5, "-0.5"),
])
def test_numbers_people_read(v, want) -> None:
    assert num(v) == want


def test_ratios_in_words_not_exponents() -> None:
    assert times(1 / 6.33e-08) == "15.8 million times"
    assert times(4.151) == "4.2 times"
    assert "e+" not in times(1.6e7) and "e-" not in times(1.6e7)


def test_layers_by_the_path_the_user_types_and_a_short_description() -> None:
    from torch import nn

    deep = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Conv2d(3, 16, 3))
    assert layer("deep", "0", deep[0]) == "`deep[0]` (Linear 10→64)"
    assert describe(deep[2]) == "Conv2d 3→16, 3×3"
    assert describe(nn.Dropout(0.5)) == "Dropout p=0.5"
    assert describe(deep[1]) == "ReLU"
    assert layer_path("net", "encoder.0.fc") == "net.encoder[0].fc"
    assert layer_path(None, "self.fc1") == "self.fc1"
    assert layer_label("model", "3: Softmax") == "model[3]"
    assert layer_label("net", "F.softmax(...)") == "F.softmax(...)"


def test_no_rule_text_has_literal_markdown_emphasis_or_a_module_repr() -> None:
    emph = re.compile(r"(?<![\w*`])\*[A-Za-z][^*\n`]*\*(?![\w*])")
    bad = []
    for rid, cls in load_all().items():
        for attr in ("title", "message", "beginner", "expert"):
            t = str(getattr(cls, attr) or "")
            if emph.search(t) or "bias=True)" in t:
                bad.append((rid, attr, (emph.search(t) or re.search(r"bias=True\)", t))[0]))
    assert not bad, bad
