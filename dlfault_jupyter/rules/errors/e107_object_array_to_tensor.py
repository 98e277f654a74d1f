from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...analysis.errors import KerasCall, _msg, code_of, error_calls, error_line
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


@register
class ObjectArrayToTensor(Rule):
    id = "DLF-E107"
    name = "object-array-to-tensor"
    title = "Failed to convert a NumPy array to a Tensor: array of dtype object"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Data of dtype object cannot become a tensor: {summary}"
    beginner = """TensorFlow needs arrays of numbers with one dtype (float32, int64…). An array of
dtype `object` holds arbitrary Python objects: mixed numbers and strings (often from a pandas
DataFrame with a text column), or rows of different lengths. {advice}"""
    expert = """`tf.convert_to_tensor` cannot infer a dtype for `object` arrays ({detail}).
Convert explicitly: `X.astype("float32")` when all entries are numbers; encode categorical
columns (`pd.get_dummies`, `StringLookup`) first; use `pd.to_numeric(..., errors="coerce")` for
numbers stored as strings; pad variable-length sequences (`keras.utils.pad_sequences`) or use
`tf.ragged.constant`."""
    fix = """{fix_code}"""
    texts = {
        # -- an argument of the failing call is an object array in the namespace
        "kinds_seen": Texts(detail="`{n}` has shape {shape}, dtype object, holding {kinds}"),
        "kinds_unseen": Texts(detail="`{n}` has shape {shape}, dtype object"),
        "text_values": Texts(
            summary="{detail}.",
            advice="""`{n}` contains text values: encode or drop the text columns (one-hot with
`pd.get_dummies`, or numbers stored as text with `pd.to_numeric`), then convert with
`{n}.astype("float32")`.""",
            fix_code="""# in pandas: df = pd.get_dummies(df); df[col] = pd.to_numeric(df[col], errors="coerce")
{n} = {n}.astype("float32")"""),
        "ragged_rows": Texts(
            summary="{detail}.",
            advice="""`{n}` holds arrays/lists of different lengths: pad them to one length
(`keras.utils.pad_sequences`) or stack equal-length rows with `np.stack`.""",
            fix_code='{n} = keras.utils.pad_sequences(list({n}), dtype="float32")'),
        "numbers": Texts(
            summary="{detail}.",
            advice='All entries are numbers: convert with `{n}.astype("float32")`.',
            fix_code='{n} = {n}.astype("float32")'),
        # -- no such array found: only the error's words
        "element_type": Texts(detail="unsupported element type {element}"),
        "object_dtype": Texts(detail="dtype object"),
        "array_unknown": Texts(
            summary="""an input array has dtype object ({detail}): convert it to a numeric
dtype with `.astype("float32")`.""",
            advice="""Convert the data to numbers with `X.astype("float32")`; if that fails,
some entries are text or sequences of different lengths: encode or pad them first. From
pandas: `df.to_numpy(dtype="float32")`.""",
            fix_code="""X = X.astype("float32")
y = y.astype("float32")"""),
    }
    references = ("https://www.tensorflow.org/api_docs/python/tf/convert_to_tensor",)

    PATTERNS = (r"Failed to convert a NumPy array to a Tensor \(Unsupported object type "
                r"(?P<t>[\w.]+)\)",
                r"Invalid dtype: object")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        kc = KerasCall(ctx)
        names: list[str] = []
        if kc.call is not None:
            names = [code_of(ctx, a) for a in [*kc.call.node.args,
                                               *(k.value for k in kc.call.node.keywords)]]
        else:
            names = [a.id for c in error_calls(ctx) for a in c.node.args
                     if isinstance(a, ast.Name)]
        bad: list[tuple[str, Any]] = []
        for n in names:
            v = ctx.ns.get(n) if n and n.isidentifier() else None
            if v is not None and v.kind == "array" and getattr(v.obj, "dtype", None) is not None \
                    and v.obj.dtype.kind == "O":
                bad.append((n, v.obj))
        if bad:
            n, a = bad[0]
            kinds: list[str] = []
            try:
                flat = a.reshape(-1)
                for e in flat[: min(int(flat.size), 200)]:
                    tn = type_name(e)
                    if tn not in kinds:
                        kinds.append(tn)
            except Exception:  # noqa: BLE001
                kinds = []
            case = "text_values" if "str" in kinds else "ragged_rows" \
                if "ndarray" in kinds or "list" in kinds else "numbers"
            yield Evidence(line=error_line(ctx), subject=n,
                           variant=("kinds_seen" if kinds else "kinds_unseen", case),
                           n=n, shape=shape_str(a.shape), kinds=", ".join(kinds[:4]))
        else:
            element = m.group("t") if "t" in m.groupdict() else None
            yield Evidence(line=error_line(ctx), subject=None,
                           variant=("element_type" if element else "object_dtype",
                                    "array_unknown"),
                           element=element)
