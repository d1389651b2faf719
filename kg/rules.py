"""Read rule and gazetteer files from ``extract/`` and check every record.

Every file is JSONL: a first ``{"meta": {...}}`` line with the source note, then one
record per line. Unknown keys are errors (like spaCy's ``extra="forbid"``), so a typo
in a rule file fails at load with the file and line, not silently at match time.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from .resources import extract_dir


class RuleError(ValueError):
    """A rule or gazetteer file is malformed; the message names the file and line."""


def read_jsonl(path: Path, *, allowed: Iterable[str], required: Iterable[str] = ("id",)) -> list[dict[str, Any]]:
    allowed_set, required_set = set(allowed), set(required)
    records: list[dict[str, Any]] = []
    ids: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RuleError(f"{path}:{lineno}: invalid JSON ({exc.msg})") from exc
            if not isinstance(rec, dict):
                raise RuleError(f"{path}:{lineno}: a record must be a JSON object")
            if "meta" in rec:
                if lineno != 1 and records:
                    raise RuleError(f"{path}:{lineno}: the meta record must come first")
                continue
            unknown = set(rec) - allowed_set
            if unknown:
                raise RuleError(f"{path}:{lineno}: unknown keys {sorted(unknown)}")
            missing = required_set - set(rec)
            if missing:
                raise RuleError(f"{path}:{lineno}: missing keys {sorted(missing)}")
            if "id" in rec:
                if rec["id"] in ids:
                    raise RuleError(f"{path}:{lineno}: duplicate id {rec['id']!r}")
                ids.add(rec["id"])
            records.append(rec)
    return records


def rule_file(name: str) -> Path:
    path = extract_dir() / name
    if not path.is_file():
        raise RuleError(f"rule file {path} is missing")
    return path


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """A short hash of every rule and gazetteer file: when it changes, every document is re-extracted."""
    digest = hashlib.sha256()
    for path in sorted(extract_dir().rglob("*.jsonl")):
        digest.update(path.relative_to(extract_dir()).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def extractor_version() -> str:
    """The package version and the rules it runs with: 0.1.0+rules.<hash>."""
    from . import __version__

    return f"{__version__}+rules.{rules_fingerprint()}"
