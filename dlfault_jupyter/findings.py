"""A finding, exactly as CONTRACT.md §2, and its JSON form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from .taxonomy import CATEGORIES

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
MIME = "application/vnd.dlfault.findings+json"
BUNDLE_VERSION = 1


@dataclass
class Finding:
    rule: str
    taxonomy: str
    severity: str
    silent: bool
    cell: int
    line: int | None
    subject: str | None
    message: str
    beginner: str
    expert: str
    fix: str | None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"bad severity {self.severity!r}")
        if self.taxonomy not in CATEGORIES:
            raise ValueError(f"unknown taxonomy id {self.taxonomy!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        names = {f.name for f in fields(cls)}
        missing = names - set(d)
        if missing:
            raise ValueError(f"finding lacks {sorted(missing)}")
        return cls(**{k: d[k] for k in names})


def worst(findings: list[Finding]) -> str | None:
    if not findings:
        return None
    return min((f.severity for f in findings), key=SEVERITY_RANK.__getitem__)


def sort_key(f: Finding) -> tuple:
    return (SEVERITY_RANK[f.severity], f.line or 0, f.rule)
