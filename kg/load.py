"""Load a document file into text: .txt/.md, .pdf, .html/.htm and .docx.

A Document's ``text`` is what the normaliser reads and what every evidence offset points
into. For plain text it is the file as decoded; for PDF, DOCX and HTML it is the text the
format's reader extracted (kg.loaders), since those files hold no plain text to point into.
Traditional characters are mapped to simplified ones position for position, so offsets
into ``text`` are offsets into the decoded original too.

A file that cannot be read raises :class:`LoadError` naming the file and the reason; the
build reports it and goes on. Size policy, so that no single file can exhaust memory or
hold up a build for minutes (extraction runs at roughly 20 K characters a second):

- a document may yield at most ``MAX_CHARS`` (1 M) characters, about 2,000 pages, several
  times the longest policy report; split larger compendia;
- text-like files (.txt, .md, .html, .htm) over ``MAX_TEXT_BYTES`` are refused from their
  size alone, before a byte is read: 4 bytes a character bounds every supported encoding;
- PDF and DOCX files, which carry images, may be up to ``MAX_PACKAGED_BYTES``; their text is
  held to ``MAX_CHARS`` as it is extracted.
"""
from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .loaders import Extracted, FormatError

MAX_CHARS = 1_000_000
MAX_TEXT_BYTES = 4 * MAX_CHARS
MAX_PACKAGED_BYTES = 256 * 1024 * 1024


class LoadError(Exception):
    """A document could not be loaded; the message names the file and the problem."""


@dataclass(frozen=True)
class Document:
    """One loaded document: the text extraction reads, and where it came from."""

    name: str          # file name: the document's identifier in the graph
    path: Path
    text: str          # what offsets point into (see the module docstring)
    sha256: str        # of the file's bytes
    encoding: str      # how the text was read: a codec name, or "pdf" / "docx" / "html+<codec>"
    title: str | None = None    # the document's own title, where the format carries one
    issued: str | None = None   # its own date (YYYY-MM-DD), where the format carries one
    traditional: bool = False   # traditional characters were mapped to simplified


def _read_text(data: bytes) -> Extracted:
    from .loaders.text import decode

    return Extracted(*decode(data))


def _read_html(data: bytes) -> Extracted:
    from .loaders.html import read_html
    from .loaders.text import decode

    return read_html(*decode(data))


def _read_pdf(data: bytes) -> Extracted:
    from .loaders.pdf import read_pdf

    return read_pdf(data, MAX_CHARS)


def _read_docx(data: bytes) -> Extracted:
    from .loaders.docx import read_docx

    return read_docx(data)


# suffix -> (format name, byte limit, reader); readers import their library on first use
_FORMATS: dict[str, tuple[str, int, Callable[[bytes], Extracted]]] = {
    ".txt": ("text", MAX_TEXT_BYTES, _read_text),
    ".md": ("text", MAX_TEXT_BYTES, _read_text),
    ".html": ("HTML", MAX_TEXT_BYTES, _read_html),
    ".htm": ("HTML", MAX_TEXT_BYTES, _read_html),
    ".pdf": ("PDF", MAX_PACKAGED_BYTES, _read_pdf),
    ".docx": ("DOCX", MAX_PACKAGED_BYTES, _read_docx),
}
SUFFIXES = frozenset(_FORMATS)


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing non-regular files (a FIFO would block forever) and oversized ones."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(f"{path}: not a regular file")
        if info.st_size > limit:
            raise LoadError(f"{path}: {info.st_size:,} bytes is over the {limit:,}-byte limit "
                            f"for a {path.suffix.lower()} file; split it")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise LoadError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if len(data) > limit:  # grew after stat
        raise LoadError(f"{path}: over the {limit:,}-byte limit for a {path.suffix.lower()} file; split it")
    return data


def _extract(path: Path, kind: str, reader: Callable[[bytes], Extracted], data: bytes) -> Extracted:
    try:
        return reader(data)
    except FormatError as exc:
        raise LoadError(f"{path}: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - parsers raise many kinds of error on malformed files
        raise LoadError(f"{path}: not a readable {kind} file ({type(exc).__name__}: {exc})") from exc


def load(path: Path) -> Document:
    """Read one document. Raises LoadError for unsupported, unreadable, empty, broken or oversized files."""
    from .loaders.text import simplify

    path = Path(path)
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise LoadError(f"{path}: unsupported file type {path.suffix or '(none)'!r}; "
                        f"kg reads {', '.join(sorted(SUFFIXES))}")
    kind, limit, reader = fmt
    data = _read_bytes(path, limit)
    if not data.strip():
        raise LoadError(f"{path}: empty file")
    got = _extract(path, kind, reader, data)
    if not got.text.strip():
        raise LoadError(f"{path}: no text (only white space)")
    if len(got.text) > MAX_CHARS:
        raise LoadError(f"{path}: {len(got.text):,} characters is over the {MAX_CHARS:,}-character limit; split it")
    text, traditional = simplify(got.text)
    return Document(name=path.name, path=path, text=text, sha256=hashlib.sha256(data).hexdigest(),
                    encoding=got.how, title=got.title, issued=got.issued, traditional=traditional)


def _wanted(f: Path) -> bool:
    """A document file in a folder: supported suffix, not a directory, not hidden or an editor's lock file.

    Broken symlinks, symlink loops and FIFOs are kept, so the build reports them
    instead of skipping them silently.
    """
    name = f.name
    return (f.suffix.lower() in SUFFIXES and name.lower() != "readme.md"
            and not name.startswith((".", "~$")) and not f.is_dir())


def discover(paths: list[Path]) -> list[Path]:
    """Expand folders into their document files, sorted; symlinked folders are not entered (no loops)."""
    found: list[Path] = []
    seen: set[str] = set()
    for p in paths:
        p = Path(p)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if not _wanted(f):
                    continue
                real = os.path.realpath(f)  # unlike Path.resolve, no error on a symlink loop
                if real not in seen:
                    seen.add(real)
                    found.append(f)
        else:
            found.append(p)
    return found
