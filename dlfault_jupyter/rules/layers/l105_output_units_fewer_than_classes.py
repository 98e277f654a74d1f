from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class OutputUnitsFewerThanClasses(Rule):
    id = "DLF-L105"
    name = "output-units-fewer-than-classes"
    title = "Output layer has fewer units than there are classes in the labels"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}`'s output layer `{layer}` has {units} units, but `{y}` passed to "
               "`fit` contains class {max_label}, so at least {n} classes are needed.")
    beginner = """The output layer needs one unit per class. `{y}` contains class numbers up
to {max_label} (counting from 0, that is {n} classes), but `{layer}` only has {units}. On a
CPU Keras stops with "label value outside the valid range"; on a GPU the loss can silently
become NaN. Set the number of units to the number of classes: `Dense({n}, ...)`."""
    expert = """sparse_categorical_crossentropy gathers log p[y] from a (N, {units}) output;
a label ≥ {units} indexes out of range (CPU kernels raise InvalidArgumentError, CUDA kernels
may return NaN/garbage). The number of classes is max(y)+1 = {n} from the labels
sampled here."""
    fix = """keras.layers.Dense({n}, activation="softmax"{name_kw})   # one unit per class"""
    known_false_alarms = "Labels that are not class indices (e.g. a regression target)."
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...analysis.training import data_summary, fit_with_head, raised
        if raised(ctx):
            return
        for fc, head, _loss, name in fit_with_head(ctx):
            if fc.y is None or name not in ("sparse_categorical_crossentropy",
                                            "sparse_categorical_focal_crossentropy"):
                continue
            s = data_summary(fc.y)
            if not s.has_values or not s.integral or s.max is None or s.min < 0:
                continue
            if len(s.shape) > 2 or (len(s.shape) == 2 and s.shape[1] != 1):
                continue
            mx = int(s.max)
            from ...analysis.pipelines import one_based_labels
            if mx + 1 > head.units and not one_based_labels(
                    frameworks.get("keras"), fc.model.obj, fc.y):   # DLF-T117's
                yield Evidence(line=fc.call.line, subject=fc.model.name, model=fc.model.name,
                               layer=head.name, units=head.units, y=fc.y_name,
                               max_label=mx, n=mx + 1)
