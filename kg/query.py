"""Named SPARQL queries: load the library, bind parameters safely, run them, format answers.

A library query is a ``queries/<name>.rq`` file whose leading comment says what it asks
(in Chinese and English), which parameters it takes and how to call it::

    # 问题: 某省有哪些跨境电商综试区？
    # Question: Which pilot zones does one province have?
    # Param ?province (string, required): the province's name or any alias
    # Example: kg query zones-of-province --param province=河南

Parameters are bound with pyoxigraph substitutions (SPARQL SEP-0007), never pasted into
the text, so a value holding ``"``, ``}`` or ``#`` stays data. Oxigraph substitutes only
variables of a SELECT projection, so every parameter is also an output column: each row
says which value it answers.

A name parameter (``# Param ?province (name of ?p, required): ...``) is resolved here, not
in SPARQL: the entities that carry the name as a label (exact, case-insensitive) are found
by index lookups on the label literals, and their IRIs fill the query's
``VALUES ?p { UNDEF }`` line. Comparing every label of a big graph with the name in a
FILTER took 0.2 s at 1 M triples before the query proper even started, and the engine
cannot start from a filtered variable. Only IRIs read from the store go into the text.
Without the parameter (or on another SPARQL server) ``VALUES ?p { UNDEF }`` leaves ``?p``
free, so a file still runs anywhere.
"""
from __future__ import annotations

import re
import statistics
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox

from . import vocab as V
from .resources import queries_dir
from .store import Store

Value = str | int | Decimal | float | bool | None
Result = ox.QuerySolutions | ox.QueryTriples | ox.QueryBoolean

_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON}
_HEADER = re.compile(r"#\s*(问题|Question|Example|Param)\b\s*[:：]?\s*(.*)")
_PARAM = re.compile(r"\?(\w+)\s+\((string|integer|decimal|name of \?(\w+)|name or code of \?(\w+)),"
                    r"\s*(required|optional)\)\s*:\s*(.+)")
_POSITION = re.compile(r"error at (\d+):(\d+): (.*)", re.S)
_TO_PYTHON = {V.XSD + "integer": int, V.XSD + "int": int, V.XSD + "long": int, V.XSD + "decimal": Decimal,
              V.XSD + "double": float, V.XSD + "float": float, V.XSD + "boolean": lambda s: s in ("true", "1")}
CELL_WIDTH = 48


class QueryError(Exception):
    """A query cannot be loaded, bound or run; the message says why and where."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # string, integer, decimal or name
    required: bool
    help: str
    target: str | None = None  # a name's entities fill ``VALUES ?target { UNDEF }``
    codes: bool = False  # a name also matches skos:notation


@dataclass(frozen=True)
class NamedQuery:
    """A query with what its header says about it."""

    name: str
    text: str
    question_zh: str = ""
    question_en: str = ""
    example: str = ""
    params: tuple[Param, ...] = ()
    notes: str = ""


# ---------------------------------------------------------------- loading
def parse_query(text: str, name: str = "query") -> NamedQuery:
    """Read the header comment (the leading ``#`` lines) of a query text."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    notes: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("#"):
            if line:
                break
            continue
        m = _HEADER.fullmatch(line)
        if m is None:
            notes.append(line.lstrip("#").strip())
        elif m[1] == "Param":
            params.append(_parse_param(m[2], name))
        else:
            fields[m[1]] = m[2].strip()
    for p in params:
        if re.search(rf"BOUND\s*\(\s*\?{p.name}\s*\)", text, re.I):
            raise QueryError(f"{name}: BOUND(?{p.name}) is always false for a substituted parameter in Oxigraph; "
                             f"test it with COALESCE(?{p.name}, default) instead")
        if p.target is not None and not _values_slot(p.target).search(text):
            raise QueryError(f"{name}: parameter {p.name} names the entities of ?{p.target}, so the query needs "
                             f"`VALUES ?{p.target} {{ UNDEF }}` for kg to fill")
    return NamedQuery(name, text, fields.get("问题", ""), fields.get("Question", ""), fields.get("Example", ""),
                      tuple(params), " ".join(n for n in notes if n))


def _parse_param(spec: str, name: str) -> Param:
    m = _PARAM.fullmatch(spec.strip())
    if m is None:
        raise QueryError(f"{name}: bad Param line {spec!r}; write `# Param ?name (TYPE, required|optional): help` "
                         "with TYPE string, integer, decimal, `name of ?var` or `name or code of ?var`")
    target = m[3] or m[4]
    return Param(m[1], "name" if target else m[2], m[5] == "required", m[6].strip(), target, bool(m[4]))


def _values_slot(variable: str) -> re.Pattern:
    return re.compile(rf"VALUES\s+\?{variable}\s*\{{\s*UNDEF\s*\}}", re.I)


def library(directory: Path | None = None) -> dict[str, NamedQuery]:
    """Every ``*.rq`` of the library by name; a file missing its question or example is an error."""
    queries = {}
    for path in sorted((directory or queries_dir()).glob("*.rq")):
        q = parse_query(path.read_text(encoding="utf-8"), path.stem)
        missing = [k for k, v in (("问题", q.question_zh), ("Question", q.question_en), ("Example", q.example)) if not v]
        if missing:
            raise QueryError(f"{path}: header lacks {', '.join(missing)}")
        queries[q.name] = q
    return queries


def resolve(ref: str, directory: Path | None = None) -> NamedQuery:
    """A library query by name, else a ``.rq`` file by path."""
    queries = library(directory)
    if ref in queries:
        return queries[ref]
    path = Path(ref)
    if path.is_file():
        return parse_query(path.read_text(encoding="utf-8"), path.stem)
    raise QueryError(f"no library query or file named {ref!r}; see `kg query --list`")


# ---------------------------------------------------------------- binding
def bind(query: NamedQuery, values: Mapping[str, str]) -> dict[ox.Variable, ox.Literal]:
    """Typed literals for the given parameter values; unknown or missing parameters are errors."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        known = ", ".join(declared) or "none"
        raise QueryError(f"{query.name}: unknown parameter {', '.join(unknown)} (it takes: {known})")
    missing = [p.name for p in query.params if p.required and p.name not in values]
    if missing:
        raise QueryError(f"{query.name}: missing parameter {', '.join(missing)} "
                         f"(give it as --param {missing[0]}=VALUE)")
    return {ox.Variable(k): _literal(declared[k], v) for k, v in values.items()}


def _literal(param: Param, value: str) -> ox.Literal:
    """The value as a typed literal; strings and names take the labels' display form (width, brackets, spaces)."""
    if param.type in ("string", "name"):
        return ox.Literal(V.display(value))
    try:
        number = int(value) if param.type == "integer" else Decimal(value)
    except (ValueError, InvalidOperation):
        raise QueryError(f"parameter {param.name} must be an {param.type}, not {value!r}") from None
    return ox.Literal(str(number), datatype=ox.NamedNode(V.XSD + param.type))


# ---------------------------------------------------------------- names
LABELS = tuple(ox.NamedNode(p) for p in (V.SKOS + "prefLabel", V.SKOS + "altLabel", V.RDFS + "label"))
NOTATION = ox.NamedNode(V.SKOS + "notation")
LANGUAGES = ("zh", "en", None)  # the label literals kg writes: @zh, @en, plain
_LOOKUP = "SELECT ?p ?label ?x WHERE { ?x ?p ?label }"  # ?p and ?label substituted: an index lookup
_SCAN = "SELECT DISTINCT ?name ?x WHERE {{ ?x {} ?label . FILTER(LCASE(STR(?label)) = LCASE(?name)) }}"


def case_forms(name: str) -> list[str]:
    """The spellings a label equal to ``name`` up to case most likely has: as given, lower, upper, title..."""
    words = " ".join(w[:1].upper() + w[1:].lower() for w in name.split(" "))
    return list(dict.fromkeys((name, name.lower(), name.upper(), name.title(), name.capitalize(), words)))


def entities_named(store: Store, name: str, *, codes: bool = False) -> list[ox.NamedNode]:
    """The entities with ``name`` as a label (skos:prefLabel, skos:altLabel, rdfs:label; with ``codes``
    also skos:notation), compared exactly but for case, as ``LCASE(STR(?label)) = LCASE(name)``.

    Each likely spelling is looked up by its literal (@zh, @en or plain): a few index lookups. A
    name with letters that have case and no label in any of those spellings (``eWTP`` given as
    ``ewtp``) is then compared with every label, which costs about 0.2 s at 1 M triples.
    """
    name = V.display(name)
    folded = name.lower()
    predicates = LABELS + (NOTATION,) * codes
    found: dict[str, ox.NamedNode] = {}
    for form in (f for f in case_forms(name) if f.lower() == folded):
        for lang in LANGUAGES:
            label = ox.Literal(form, language=lang) if lang else ox.Literal(form)
            for p in predicates:
                for row in store.query(_LOOKUP, substitutions={ox.Variable("p"): p, ox.Variable("label"): label}):
                    if isinstance(row["x"], ox.NamedNode):
                        found.setdefault(row["x"].value, row["x"])
    has_case = folded != name.upper()
    if not found and has_case:
        path = "|".join(str(p) for p in predicates)
        rows = store.query(_SCAN.format(path), substitutions={ox.Variable("name"): ox.Literal(name)})
        found = {r["x"].value: r["x"] for r in rows if isinstance(r["x"], ox.NamedNode)}
    return sorted(found.values(), key=lambda n: n.value)


_SAFE_IRI = re.compile(r"<[^\x00-\x20<>\"{}|^`\\]*>")


def with_values(query: NamedQuery, variable: str, iris: list[ox.NamedNode]) -> NamedQuery:
    """The query with each ``VALUES ?variable { UNDEF }`` holding these IRIs instead (none: no answer)."""
    terms = [str(i) for i in iris]
    bad = [t for t in terms if not _SAFE_IRI.fullmatch(t)]
    if bad:  # cannot happen with IRIs read from Oxigraph, which checks them; never let one into the text
        raise QueryError(f"{query.name}: refusing to put {bad[0]!r} into the query")
    values = f"VALUES ?{variable} {{ {' '.join(terms)} }}"
    return replace(query, text=_values_slot(variable).sub(lambda _m: values, query.text))


def prepare(store: Store, query: NamedQuery, values: Mapping[str, str] | None = None) \
        -> tuple[NamedQuery, dict[ox.Variable, ox.Literal]]:
    """The query with its name parameters resolved to IRIs, and the substitutions of every parameter."""
    values = values or {}
    substitutions = bind(query, values)
    for p in query.params:
        if p.target is not None and p.name in values:
            query = with_values(query, p.target, entities_named(store, values[p.name], codes=p.codes))
    return query, substitutions


# ---------------------------------------------------------------- running
def run(store: Store, query: NamedQuery, values: Mapping[str, str] | None = None) -> Result:
    """Evaluate over the union of all graphs, names resolved and parameters substituted."""
    query, substitutions = prepare(store, query, values)
    try:
        return store.query(query.text, substitutions=substitutions or None)
    except SyntaxError as exc:
        raise QueryError(syntax_message(query, exc)) from None
    except RuntimeError as exc:  # e.g. a substituted variable missing from the projection
        raise QueryError(f"{query.name}: {exc}") from None


def syntax_message(query: NamedQuery, exc: SyntaxError) -> str:
    """Say where a syntax error is, with the offending line and a caret under the column."""
    m = _POSITION.match(str(exc))
    if m is None:
        return f"{query.name}: syntax error: {exc}"
    line, col, what = int(m[1]), int(m[2]), m[3].strip()
    lines = query.text.splitlines() or [""]
    source = lines[min(line, len(lines)) - 1]
    return (f"{query.name}: syntax error at line {line}, column {col}: {what}\n"
            f"  {source}\n  {' ' * _width(source[:col - 1])}^")


def select(store: Store, query: NamedQuery, values: Mapping[str, str] | None = None) -> list[dict[str, Value]]:
    """Rows of a SELECT as dicts of Python values (int, Decimal, str...), None where unbound."""
    result = run(store, query, values)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(f"{query.name} is not a SELECT query")
    names = [v.value for v in result.variables]
    return [{n: to_python(row[n]) for n in names} for row in result]


def to_python(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Value:
    """A term's Python value: numbers and booleans by datatype, else the lexical form or IRI."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        convert = _TO_PYTHON.get(term.datatype.value)
        if convert is not None:
            try:
                return convert(term.value)
            except (ValueError, InvalidOperation):
                return term.value
    return term.value


# ---------------------------------------------------------------- formatting
def render(result: Result, fmt: str | None = None) -> str:
    """Text of an answer: a table by default for solutions, Turtle for graphs.

    csv, tsv and json are the W3C SPARQL 1.1 result formats; ttl only fits CONSTRUCT/DESCRIBE.
    """
    graph = isinstance(result, ox.QueryTriples)
    fmt = fmt or ("ttl" if graph else "table")
    if fmt == "table":
        if isinstance(result, ox.QueryBoolean):
            return "true" if bool(result) else "false"
        if graph:
            return format_table(["subject", "predicate", "object"], (list(t) for t in result))
        return format_table([v.value for v in result.variables], ([row[v] for v in result.variables] for row in result))
    if fmt == "ttl":
        if not graph:
            raise QueryError("--format ttl needs a CONSTRUCT or DESCRIBE query; use table, csv, tsv or json")
        return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=dict(V.PREFIXES)).decode()
    if fmt not in _RESULT_FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose table, ttl, {', '.join(_RESULT_FORMATS)}")
    if graph:
        raise QueryError(f"a CONSTRUCT or DESCRIBE answer is a graph: use --format ttl, not {fmt}")
    return result.serialize(format=_RESULT_FORMATS[fmt]).decode()


def format_table(columns: list[str], rows) -> str:
    """An aligned text table; CJK characters count two cells wide, long cells are clipped."""
    cells = [[_clip(_cell(t)) for t in row] for row in rows]
    widths = [max([_width(c)] + [_width(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = [_line(columns, widths), "  ".join("-" * w for w in widths)]
    lines += [_line(r, widths) for r in cells]
    lines.append(f"({len(cells)} row{'s' * (len(cells) != 1)})")
    return "\n".join(lines)


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths)).rstrip()


def _cell(term) -> str:
    """A term as a reader wants it: literal text, IRIs shortened to a prefix and decoded."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, ns in V.PREFIXES.items():
            if term.value.startswith(ns):
                return f"{prefix}:{unquote(term.value[len(ns):])}"
        return unquote(term.value)
    return " ".join(term.value.split())


def _width(text: str) -> int:
    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def _clip(text: str, limit: int = CELL_WIDTH) -> str:
    if _width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        used += _width(ch)
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


# ---------------------------------------------------------------- latency
@dataclass(frozen=True)
class Timing:
    name: str
    rows: int
    p50_ms: float
    max_ms: float


def example_params(query: NamedQuery) -> dict[str, str]:
    """The ``--param k=v`` pairs of a query's example call."""
    return dict(re.findall(r"--param\s+(\w+)=(\S+)", query.example))


def time_library(store: Store, repeat: int = 5, directory: Path | None = None) -> list[Timing]:
    """Run every library query with its example parameters ``repeat`` times; p50 and max wall time.

    Rows are consumed inside the clock, since Oxigraph evaluates lazily.
    """
    timings = []
    for q in library(directory).values():
        params, samples, rows = example_params(q), [], 0
        for _ in range(repeat):
            start = time.perf_counter()
            result = run(store, q, params)
            rows = 1 if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)
            samples.append((time.perf_counter() - start) * 1000)
        timings.append(Timing(q.name, rows, statistics.median(samples), max(samples)))
    return timings


def format_timings(timings: list[Timing]) -> str:
    return format_table(["query", "rows", "p50_ms", "max_ms"],
                        ([ox.Literal(t.name), ox.Literal(str(t.rows)), ox.Literal(f"{t.p50_ms:.1f}"),
                          ox.Literal(f"{t.max_ms:.1f}")] for t in timings))
