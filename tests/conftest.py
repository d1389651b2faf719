"""Shared fixtures: stores built once per session from the bundled sample and the seed corpus."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import build
from kg.resources import sample_dir
from kg.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS, GOLD = SHARED / "corpus", SHARED / "gold"
SCORER = SHARED / "tools" / "kgscore.py"


def _built(tmp_path_factory, name: str, paths: list[Path]) -> Store:
    store = Store(tmp_path_factory.mktemp(name) / "store")
    report = build(paths, store)
    assert not report.failed, report.failed
    return store


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> Store:
    return _built(tmp_path_factory, "sample", [sample_dir()])


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory) -> Store:
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is not here (it sits beside the repo in CI)")
    return _built(tmp_path_factory, "corpus", [CORPUS])


def stop_process(proc) -> None:
    """Stop a server a test started: terminate, then kill if it does not exit in 10 s."""
    import subprocess

    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
