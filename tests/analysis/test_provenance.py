"""The one provenance walk (dlfault_jupyter/analysis/provenance.py), on plain snippets:
what is followed (conversions, slices, wrappers, assignments before the line, earlier
cells), what each step keeps (values / length / layout), and where the walk stops."""

from __future__ import annotations

import ast

import pytest

from dlfault_jupyter.analysis.provenance import (
    CONVERSIONS,
    DTYPE,
    LAYOUT,
    LENGTH,
    VALUES,
    Origin,
    Provenance,
    keeps,
    sliced_rows,
)
from dlfault_jupyter.source import SourceFacts


def walk(src: str, **kw) -> Origin | None:
    """Origin of the expression on the last line of ``src``."""
    sf = SourceFacts(src)
    pv = Provenance(sf, earlier=kw.pop("earlier", None))
    last = sf.tree.body[-1]
    return pv.origin(last.value, last.lineno, **kw)


@pytest.mark.parametrize("expr, root, wrappers, kept", [
    ("X", "X", (), {VALUES, LENGTH, LAYOUT, DTYPE}),
    ("X.float().to(device)", "X", ("to", "float"), {VALUES, LENGTH, LAYOUT}),
    ("torch.tensor(X, dtype=torch.float32)", "X", ("tensor", "dtype"),
     {VALUES, LENGTH, LAYOUT}),
    ("torch.from_numpy(X).cuda()", "X", ("cuda", "from_numpy"), {VALUES, LENGTH, LAYOUT, DTYPE}),
    ("np.asarray(df.values).astype('float32')", "df", ("astype", "asarray", ".values"),
     {VALUES, LENGTH, LAYOUT}),
    ("tf.constant(X)", "X", ("constant",), {VALUES, LENGTH, LAYOUT, DTYPE}),
    ("X.numpy()", "X", ("numpy",), {VALUES, LENGTH, LAYOUT, DTYPE}),
    ("X[:100]", "X", ("[:]",), {VALUES, LAYOUT, DTYPE}),          # slicing keeps the layout
    ("X[:, 1:]", "X", ("[:]",), {VALUES, LAYOUT, DTYPE}),
    ("X[0]", "X", ("[]",), {VALUES, DTYPE}),
    ("X.reshape(-1, 28, 28)", "X", ("reshape",), {VALUES, DTYPE}),  # reshape: values, not layout
    ("X.view(len(X), -1).float()", "X", ("float", "view"), {VALUES}),
    ("X.permute(0, 3, 1, 2)", "X", ("permute",), set()),    # unknown step: keeps nothing
    ("X.sum(1)", "X", ("sum",), set()),
    ("scale(X)", "X", ("scale",), set()),
    ("torch.clone(X)", "X", ("clone",), {VALUES, LENGTH, LAYOUT, DTYPE}),   # module functions
    ("np.reshape(X, (-1, 1))", "X", ("reshape",), {VALUES, DTYPE}),
    ("torch.flatten(X, 1).float()", "X", ("float", "flatten"), {VALUES}),
])
def test_conversions(expr, root, wrappers, kept):
    o = walk(f"import torch\nimport numpy as np\n{expr}")
    assert (o.kind, o.root, o.wrappers, set(o.kept)) == ("name", root, wrappers, kept)
    assert o.exact == (VALUES in kept)


def test_keep_parameter_sets_exact():
    assert walk("X[:10].float()", keep=(VALUES, LAYOUT)).exact
    assert not walk("X[:10].float()", keep=(LENGTH,)).exact
    assert not walk("X.reshape(-1)", keep=(LAYOUT,)).exact
    assert walk("X.reshape(-1)", keep=(VALUES,)).exact


def test_model_calls_are_sources():
    o = walk("torch.sigmoid(model(x)).squeeze()", models={"model"})
    assert (o.kind, o.root, o.wrappers) == ("call", "model", ("squeeze", "sigmoid"))
    o = walk("net.forward(x)", models={"net"})
    assert (o.kind, o.root) == ("call", "net")
    # without models, a call of a name is a wrapper into its first argument
    assert walk("model(x)").root == "x"


def test_follows_assignments_before_the_line():
    src = "out = model(x)\nprobs = out.softmax(1)\nprobs.float()"
    o = walk(src, models={"model"})
    assert (o.kind, o.root, o.wrappers, o.line) == ("call", "model", ("float", "softmax"), 1)
    # an assignment after the line is not followed
    sf = SourceFacts("y.float()\ny = labels.long()")
    o = Provenance(sf).origin(sf.tree.body[0].value, 1)
    assert o.root == "y"
    # follow=False: the variable itself
    assert walk(src, follow=False).root == "probs"


def test_loop_targets_stop_the_walk():
    src = "xb = X[:10]\nfor xb, yb in loader:\n    pass\nxb.float()"
    o = walk(src)
    assert (o.root, o.wrappers) == ("xb", ("float",))


def test_tuple_and_augmented_assignments_stop():
    assert walk("a, b = x, y\na.float()").root == "a"
    assert walk("a, b = f()\na.float()") is None    # a part of a call's result: unknown
    assert walk("a = X\na += 1\na").root == "X"      # the plain assignment is followed


def test_earlier_cells():
    cell1 = SourceFacts("import torch\nX_t = torch.tensor(X_np, dtype=torch.float32)")
    remembered = Provenance(cell1).assigned(cell=3)
    assert remembered["X_t"].root == "X_np" and remembered["X_t"].cell == 3
    o = walk("X_t[:5].cuda()", earlier=remembered)
    assert (o.root, o.wrappers, o.cell) == ("X_np", ("cuda", "[:]", "tensor", "dtype"), 3)
    assert o.keeps(VALUES, LAYOUT) and not o.keeps(LENGTH)
    # rebound in this cell: the earlier origin no longer holds
    o = walk("X_t = other\nX_t", earlier=remembered)
    assert o.root == "other"


def test_stops_on_literals_and_arithmetic():
    assert walk("X * 2") is None
    assert walk("[1, 2, 3]") is None
    assert walk("f()(x)") is None


@pytest.mark.parametrize("expr, want", [
    ("X", ("X", "exact")),
    ("X.float().to(dev)", ("X", "exact")),
    ("torch.tensor(X, dtype=torch.long)", ("X", "exact")),
    ("df.values", ("df", "exact")),
    ("X[:10]", ("X", "values")),
    ("X.reshape(-1, 1)", ("X", "values")),
    ("X.sum(1)", (None, "")),
    ("f(X)", (None, "")),
    ("obj.attr", (None, "")),
    ("np.float32(X)", (None, "")),
])
def test_variable(expr, want):
    sf = SourceFacts(f"import torch\n{expr}")
    assert Provenance(sf).variable(sf.tree.body[-1].value) == want


@pytest.mark.parametrize("expr, root, same_as", [
    ("y[i:i + b].float().unsqueeze(1)", "y", "X[i:i + b]"),
    ("X[i:i + b]", "X", "X[i:i + b]"),
    ("X", "X", None),
    ("X.sum()[i]", None, None),
])
def test_sliced_rows(expr, root, same_as):
    r, sl = sliced_rows(ast.parse(expr).body[0].value)
    assert r == root
    if same_as:
        assert sl == sliced_rows(ast.parse(same_as).body[0].value)[1]


def test_callers_through_assignments():
    sf = SourceFacts("out = model(x)\nh = out.relu()\nloss = loss_fn(h, y)\n"
                     "opt = SGD(net.parameters())")
    pv = Provenance(sf)
    assert "model" in pv.callers(sf.tree.body[2].value.args[0])
    assert "net" in pv.callers(sf.tree.body[3].value)


def test_table_is_consistent():
    for label, (via, kept) in CONVERSIONS.items():
        assert via in ("self", "arg", "value"), label
        assert keeps(label) == kept
        # whatever keeps the rows keeps the values and the layout
        assert LENGTH not in kept or {VALUES, LAYOUT} <= kept, label
        assert VALUES in kept, label          # every known step keeps the values
    assert keeps("permute") == frozenset()
    # the casts do not keep the dtype; moves, copies and slices do
    assert DTYPE not in keeps("float") and DTYPE not in keeps("to")
    assert DTYPE in keeps("cuda") and DTYPE in keeps("[:]") and DTYPE in keeps("tensor")
    assert DTYPE not in keeps("FloatTensor")
