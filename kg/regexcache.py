"""Compiled rule regexes kept on disk between runs.

The gazetteer macros write the rules out to about 300 K characters of regex, and
CPython parses regexes in pure Python: about a second at every start, a fifth of a cold
build. The compiled program the parser makes is a list of integers; this keeps it in a
``marshal`` file (like a ``.pyc``), keyed by the pattern and the regex engine's version,
and hands it straight to the engine next time. The engine validates a program before
running it, and anything unexpected (another Python, a damaged or unwritable cache)
falls back to ``re.compile``: the cache can make a start faster, never a match different.

The folder is ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``;
``KG_CACHE_DIR=""`` turns the cache off.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from pathlib import Path
from re import _compiler, _parser
from types import TracebackType

import _sre

# the regex program format changes with the interpreter; a cache made by another one is ignored
ENGINE = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def cache_dir() -> Path | None:
    if "KG_CACHE_DIR" in os.environ:
        return Path(os.environ["KG_CACHE_DIR"]) if os.environ["KG_CACHE_DIR"] else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"


def _program(pattern: str) -> Program:
    """What ``re.compile`` hands the engine for ``pattern`` (as ``re._compiler.compile`` does)."""
    parsed = _parser.parse(pattern, 0)
    code = [int(op) for op in _compiler._code(parsed, 0)]  # opcodes are an int subclass marshal refuses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, i in groupindex.items():
        indexgroup[i] = name
    return int(parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _engine(pattern: str, program: Program) -> re.Pattern:
    flags, code, groups, groupindex, indexgroup = program
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


class RegexCache:
    """``compile`` like ``re.compile``; used as a context manager, it saves what it compiled.

    The file holds exactly the patterns compiled in the last session, so edited rules
    replace their old programs instead of piling up.
    """

    def __init__(self, name: str, folder: Path | None = None):
        folder = folder if folder is not None else cache_dir()
        key = hashlib.sha256(ENGINE.encode()).hexdigest()[:12]
        self.path = folder / f"regex-{name}-{key}.marshal" if folder else None
        self._stored: dict[str, Program] = {}
        self._used: dict[str, Program] = {}
        if self.path and self.path.exists():
            try:
                stored = marshal.loads(self.path.read_bytes())
                self._stored = stored if isinstance(stored, dict) else {}
            except (OSError, EOFError, ValueError, TypeError):
                self._stored = {}
        self.hits = 0

    def compile(self, pattern: str) -> re.Pattern:
        program = self._stored.get(pattern)
        if program is not None:
            try:
                compiled = _engine(pattern, program)
                self._used[pattern] = program
                self.hits += 1
                return compiled
            except (TypeError, ValueError, RuntimeError):  # not a program this engine accepts
                pass
        try:
            program = _program(pattern)
            compiled = _engine(pattern, program)
        except re.error:
            raise
        except Exception:  # an interpreter whose internals differ: the public way
            return re.compile(pattern)
        self._used[pattern] = program
        return compiled

    def save(self) -> None:
        """Write the programs of this session, unless they are what the file already holds."""
        if self.path is None or self._used == self._stored:
            return
        from .store import write_atomic

        try:
            write_atomic(self.path, marshal.dumps(self._used))
        except (OSError, ValueError):  # a read-only home or a full disk costs speed, not the build
            pass

    def __enter__(self) -> RegexCache:
        return self

    def __exit__(self, kind: type[BaseException] | None, _exc: BaseException | None,
                 _tb: TracebackType | None) -> None:
        if kind is None:
            self.save()
