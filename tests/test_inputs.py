"""Real and broken inputs: PDF, HTML, DOCX and any Chinese encoding in, a clear error per bad file out.

Every fixture is made here, in tmp folders: the PDF with fpdf2 and Debian's WenQuanYi
font (skipped with the reason when either is missing), the DOCX with python-docx, the
HTML by hand, the broken files byte by byte.
"""
from __future__ import annotations

import html
import io
import itertools
import json
import os
import random
import re
import shutil
import tempfile
import time
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import NamedNode, RdfFormat, parse

from kg import vocab as V
from kg.cli import main
from kg.facts import EntityRef, Mention
from kg.load import MAX_TEXT_BYTES, Document, LoadError, discover, load
from kg.pipeline import extract
from kg.rdf import document_quads
from kg.resources import sample_dir
from kg.store import Store

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
NOTICE = sample_dir() / "03_policy_notice.txt"   # prose with dates, codes, agencies and statistics
TABLES = sample_dir() / "02_zone_table.txt"      # prose and two tab-separated tables
TITLE, ISSUED = "关于推进跨境电商出口和海外仓高质量发展的通知", "2024-07-01"
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')


# ----------------------------------------------------------------- renderers
def _blocks(text: str):
    """(is_table, non-blank lines) runs of a kg text: tab-separated lines are table rows."""
    for is_table, lines in itertools.groupby(text.split("\n"), key=lambda line: "\t" in line):
        yield is_table, [line for line in lines if line.strip()]


def render_html(text: str, out: Path, *, charset: str = "utf-8") -> Path:
    """A gov.cn-style page: navigation, the text as <p> and <table>, a footer."""
    body = []
    for is_table, lines in _blocks(text):
        if is_table:
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr>"
                           for line in lines)
            body.append(f"<table>{rows}</table>")
        else:
            body += (f"<p>{html.escape(line)}</p>" for line in lines)
    page = f"""<!DOCTYPE html><html><head><meta charset="{charset}"><title>{TITLE}</title>
<meta name="PubDate" content="{ISSUED} 09:30"></head><body>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zhengce/">政策文件库</a></li>
<li><a href="/hudong/">互动交流</a></li><li><a href="/fuwu/">办事服务</a></li></ul></div>
<div class="article"><h1>{TITLE}</h1><div class="pages_content">{''.join(body)}</div></div>
<div class="footer"><p>主办单位：示例网站运营中心 | 网站标识码 bm01000001</p><a href="/map">网站地图</a></div>
</body></html>"""
    out.write_bytes(page.encode(charset))
    return out


def render_docx(text: str, out: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = TITLE
    document.core_properties.created = datetime.fromisoformat(ISSUED).replace(tzinfo=timezone.utc)
    for is_table, lines in _blocks(text):
        if not is_table:
            for line in lines:
                document.add_paragraph(line)
            continue
        rows = [line.split("\t") for line in lines]
        table = document.add_table(rows=len(rows), cols=max(map(len, rows)))
        for row, cells in zip(table.rows, rows):
            for cell, value in zip(row.cells, cells):
                cell.text = value
    document.save(str(out))
    return out


def render_pdf(text: str, out: Path) -> Path:
    """A6 pages with a running header and '- N -' page numbers, the furniture kg.normalize drops."""
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 makes the test PDF (pip install fpdf2)")
    if not FONT.exists():
        pytest.skip(f"{FONT} is missing: a CJK PDF needs a CJK font (apt-get install fonts-wqy-microhei)")

    class Paged(fpdf.FPDF):
        def header(self) -> None:
            self.set_font("wqy", size=9)
            self.cell(0, 6, "跨境电商政策文件汇编", align="C", new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("wqy", size=9)
            self.cell(0, 8, f"- {self.page_no()} -", align="C")

    pdf = Paged(format=(105, 148))  # A6: several pages from a short notice
    pdf.add_font("wqy", fname=str(FONT))
    pdf.set_title(TITLE)
    pdf.set_creation_date(datetime.fromisoformat(ISSUED).replace(tzinfo=timezone.utc))
    pdf.add_page()
    pdf.set_font("wqy", size=11)
    for line in text.split("\n"):
        if line.strip():
            pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.ln(6)
    pdf.output(str(out))
    return out


def owner_locked(pdf: Path) -> Path:
    """The same PDF encrypted with an owner password only, as ministries publish them: it opens without one."""
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(pdf))
    writer.encrypt(user_password="", owner_password="ministry", algorithm="AES-128")
    out = pdf.with_name("locked.pdf")
    writer.write(str(out))
    return out


def blank_pdf(*, password: str | None = None) -> bytes:
    """A one-page PDF with no text, optionally needing a password to open."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(300, 300)
    if password:
        writer.encrypt(password, algorithm="AES-256")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# ----------------------------------------------------------------- facts
def facts(doc: Document) -> tuple[set, set, set]:
    """(class, name) mentions, (s, p, o) relations and (value, unit) statistics of one document."""
    f = extract(doc).facts
    name = lambda x: x if isinstance(x, str) else x.name  # noqa: E731
    return ({(m.ref.cls, m.ref.name) for m in f.mentions},
            {(r.subject.name, r.predicate, name(r.object)) for r in f.relations},
            {(s.value, s.unit) for s in f.statistics})


def _render(fmt: str, source: Path, folder: Path) -> Path:
    text = source.read_text(encoding="utf-8")
    if fmt == "html":
        return render_html(text, folder / "doc.html")
    if fmt == "html-gb18030":
        return render_html(text, folder / "doc.htm", charset="gb18030")
    if fmt == "docx":
        return render_docx(text, folder / "doc.docx")
    pdf = render_pdf(text, folder / "doc.pdf")
    return owner_locked(pdf) if fmt == "pdf-owner-locked" else pdf


@pytest.mark.parametrize(("fmt", "source"), [
    ("pdf", NOTICE), ("pdf-owner-locked", NOTICE), ("docx", NOTICE), ("html", NOTICE),
    ("docx", TABLES), ("html", TABLES), ("html-gb18030", TABLES),
])
def test_load_formats_yield_the_facts_of_the_txt(tmp_path, fmt, source):
    """The same document as .txt, .pdf, .docx and .html gives the same mentions, relations and statistics.

    PDF is checked on prose only: a PDF keeps no table structure (cells become spaces).
    """
    expected = facts(load(source))
    assert all(expected), "the source must yield mentions, relations and statistics"
    got = facts(load(_render(fmt, source, tmp_path)))
    for kind, want, have in zip(("mentions", "relations", "statistics"), expected, got):
        assert have == want, f"{fmt} {kind}: missing {sorted(want - have)[:5]}, extra {sorted(have - want)[:5]}"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_load_reads_the_formats_own_title_and_date(tmp_path, fmt):
    doc = load(_render(fmt, NOTICE, tmp_path))
    assert (doc.title, doc.issued) == (TITLE, ISSUED)
    assert load(NOTICE).title is None, "plain text carries no title of its own"


def test_load_pdf_drops_running_headers_and_page_numbers(tmp_path):
    doc = load(render_pdf(NOTICE.read_text(encoding="utf-8"), tmp_path / "doc.pdf"))
    assert doc.text.count("- 2 -") == 1 and doc.text.count("跨境电商政策文件汇编") >= 3, "furniture kept for the normaliser"
    ex = extract(doc)
    assert "- 2 -" not in ex.normalized.text and "跨境电商政策文件汇编" not in ex.normalized.text


def test_load_html_keeps_the_main_text_without_navigation(tmp_path):
    doc = load(render_html(TABLES.read_text(encoding="utf-8"), tmp_path / "page.html"))
    assert "综试区的七次扩围" in doc.text
    for chrome in ("政策文件库", "互动交流", "网站地图", "网站标识码"):
        assert chrome not in doc.text
    assert "2015年3月7日\t1\t1\t杭州" in doc.text.splitlines(), "a table row is one tab-separated line"


def test_load_docx_tables_become_tab_separated_rows(tmp_path):
    doc = load(render_docx(TABLES.read_text(encoding="utf-8"), tmp_path / "d.docx"))
    rows = [line for line in doc.text.splitlines() if "\t" in line]
    assert rows == [line for line in TABLES.read_text(encoding="utf-8").splitlines() if "\t" in line]


# ----------------------------------------------------------------- encodings
SENTENCE = "2024年6月，商务部、海关总署联合印发《关于拓展跨境电商出口推进海外仓建设的意见》。杭州综合保税区出口增长23.7%。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030", "gbk", "gb2312"])
def test_load_decodes_simplified_text_in_any_encoding(tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(SENTENCE.encode(encoding))
    doc = load(path)
    assert doc.text == SENTENCE and not doc.traditional
    assert facts(doc) == facts(Document("s.txt", path, SENTENCE, "0" * 64, "utf-8"))


@pytest.mark.parametrize("encoding", ["big5", "utf-8"])
def test_load_maps_traditional_to_simplified_keeping_offsets(tmp_path, encoding):
    traditional = "2024年6月，商務部、海關總署聯合印發《關於拓展跨境電商出口推進海外倉建設的意見》。杭州綜合保稅區出口增長23.7%。"
    path = tmp_path / "trad.txt"
    path.write_bytes(traditional.encode(encoding))
    doc = load(path)
    assert doc.traditional and doc.text == SENTENCE
    assert len(doc.text) == len(traditional), "offsets into text are offsets into the file as decoded"
    assert facts(doc) == facts(Document("s.txt", path, SENTENCE, "0" * 64, "utf-8"))


def test_load_keeps_a_utf8_file_with_one_broken_byte(tmp_path):
    data, cut = SENTENCE.encode(), len(SENTENCE[:10].encode())
    path = tmp_path / "bad.txt"
    path.write_bytes(data[:cut] + b"\xff" + data[cut:])
    doc = load(path)
    assert "replaced" in doc.encoding and doc.text.replace("\ufffd", "") == SENTENCE


# ----------------------------------------------------------------- the broken-input corpus
GOOD_EXTRA = ("name with spaces 'single' \"double\" [brackets] (parens) {braces}.txt", "broken-utf8.txt")
BROKEN = {  # file -> words its reason must hold
    "empty.txt": "empty file",
    "blank.md": "only white space",
    "garbage.txt": "binary",
    "garbage.pdf": "not a PDF",
    "garbage.docx": "not a readable DOCX",
    "truncated.pdf": "truncated",
    "encrypted.pdf": "encrypted",
    "scanned.pdf": "no text layer",
    "huge.txt": "limit",
    "nul.txt": "NUL byte",
    "loop-a.txt": "symbolic links",
    "loop-b.txt": "symbolic links",
    "dangling.txt": "No such file",
    "fifo.txt": "not a regular file",
}


def make_broken_corpus(folder: Path) -> None:
    """The sample corpus plus every kind of bad file, and a few traps that are not documents at all."""
    shutil.copytree(sample_dir(), folder)
    rng = random.Random(6)
    (folder / GOOD_EXTRA[0]).write_text(SENTENCE, encoding="utf-8")
    cut = len(SENTENCE[:10].encode())
    (folder / GOOD_EXTRA[1]).write_bytes(SENTENCE.encode()[:cut] + b"\xc3\x28" + SENTENCE.encode()[cut:])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text(" \n\u3000\u3000\n\t\n", encoding="utf-8")
    (folder / "garbage.txt").write_bytes(rng.randbytes(8192))
    (folder / "garbage.pdf").write_bytes(rng.randbytes(8192))
    (folder / "garbage.docx").write_bytes(b"PK\x03\x04" + rng.randbytes(8192))
    encrypted = blank_pdf(password="secret")
    (folder / "truncated.pdf").write_bytes(encrypted[: len(encrypted) // 2])
    (folder / "encrypted.pdf").write_bytes(encrypted)
    (folder / "scanned.pdf").write_bytes(blank_pdf())
    line = (SENTENCE + "\n").encode()
    with (folder / "huge.txt").open("wb") as fh:  # 50 MB of real text, written in 1 MB blocks
        block = line * (2**20 // len(line))
        for _ in range(50):
            fh.write(block)
    (folder / "nul.txt").write_bytes(line * 50 + b"\x00\x00" + line)
    (folder / "loop-a.txt").symlink_to("loop-b.txt")
    (folder / "loop-b.txt").symlink_to("loop-a.txt")
    (folder / "dangling.txt").symlink_to("no-such-file.txt")
    os.mkfifo(folder / "fifo.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)  # a folder loop: never entered
    (folder / "folder.txt").mkdir()                                      # a folder, not a document
    (folder / "._01_bulletin.txt").write_bytes(rng.randbytes(4096))     # macOS resource fork: hidden
    (folder / "~$draft.docx").write_bytes(rng.randbytes(162))           # Word's lock file: skipped
    (folder / "notes.doc").write_bytes(rng.randbytes(512))               # unsupported: not discovered


def test_build_reports_every_bad_file_and_keeps_every_good_one(tmp_path):
    folder, store_dir, report_path = tmp_path / "in", tmp_path / "store", tmp_path / "report.json"
    make_broken_corpus(folder)
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["build", str(folder), "--store", str(store_dir), "--report", str(report_path)])
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output + result.stderr
    assert seconds < 120, f"the broken corpus took {seconds:.0f}s"

    report = json.loads(report_path.read_text(encoding="utf-8"))
    failed = {Path(f["path"]).name: f["reason"] for f in report["failed"]}
    assert set(failed) == set(BROKEN)
    for name, words in BROKEN.items():
        assert words in failed[name], (name, failed[name])
        assert f"error: {folder / name}: {failed[name]}" in result.stderr
    good = {p.name for p in sample_dir().glob("*.txt")} | set(GOOD_EXTRA)
    assert set(report["added"]) == good
    assert set(Store(store_dir, read_only=True).document_hashes()) == good

    strict = CliRunner().invoke(main, ["build", str(folder), "--store", str(store_dir), "--strict"])
    assert strict.exit_code == 1 and "14 failed" in strict.output


def test_load_refuses_a_50mb_text_file_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(50 * 2**20)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(LoadError, match=f"over the {MAX_TEXT_BYTES:,}-byte limit"):
        load(path)
    seconds, peak = time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert seconds < 1 and peak < 2**20, (seconds, peak)


def test_discover_enters_no_symlinked_folder_and_keeps_bad_links(tmp_path):
    make_broken_corpus(tmp_path / "in")
    names = [p.name for p in discover([tmp_path / "in"])]
    assert len(names) == len(set(names)), "a folder loop must not list a file twice"
    assert {"loop-a.txt", "dangling.txt", "fifo.txt"} <= set(names)
    assert not {"folder.txt", "._01_bulletin.txt", "~$draft.docx", "notes.doc"} & set(names)


def _load_as_nobody(path: Path) -> str:
    """load(path) in a forked child that has dropped root for 'nobody'; its LoadError message, or 'loaded'."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.setgid(65534)
            os.setuid(65534)
            try:
                load(path)
                os.write(write, b"loaded")
            except LoadError as exc:
                os.write(write, str(exc).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as fh:
        message = fh.read().decode()
    os.waitpid(pid, 0)
    return message


def test_load_reports_an_unreadable_file():
    """chmod 000. Root reads anything, so as root the load runs in a forked child that is 'nobody'."""
    folder = Path(tempfile.mkdtemp(prefix="kg-unreadable-"))
    try:
        folder.chmod(0o755)  # pytest's tmp folders are 0700: the child must reach the file itself
        path = folder / "secret.txt"
        path.write_text(SENTENCE, encoding="utf-8")
        path.chmod(0)
        if not os.access(path, os.R_OK):
            with pytest.raises(LoadError, match="Permission denied"):
                load(path)
        elif os.geteuid() == 0:
            assert _load_as_nobody(path) == f"{path}: cannot read (Permission denied)"
        else:
            pytest.skip("this user reads mode-000 files and cannot become an unprivileged one")
    finally:
        shutil.rmtree(folder)


# ----------------------------------------------------------------- hostile entity names
HOSTILE = ['引号"公司', "大于>号", "<script>alert(1)</script>集团", "换\n行", "花括号{x}", "空 格 公司",
           "表情😀电商", "反斜杠\\与^`|", "百分号%41", "\u0000控制\u0007符"]


@pytest.mark.parametrize("name", HOSTILE)
def test_entity_iri_of_a_hostile_name_is_a_valid_iri(name):
    iri = V.entity_iri("Company", name)
    assert not IRI_FORBIDDEN.search(iri[len(V.KGR):]), iri
    assert NamedNode(iri).value == iri
    assert rdflib.URIRef(iri).n3() == f"<{iri}>"


def test_hostile_names_survive_the_store_and_turtle_as_literals(tmp_path):
    """Names reach the store through a SPARQL update string and leave as Turtle: both must escape them."""
    ex = extract(Document("hostile.txt", tmp_path / "hostile.txt", SENTENCE, "0" * 64, "utf-8"))
    for name in HOSTILE:
        ex.facts.mentions.append(Mention(0, 2, EntityRef("Company", name), name, "test", 0.5, sentence=0))
    build_node = NamedNode(V.KGR + "build/test")
    quads = document_quads(ex, build_node)
    store = Store(tmp_path / "s")
    store.replace_graph(V.graph_iri("hostile.txt"), quads)
    assert len(store) == len(set(quads))
    turtle = store.export("ttl", None)
    labels = {str(o) for s, p, o in rdflib.Graph().parse(data=turtle, format="turtle")
              if p == rdflib.SKOS.prefLabel}
    assert set(HOSTILE) <= labels
    assert {q.triple for q in parse(turtle, format=RdfFormat.TURTLE)} == {q.triple for q in quads}
