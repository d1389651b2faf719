"""Where the data folders are, installed or in a checkout.

In a wheel they sit inside the package (``kg/data/...``, see pyproject.toml); in a
source checkout they are the top-level folders. Callers never build these paths.
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _data_root() -> Path:
    installed = _PACKAGE / "data"
    return installed if (installed / "extract").is_dir() else _PACKAGE.parent


def ontology_dir() -> Path:
    return _data_root() / "ontology"


def extract_dir() -> Path:
    return _data_root() / "extract"


def queries_dir() -> Path:
    return _data_root() / "queries"


def sample_dir() -> Path:
    """The bundled sample corpus, shipped inside the package."""
    return _PACKAGE / "sample"
