"""Suppressions, ``[tool.dlfault]`` settings and baselines: the parts that need no kernel
(parsing, resolution, keys), and the in-process shell (the after-cell hook and %%dlcheck).
The real-kernel tests (CLI, kernel cwd, cell metadata, autoload) are in
test_project_kernel.py."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from dlfault_jupyter.baseline import build, cell_hash, key
from dlfault_jupyter.baseline import load as load_baseline
from dlfault_jupyter.findings import Finding
from dlfault_jupyter.project import finish, prepare
from dlfault_jupyter.settings_file import SettingsError, find, for_file, load, unselected
from dlfault_jupyter.suppress import filter_cell, filter_notebook, parse, resolve


def finding(rule: str, cell: int = 1, line: int | None = 1, subject: str | None = None
            ) -> Finding:
    return Finding(rule=rule, taxonomy="api", severity="warning", silent=False, cell=cell,
                   line=line, subject=subject, message="m", beginner="b", expert="e",
                   fix=None)


# -- selectors and directives ---------------------------------------------------------------
def test_resolve_ids_names_categories_and_unknown() -> None:
    ids, unknown = resolve(["dlf-a005", "missing-zero-grad", "training.loss", "gpu", "nope"])
    assert {"DLF-A005", "DLF-T001"} <= ids
    assert "DLF-G001" in ids                      # a top-level category
    assert unknown == ["nope"]
    loss_ids, _ = resolve(["training.loss"])
    assert loss_ids and loss_ids <= ids
    assert not ({"DLF-A005", "DLF-G001"} & loss_ids)


def test_parse_line_cell_and_unknown_forms() -> None:
    d = parse("# a comment\n"
              "# dlfault: ignore[DLF-A005]\n"
              "x = 1  # dlfault: ignore\n"
              "y = 2  # dlfault: ignore[missing-zero-grad, DLF-Q999]\n"
              "# dlfault: ignore[DLF-A001]\n"          # after code: its own line only
              "z = 3  # DLFAULT: Ignore[dlf-a006]\n")
    assert not d.cell_all and d.cell_ids == {"DLF-A005"}
    assert d.lines[3] is None
    assert d.lines[4] == {"DLF-T001"}
    assert d.lines[5] == {"DLF-A001"}
    assert d.lines[6] == {"DLF-A006"}
    assert d.unknown == [(4, "DLF-Q999")]
    assert not parse("x = 1  # dlfault: ignore-me").lines  # not the directive
    assert parse("# dlfault: ignore\nx = 1").cell_all


def test_filter_cell_by_line_rule_and_cell() -> None:
    src = "a = 1  # dlfault: ignore[DLF-A005]\nb = 2\nc = 3  # dlfault: ignore\n"
    fs = [finding("DLF-A005", line=1), finding("DLF-T001", line=1),
          finding("DLF-A005", line=2), finding("DLF-T001", line=3), finding("DLF-T001", line=None)]
    kept = filter_cell(fs, src)
    assert [(f.rule, f.line) for f in kept] == [("DLF-T001", 1), ("DLF-A005", 2),
                                                ("DLF-T001", None)]
    assert filter_cell(fs, "# dlfault: ignore[api]\n" + src) == [fs[1], fs[3], fs[4]]
    assert filter_cell(fs, "x = 1", {"dlfault": {"ignore": True}}) == []
    assert filter_cell(fs, "x = 1", {"dlfault": {"ignore": ["DLF-T001"]}}) == [fs[0], fs[2]]
    assert filter_cell(fs, "x = 1") is fs  # nothing said: the same list, no work


def test_filter_notebook_metadata_and_unknown_notes() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("a"), nbformat.v4.new_code_cell("b")]
    nb.cells[1].metadata["dlfault"] = {"ignore": ["DLF-T001", "bogus-rule"]}
    nb.metadata["dlfault"] = {"ignore": ["DLF-A006", "DLF-Z000"]}
    fs = [finding("DLF-T001", 1), finding("DLF-T001", 2), finding("DLF-A006", 1),
          finding("DLF-A005", 2)]
    kept, notes = filter_notebook(nb, fs)
    assert [(f.rule, f.cell) for f in kept] == [("DLF-T001", 1), ("DLF-A005", 2)]
    assert any("DLF-Z000" in n and "notebook" in n for n in notes)
    assert any("bogus-rule" in n and "cell 2" in n for n in notes)


# -- [tool.dlfault] -------------------------------------------------------------------------
PYPROJECT = """\
[project]
name = "course"

[tool.dlfault]
ignore = ["DLF-A006", "training.hyperparameters"]
level = "expert"
budget-ms = 400

[tool.dlfault.per-file-ignores]
"legacy/*.ipynb" = ["forward-called-directly"]
"""


def test_pyproject_found_upwards_and_parsed(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    sub = tmp_path / "legacy" / "deep"
    sub.mkdir(parents=True)
    (sub / "pyproject.toml").write_text("[project]\nname = 'no table here'\n")
    assert find(sub) == tmp_path / "pyproject.toml"
    s = for_file(tmp_path / "legacy" / "old.ipynb")
    assert s.values == {"muted": ["DLF-A006", "training.hyperparameters"],
                        "level": "expert", "budget_ms": 400}
    assert s.ignores_for(tmp_path / "legacy" / "old.ipynb") == ["forward-called-directly"]
    assert s.ignores_for(tmp_path / "new.ipynb") == []
    args = s.kernel_args(tmp_path / "legacy" / "old.ipynb", {"level": "beginner"})
    assert "--DLFault.pyproject=none" in args
    assert "--DLFault.level=beginner" in args  # the command line wins over the file
    assert "--DLFault.budget_ms=400" in args
    assert [a for a in args if a.startswith("--DLFault.muted=")] == [
        "--DLFault.muted=DLF-A006", "--DLFault.muted=training.hyperparameters",
        "--DLFault.muted=forward-called-directly"]
    assert for_file(tmp_path / "x.py", config=False).values == {}
    plan = prepare(tmp_path / "x.py")
    assert plan.level == "expert"
    assert prepare(tmp_path / "x.py", level="beginner").level == "beginner"


@pytest.mark.parametrize("table, needle", [
    ("levle = 'expert'", "unknown key 'levle'"),
    ("level = 'guru'", "level must be one of"),
    ("budget_ms = 'fast'", "positive number"),
    ("ignore = ['DLF-T001', 'no-such-rule']", "'no-such-rule'"),
    ("enabled = 1", "true or false"),
])
def test_pyproject_errors_name_the_file_and_key(tmp_path: Path, table: str, needle: str
                                                ) -> None:
    f = tmp_path / "pyproject.toml"
    f.write_text(f"[tool.dlfault]\n{table}\n")
    with pytest.raises(SettingsError, match=needle) as e:
        load(f)
    assert str(f) in str(e.value)


def test_select_and_categories_switch_rules_off() -> None:
    off = unselected([], ["gpu"])
    assert "DLF-A005" in off and "DLF-G001" not in off
    assert {"DLF-A005", "DLF-A006"} <= unselected(["api"], [])
    assert unselected([], []) == set()


# -- baseline keys --------------------------------------------------------------------------
def test_baseline_keys_survive_whitespace_and_other_cells(tmp_path: Path) -> None:
    assert cell_hash("for x in y:\n    f(x)\n") == cell_hash("for x in y:\n        f(x)   ")
    assert cell_hash("f(x)") != cell_hash("f(y)")
    nb_path = tmp_path / "nbs" / "a.ipynb"
    f = finding("DLF-T001", cell=2, subject="model")
    before = key(f, ["import torch", "loop()"], nb_path, tmp_path)
    moved = finding("DLF-T001", cell=3, subject="model")  # a cell inserted above
    assert key(moved, ["import torch", "print(1)", "loop()"], nb_path, tmp_path) == before
    assert before[1] == "nbs/a.ipynb"
    doc = build([(nb_path, ["import torch", "loop()"], [f, f])], tmp_path)
    assert doc["findings"][0]["count"] == 2
    (tmp_path / "b.json").write_text(json.dumps(doc))
    b = load_baseline(tmp_path / "b.json")
    # two known, a third of the same key is new; another rule is new
    three = [f, f, f, finding("DLF-A005", cell=2)]
    new = b.new_only(nb_path, ["import torch", "loop()"], three)
    assert [x.rule for x in new] == ["DLF-T001", "DLF-A005"]


def test_finish_applies_metadata_then_baseline(tmp_path: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("loop()")]
    nb.metadata["dlfault"] = {"ignore": ["DLF-A005"]}
    path = tmp_path / "n.ipynb"
    (tmp_path / "b.json").write_text(json.dumps(
        build([(path, ["loop()"], [finding("DLF-T001")])], tmp_path)))
    plan = prepare(path, config=False)
    fs = [finding("DLF-T001"), finding("DLF-A005"), finding("DLF-L001")]
    kept, notes = finish(plan, nb, fs, load_baseline(tmp_path / "b.json"))
    assert [f.rule for f in kept] == ["DLF-L001"] and notes == []


# -- the after-cell hook and %%dlcheck, in-process ------------------------------------------
SETUP = """\
import torch
from torch import nn
torch.manual_seed(0)
X = torch.randn(8, 4)
model = nn.Sequential(nn.Linear(4, 3))
"""


def _rules(ip, src: str) -> set[tuple[str, int | None]]:
    from dlfault_jupyter import get_session

    s = get_session(ip)
    n = ip.execution_count
    ip.run_cell(src, store_history=True)
    rep = s.reports.get(n)
    return {(f.rule, f.line) for f in rep.findings} if rep else set()


@pytest.mark.slow
def test_hook_each_inline_form(ip) -> None:
    ip.run_cell(SETUP, store_history=True)
    assert ("DLF-A005", 1) in _rules(ip, "out = model.forward(X)")
    assert _rules(ip, "out = model.forward(X)  # dlfault: ignore[DLF-A005]") == set()
    assert _rules(ip, "out = model.forward(X)  # dlfault: ignore[forward-called-directly]") \
        == set()
    assert _rules(ip, "out = model.forward(X)  # dlfault: ignore") == set()
    assert _rules(ip, "# dlfault: ignore[api]\nout = model.forward(X)\nout = model.forward(X)"
                  ) == set()
    # a trailing directive covers its own line only
    assert _rules(ip, "out = model.forward(X)  # dlfault: ignore[DLF-A005]\n"
                      "out = model.forward(X)") == {("DLF-A005", 2)}
    # a wrong id: the finding stays, and the wrong id is reported (info)
    got = _rules(ip, "out = model.forward(X)  # dlfault: ignore[DLF-A05]")
    assert got == {("DLF-A005", 1), ("DLF-A201", 1)}
    # %%dlcheck goes through the same path: the directive's line is the notebook's line
    assert ("DLF-A005", 2) in _rules(ip, "%%dlcheck\nout = model.forward(X)\n")
    assert not {r for r, _ in _rules(ip, "%%dlcheck\nout = model.forward(X)  "
                                         "# dlfault: ignore[DLF-A005]\n")} & {"DLF-A005"}


@pytest.mark.slow
def test_extension_reads_pyproject_of_its_cwd(ip, tmp_path: Path, monkeypatch) -> None:
    import dlfault_jupyter
    from dlfault_jupyter import get_session

    (tmp_path / "pyproject.toml").write_text(
        "[tool.dlfault]\nignore = ['forward-called-directly']\nlevel = 'expert'\n"
        "budget_ms = 60000\n")
    monkeypatch.chdir(tmp_path)
    dlfault_jupyter.unload_ipython_extension(ip)
    dlfault_jupyter.load_ipython_extension(ip)
    try:
        s = get_session(ip)
        s.config.display_mode = "text"
        assert s.config.level == "expert" and "DLF-A005" in s.muted
        ip.run_cell(SETUP, store_history=True)
        assert _rules(ip, "out = model.forward(X)") == set()
        ip.run_cell("%config DLFault.muted = []", store_history=True)  # %config wins
        assert ("DLF-A005", 1) in _rules(ip, "out = model.forward(X)")
    finally:
        monkeypatch.chdir(Path(__file__).parent)
        dlfault_jupyter.unload_ipython_extension(ip)
        dlfault_jupyter.load_ipython_extension(ip)


@pytest.mark.slow
def test_select_and_category_mute_in_the_hook(ip) -> None:
    ip.run_cell(SETUP, store_history=True)
    ip.run_cell('%config DLFault.select = ["gpu"]', store_history=True)
    assert _rules(ip, "out = model.forward(X)") == set()
    ip.run_cell("%config DLFault.select = []", store_history=True)
    ip.run_cell('%config DLFault.muted = ["api"]', store_history=True)
    assert _rules(ip, "out = model.forward(X)") == set()
    ip.run_cell("%config DLFault.muted = []", store_history=True)
    assert ("DLF-A005", 1) in _rules(ip, "out = model.forward(X)")
