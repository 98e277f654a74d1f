from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import module_path
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register


@register
class ConstantWeightInit(Rule):
    id = "DLF-M001"
    name = "constant-weight-init"
    title = "All weights of a hidden layer are equal (zero or constant initialisation)"
    taxonomy = "model.type"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("Every weight of `{path}` ({kind}, weight {shape}) equals {value}: {why}")
    beginner = """All the weights of `{layer}` have the same value ({value}). A layer
whose units all start identical stays identical: every unit computes the same thing and
receives the same update, so the layer behaves like a single unit (and with zeros, the
layers before it get no gradient at all). The model trains, but learns far less than it
could, without any error. Do not set weights to a constant: keep PyTorch's default
initialisation, or use a random one such as `nn.init.kaiming_uniform_` or
`nn.init.xavier_uniform_`. Setting biases to zero is fine."""
    expert = """Constant initialisation does not break the symmetry between the units of a
layer: with `W = c·1`, all rows of `W` receive identical gradients (`∂L/∂W_i` depends on
unit i only through `W_i`), so gradient descent keeps them equal and the layer's rank is 1.
With `c = 0` the gradient flowing to earlier layers, `Wᵀ δ`, is zero as well, so the
layers below are never updated. Only the output layer of a network (or the last layer of a
residual branch) may start at zero, because symmetry is broken by the random layers
before it."""
    fix = """# re-initialise randomly (or simply drop the nn.init.constant_/zeros_ call)
nn.init.kaiming_uniform_({path}.weight, nonlinearity="relu")
if {path}.bias is not None:
    nn.init.zeros_({path}.bias)   # zero biases are fine"""
    texts = {
        "zeros": Texts(why="""its units cannot become different from each other, and the
layers before it receive no gradient.{more}"""),
        "constant": Texts(why="its units cannot become different from each other.{more}"),
        "one_layer": Texts(more=""),
        "more_layers": Texts(more=" ({others} more layer(s) are constant too.)"),
    }
    known_false_alarms = ("A deliberately zero-initialised layer inside a custom block (e.g. "
                          "a zero-initialised projection of a residual branch), when it is "
                          "the first layer the model registers.")
    references = ("https://pytorch.org/docs/stable/nn.init.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        # models this cell created, rebound or named (an in-place re-initialisation names
        # the model): an unchanged model's layers are not walked again on every cell
        for v in ctx.ns.touched("model", framework="torch"):
            chain = t.sequential_chain(v.obj)
            leaves = chain if chain is not None else t.leaf_modules(v.obj)
            weighted = [(n, m, w) for n, m in leaves
                        if (w := t.weight_of(m)) is not None and w.requires_grad]
            if len(weighted) < 2:
                continue  # a single layer (linear/logistic regression) may start at zero
            const = []
            for i, (n, m, w) in enumerate(weighted):
                if w.numel() < 2:
                    continue
                s = t.summary(w)
                if not s.has_values or s.std is None or s.std != 0 or s.n_nan:
                    continue
                units = int(w.shape[0]) if w.dim() else 1
                if s.mean != 0 and units < 2:
                    continue
                const.append((i, n, m, w, s))
            if not const:
                continue
            last = len(weighted) - 1
            if chain is not None:
                hits = [c for c in const if c[0] != last]
            else:
                # custom forward: order unknown; the first registered layer is the input
                hits = [c for c in const if c[0] == 0] or (
                    const if len(const) == len(weighted) else [])
            if not hits:
                continue
            i, n, m, w, s = hits[0]
            val = f"{s.mean:g}"
            yield Evidence(subject=v.name, key=(n, val),
                           variant=("zeros" if s.mean == 0 else "constant",
                                    "more_layers" if len(hits) > 1 else "one_layer"),
                           model=v.name, layer=n, path=module_path(v.name, n),
                           kind=type_name(m), shape=tuple(w.shape), value=val,
                           others=len(hits) - 1)
