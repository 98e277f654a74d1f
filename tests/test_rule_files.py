"""A rule is one declaration in its own file, mirroring its fixtures (ESLint's checkRuleFiles):
``dlfault_jupyter/rules/<area>/<id>_<snake(name)>.py`` <-> ``tests/rules/<area>/<ID>-<name>/``,
listed in the generated ``rules/_index.py``; no rule file imports another one."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from dlfault_jupyter.rules import REGISTRY, load_all
from dlfault_jupyter.rules._index import RULES as INDEX

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "dlfault_jupyter" / "rules"
FIXTURES = ROOT / "tests" / "rules"
sys.path.insert(0, str(ROOT / "scripts"))

from new_rule import index_text, module_of  # noqa: E402


def rule_files() -> list[Path]:
    return sorted(p for p in PKG.glob("*/*.py") if p.name != "__init__.py")


def test_every_rule_lives_in_its_own_file_beside_its_fixtures() -> None:
    load_all()
    seen: dict[str, str] = {}
    for rid, cls in REGISTRY.items():
        area = cls.__module__.split(".")[-2]
        want = f"dlfault_jupyter.rules.{module_of(rid, cls.name, area)}"
        assert cls.__module__ == want, f"{rid}: declared in {cls.__module__}, expected {want}"
        assert cls.__module__ not in seen, f"{rid} and {seen[cls.__module__]} share a file"
        seen[cls.__module__] = rid
        assert (FIXTURES / area / f"{rid}-{cls.name}").is_dir(), \
            f"{rid}: no fixture folder tests/rules/{area}/{rid}-{cls.name}/"


def test_every_fixture_folder_and_rule_file_has_a_rule() -> None:
    load_all()
    for d in FIXTURES.glob("*/DLF-*"):
        rid = d.name[:8]
        assert rid in REGISTRY, f"fixture folder {d} has no rule"
        assert REGISTRY[rid].__module__.split(".")[-2] == d.parent.name, d
    modules = {cls.__module__ for cls in REGISTRY.values()}
    for p in rule_files():
        mod = "dlfault_jupyter.rules." + ".".join(p.relative_to(PKG).with_suffix("").parts)
        assert mod in modules, f"{p.relative_to(ROOT)} registers no rule"


def test_index_is_current() -> None:
    """``rules/_index.py`` lists every rule module, in registration order
    (regenerate it with ``scripts/new_rule.py --reindex``)."""
    load_all()
    listed = {rid: f"dlfault_jupyter.rules.{mod}" for rid, mod in INDEX.items()}
    actual = {rid: cls.__module__ for rid, cls in REGISTRY.items()
              if cls.__module__.startswith("dlfault_jupyter.rules.")}
    assert listed == actual
    assert (PKG / "_index.py").read_text() == index_text(INDEX)


def test_no_rule_file_imports_another_rule_file() -> None:
    for p in rule_files():
        tree = ast.parse(p.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = ["dlfault_jupyter", "rules", p.parent.name][: 3 - node.level + 1]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                targets = [target] + [f"{target}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                continue
            for t in targets:
                parts = t.split(".")
                assert not (parts[:2] == ["dlfault_jupyter", "rules"] and len(parts) > 3
                            and parts[2] in {q.name for q in PKG.iterdir() if q.is_dir()}), \
                    f"{p.relative_to(ROOT)} imports the rule module {t}"


def _checkout_copy(tmp: Path) -> Path:
    for rel in ("dlfault_jupyter/rules/_index.py", "dlfault_jupyter/rules/_retired.py"):
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_text((ROOT / rel).read_text())
    return tmp


def test_new_rule_writes_rule_file_fixtures_and_index(tmp_path: Path, capsys) -> None:
    from new_rule import main, read_index

    from dlfault_jupyter.registry import _validate

    root = _checkout_copy(tmp_path)
    before = read_index(root)
    assert main(["DLF-T099", "my-new-fault", "training.process", "--root", str(root)]) == 0
    rule = root / "dlfault_jupyter/rules/training/t099_my_new_fault.py"
    folder = root / "tests/rules/training/DLF-T099-my-new-fault"
    assert (folder / "bad.py").is_file() and (folder / "good.py").is_file()
    assert "# %% expect: DLF-T099" in (folder / "bad.py").read_text()
    after = read_index(root)
    assert list(after) == [*before, "DLF-T099"]
    assert after["DLF-T099"] == "training.t099_my_new_fault"
    assert (root / "dlfault_jupyter/rules/_index.py").read_text() == index_text(after)
    # the stub is a valid declaration (validated without registering it here)
    code = rule.read_text().replace("from ...", "from dlfault_jupyter.").replace("@register\n", "")
    ns: dict = {}
    exec(compile(code, str(rule), "exec"), ns)
    cls = ns["MyNewFault"]
    _validate(cls)
    assert (cls.id, cls.name, cls.taxonomy) == ("DLF-T099", "my-new-fault", "training.process")
    # a second time: refused, nothing changed
    capsys.readouterr()
    assert main(["DLF-T099", "other-name", "training.process", "--root", str(root)]) == 2
    assert main(["DLF-T098", "my-new-fault", "training.process", "--root", str(root)]) == 2
    assert read_index(root) == after


def test_new_rule_dry_run_and_bad_arguments_write_nothing(tmp_path: Path, capsys) -> None:
    from new_rule import main

    root = _checkout_copy(tmp_path)
    index = (root / "dlfault_jupyter/rules/_index.py").read_text()
    assert main(["DLF-G099", "some-gpu-fault", "gpu", "--root", str(root), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "dlfault_jupyter/rules/gpu/g099_some_gpu_fault.py" in out and 'id = "DLF-G099"' in out
    assert main(["DLF-G099", "Bad_Name", "gpu", "--root", str(root)]) == 2
    assert main(["DLF-G099", "some-gpu-fault", "api", "--root", str(root)]) == 2  # letter/taxonomy
    assert main(["DLF-T108", "some-fault", "training.process", "--root", str(root)]) == 2  # retired
    assert main(["DLF-L001", "some-fault", "model.layers.choice", "--root", str(root)]) == 2
    assert not (root / "tests").exists()
    assert not (root / "dlfault_jupyter/rules/gpu").exists()
    assert (root / "dlfault_jupyter/rules/_index.py").read_text() == index
