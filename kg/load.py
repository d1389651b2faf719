"""Load a document file into text, detecting its encoding.

Only plain text for now (.txt, .md). A file that cannot be read as text raises
:class:`LoadError` naming the file and the reason; the build reports it and goes on.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".md"})
MAX_BYTES = 200 * 1024 * 1024


class LoadError(Exception):
    """A document could not be loaded; the message names the file and the problem."""


@dataclass(frozen=True)
class Document:
    name: str          # file name: the document's identifier in the graph
    path: Path
    text: str
    sha256: str
    encoding: str


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes  # only for the rare non-UTF-8, non-GB file

    best = from_bytes(data).best()
    if best is None:
        raise LoadError(f"{path}: not text in any known encoding")
    return str(best), best.encoding


def load(path: Path) -> Document:
    """Read one document. Raises LoadError for unsupported, empty or binary files."""
    path = Path(path)
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise LoadError(f"{path}: unsupported file type {path.suffix or '(none)'!r}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(f"{path}: {size} bytes is over the {MAX_BYTES}-byte limit")
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise LoadError(f"{path}: empty file")
    if b"\x00" in data[:65536] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(f"{path}: binary data (NUL bytes), not text")
    text, encoding = _decode(data, path)
    return Document(
        name=path.name,
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
    )


def discover(paths: list[Path]) -> list[Path]:
    """Expand folders into their document files, sorted, following no symlink loops."""
    found: list[Path] = []
    seen: set[Path] = set()
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.suffix.lower() in TEXT_SUFFIXES and f.is_file() and f.name.lower() != "readme.md":
                    real = f.resolve()
                    if real not in seen:
                        seen.add(real)
                        found.append(f)
        else:
            found.append(p)
    return found
