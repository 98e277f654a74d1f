from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...analysis.errors import KerasCall, _msg, code_of, error_calls, error_line, lc
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


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
            detail = f"`{n}` has shape {shape_str(a.shape)}, dtype object" + (
                f", holding {', '.join(kinds[:4])}" if kinds else "")
            strings = "str" in kinds
            summary = detail + "."
            if strings:
                advice = (f"`{n}` contains text values: encode or drop the text columns (one-hot "
                          f"with `pd.get_dummies`, or numbers stored as text with "
                          f"`pd.to_numeric`), then convert with `{n}.astype(\"float32\")`.")
                fix_code = (f"# in pandas: df = pd.get_dummies(df); "
                            f"df[col] = pd.to_numeric(df[col], errors=\"coerce\")\n"
                            f"{n} = {n}.astype(\"float32\")")
            elif "ndarray" in kinds or "list" in kinds:
                advice = (f"`{n}` holds arrays/lists of different lengths: pad them to one "
                          f"length (`keras.utils.pad_sequences`) or stack equal-length rows "
                          f"with `np.stack`.")
                fix_code = f"{n} = keras.utils.pad_sequences(list({n}), dtype=\"float32\")"
            else:
                advice = f"All entries are numbers: convert with `{n}.astype(\"float32\")`."
                fix_code = f"{n} = {n}.astype(\"float32\")"
        else:
            detail = (f"unsupported element type {m.group('t')}" if "t" in m.groupdict()
                      and m.group("t") else "dtype object")
            summary = (f"an input array has dtype object ({detail}): convert it to a numeric "
                       f"dtype with `.astype(\"float32\")`.")
            advice = ("Convert the data to numbers with `X.astype(\"float32\")`; if that fails, "
                      "some entries are text or sequences of different lengths: encode or pad "
                      "them first. From pandas: `df.to_numpy(dtype=\"float32\")`.")
            fix_code = "X = X.astype(\"float32\")\ny = y.astype(\"float32\")"
        yield Evidence(line=error_line(ctx), subject=bad[0][0] if bad else None,
                       summary=lc(summary), advice=advice, detail=detail, fix_code=fix_code)
