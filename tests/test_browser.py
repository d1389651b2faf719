"""The explorer in a real browser: Debian's headless Chromium driven by Playwright, network off.

Pages are kept small (physics screenshots are slow): the sample graph capped at 60
nodes, and the one-document graph built from markup-laden text.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.graphview import load_graph
from kg.viz import build_network, render_html, select
from test_viz import IMG_NAME, SCRIPT_NAME, hostile_store  # noqa: F401 - a fixture shared with test_viz

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="needs Debian's chromium (apt-get install chromium fonts-wqy-microhei)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install playwright)")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class OfflinePage:
    """A page with every non-file request aborted and recorded, dialogs and errors recorded."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.kg && window.kg.ready", timeout=60_000)

    @staticmethod
    def _route(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            route.abort()

    def remote_requests(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("file:", "data:"))]

    def close(self) -> None:
        self.context.close()


def write_page(graph, path: Path, **kw) -> Path:
    selection = select(graph, **kw)
    html = render_html(build_network(selection, title="测试"), notes=selection.notes,
                       documents=graph.graph["documents"])
    path.write_text(html, encoding="utf-8")
    return path


def ink(page) -> int:
    """How many canvas pixels are not blank."""
    return page.evaluate("""() => {
        const c = document.querySelector('#graph canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) { if (d[i] > 0 && (d[i-1] < 250 || d[i-2] < 250 || d[i-3] < 250)) n++; }
        return n;
    }""")


def test_browser_sample_graph_draws_searches_and_explains(browser, sample_store, tmp_path):
    graph = load_graph(sample_store)
    view = OfflinePage(browser, write_page(graph, tmp_path / "sample.html", max_nodes=60))
    page = view.page
    try:
        assert page.evaluate("Object.keys(kg.network.getPositions()).length") == 60
        assert ink(page) > 2000, "the canvas is blank"
        assert page.locator("#legend label").count() == page.evaluate("new Set(kg.nodes.map(n => n.cls)).size")

        page.fill("#search", "郑州综试区")  # an alias, not the preferred name
        hit = page.locator("#results li").first
        assert "中国（郑州）跨境电子商务综合试验区" in hit.inner_text()
        hit.click()
        assert page.locator("#panel .panel-title").inner_text() == "中国（郑州）跨境电子商务综合试验区"
        sentences = page.locator("#panel .evidence .sentence").all_inner_texts()
        assert sentences and any("郑州" in s for s in sentences)
        assert ".txt · 规则 " in page.locator("#panel .evidence .meta").first.inner_text()

        page.uncheck("#legend input[data-name=City]")
        hidden = page.evaluate("kg.nodes.get({filter: n => n.hidden}).map(n => n.cls)")
        assert hidden and set(hidden) == {"City"}
        page.screenshot(path=str(tmp_path / "sample.png"))
        assert not view.remote_requests() and not view.errors
    finally:
        view.close()


def test_browser_edge_click_shows_its_evidence(browser, sample_store, tmp_path):
    graph = load_graph(sample_store)
    view = OfflinePage(browser, write_page(graph, tmp_path / "focus.html", focus="郑州", hops=1))
    page = view.page
    try:
        edge = page.evaluate("kg.edges.get({filter: e => e.evidence.length > 0})[0]")
        box = page.locator("#graph").bounding_box()
        ends = page.evaluate("(e) => [e.from, e.to].map(id => kg.network.canvasToDOM(kg.network.getPositions([id])[id]))",
                             edge)
        page.mouse.click(box["x"] + (ends[0]["x"] + ends[1]["x"]) / 2, box["y"] + (ends[0]["y"] + ends[1]["y"]) / 2)
        assert edge["evidence"][0]["sentence"] in page.locator("#panel").inner_text()
        assert not view.remote_requests() and not view.errors
    finally:
        view.close()


def test_browser_document_markup_is_shown_as_text_and_never_runs(browser, hostile_store, tmp_path):
    view = OfflinePage(browser, write_page(load_graph(hostile_store), tmp_path / "hostile.html"))
    page = view.page
    try:
        node = page.evaluate(f"kg.nodes.get({{filter: n => n.label === {SCRIPT_NAME!r}}})[0].id")
        pos = page.evaluate("(id) => kg.network.canvasToDOM(kg.network.getPositions([id])[id])", node)
        box = page.locator("#graph").bounding_box()
        page.mouse.move(box["x"] + pos["x"], box["y"] + pos["y"], steps=5)
        tooltip = page.locator(".vis-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert SCRIPT_NAME in tooltip.inner_text()
        # innerText turns the tooltip's line breaks into <br>; nothing else may become an element
        assert set(tooltip.evaluate("t => [...t.querySelectorAll('*')].map(e => e.tagName)")) <= {"BR"}

        page.fill("#search", "管理办法")
        page.locator("#results li").first.click()
        panel = page.locator("#panel")
        assert panel.locator(".panel-title").inner_text() == SCRIPT_NAME
        page.fill("#search", "监管办法")
        page.locator("#results li").first.click()
        assert panel.locator(".panel-title").inner_text() == IMG_NAME
        page.fill("#search", "科技有限公司")
        page.locator("#results li").first.click()
        assert "<script>window.__xss=4;alert`4`</script>" in panel.inner_text()

        page.screenshot(path=str(tmp_path / "hostile.png"))
        assert page.evaluate("window.__xss") is None, "an injected handler ran"
        assert page.locator("#panel img, #panel script, #controls img, #results img").count() == 0
        assert view.dialogs == [] and not view.remote_requests() and not view.errors
    finally:
        view.close()
