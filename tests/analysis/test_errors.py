"""Errors of a torch.compile'd model (dlfault_jupyter/context.py ErrorInfo,
dlfault_jupyter/analysis/errors.py tb_modules): the error dynamo reports is read behind its
TorchRuntimeError, and a layer whose ``forward`` frame the compiled graph lacks is found by
its weight in the graph's ``torch.nn.functional`` frame. Real torch, ``backend="eager"``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dlfault_jupyter.analysis.errors import tb_modules
from dlfault_jupyter.context import ErrorInfo


@pytest.fixture
def torch() -> Iterator[Any]:
    torch = pytest.importorskip("torch")
    yield torch
    torch._dynamo.reset()   # forget the graphs compiled here


def _raised(fn: Callable[[], Any]) -> BaseException:
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - the error under test
        return e
    raise AssertionError("no error raised")


def test_the_error_dynamo_reports_is_read(torch: Any) -> None:
    nn = torch.nn
    model = torch.compile(nn.Sequential(nn.Linear(784, 10)), backend="eager")
    exc = _raised(lambda: model(torch.rand(4, 1, 28, 28)))
    err = ErrorInfo.from_exception(exc)
    assert err.exc is exc and err.reported is not None and err.reported is not exc
    assert err.type_name == "RuntimeError"
    assert err.match(r"must have same reduction dim|cannot be multiplied"), err.message
    assert "Dynamo" not in err.message


def test_an_eager_error_is_its_own(torch: Any) -> None:
    exc = _raised(lambda: torch.nn.Linear(784, 10)(torch.rand(4, 28)))
    err = ErrorInfo.from_exception(exc)
    assert err.reported is None
    assert (err.type_name, err.message) == ("RuntimeError", str(exc))


def test_a_compiled_layer_is_found_by_its_weight(torch: Any) -> None:
    nn = torch.nn
    emb = nn.Embedding(10, 4)
    model = torch.compile(nn.Sequential(emb, nn.Flatten()), backend="eager")
    exc = _raised(lambda: model(torch.tensor([[1, 12]])))
    mods = tb_modules(exc)
    assert mods and mods[-1][0] is emb
    assert int(mods[-1][1].f_locals["input"].max()) == 12


def test_an_eager_layer_keeps_its_own_frame(torch: Any) -> None:
    nn = torch.nn
    emb = nn.Embedding(10, 4)
    model = nn.Sequential(emb, nn.Flatten())
    exc = _raised(lambda: model(torch.tensor([[1, 12]])))
    mods = tb_modules(exc)
    assert [m for m, _ in mods] == [model, emb]
    assert mods[-1][1].f_code.co_name == "forward"
