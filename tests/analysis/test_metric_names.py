"""The shared loss-vs-score vocabulary (analysis/metric_names.py): Keras log keys by their
words, variable names by their whole words."""

from __future__ import annotations

import pytest

from dlfault_jupyter.analysis.metric_names import direction, variable_direction


@pytest.mark.parametrize("key,want", [("loss", "down"), ("mae", "down"), ("my_loss", "down"),
                                      ("accuracy", "up"), ("auc", "up"), ("f1_score", "up"),
                                      ("lr", None)])
def test_keras_log_keys(key, want):
    assert direction(key) == want


@pytest.mark.parametrize("name,want", [
    ("val_loss", "down"), ("epochLoss", "down"), ("test_rmse", "down"), ("nll", "down"),
    ("val_acc", "up"), ("devAccuracy", "up"), ("f1_macro", "up"), ("val_auc", "up"),
    ("top1", "up"), ("acc1", "up"), ("loss_acc_ratio", None), ("margin", None), ("accum_steps", None),
    ("held", None), ("eps", None)])
def test_variable_names(name, want):
    assert variable_direction(name) == want
