"""Incremental builds, bad input, locking and atomic export, on real files."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from kg.build import build
from kg.resources import sample_dir
from kg.store import Store, StoreError


@pytest.fixture()
def corpus_copy(tmp_path):
    folder = tmp_path / "docs"
    shutil.copytree(sample_dir(), folder)
    return folder


def test_build_is_incremental(tmp_path, corpus_copy):
    store = Store(tmp_path / "s")
    first = build([corpus_copy], store)
    assert len(first.added) == 5 and not first.failed
    again = build([corpus_copy], store)
    assert len(again.unchanged) == 5 and not again.added and not again.updated
    before = len(store)
    target = corpus_copy / "01_bulletin.txt"
    target.write_text(target.read_text(encoding="utf-8") + "\n中国（洛阳）跨境电子商务综合试验区建设提速。\n", encoding="utf-8")
    (corpus_copy / "02_zone_table.txt").unlink()
    third = build([corpus_copy], store)
    assert third.updated == ["01_bulletin.txt"] and third.removed == ["02_zone_table.txt"]
    assert "02_zone_table.txt" not in store.document_hashes()
    assert len(store) < before
    names = {r["n"].value for r in store.query(
        "SELECT ?n WHERE { GRAPH ?g { ?z a kgo:CrossBorderEcommercePilotZone ; skos:prefLabel ?n } }")}
    assert "中国（洛阳）跨境电子商务综合试验区" in names


def test_bad_files_are_reported_and_good_ones_kept(tmp_path, corpus_copy):
    (corpus_copy / "empty.txt").write_bytes(b"")
    (corpus_copy / "garbage.txt").write_bytes(bytes(range(256)) * 40)
    (corpus_copy / "name with 'quotes' [and] spaces.txt").write_text("海关总署发布公告。", encoding="utf-8")
    (corpus_copy / "gbk.txt").write_bytes("商务部印发《数字商务三年行动计划（2024-2026年）》。".encode("gb18030"))
    report = build([corpus_copy], Store(tmp_path / "s"))
    failed = {p.rsplit("/", 1)[-1]: reason for p, reason in report.failed}
    assert set(failed) == {"empty.txt", "garbage.txt"}
    assert "empty" in failed["empty.txt"] and "binary" in failed["garbage.txt"]
    assert {"gbk.txt", "name with 'quotes' [and] spaces.txt"} <= set(report.added)
    assert len(report.added) == 7


def test_second_writer_gets_a_clear_lock_error(tmp_path):
    held = Store(tmp_path / "s")  # noqa: F841 - held open by this process while the other tries
    code = f"from kg.store import Store\nStore({str(tmp_path / 's')!r})"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode != 0
    assert "in use by another kg process" in proc.stderr
    with pytest.raises(StoreError, match="no store here"):
        Store(tmp_path / "missing", read_only=True)


def test_changed_rules_re_extract_unchanged_documents(tmp_path, corpus_copy, monkeypatch):
    import kg.rules

    store = Store(tmp_path / "s")
    build([corpus_copy], store)
    assert len(build([corpus_copy], store).unchanged) == 5
    monkeypatch.setattr(kg.rules, "rules_fingerprint", lambda: "other-rules")
    again = build([corpus_copy], store)
    assert len(again.updated) == 5 and not again.unchanged
    assert len(build([corpus_copy], store).unchanged) == 5


def test_reference_graph_is_rewritten_only_when_the_rules_change(tmp_path, corpus_copy, monkeypatch):
    import kg.rdf
    import kg.rules
    from kg.store import REFERENCE_GRAPH

    store = Store(tmp_path / "s")
    build([corpus_copy], store)
    reference = sorted(str(q) for q in store.quads(REFERENCE_GRAPH))
    written = []
    real = kg.rdf.reference_ntriples
    monkeypatch.setattr(kg.rdf, "reference_ntriples", lambda: written.append(1) or real())
    (corpus_copy / "new.txt").write_text("商务部发布通知，支持杭州市滨江区发展跨境电商。", encoding="utf-8")
    assert build([corpus_copy], store).added == ["new.txt"]
    assert not written  # an edited corpus, the same rules: the gazetteers' graph stays as it is
    assert sorted(str(q) for q in store.quads(REFERENCE_GRAPH)) == reference
    monkeypatch.setattr(kg.rules, "rules_fingerprint", lambda: "other-rules")
    build([corpus_copy], store)
    assert written == [1]


def test_a_documents_own_title_and_date_reach_the_graph(tmp_path):
    import datetime

    import docx

    doc = docx.Document()
    doc.core_properties.title = "关于支持郑州综试区发展的通知"
    doc.core_properties.created = datetime.datetime(2024, 8, 1)
    doc.add_paragraph("2024年8月，商务部印发《关于支持郑州综试区发展的通知》。")
    doc.save(tmp_path / "notice.docx")
    store = Store(tmp_path / "s")
    assert build([tmp_path / "notice.docx"], store).added == ["notice.docx"]
    rows = list(store.query('SELECT ?t ?d WHERE { ?doc dcterms:identifier "notice.docx" ; '
                            'dcterms:title ?t ; dcterms:issued ?d }'))
    assert [(r["t"].value, r["d"].value) for r in rows] == [("关于支持郑州综试区发展的通知", "2024-08-01")]
