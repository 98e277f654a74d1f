from __future__ import annotations

import ast
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

#: removed model methods -> the method that replaces them (the text variant of each is
#: named after the removed method)
_REMOVED_METHODS = {"fit_generator": "fit", "evaluate_generator": "evaluate",
                    "predict_generator": "predict", "predict_classes": "predict",
                    "predict_proba": "predict"}


_REMOVED_FUNCS = {
    "tensorflow.Session": "eager execution (just run the ops) or `tf.function`",
    "tensorflow.placeholder": "function arguments of a `tf.function` / `keras.Input`",
    "tensorflow.global_variables_initializer": "nothing: variables are initialised when "
                                               "created in TF2",
    "tensorflow.set_random_seed": "`tf.random.set_seed(...)` (or `keras.utils.set_random_seed`)",
    "tensorflow.train.AdamOptimizer": "`keras.optimizers.Adam(learning_rate=...)`",
    "tensorflow.train.GradientDescentOptimizer": "`keras.optimizers.SGD(learning_rate=...)`",
    "tensorflow.keras.backend.get_session": "eager execution (no sessions in TF2)",
    "tensorflow.keras.backend.set_session": "eager execution (no sessions in TF2)",
    "keras.backend.get_session": "eager execution (no sessions in TF2)",
    "tensorflow.keras.layers.CuDNNLSTM": "`keras.layers.LSTM` (uses cuDNN automatically)",
    "keras.layers.CuDNNLSTM": "`keras.layers.LSTM` (uses cuDNN automatically)",
    "tensorflow.keras.layers.CuDNNGRU": "`keras.layers.GRU` (uses cuDNN automatically)",
    "keras.layers.CuDNNGRU": "`keras.layers.GRU` (uses cuDNN automatically)",
    "keras.utils.np_utils.to_categorical": "`keras.utils.to_categorical`",
    "tensorflow.keras.utils.np_utils.to_categorical": "`keras.utils.to_categorical`",
}


# Keras 2 module paths that Keras 3 (and tf.keras in TF >= 2.16) no longer has
_MOVED_MODULES = {
    "keras.layers.core": "`from keras.layers import Dense, Dropout, Flatten, Activation`",
    "keras.layers.convolutional": "`from keras.layers import Conv2D, MaxPooling2D, ...`",
    "keras.layers.pooling": "`from keras.layers import MaxPooling2D, GlobalAveragePooling2D`",
    "keras.layers.recurrent": "`from keras.layers import LSTM, GRU, SimpleRNN`",
    "keras.layers.normalization": "`from keras.layers import BatchNormalization`",
    "keras.layers.embeddings": "`from keras.layers import Embedding`",
    "keras.layers.merge": "`from keras.layers import concatenate, add` (or `Concatenate`)",
    "keras.layers.advanced_activations": "`from keras.layers import LeakyReLU, PReLU, ELU`",
    "keras.layers.wrappers": "`from keras.layers import TimeDistributed, Bidirectional`",
    "keras.layers.experimental": "`keras.layers` (e.g. `keras.layers.Normalization`, "
                                 "`keras.layers.Rescaling`, `keras.layers.RandomFlip`)",
    "keras.engine": "`from keras.layers import Layer, InputSpec` / `from keras import Model`",
    "keras.utils.np_utils": "`from keras.utils import to_categorical`",
    "keras.utils.vis_utils": "`from keras.utils import plot_model`",
    # keras.wrappers itself exists again (SKLearnClassifier/Regressor); its Keras 2
    # submodule does not
    "keras.wrappers.scikit_learn": "`from keras.wrappers import SKLearnClassifier` (or "
                                   "`SKLearnRegressor`), or the `scikeras` package",
    "keras.preprocessing.text": "`keras.layers.TextVectorization`",
}


_MOVED_NAMES = {
    ("keras.utils", "np_utils"): "`from keras.utils import to_categorical`",
    ("keras.layers", "merge"): "`from keras.layers import concatenate, add` (or `Concatenate`)",
    ("keras.layers", "CuDNNLSTM"): "`keras.layers.LSTM` (uses cuDNN automatically)",
    ("keras.wrappers", "KerasClassifier"): "`from keras.wrappers import SKLearnClassifier`",
    ("keras.wrappers", "KerasRegressor"): "`from keras.wrappers import SKLearnRegressor`",
    ("keras.layers", "CuDNNGRU"): "`keras.layers.GRU` (uses cuDNN automatically)",
    ("keras.preprocessing.image", "ImageDataGenerator"):
        "`keras.utils.image_dataset_from_directory` with augmentation layers "
        "(`keras.layers.RandomFlip`, `RandomRotation`...)",
}


_OPT_CLASSES = {o.lower(): o for o in ("SGD", "Adam", "AdamW", "Adamax", "Nadam", "RMSprop",
                                        "Adagrad", "Adadelta", "Ftrl")}


def _keras_mod(mod: str) -> str:
    for p in ("tensorflow.keras.", "tensorflow.python.keras.", "tf_keras."):
        if mod.startswith(p):
            return "keras." + mod[len(p):]
    return mod


def _removed_imports(ctx: CellContext) -> Iterator[Evidence]:
    """A Keras 2 import path that failed in this cell (the ImportError confirms it)."""
    err = ctx.error
    if err is None or not isinstance(err.exc, ImportError) or ctx.source.tree is None:
        return
    missing = getattr(err.exc, "name", None) or ""
    for node in ast.walk(ctx.source.tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            mods = [(node.module, [a.name for a in node.names])]
        elif isinstance(node, ast.Import):
            mods = [(a.name, []) for a in node.names]
        else:
            continue
        for mod, names in mods:
            km = _keras_mod(mod)
            if not km.startswith("keras."):
                continue
            fields: dict[str, str] | None = None
            variant: tuple[str, ...] = ("moved_import",)
            hit = next((m for m in _MOVED_MODULES if km == m or km.startswith(m + ".")), None)
            if hit is not None and (missing == mod or mod.startswith(missing + ".")
                                    or missing.startswith(mod)) and missing:
                fields = {"old": mod, "new": _MOVED_MODULES[hit]}
            else:
                for n in names:
                    if f"cannot import name '{n}'" not in err.message:
                        continue
                    if (km, n) in _MOVED_NAMES:
                        fields = {"old": f"{mod}.{n}", "new": _MOVED_NAMES[(km, n)]}
                    elif km == "keras.optimizers" and n in _OPT_CLASSES:
                        fields = {"old": f"{mod}.{n}", "module": mod, "cls": _OPT_CLASSES[n]}
                        variant += ("capitalised_optimizer",)
                    if fields is not None:
                        break
            if fields is None:
                continue
            yield Evidence(line=node.lineno, variant=variant,
                           statement=ctx.source.segment(node), error=_a(err.type_name),
                           **fields)
            return


def _a(word: str) -> str:
    return ("an " if word[:1] in "AEIOU" else "a ") + word


_KERAS1_ARGS = {"init": "kernel_initializer", "border_mode": "padding",
                "W_regularizer": "kernel_regularizer", "b_regularizer": "bias_regularizer",
                "W_constraint": "kernel_constraint", "b_constraint": "bias_constraint",
                "subsample": "strides", "nb_epoch": "epochs", "output_dim": "units",
                "nb_filter": "filters", "dim_ordering": "data_format",
                "samples_per_epoch": "steps_per_epoch", "nb_val_samples": "validation_steps"}


#: how Keras 3 rejects a keyword it does not know: a layer's ValueError, fit's TypeError
#: (tests/test_framework_claims.py checks it against the installed Keras)
_KERAS1_ERROR = (r"Unrecognized keyword arguments?[^{]*\{'(\w+)'|"
                 r"unexpected keyword argument '(\w+)'")


def _keras1_arguments(ctx: CellContext) -> Iterator[Evidence]:
    """A Keras 1 keyword argument rejected in this cell (the error names it)."""
    import re
    err = ctx.error
    if err is None or err.type_name not in ("ValueError", "TypeError"):
        return
    m = re.search(_KERAS1_ERROR, err.message)
    if not m:
        return
    arg = m.group(1) or m.group(2)
    if arg not in _KERAS1_ARGS:
        return
    for c in ctx.source.calls:
        if arg in c.kwargs:
            seg = ctx.source.segment(c.node) or f"{c.name}(...)"
            yield Evidence(line=c.line, variant="keras1_argument", old=f"{c.attr}({arg}=...)",
                           new_arg=_KERAS1_ARGS[arg],
                           fixed=seg.replace(f"{arg}=", f"{_KERAS1_ARGS[arg]}=", 1),
                           error=_a(err.type_name))
            return


@register
class RemovedKerasApi(Rule):
    id = "DLF-A102"
    name = "removed-keras-api"
    title = "Call to a Keras/TensorFlow API that no longer exists (Keras 3 / TF2)"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = "`{old}` was removed ({since}); use {new}."
    beginner = """This code follows an older tutorial: `{old}` does not exist in the
installed version, so Python stops with {error}. Use {new} instead."""
    expert = """{since}: `{old}` has no equivalent name any more. The replacement is {new}.
(`tf.compat.v1` keeps most TF1 graph-mode APIs, but mixing them with Keras 3 models is not
supported.)"""
    fix = """{fixed}"""
    texts = {
        # a model method removed in Keras 2.6 / Keras 3 (one variant per method)
        "removed_method": Texts(since="Keras 2.6 / Keras 3"),
        # (one line each: the part may also be the fix, which is not reflowed)
        "fit_generator": Texts(new="`{receiver}.fit(generator_or_dataset, ...)`: fit accepts "
                                   "generators, tf.data datasets and PyDataset"),
        "evaluate_generator": Texts(new="`{receiver}.evaluate(generator_or_dataset)`"),
        "predict_generator": Texts(new="`{receiver}.predict(generator_or_dataset)`"),
        "predict_classes": Texts(new="`{receiver}.predict(x).argmax(axis=-1)` (softmax) or "
                                     "`({receiver}.predict(x) > 0.5).astype(\"int32\")` "
                                     "(sigmoid)"),
        "predict_proba": Texts(new="`{receiver}.predict(x)` (it returns the probabilities)"),
        # the call could not be rewritten: the replacement is the fix
        "fix_replacement": Texts(fix="{new}"),
        # a TF1 / Keras 2 function or class that no longer exists
        "removed_function": Texts(since="TensorFlow 2 / Keras 3",
                                  fix="# instead of {old}(...): {new}"),
        # an import path that Keras 3 no longer has (the ImportError confirms it)
        "moved_import": Texts(since="Keras 3", fix="""# instead of: {statement}
# use {new}"""),
        "capitalised_optimizer": Texts(new="`from {module} import {cls}` (capitalised)"),
        # a Keras 1 keyword argument that Keras 3 rejects
        "keras1_argument": Texts(
            since="Keras 2 renamed the Keras 1 arguments; Keras 3 rejects them",
            new="`{new_arg}=`"),
    }
    references = ("https://keras.io/guides/migrating_to_keras_3/",
                  "https://www.tensorflow.org/guide/migrate")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        for c in src.calls:
            if c.attr in _REMOVED_METHODS and c.receiver:
                var = ctx.ns.get(c.receiver.split(".")[0])
                if var is None or var.kind != "model" or var.framework != "keras":
                    continue
                seg = src.segment(c.node)
                variant: tuple[str, ...] = ("removed_method", c.attr)
                fixed = None
                if seg:
                    fixed = seg.replace(f".{c.attr}(", f".{_REMOVED_METHODS[c.attr]}(", 1)
                    if c.attr == "predict_classes":
                        fixed = fixed + ".argmax(axis=-1)"
                else:
                    variant += ("fix_replacement",)
                yield Evidence(line=c.line, subject=var.name, variant=variant,
                               old=f"{c.receiver}.{c.attr}", receiver=c.receiver,
                               fixed=fixed, error="an AttributeError")
                continue
            q = src.qualname(c.name)
            if q in _REMOVED_FUNCS:
                yield Evidence(line=c.line, variant="removed_function", old=c.name,
                               new=_REMOVED_FUNCS[q], error="an AttributeError")
        yield from _removed_imports(ctx)
        yield from _keras1_arguments(ctx)
