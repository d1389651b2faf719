"""The embedded store: Oxigraph (RocksDB) on disk. The only module that knows the backend.

Oxigraph was chosen on measurements (README, Performance): 18-46x faster than
rdflib's in-memory store at 1 M triples, persistent, transactional, and it locks its
directory so two writers cannot corrupt it. A document's graph is replaced in ONE
transaction (a load, or a drop + insert update), so a build killed mid-way leaves
each document as it was before or as it is after.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from . import vocab as V

DC_ID = ox.NamedNode(V.DCTERMS + "identifier")
SHA = ox.NamedNode(V.kgo("sha256"))
VERSION = ox.NamedNode(V.kgo("softwareVersion"))
DOCUMENT = ox.NamedNode(V.kgo("Document"))
REFERENCE_GRAPH = ox.NamedNode(V.KGR + "graph/reference")
META_GRAPH = ox.NamedNode(V.KGR + "graph/meta")

FORMATS = {
    "ttl": ox.RdfFormat.TURTLE, "turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS, "nt": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
}
QUAD_FORMATS = {"trig", "nq", "jsonld"}


class StoreError(Exception):
    """The store cannot be opened or written; the message says why."""


def default_store_path() -> Path:
    return Path(os.environ.get("KG_STORE", ".kg"))


class Store:
    def __init__(self, path: Path | str, *, read_only: bool = False):
        self.path = Path(path)
        try:
            if read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(f"{self.path}: no store here; run `kg build` first")
                self._db = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._db = ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreError(f"{self.path}: the store is in use by another kg process (locked); "
                                 "wait for it to finish or use another --store") from exc
            raise StoreError(f"{self.path}: cannot open the store ({exc})") from exc

    # ------------------------------------------------------------- documents
    def document_hashes(self) -> dict[str, str]:
        """file name -> sha256 of every document in the store."""
        q = f"""SELECT ?name ?sha WHERE {{ GRAPH ?g {{ ?d a <{DOCUMENT.value}> ;
                 <{DC_ID.value}> ?name ; <{SHA.value}> ?sha }} }}"""
        return {row["name"].value: row["sha"].value for row in self._db.query(q)}

    def document_states(self) -> dict[str, tuple[str, str | None]]:
        """file name -> (sha256, the extractor version that made its graph)."""
        q = f"""SELECT ?name ?sha ?v WHERE {{ GRAPH ?g {{ ?d a <{DOCUMENT.value}> ;
                 <{DC_ID.value}> ?name ; <{SHA.value}> ?sha OPTIONAL {{ ?d <{VERSION.value}> ?v }} }} }}"""
        return {r["name"].value: (r["sha"].value, r["v"].value if r["v"] else None) for r in self._db.query(q)}

    def built_with(self) -> str | None:
        """The software version of the last build that finished here (its meta graph), if any."""
        q = f"""SELECT ?v WHERE {{ GRAPH {META_GRAPH} {{ ?b <{VERSION.value}> ?v }} }}"""
        return next((row["v"].value for row in self._db.query(q)), None)

    def replace_graph(self, graph: str, triples: str | Iterable[ox.Quad]) -> None:
        """Atomically replace one named graph's content: N-Triples text, or quads (their graph ignored).

        One transaction either way. A new graph is loaded from the text (the parser runs
        in Rust); an existing one is dropped and refilled in one SPARQL update. Text is
        the fast path: the same body in an update costs about 35% more CPU, mostly the
        drop, and formatting pyoxigraph terms in Python costs more than parsing.
        """
        g = ox.NamedNode(graph)
        if not isinstance(triples, str):
            triples = ox.serialize((q.triple for q in triples), format=ox.RdfFormat.N_TRIPLES).decode()
        if self._db.contains_named_graph(g):
            self._db.update(f"DROP SILENT GRAPH {g} ;\nINSERT DATA {{ GRAPH {g} {{\n{triples}\n}} }}")
        elif triples:
            self._db.load(triples, format=ox.RdfFormat.N_TRIPLES, to_graph=g)

    def bulk_load(self, path: Path) -> None:
        """Load a dump (format from its extension: .nq, .trig, .ttl...) fast, NOT in one transaction.

        For a new store or a benchmark: a crash part-way leaves part of the file loaded.
        """
        self._db.bulk_load(path=str(path), format=ox.RdfFormat.from_extension(Path(path).suffix.lstrip(".")))

    def drop_graph(self, graph: str) -> None:
        self._db.update(f"DROP SILENT GRAPH {ox.NamedNode(graph)}")

    def flush(self) -> None:
        self._db.flush()

    # ------------------------------------------------------------- reading
    def query(self, sparql: str, *, substitutions: dict | None = None, union: bool = True):
        """Run SPARQL; the default graph is the union of all graphs unless union=False."""
        return self._db.query(sparql, use_default_graph_as_union=union,
                              substitutions=substitutions, prefixes=dict(V.PREFIXES))

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        return self._db.quads_for_pattern(None, None, None, graph)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._db.named_graphs())

    def __len__(self) -> int:
        return len(self._db)

    # ------------------------------------------------------------- export
    def export(self, fmt: str, out: Path | None, *, min_confidence: float | None = None) -> bytes | None:
        """Serialise the whole dataset (quad formats) or the union of graphs (triple formats).

        Written to a temporary file beside ``out`` and renamed, so a reader never sees
        half a file. ``min_confidence`` drops facts whose every evidence is weaker.
        """
        if fmt not in FORMATS:
            raise StoreError(f"unknown format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}")
        data: Iterable
        if min_confidence:
            quads = self._filtered_quads(min_confidence)
            data = quads if fmt in QUAD_FORMATS else _distinct_triples(quads)
        elif fmt in QUAD_FORMATS:
            data = self.quads()
        else:  # CONSTRUCT yields distinct triples, streamed from Rust: no Python list or set of 1 M terms
            data = self._db.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        payload = ox.serialize(data, format=FORMATS[fmt], prefixes=dict(V.PREFIXES))
        if out is None:
            return payload
        write_atomic(Path(out), payload)
        return None

    def export_graph(self, graph: str, fmt: str = "ttl") -> bytes:
        """One named graph's triples (a document's graph: everything extracted from it)."""
        return self._db.dump(format=FORMATS[fmt], from_graph=ox.NamedNode(graph), prefixes=dict(V.PREFIXES))

    def _filtered_quads(self, min_confidence: float) -> list[ox.Quad]:
        quads = list(self.quads())
        conf_p = V.kgo("confidence")
        weak = {q.subject for q in quads if q.predicate.value == conf_p and float(q.object.value) < min_confidence}
        strong_facts = set()
        weak_facts = set()
        by_node: dict = {}
        for q in quads:
            if q.predicate.value in (V.RDF + "subject", V.RDF + "predicate", V.RDF + "object"):
                by_node.setdefault((q.subject, q.graph_name), {})[q.predicate.value] = q.object
        for (node, g), parts in by_node.items():
            key = (parts.get(V.RDF + "subject"), parts.get(V.RDF + "predicate"), parts.get(V.RDF + "object"), g)
            (weak_facts if node in weak else strong_facts).add(key)
        dropped = weak_facts - strong_facts
        return [q for q in quads if q.subject not in weak
                and (q.subject, q.predicate, q.object, q.graph_name) not in dropped]


def _distinct_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The quads' triples, each once, in first-seen order."""
    seen: set = set()
    return [t for t in (q.triple for q in quads) if not (t in seen or seen.add(t))]


def write_atomic(path: Path, payload: bytes) -> None:
    """Write bytes via a temporary file in the same folder, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)  # mkstemp makes 0600; an export is an ordinary file
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
