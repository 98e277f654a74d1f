"""The fault taxonomy of CONTRACT.md §1 (Humbatova et al., ICSE 2020).

Every finding names exactly one of these fifteen leaf ids.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    area: str  # top-level category of the taxonomy
    description: str


CATEGORIES: dict[str, Category] = {
    c.id: c
    for c in (
        Category("model.type", "Model type & properties", "Model",
                 "Wrong model or weight initialisation, multiple initialisations, wrong model "
                 "for the task, wrong or suboptimal architecture."),
        Category("model.layers.choice", "Missing / redundant / wrong layer", "Model",
                 "Missing flatten, missing dropout or normalisation, redundant softmax before a "
                 "loss that applies it, wrong layer type."),
        Category("model.layers.properties", "Layer properties", "Model",
                 "Wrong input sample size, input or output shape, filter size, missing bias, "
                 "wrong number of neurons, layer dimension mismatch."),
        Category("model.layers.activation", "Activation function", "Model",
                 "Wrong or missing activation: no non-linearity, softmax on a binary or "
                 "regression output, sigmoid on multi-class."),
        Category("tensors.shape", "Wrong tensor shape", "Tensors & Inputs",
                 "Broadcasting that silently changes meaning, wrong reshape/view, transposed "
                 "matrix, wrong axis."),
        Category("tensors.input", "Wrong input", "Tensors & Inputs",
                 "Wrong format (NHWC vs NCHW), wrong dtype, wrong shape of input data, features "
                 "and labels out of order."),
        Category("training.hyperparameters", "Hyperparameters", "Training",
                 "Learning rate far too high or low, batch size, number of epochs."),
        Category("training.loss", "Loss function", "Training",
                 "Wrong loss for the task, wrong loss calculation, logits/probabilities "
                 "confusion, missing masking, missing loss."),
        Category("training.validation", "Validation / testing", "Training",
                 "Missing validation set, test data used in training, train/test overlap, "
                 "wrong metric, evaluating in training mode."),
        Category("training.preprocessing", "Preprocessing of training data", "Training",
                 "Missing normalisation or scaling, missing or redundant augmentation, wrong "
                 "label encoding."),
        Category("training.optimizer", "Optimiser", "Training",
                 "Wrong optimisation function, epsilon too low, optimiser not holding the "
                 "model's parameters."),
        Category("training.data_quality", "Training data quality", "Training",
                 "Wrong labels, unbalanced classes, not enough data, constant features, NaN/Inf "
                 "in data."),
        Category("training.process", "Training process", "Training",
                 "Missing zero_grad, loss accumulated with its graph, wrong train/eval mode, "
                 "memory, missing checkpoint, diverging loss, vanishing/exploding gradients."),
        Category("gpu", "GPU usage", "GPU Usage",
                 "Tensors and model on different devices, missing transfer, transfer inside the "
                 "loop, wrong device reference, wrong data parallelism."),
        Category("api", "API", "API",
                 "Deprecated API, wrong API usage, missing API call, wrong position of the "
                 "shuffle, missing variable initialisation."),
    )
}

IDS: tuple[str, ...] = tuple(CATEGORIES)


def name(taxonomy_id: str) -> str:
    return CATEGORIES[taxonomy_id].name
