"""`kg bench`: how fast the build, the store and the explorer are, against the targets.

Each measurement runs in a fresh interpreter (``python -m kg.bench TASK ARGS``), so its
peak RSS is its own and imports are cold or warm on purpose. Times are medians of
``runs`` runs, with CPU seconds beside wall seconds: on a shared machine wall time is
noisy. The rdflib baseline (its default Memory store, in a ``Dataset``) gets the same
N-Quads, the same SPARQL and the same Turtle export, in the same run, so the ratios
compare like with like.
"""
from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import __version__
from .resources import sample_dir

PARTS = ("build", "parallel", "cold", "store", "viz")
SHARED_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
TARGETS = {"chars_per_s": 1_000_000, "scaling_slack": 1.1, "cold_build_s": 3.0, "help_s": 0.5, "speedup": 1.7,
           "load_s": 3.0, "query_s": 0.25, "turtle_s": 1.0, "rdflib_ratio": 15.0, "viz_s": 2.0}
QUERY_BUDGET_S = 5.0  # a query past this is not run again: its target is 250 ms
VIZ_TRIPLES_PER_NODE, VIZ_POOL_PER_NODE = 120, 1.5  # a synthetic graph mentioning a little over the nodes wanted


@dataclass(frozen=True)
class Config:
    """What to run; the defaults are the options of `kg bench` (kg.cli_bench), kept in one place."""

    parts: tuple[str, ...]
    runs: int                  # medians of this many runs
    scale: int                 # the corpus concatenated this many times (x1 and x5 run too)
    triples: int               # size of the synthetic graph for the store part
    rdflib_triples: int | None  # the rdflib baseline's size: None = triples, 0 = skip it
    rdflib_runs: int
    query_timeout: int         # per library query, seconds
    jobs: int                  # workers for the parallel part
    viz_nodes: int
    corpus: Path | None        # None: ../shared/corpus, else the bundled sample
    timeout: float = 3600.0    # per child process, seconds

    def corpus_dir(self) -> Path:
        return self.corpus or (SHARED_CORPUS if SHARED_CORPUS.is_dir() else sample_dir())


# ----------------------------------------------------------------- child processes
def _rss_mb() -> float:
    """Peak RSS of this process and of its reaped children (worker pools), in MB."""
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return round(peak * scale / 2**20, 1)


def _cpu() -> float:
    """CPU seconds of this process and its reaped children."""
    usage = map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return sum(u.ru_utime + u.ru_stime for u in usage)


def _emit(**values: object) -> None:
    """One JSON line to the parent, flushed at once, so a child killed at its timeout still reports."""
    print(json.dumps(values, ensure_ascii=False), flush=True)


def _clock(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _copies(corpus: Path, copies: int, folder: Path) -> Path:
    """``copies`` renamed copies of every corpus document: one file per copy, unique names."""
    from .load import discover

    folder.mkdir(parents=True)
    for i in range(copies):
        for f in discover([corpus]):
            shutil.copyfile(f, folder / f"{i:02d}_{f.name}")
    return folder


def task_build(corpus: str, copies: int, jobs: int) -> None:
    """One build of the corpus x ``copies`` into a fresh store, in a process warmed by a sample build."""
    from .build import build
    from .store import Store

    with tempfile.TemporaryDirectory() as tmp:
        warm = Store(Path(tmp) / "warm")
        build([sample_dir()], warm)  # spaCy, rules, gazetteers and RocksDB loaded; not timed
        del warm
        folder = _copies(Path(corpus), copies, Path(tmp) / "docs")
        store = Store(Path(tmp) / "store")
        rss_warm, cpu = _rss_mb(), _cpu()
        wall, report = _clock(lambda: build([folder], store, jobs=jobs))
        _emit(wall_s=wall, cpu_s=_cpu() - cpu, chars=report.chars, quads=report.quads,
              documents=len(report.added), failed=len(report.failed), stages=report.seconds,
              rss_warm_mb=rss_warm, rss_peak_mb=_rss_mb())


def _library() -> dict:
    """The library queries by name; empty when there are none (yet)."""
    try:
        from .query import library
    except ImportError:
        return {}
    return library()


def task_load(nq: str, runs: int, location: str) -> None:
    """Bulk load into kg's disk store (the last copy stays at ``location``) and a memory store; Turtle export."""
    import pyoxigraph as ox

    from .store import Store

    def load() -> float:  # the store closes (and unlocks) when it goes out of scope
        shutil.rmtree(location, ignore_errors=True)
        store = Store(location)
        return _clock(lambda: store.bulk_load(Path(nq)))[0]

    loads = [load() for _ in range(runs)]
    store = Store(location)
    _emit(load_s=statistics.median(loads), quads=len(store))
    memory = [_clock(lambda: ox.Store().bulk_load(path=nq, format=ox.RdfFormat.N_QUADS))[0] for _ in range(runs)]
    _emit(memory_load_s=statistics.median(memory))
    _emit(turtle_s=statistics.median(_clock(lambda: store.export("ttl", None))[0] for _ in range(runs)),
          rss_peak_mb=_rss_mb())


def task_query(location: str, name: str, runs: int) -> None:
    """One library query with its example parameters on the store at ``location``; rows consumed inside the clock."""
    from .query import example_params, run
    from .store import Store

    store, q = Store(location, read_only=True), _library()[name]
    _emit(query={"name": name, **_timed_rows(lambda: sum(1 for _ in run(store, q, example_params(q))), runs)})


def _timed_rows(count_rows: Callable[[], int], runs: int) -> dict:
    """Median seconds of up to ``runs`` runs, and the rows; a slow query stops repeating past the budget."""
    times, rows = [], 0
    for _ in range(runs):
        seconds, rows = _clock(count_rows)
        times.append(seconds)
        if sum(times) > QUERY_BUDGET_S:
            break
    return {"s": statistics.median(times), "rows": rows, "runs": len(times)}


def task_rdflib(nq: str, runs: int, query_timeout: int, prepared: str | None = None) -> None:
    """The baseline: rdflib's default Memory store in a Dataset whose default graph is the union.

    rdflib evaluates in Python, so an alarm can stop a query that runs past ``query_timeout``.
    ``prepared`` names a JSON file of the query texts with their names already resolved to
    IRIs by the Oxigraph run, so both stores answer the same question.
    """
    import signal

    import rdflib

    from . import vocab as V
    from .query import bind, example_params

    def stop(*_args: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    ds = rdflib.Dataset(default_union=True)
    _emit(load_s=_clock(lambda: ds.parse(nq, format="nquads"))[0])
    _emit(turtle_s=statistics.median(_clock(lambda: ds.serialize(format="turtle"))[0] for _ in range(runs)))
    texts = json.loads(Path(prepared).read_text(encoding="utf-8")) if prepared else {}
    for name, q in _library().items():
        bindings = {rdflib.Variable(v.value): _rdflib_literal(lit) for v, lit in bind(q, example_params(q)).items()}

        def count(text: str = texts.get(name, q.text), bindings: dict = bindings) -> int:
            signal.alarm(query_timeout)
            try:
                return sum(1 for _ in ds.query(text, initNs=V.PREFIXES, initBindings=bindings))
            finally:
                signal.alarm(0)

        try:
            _emit(query={"name": name, **_timed_rows(count, runs)})
        except TimeoutError:
            _emit(query={"name": name, "s": None, "timeout": query_timeout})
        except Exception as exc:  # noqa: BLE001 - rdflib fails on some valid SPARQL; record it, run the rest
            _emit(query={"name": name, "s": None, "error": f"{type(exc).__name__}: {exc}"})
    _emit(rss_peak_mb=_rss_mb())


def _rdflib_literal(lit):
    import rdflib

    datatype = lit.datatype.value
    return rdflib.Literal(lit.value, datatype=None if datatype.endswith("#string") else rdflib.URIRef(datatype))


def task_viz(nq: str, nodes: int, runs: int) -> None:
    """What `kg viz --max-nodes N` does after opening the store: read the graph, select, draw, write."""
    from .graphview import load_graph
    from .store import Store, write_atomic
    from .viz import build_network, render_html, select

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "s")
        store.bulk_load(Path(nq))
        read, draw, drawn = [], [], 0
        for _ in range(runs):
            seconds, graph = _clock(lambda: load_graph(store))
            read.append(seconds)
            start = time.perf_counter()
            selection = select(graph, max_nodes=nodes)
            net = build_network(selection, title="bench")
            write_atomic(Path(tmp) / "kg.html", render_html(net, notes=selection.notes).encode("utf-8"))
            draw.append(time.perf_counter() - start)
            drawn = len(net.nodes)
        _emit(read_s=statistics.median(read), draw_s=statistics.median(draw),
              total_s=statistics.median(r + d for r, d in zip(read, draw)), nodes=drawn,
              html_mb=round((Path(tmp) / "kg.html").stat().st_size / 2**20, 2), rss_peak_mb=_rss_mb())


TASKS: dict[str, Callable[..., None]] = {"build": task_build, "load": task_load, "query": task_query,
                                         "rdflib": task_rdflib, "viz": task_viz}


def child(task: str, timeout: float, **kwargs: object) -> dict:
    """Run a task in a fresh interpreter; its JSON lines merged (queries listed), even after a timeout."""
    cmd = [sys.executable, "-m", "kg.bench", task, json.dumps(kwargs)]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
        out, err, note = proc.stdout, proc.stderr, None if proc.returncode == 0 else f"exit {proc.returncode}"
    except subprocess.TimeoutExpired as exc:
        out, err, note = exc.stdout or b"", exc.stderr or b"", f"killed at the {timeout:.0f} s timeout"
    merged: dict = {"queries": []}
    for line in out.decode().splitlines():
        if not line.startswith("{"):
            continue  # a library's own print
        values = json.loads(line)
        if "query" in values:
            merged["queries"].append(values.pop("query"))
        merged |= values
    if note:
        merged["error"] = note + (": " + err.decode().strip().splitlines()[-1] if err.strip() else "")
    return merged


def _medians(results: list[dict]) -> dict:
    """Medians of the numeric fields of several runs; the rest from the last run."""
    out = dict(results[-1])
    for key, value in results[-1].items():
        if isinstance(value, (int, float)):
            out[key] = statistics.median(r[key] for r in results if key in r)
    out["runs"] = len(results)
    return out


# ----------------------------------------------------------------- the parts
def bench_build(cfg: Config) -> dict:
    """End-to-end build of the corpus x1, x5 and x scale: chars/s, scaling and peak RSS."""
    sizes = sorted({1, min(5, cfg.scale), cfg.scale})
    out: dict = {"corpus": str(cfg.corpus_dir()), "sizes": {}}
    for copies in sizes:
        runs = [child("build", cfg.timeout, corpus=str(cfg.corpus_dir()), copies=copies, jobs=1)
                for _ in range(cfg.runs)]
        out["sizes"][str(copies)] = m = _medians(runs)
        m["chars_per_s"] = m["chars"] / m["wall_s"]
        m["chars_per_cpu_s"] = m["chars"] / m["cpu_s"]
    one, big = out["sizes"]["1"], out["sizes"][str(cfg.scale)]
    out["scaling"] = big["wall_s"] / one["wall_s"]
    out["scaling_cpu"] = big["cpu_s"] / one["cpu_s"]
    return out


def bench_parallel(cfg: Config, serial: dict | None) -> dict:
    """The corpus x scale with --jobs N, against one job (measured here unless the build part ran)."""
    corpus = str(cfg.corpus_dir())
    runs = [child("build", cfg.timeout, corpus=corpus, copies=cfg.scale, jobs=cfg.jobs) for _ in range(cfg.runs)]
    if serial is None:
        serial = _medians([child("build", cfg.timeout, corpus=corpus, copies=cfg.scale, jobs=1)
                           for _ in range(cfg.runs)])
    par = _medians(runs)
    return {"jobs": cfg.jobs, "serial_wall_s": serial["wall_s"], "wall_s": par["wall_s"], "cpu_s": par["cpu_s"],
            "chars_per_s": par["chars"] / par["wall_s"], "speedup": serial["wall_s"] / par["wall_s"],
            "same_quads": par["quads"] == serial["quads"], "rss_peak_mb": par["rss_peak_mb"]}


def _kg(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kg.cli import main; main()", *args]


def bench_cold(cfg: Config) -> dict:
    """`kg build` of the corpus in a fresh process, `kg --help`, and the slowest imports of kg.cli."""
    def cold_build(env: dict[str, str]) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            cmd = _kg("build", str(cfg.corpus_dir()), "--store", str(Path(tmp) / "s"))
            return _clock(lambda: subprocess.run(cmd, capture_output=True, check=True, env=os.environ | env))[0]

    builds = [cold_build({}) for _ in range(cfg.runs)]  # the regex cache filled by the first, as for a user
    first = [cold_build({"KG_CACHE_DIR": ""}) for _ in range(cfg.runs)]  # as on a new machine: no cache
    helps = [_clock(lambda: subprocess.run(_kg("--help"), capture_output=True, check=True))[0] for _ in range(cfg.runs)]
    return {"build_s": statistics.median(builds), "uncached_build_s": statistics.median(first),
            "help_s": statistics.median(helps), **import_times()}


def import_times(top: int = 10) -> dict:
    """`python -X importtime -c "import kg.cli"`: the total and the modules costing most (cumulative)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", "import kg.cli"],
                          capture_output=True, text=True, check=True)
    rows = []  # (cumulative us, self us, module)
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s*(\d+) \|\s*(\d+) \|( *)(\S+)", line)
        if m:
            rows.append((int(m[2]), int(m[1]), len(m[3]) // 2, m[4]))
    total = next((cum for cum, _, _, name in rows if name == "kg.cli"), 0)
    slow = sorted(((cum, own, name) for cum, own, depth, name in rows if name != "kg.cli" and depth <= 2), reverse=True)
    return {"import_kg_cli_s": total / 1e6,
            "slowest_imports": [{"module": n, "cumulative_ms": c / 1e3, "self_ms": s / 1e3} for c, s, n in slow[:top]]}


def _synth(folder: Path, triples: int, entities: int | None = None) -> tuple[Path, int]:
    from .synth import write_nquads

    path = folder / f"synth-{triples}.nq"
    return path, write_nquads(path, triples, entities=entities)


def bench_store(cfg: Config, folder: Path) -> dict:
    """Load, library queries and Turtle export on the synthetic graph, Oxigraph beside rdflib."""
    nq, quads = _synth(folder, cfg.triples)
    out = {"quads": quads, "oxigraph": _oxigraph(cfg, nq, folder)}
    size = cfg.triples if cfg.rdflib_triples is None else cfg.rdflib_triples
    if not size:
        return out
    base_nq, base_quads = (nq, quads) if size == cfg.triples else _synth(folder, size)
    same = out["oxigraph"] if size == cfg.triples else _oxigraph(cfg, base_nq, folder)
    out["rdflib"] = child("rdflib", cfg.timeout, nq=str(base_nq), runs=cfg.rdflib_runs,
                          query_timeout=cfg.query_timeout, prepared=same["prepared"]) | {"quads": base_quads}
    out["ratios"] = _ratios(same, out["rdflib"])
    return out


def _oxigraph(cfg: Config, nq: Path, folder: Path) -> dict:
    """Load and export in one child; then each query in its own, so one that never ends costs only its timeout."""
    location = folder / f"store-{nq.stem}"
    out = child("load", cfg.timeout, nq=str(nq), runs=cfg.runs, location=str(location))
    for name in _library():
        got = child("query", cfg.query_timeout, location=str(location), name=name, runs=cfg.runs)
        out["queries"] += got["queries"] or [{"name": name, "s": None, "timeout": cfg.query_timeout}]
    out["prepared"] = str(_write_prepared(location, folder / f"prepared-{nq.stem}.json"))
    shutil.rmtree(location, ignore_errors=True)
    return out


def _write_prepared(location: Path, path: Path) -> Path:
    """The library's texts with their example names resolved to IRIs on this store, for the baseline."""
    from .query import example_params, prepare
    from .store import Store

    store = Store(location, read_only=True)
    texts = {name: prepare(store, q, example_params(q))[0].text for name, q in _library().items()}
    path.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return path


def _seconds(q: dict) -> tuple[float | None, bool]:
    """A measure's time, and whether it is only a lower bound (it was stopped at its timeout)."""
    return (q["s"], False) if q.get("s") is not None else (q.get("timeout"), True)


def _ratios(ox: dict, rd: dict) -> dict[str, str]:
    """rdflib time / Oxigraph time per measure and query, at the baseline's size; ">N" when rdflib was stopped."""
    pairs = [(k, {"s": rd.get(k)}, ox.get(k)) for k in ("load_s", "turtle_s")]
    ox_q = {q["name"]: q.get("s") for q in ox.get("queries", [])}
    pairs += [(q["name"], q, ox_q.get(q["name"])) for q in rd.get("queries", [])]
    out = {}
    for key, base, mine in pairs:
        seconds, bound = _seconds(base)
        if seconds and mine:
            out[key] = f"{'>' if bound else ''}{seconds / mine:.1f}"
    return out


def bench_viz(cfg: Config, folder: Path) -> dict:
    try:
        import kg.viz  # noqa: F401 - being written alongside; skip cleanly when absent
    except ImportError as exc:
        return {"skipped": f"kg.viz cannot be imported ({exc})"}
    nq, quads = _synth(folder, VIZ_TRIPLES_PER_NODE * cfg.viz_nodes, int(VIZ_POOL_PER_NODE * cfg.viz_nodes))
    return {"quads": quads, **child("viz", cfg.timeout, nq=str(nq), nodes=cfg.viz_nodes, runs=cfg.runs)}


def run_bench(cfg: Config, progress: Callable[[str], None] = lambda _m: None,
              save: Callable[[dict], None] = lambda _r: None) -> dict:
    """Every chosen part; the result is what `kg bench --json` writes, saved after each part too,
    so a long run that fails late keeps what it measured."""
    result = {"kg_version": __version__, "commit": _commit(), "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
              "machine": machine(), "config": {**asdict(cfg), "corpus": str(cfg.corpus_dir())},
              "targets": TARGETS, "results": {}}
    results = result["results"]
    with tempfile.TemporaryDirectory() as tmp:
        for part in cfg.parts:
            progress(part)
            if part == "build":
                results[part] = bench_build(cfg)
            elif part == "parallel":
                results[part] = bench_parallel(cfg, results.get("build", {}).get("sizes", {}).get(str(cfg.scale)))
            elif part == "cold":
                results[part] = bench_cold(cfg)
            elif part == "store":
                results[part] = bench_store(cfg, Path(tmp))
            elif part == "viz":
                results[part] = bench_viz(cfg, Path(tmp))
            save(result)
    return result


def machine() -> dict:
    """What the figures were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor())
    mem = re.search(r"MemTotal:\s+(\d+) kB", _read("/proc/meminfo"))
    import pyoxigraph
    import rdflib

    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gb": round(int(mem[1]) / 2**20, 1) if mem else None,
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__,
            "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None}


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _commit() -> str | None:
    """The checkout's commit, read from .git without running git."""
    git = Path(__file__).resolve().parents[1] / ".git"
    head = _read(str(git / "HEAD")).strip()
    if not head.startswith("ref: "):
        return head or None
    ref = head[5:]
    return _read(str(git / ref)).strip() or next(
        (line.split()[0] for line in _read(str(git / "packed-refs")).splitlines() if line.endswith(" " + ref)), None)


# ----------------------------------------------------------------- the table
@dataclass
class Row:
    part: str
    measure: str
    value: str
    target: str = ""
    ok: bool | None = None
    baseline: str = ""
    rss_mb: float | None = None
    notes: list[str] = field(default_factory=list)


def _fmt_rate(x: float) -> str:
    return f"{x / 1e6:.2f} M" if x >= 1e6 else f"{x / 1e3:.0f} K"


def rows(result: dict) -> Iterator[Row]:
    """The table's rows, from what run_bench returned."""
    res, cfg, tg = result["results"], result["config"], result["targets"]
    if "build" in res:
        for copies, m in res["build"]["sizes"].items():
            yield Row("build", f"corpus x{copies}: {m['chars']:,} chars, {m['quads']:,} quads, {m['wall_s']:.1f} s",
                      f"{_fmt_rate(m['chars_per_s'])} chars/s (CPU: {_fmt_rate(m['chars_per_cpu_s'])})",
                      f"≥ {_fmt_rate(tg['chars_per_s'])}", m["chars_per_s"] >= tg["chars_per_s"],
                      rss_mb=m["rss_peak_mb"])
        limit = tg["scaling_slack"] * cfg["scale"]
        yield Row("build", f"scaling: x{cfg['scale']} / x1 time (CPU: {res['build']['scaling_cpu']:.1f}x)",
                  f"{res['build']['scaling']:.1f}x", f"≤ {limit:.0f}x", res["build"]["scaling"] <= limit)
    if "parallel" in res:
        p = res["parallel"]
        measure = f"--jobs {p['jobs']} on x{cfg['scale']}: {p['wall_s']:.1f} s (1 job {p['serial_wall_s']:.1f} s)"
        yield Row("parallel", measure, f"{p['speedup']:.2f}x", f"≥ {tg['speedup']}x", p["speedup"] >= tg["speedup"],
                  rss_mb=p["rss_peak_mb"])
    if "cold" in res:
        c = res["cold"]
        yield Row("cold", "kg build corpus, fresh process", f"{c['build_s']:.2f} s", f"≤ {tg['cold_build_s']} s",
                  c["build_s"] <= tg["cold_build_s"])
        yield Row("cold", "the same with no regex cache (a first run)", f"{c['uncached_build_s']:.2f} s",
                  f"≤ {tg['cold_build_s']} s", c["uncached_build_s"] <= tg["cold_build_s"])
        yield Row("cold", "kg --help", f"{c['help_s']:.2f} s", f"< {tg['help_s']} s", c["help_s"] < tg["help_s"])
        yield Row("cold", "import kg.cli (-X importtime)", f"{c['import_kg_cli_s']:.2f} s",
                  notes=[f"{i['module']} {i['cumulative_ms']:.0f} ms" for i in c["slowest_imports"][:5]])
    if "store" in res:
        yield from _store_rows(res["store"], tg)
    if "viz" in res:
        v = res["viz"]
        if "skipped" in v or "error" in v:
            yield Row("viz", "kg viz", "skipped", notes=[v.get("skipped") or v["error"]])
        else:
            yield Row("viz", f"{v['nodes']:,} nodes ({v['quads']:,}-quad graph): read {v['read_s']:.2f} s "
                      f"+ draw and write {v['draw_s']:.2f} s", f"{v['total_s']:.2f} s", f"≤ {tg['viz_s']} s",
                      v["total_s"] <= tg["viz_s"], rss_mb=v["rss_peak_mb"])


def _duration(seconds: float | None, bound: bool = False) -> str:
    if seconds is None:
        return "—"
    text = f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"
    return f"> {text} (stopped)" if bound else text


def _store_rows(s: dict, tg: dict) -> Iterator[Row]:
    ox, rd, ratios = s["oxigraph"], s.get("rdflib", {}), s.get("ratios", {})
    at = f" at {rd['quads']:,} quads" if rd.get("quads", s["quads"]) != s["quads"] else ""
    rd_q = {q["name"]: q for q in rd.get("queries", [])}

    def row(measure: str, key: str, mine: dict, base: dict | None, target: float) -> Row:
        seconds, bound = _seconds(mine)
        ratio = ratios.get(key)
        ok = None if seconds is None else not bound and seconds <= target and (
            ratio is None or float(ratio.lstrip(">")) >= tg["rdflib_ratio"])
        baseline = ""
        if base and base.get("error"):
            baseline = f"rdflib fails: {base['error'][:60]}"
        elif base and _seconds(base)[0] is not None:
            baseline = f"rdflib {_duration(*_seconds(base))}{at}" + (f", {ratio}x" if ratio else "")
        return Row("store", measure, _duration(seconds, bound), f"≤ {_duration(target)}", ok, baseline)

    yield row(f"load {s['quads']:,} quads (disk store, bulk)", "load_s", {"s": ox.get("load_s")},
              {"s": rd.get("load_s")}, tg["load_s"])
    yield row("load into a memory store", "", {"s": ox.get("memory_load_s")}, None, tg["load_s"])
    for q in ox.get("queries", []):
        yield row(f"query {q['name']} ({q.get('rows', '?')} rows)", q["name"], q, rd_q.get(q["name"]), tg["query_s"])
    if not ox.get("queries"):
        yield Row("store", "library queries", "skipped", notes=["no queries/*.rq or no kg.query"])
    yield row("Turtle export", "turtle_s", {"s": ox.get("turtle_s")}, {"s": rd.get("turtle_s")}, tg["turtle_s"])
    for who, r in (("oxigraph", ox), ("rdflib", rd)):
        if r.get("error"):
            yield Row("store", f"{who} child", "incomplete", notes=[r["error"]])
    yield Row("store", "peak RSS (Oxigraph / rdflib)",
              f"{ox.get('rss_peak_mb', 0):.0f} / {rd.get('rss_peak_mb', 0):.0f} MB")


def table(result: dict) -> str:
    """The Markdown table `kg bench` prints."""
    lines = ["| part | measure | median | target | met | baseline | peak RSS |", "|---|---|---|---|---|---|---|"]
    for r in rows(result):
        met = "" if r.ok is None else "yes" if r.ok else "**no**"
        rss = "" if r.rss_mb is None else f"{r.rss_mb:.0f} MB"
        notes = f" ({'; '.join(r.notes)})" if r.notes else ""
        lines.append(f"| {r.part} | {r.measure}{notes} | {r.value} | {r.target} | {met} | {r.baseline} | {rss} |")
    m = result["machine"]
    lines.append(f"\n{m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, "
                 f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}; load average {m['load_average']} at the start; "
                 f"medians of {result['config']['runs']} runs (rdflib: {result['config']['rdflib_runs']}).")
    return "\n".join(lines)


if __name__ == "__main__":
    TASKS[sys.argv[1]](**json.loads(sys.argv[2]))
