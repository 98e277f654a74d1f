from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import (
    _line,
    _msg,
    arg,
    code_of,
    locate,
    loss_call,
    model_calls,
    module_repr,
    ns_obj,
    tb_modules,
    tensor_info,
)
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class InputDtypeMismatch(Rule):
    id = "DLF-E015"
    name = "input-dtype-mismatch"
    title = "Input dtype differs from the model's weights (Double/Long input to a Float model)"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Input dtype mismatch: {summary}"
    beginner = """{lead} PyTorch does not convert between these dtypes automatically.
{advice}"""
    expert = """Matmul/conv kernels need both operands in one dtype; there is no type promotion
for module parameters. numpy arrays default to float64, so `torch.from_numpy` / `torch.tensor`
of them give torch.float64 (Double) tensors, and integer data gives int64 (Long). Convert the
data (`.float()`, or `torch.tensor(a, dtype=torch.float32)`), not the model (`model.double()`
doubles memory and is slower)."""
    fix = """{fix_code}"""
    # A finding is written with where the dtypes met: the loss (its target) or a layer (its
    # input), and how each is named.
    texts = {
        "loss_target": Texts(
            summary="""{loss} got a {got} target{target} for a Float output: use
`{y}.float()`.""",
            lead="The loss output is float32, but the target{target} is {got_lower}.",
            advice="Convert the target with `{y}.float()`.",
            fix_code="loss = {lv}({out}, {y}.float())",
        ),
        "loss_named": Texts(loss="`{loss_var}` ({loss_cls})"),
        "loss_class": Texts(loss="{loss_cls}"),
        "loss_unknown": Texts(loss="the loss"),
        "target_named": Texts(target=" `{target_code}`"),
        "target_unnamed": Texts(target=""),
        "layer_input": Texts(
            summary="""{what} is {got} but {where} has {want} weights: convert it with
`{x}.float()`.""",
            lead="The model's weights are {want}, but {what} is {got}.",
            fix_code="""{x} = {x}.float()
# from numpy: torch.tensor(arr, dtype=torch.float32) or torch.from_numpy(arr).float()""",
        ),
        "integer_input": Texts(advice="""Integer data (pixel values, counts) must be converted
to float before a layer: `{x}.float()`."""),
        "float64_input": Texts(advice="""numpy arrays are float64 by default; convert the data
to float32: `{x}.float()`."""),
        "at_path": Texts(where="`{path}` ({layer_repr})"),
        "model_named": Texts(where="`{model}`"),
        "no_layer": Texts(where="the layer"),
        "input_named": Texts(what="`{x}`"),
        "input_unnamed": Texts(what="the input"),
    }
    references = ("https://pytorch.org/docs/stable/tensor_attributes.html#torch-dtype",)

    PATTERNS = (
        r"mat1 and mat2 must have the same dtype, but got (?P<got>\w+) and (?P<want>\w+)",
        r"Input type \((?P<got>[\w ]+)\) and (?:bias|weight) type \((?P<want>[\w ]+)\) should be the same",
        r"Found dtype (?P<got>Double|Half|BFloat16) but expected (?P<want>Float)",
        r"expected scalar type (?P<want>Float|Double) but found (?P<got>\w+)",
        r"expected m1 and m2 to have the same dtype, but got: (?P<got>\w+) != (?P<want>\w+)",
        r"Expected object of scalar type (?P<want>\w+) but got scalar type (?P<got>\w+)",
    )
    NAMES = {"double": "torch.float64 (Double)", "float": "torch.float32 (Float)",
             "long": "torch.int64 (Long)", "long int": "torch.int64 (Long)",
             "int": "torch.int32 (Int)", "half": "torch.float16 (Half)",
             "bfloat16": "torch.bfloat16"}

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        got_raw, want_raw = m.group("got").strip(), m.group("want").strip()
        if "cuda" in (got_raw + want_raw).lower() or got_raw.lower() == want_raw.lower():
            return
        mods = tb_modules(ctx.error.exc)
        in_loss = bool(mods) and frameworks.get("torch").is_loss(mods[-1][0])
        if "Found dtype" in m.group(0) or in_loss:
            call, loss_var, loss_cls = loss_call(ctx)
            y = code_of(ctx, arg(call, 1, "target")) if call else None
            yield Evidence(line=_line(ctx), subject=y if y and y.isidentifier() else None,
                           variant=("loss_target",
                                    "loss_named" if loss_var else
                                    "loss_class" if loss_cls else "loss_unknown",
                                    "target_named" if y else "target_unnamed"),
                           loss_var=loss_var, loss_cls=loss_cls, got=got_raw,
                           got_lower=got_raw.lower(), target_code=y, y=y or "y",
                           lv=loss_var or "loss_fn",
                           out=(code_of(ctx, arg(call, 0, "input")) if call else None)
                           or "output")
            return
        got = self.NAMES.get(got_raw.lower(), got_raw)
        want = self.NAMES.get(want_raw.lower(), want_raw)
        layer = path = None
        for mod, _fr in reversed(tb_modules(ctx.error.exc)):
            if not frameworks.get("torch").is_loss(mod) and hasattr(mod, "weight"):
                layer = mod
                _, path = locate(ctx, mod)
                break
        calls = model_calls(ctx)
        x = model = None
        if calls:
            model = calls[0][1]
            x, obj = ns_obj(ctx, arg(calls[0][0], 0))
            info = tensor_info(obj)
            if info is None or info[1] not in (got_raw.lower(), "float64", "int64", "float16",
                                               "int32", "bfloat16"):
                x = x if info is not None else None
        integral = "Long" in got or "Int" in got
        yield Evidence(line=_line(ctx), subject=x if x and x.isidentifier() else model,
                       variant=("layer_input", "integer_input" if integral else "float64_input",
                                "at_path" if path else "model_named" if model else "no_layer",
                                "input_named" if x else "input_unnamed"),
                       got=got, want=want, path=path,
                       layer_repr=module_repr(layer) if path else None, model=model, x=x or "x")
