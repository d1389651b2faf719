"""The offline HTML explorer: a thin adapter over pyvis (like kglab's gpviz).

``select`` picks what to draw from the graph view (a focus neighbourhood, a query's
result, classes, a node cap), ``build_network`` returns a pyvis ``Network`` and
``render_html`` turns it into one self-contained UTF-8 page; the caller decides where
the page goes.

pyvis 0.3.2 is unmaintained, so its page template is not used: it links CDN files
even in ``in_line`` mode (pyvis #228, #229), declares no encoding, its filter menu
hides every node (#193), it has no legend and puts raw HTML in tooltips. We keep its
data model (``net.nodes``, ``net.edges``, ``net.options``; filled directly, since
``add_node`` is quadratic) and the vis-network files it ships, inlined.

Text from documents never becomes markup: the data travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and the
page's script writes every string with ``textContent``; vis tooltips are plain strings,
which vis-network shows as text.
"""
from __future__ import annotations

import html
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

import networkx as nx
import pyoxigraph as ox
import pyvis
from pyvis.network import Network

from . import resources
from . import vocab as V
from .graphview import find_entity, mentioned, node_attributes, term_labels, undirected
from .jsonld import compact_iri
from .store import Store

OTHER = "Other"  # class of a query result's resource that is not one of our entities

# class -> (colour, vis shape, legend glyph); families share a shape, each class has its colour
STYLE: dict[str, tuple[str, str, str]] = {
    "CrossBorderEcommercePilotZone": ("#e6194b", "hexagon", "⬢"),
    "FreeTradeZone": ("#f58231", "hexagon", "⬢"),
    "BondedZone": ("#9a6324", "hexagon", "⬢"),
    "PilotZone": ("#fabed4", "hexagon", "⬢"),
    "CustomsSupervisionCode": ("#000075", "square", "■"),
    "TradeAgreement": ("#ffd700", "star", "★"),
    "GovernmentAgency": ("#3cb44b", "triangle", "▲"),
    "Organization": ("#aaffc3", "triangle", "▲"),
    "Company": ("#808000", "triangle", "▲"),
    "PolicyDocument": ("#4363d8", "square", "■"),
    "Country": ("#911eb4", "dot", "●"),
    "Region": ("#dcbeff", "dot", "●"),
    "Province": ("#42d4f4", "dot", "●"),
    "City": ("#469990", "dot", "●"),
    "Event": ("#f032e6", "triangleDown", "▼"),
    "IndustryCluster": ("#bfef45", "diamond", "◆"),
    "Person": ("#800000", "diamond", "◆"),
    OTHER: ("#a9a9a9", "dot", "●"),
}
FONT = "WenQuanYi Micro Hei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
SEED = 7


@dataclass
class Selection:
    """What to draw, and notes for the reader on what was left out."""

    graph: nx.MultiDiGraph
    notes: list[str] = field(default_factory=list)


# ----------------------------------------------------------------- choosing what to draw
def select(graph: nx.MultiDiGraph, *, focus: str | None = None, hops: int = 2, classes: set[str] | None = None,
           max_nodes: int = 300, sub: nx.MultiDiGraph | None = None) -> Selection:
    """The subgraph to draw: ``sub`` (a query's result), the ``hops`` neighbourhood of
    ``focus``, or every entity a document mentions; then only ``classes``; then at
    most ``max_nodes`` nodes, nearest to the focus first, then highest degree.

    Raises graphview.EntityNotFound when ``focus`` names no entity or several.
    """
    notes: list[str] = []
    centre = find_entity(graph, focus) if focus else None
    if sub is not None:
        base = sub
        notes.append(f"查询结果：{base.number_of_nodes()} 个节点，{base.number_of_edges()} 条关系")
    elif centre:
        base = graph.subgraph(nx.ego_graph(undirected(graph), centre, radius=hops).nodes)
        notes.append(f"焦点：{graph.nodes[centre]['label']}，{hops} 跳以内的 {base.number_of_nodes()} 个实体")
    else:
        base = mentioned(graph)
        notes.append(f"文档提及的实体共 {base.number_of_nodes()} 个（仅见于参考地名录的实体未绘制）")
    if classes:
        base = base.subgraph(n for n, c in base.nodes(data="cls") if c in classes or n == centre)
    kept = _cap(base, centre, max_nodes)
    if len(kept) < base.number_of_nodes():
        notes.append(f"节点上限 {max_nodes}：按{'距焦点远近与' if centre else ''}连接数保留 {len(kept)} 个，"
                     f"另有 {base.number_of_nodes() - len(kept)} 个实体未绘制（用 --max-nodes 调整）")
    chosen = base.subgraph(kept)
    stats = sum(chosen.nodes[n]["statistics"] for n in chosen)
    if stats:
        notes.append(f"统计数据不绘制为节点：图中实体共关联 {stats} 条，计数见侧栏")
    return Selection(chosen, notes)


def _cap(graph: nx.MultiDiGraph, centre: str | None, max_nodes: int) -> list[str]:
    distance = nx.single_source_shortest_path_length(undirected(graph), centre) if centre in graph else {}
    ranked = sorted(graph.nodes, key=lambda n: (distance.get(n, math.inf), -graph.degree(n),
                                                graph.nodes[n]["label"], n))
    return ranked[:max_nodes]


def resolve_query(spec: str) -> str:
    """SPARQL text from a file path, or from a library query's name (queries/NAME.rq)."""
    path = Path(spec)
    if not path.is_file():
        path = resources.queries_dir() / f"{spec}.rq"
    if not path.is_file():
        names = sorted(p.stem for p in resources.queries_dir().glob("*.rq"))
        raise FileNotFoundError(f"{spec}: no such query file, and no library query of that name"
                                f" (library: {', '.join(names) or 'empty'})")
    return path.read_text(encoding="utf-8")


def query_graph(store: Store, graph: nx.MultiDiGraph, sparql: str) -> nx.MultiDiGraph:
    """The triples a CONSTRUCT (or a SELECT over ?s ?p ?o) returns, as a graph to draw.

    Entity facts keep their evidence from ``graph``; literal objects and rdf:type only
    bring their subject; other resources become nodes of class Other.
    """
    result = store.query(sparql)
    if isinstance(result, ox.QuerySolutions):
        names = {v.value for v in result.variables}
        if not {"s", "p", "o"} <= names:
            raise ValueError(f"a SELECT query to draw must bind ?s ?p ?o (it binds {', '.join(sorted(names))})")
        triples = [(r["s"], r["p"], r["o"]) for r in result]
    elif isinstance(result, ox.QueryTriples):
        triples = [(t.subject, t.predicate, t.object) for t in result]
    else:
        raise ValueError("an ASK query has nothing to draw; use CONSTRUCT or SELECT ?s ?p ?o")
    out = nx.MultiDiGraph()
    for s, p, o in triples:
        _add_result_triple(out, graph, s, p, o)
    return out


def _add_result_triple(out: nx.MultiDiGraph, graph: nx.MultiDiGraph, s, p, o) -> None:
    if s is None or p is None or o is None:
        return
    _add_result_node(out, graph, s.value)
    if isinstance(o, ox.Literal) or p.value == V.RDF + "type":
        return
    _add_result_node(out, graph, o.value)
    term = p.value.removeprefix(V.KGO)
    if graph.has_edge(s.value, o.value, key=term):
        out.add_edge(s.value, o.value, key=term, **graph.edges[s.value, o.value, term])
    else:
        out.add_edge(s.value, o.value, key=term, predicate=compact_iri(p.value), evidence=[], reference=False,
                     documents=[])


def _add_result_node(out: nx.MultiDiGraph, graph: nx.MultiDiGraph, iri: str) -> None:
    if iri not in out:
        out.add_node(iri, **(graph.nodes[iri] if iri in graph else node_attributes(iri, OTHER)))


# ----------------------------------------------------------------- the pyvis network
def build_network(selection: Selection, *, title: str) -> Network:
    """A pyvis Network of the selection: nodes styled by class, edges labelled by predicate.

    Besides vis's own fields, each node and edge carries what the side panel shows
    (aliases, documents, dates, statistics, evidence).
    """
    graph = selection.graph
    net = Network(height="100%", width="100%", directed=True, heading=title)
    net.nodes = [_vis_node(graph, n) for n in graph.nodes]
    net.edges = [_vis_edge(i, s, o, data) for i, (s, o, data) in enumerate(graph.edges(data=True))]
    net.options = _options(len(net.nodes))
    return net


def _vis_node(graph: nx.MultiDiGraph, node: str) -> dict:
    data = graph.nodes[node]
    colour, shape, _ = STYLE.get(data["cls"], STYLE[OTHER])
    degree = graph.degree(node)
    tip = [data["label"], term_labels().get(data["cls"], data["cls"])]
    if data["aliases"]:
        tip.append("别名：" + "、".join(data["aliases"][:8]))
    tip.append(f"{degree} 条关系" + (f"，{data['statistics']} 条统计" if data["statistics"] else ""))
    return {"id": node, "label": data["label"], "shape": shape, "color": colour, "value": degree,
            "title": "\n".join(tip), "degree": degree, **{k: data[k] for k in (
                "cls", "aliases", "documents", "mentions", "dates", "year", "statistics", "reference")}}


def _vis_edge(index: int, s: str, o: str, data: dict) -> dict:
    label = term_labels().get(data["predicate"], data["predicate"])
    first = data["evidence"][0]["sentence"] if data["evidence"] else "参考地名录（无证据句）"
    return {"id": index, "from": s, "to": o, "label": label, "arrows": "to", "title": f"{label}\n{first}",
            "predicate": data["predicate"], "evidence": data["evidence"], "documents": data["documents"],
            "reference": data["reference"]}


def _options(n_nodes: int) -> dict:
    """vis options: a seeded layout, physics until stable (the page then freezes it)."""
    return {
        "layout": {"randomSeed": SEED, "improvedLayout": n_nodes <= 200},
        "physics": {"solver": "forceAtlas2Based", "minVelocity": 1, "maxVelocity": 60,
                    "forceAtlas2Based": {"gravitationalConstant": -70, "springLength": 110, "avoidOverlap": 0.4},
                    "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 25, "fit": True}},
        "interaction": {"hover": True, "tooltipDelay": 200, "hideEdgesOnDrag": n_nodes > 500},
        "nodes": {"font": {"size": 14, "face": FONT, "color": "#222", "strokeWidth": 3, "strokeColor": "#fff"},
                  "borderWidth": 1, "scaling": {"min": 8, "max": 36, "label": {
                      "enabled": True, "min": 14, "max": 34, "maxVisible": 34, "drawThreshold": 5}}},
        "edges": {"smooth": False, "width": 1, "color": {"color": "#b0b0b0", "highlight": "#333", "hover": "#555"},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
                  "font": {"size": 9, "face": FONT, "color": "#777", "strokeWidth": 2, "align": "middle"}},
    }


# ----------------------------------------------------------------- the page
def render_html(net: Network, *, notes: list[str] | tuple[str, ...] = (),
                documents: dict[str, str] | None = None) -> str:
    """One self-contained UTF-8 page: vis-network inlined, data as escaped JSON, no URL loaded.

    ``documents`` maps file names to titles for the document filter.
    """
    labels = term_labels()
    classes = Counter(n["cls"] for n in net.nodes)
    predicates = Counter(e["predicate"] for e in net.edges)
    used_docs = sorted({d for item in net.nodes + net.edges for d in item["documents"]})
    payload = {
        "title": net.heading, "notes": list(notes), "options": net.options, "nodes": net.nodes, "edges": net.edges,
        "classes": [{"name": c, "label": labels.get(c, c), "color": STYLE.get(c, STYLE[OTHER])[0],
                     "glyph": STYLE.get(c, STYLE[OTHER])[2], "count": k} for c, k in classes.most_common()],
        "predicates": [{"name": p, "label": labels.get(p, p), "count": k} for p, k in predicates.most_common()],
        "documents": [{"name": d, "title": (documents or {}).get(d, "")} for d in used_docs],
        "terms": labels,
    }
    return _PAGE.substitute(title=html.escape(net.heading), vis_css=_asset("vis-network.css"),
                            vis_js=re.sub("</(script)", r"<\/\1", _asset("vis-network.min.js"), flags=re.I),
                            css=_CSS, data=script_json(payload), app=_APP_JS)


def script_json(value: object) -> str:
    """JSON that cannot end its <script> element or open another: <, > and & as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _asset(name: str) -> str:
    """A vis-network file that pyvis ships (its newest bundled version)."""
    lib = Path(pyvis.__file__).parent / "templates" / "lib"
    newest = max(lib.glob("vis-*"), key=lambda p: tuple(int(x) for x in p.name[4:].split(".")))
    return (newest / name).read_text(encoding="utf-8")


_PAGE = Template("""<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$vis_css</style>
<style>$css</style>
<script>$vis_js</script>
</head>
<body>
<aside id="controls">
  <h1 id="title"></h1>
  <ul id="notes"></ul>
  <input id="search" type="search" placeholder="搜索名称或别名" autocomplete="off">
  <ol id="results"></ol>
  <h2>类别</h2><div id="legend"></div>
  <h2>关系</h2><div id="predicates"></div>
  <h2>文件</h2><select id="document"><option value="">全部文件</option></select>
  <h2>年份</h2><div id="years"><input id="year" type="range"><span id="year-label"></span></div>
  <button id="reset" type="button">重置</button>
</aside>
<main><div id="graph"></div><div id="progress">布局计算中…</div></main>
<aside id="panel"><p class="hint">点击节点或关系，查看事实与证据句。</p></aside>
<script type="application/json" id="kg-data">$data</script>
<script>$app</script>
</body>
</html>
""")

_CSS = """
html, body { margin: 0; height: 100%; font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei",
  "PingFang SC", sans-serif; font-size: 13px; color: #222; }
body { display: flex; }
aside { overflow-y: auto; padding: 8px 10px; box-sizing: border-box; height: 100%; }
#controls { width: 250px; border-right: 1px solid #ddd; background: #fafafa; }
#panel { width: 340px; border-left: 1px solid #ddd; }
main { flex: 1; position: relative; height: 100%; }
#graph { position: absolute; inset: 0; }
#progress { position: absolute; top: 8px; left: 8px; background: #fff8; padding: 2px 6px; }
h1 { font-size: 15px; margin: 4px 0 6px; }
h2 { font-size: 13px; margin: 12px 0 4px; color: #555; }
#notes { padding-left: 16px; margin: 0 0 8px; color: #666; font-size: 12px; }
#search { width: 100%; box-sizing: border-box; padding: 4px; }
#results { padding-left: 20px; margin: 4px 0; }
#results li { cursor: pointer; color: #1a4fa0; }
label { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; cursor: pointer; }
.glyph { display: inline-block; width: 1.2em; text-align: center; }
.count { color: #888; }
select { width: 100%; }
#year { width: 100%; }
.fact { border-top: 1px solid #eee; padding: 6px 0; }
.evidence { margin: 4px 0 4px 8px; padding-left: 8px; border-left: 3px solid #ccd; }
.sentence { margin: 0; }
.meta, .hint { color: #777; font-size: 12px; }
.panel-title { font-size: 16px; margin: 4px 0; }
div.vis-tooltip { font-family: inherit; font-size: 12px; max-width: 360px; white-space: pre-wrap; }
"""

_APP_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var terms = data.terms;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var network = new vis.Network(document.getElementById("graph"), {nodes: nodes, edges: edges}, data.options);
  var state = {classes: {}, predicates: {}, doc: "", year: null};
  window.kg = {network: network, nodes: nodes, edges: edges, ready: false, select: selectNode};

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function fold(s) {
    return String(s).normalize("NFKC").toLowerCase().replace(/[\s"'“”‘’「」『』《》〈〉<>·・]/g, "");
  }
  function term(name) { return terms[name] ? terms[name] + " " + name : name; }

  function frozen() {
    network.setOptions({physics: false});
    document.getElementById("progress").style.display = "none";
    window.kg.ready = true;
  }
  network.on("stabilizationProgress", function (p) {
    document.getElementById("progress").textContent = "布局计算中… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", frozen);
  if (data.nodes.length === 0) { frozen(); }

  // ---- header, notes, legend and filters
  document.getElementById("title").textContent = data.title;
  data.notes.forEach(function (t) { document.getElementById("notes").appendChild(el("li", t)); });

  function checkbox(parent, key, item, glyph, color) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox"; box.checked = true; box.dataset.name = item.name;
    box.addEventListener("change", function () { state[key][item.name] = box.checked; applyFilters(); });
    state[key][item.name] = true;
    label.appendChild(box);
    if (glyph) { var g = el("span", glyph, "glyph"); g.style.color = color; label.appendChild(g); }
    label.appendChild(el("span", item.label + " "));
    label.appendChild(el("span", item.count, "count"));
    label.title = item.name;
    parent.appendChild(label);
  }
  data.classes.forEach(function (c) { checkbox(document.getElementById("legend"), "classes", c, c.glyph, c.color); });
  data.predicates.forEach(function (p) { checkbox(document.getElementById("predicates"), "predicates", p); });
  var docSelect = document.getElementById("document");
  data.documents.forEach(function (d) {
    var o = el("option", d.title ? d.name + " " + d.title : d.name);
    o.value = d.name; docSelect.appendChild(o);
  });
  docSelect.addEventListener("change", function () { state.doc = docSelect.value; applyFilters(); });
  var years = data.nodes.map(function (n) { return n.year; }).filter(function (y) { return y; });
  var yearInput = document.getElementById("year");
  function showYear() {
    document.getElementById("year-label").textContent = "截至 " + state.year + " 年（无年份的实体始终显示）";
  }
  if (years.length) {
    yearInput.min = Math.min.apply(null, years); yearInput.max = Math.max.apply(null, years);
    yearInput.value = yearInput.max; state.year = Number(yearInput.max); showYear();
    yearInput.addEventListener("input", function () { state.year = Number(yearInput.value); showYear(); applyFilters(); });
  } else {
    document.getElementById("years").textContent = "（无日期）";
  }

  function nodeVisible(n) {
    return state.classes[n.cls] && (!state.doc || n.documents.indexOf(state.doc) >= 0)
      && (state.year === null || !n.year || n.year <= state.year);
  }
  function edgeVisible(e) {
    return state.predicates[e.predicate] && (!state.doc || e.documents.indexOf(state.doc) >= 0)
      && nodeVisible(byId[e.from]) && nodeVisible(byId[e.to]);
  }
  function applyFilters() {
    nodes.update(data.nodes.map(function (n) { return {id: n.id, hidden: !nodeVisible(n)}; }));
    edges.update(data.edges.map(function (e) { return {id: e.id, hidden: !edgeVisible(e)}; }));
  }

  // ---- highlight a neighbourhood
  function highlight(id) {
    var keep = {};
    keep[id] = true;
    if (id !== null) { network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; }); }
    nodes.update(data.nodes.map(function (n) {
      var on = id === null || keep[n.id];
      return {id: n.id, color: on ? n.color : "#e4e4e4", font: {color: on ? "#222" : "#c8c8c8"}};
    }));
  }

  // ---- the side panel
  var panel = document.getElementById("panel");
  function clearPanel() { while (panel.firstChild) { panel.removeChild(panel.firstChild); } }
  function bySentence(list) {  // one block per sentence, however many rules found it
    var out = [], seen = {};
    list.forEach(function (ev) {
      var key = ev.document + "\u0000" + ev.sentence, item = seen[key];
      if (item) { item.rules.push(ev.rule); item.confidence = Math.max(item.confidence, ev.confidence); return; }
      seen[key] = {sentence: ev.sentence, document: ev.document, rules: [ev.rule], confidence: ev.confidence};
      out.push(seen[key]);
    });
    return out;
  }
  function evidenceBlocks(parent, list) {
    bySentence(list).forEach(function (ev) {
      var box = el("div", null, "evidence");
      box.appendChild(el("p", ev.sentence, "sentence"));
      box.appendChild(el("div", ev.document + " · 规则 " + ev.rules.join("、") + " · 置信度 " + ev.confidence, "meta"));
      parent.appendChild(box);
    });
  }
  function factBlock(parent, e) {
    var box = el("div", null, "fact");
    box.appendChild(el("div", byId[e.from].label + " —" + e.label + "→ " + byId[e.to].label));
    if (e.reference) { box.appendChild(el("div", "参考地名录（gazetteer）所载，无证据句", "meta")); }
    evidenceBlocks(box, e.evidence);
    parent.appendChild(box);
  }
  function showNode(id) {
    var n = byId[id];
    clearPanel();
    panel.appendChild(el("div", n.label, "panel-title"));
    panel.appendChild(el("div", term(n.cls) + (n.reference ? " · 见于参考地名录" : ""), "meta"));
    if (n.aliases.length) { panel.appendChild(el("div", "别名：" + n.aliases.join("、"))); }
    if (n.documents.length) { panel.appendChild(el("div", "提及文件：" + n.documents.join("、"), "meta")); }
    if (n.statistics) { panel.appendChild(el("div", "统计数据：" + n.statistics + " 条（未绘制为节点）")); }
    n.dates.forEach(function (d) {
      var box = el("div", null, "fact");
      box.appendChild(el("div", term(d.predicate) + "：" + d.value));
      if (!d.evidence.length) { box.appendChild(el("div", "参考地名录所载", "meta")); }
      evidenceBlocks(box, d.evidence);
      panel.appendChild(box);
    });
    var facts = edges.get({filter: function (e) { return e.from === id || e.to === id; }});
    panel.appendChild(el("h2", "关系 " + facts.length));
    facts.forEach(function (e) { factBlock(panel, e); });
    if (n.mentions.length) {
      panel.appendChild(el("h2", "首次提及"));
      evidenceBlocks(panel, n.mentions);
    }
  }
  function showEdge(id) {
    clearPanel();
    factBlock(panel, edges.get(id));
  }
  function selectNode(id) {
    network.selectNodes([id]);
    network.focus(id, {scale: 1.1});
    highlight(id);
    showNode(id);
  }
  network.on("click", function (p) {
    if (p.nodes.length) { highlight(p.nodes[0]); showNode(p.nodes[0]); }
    else if (p.edges.length) { highlight(null); showEdge(p.edges[0]); }
    else { highlight(null); }
  });

  // ---- search by name or alias
  var search = document.getElementById("search");
  var results = document.getElementById("results");
  function matches(q) {
    var key = fold(q);
    if (!key) { return []; }
    return data.nodes.filter(function (n) {
      return fold(n.label).indexOf(key) >= 0 || n.aliases.some(function (a) { return fold(a).indexOf(key) >= 0; });
    }).slice(0, 30);
  }
  search.addEventListener("input", function () {
    while (results.firstChild) { results.removeChild(results.firstChild); }
    matches(search.value).forEach(function (n) {
      var li = el("li", n.label + "（" + (terms[n.cls] || n.cls) + "）");
      li.dataset.id = n.id;
      li.addEventListener("click", function () { selectNode(n.id); });
      results.appendChild(li);
    });
  });
  search.addEventListener("keydown", function (ev) {
    var found = matches(search.value);
    if (ev.key === "Enter" && found.length) { selectNode(found[0].id); }
  });

  document.getElementById("reset").addEventListener("click", function () {
    document.querySelectorAll("#controls input[type=checkbox]").forEach(function (b) { b.checked = true; });
    ["classes", "predicates"].forEach(function (key) {
      Object.keys(state[key]).forEach(function (name) { state[key][name] = true; });
    });
    docSelect.value = ""; state.doc = "";
    if (years.length) { yearInput.value = yearInput.max; state.year = Number(yearInput.max); showYear(); }
    applyFilters(); highlight(null); network.unselectAll(); network.fit();
  });
})();
"""
