from kg.normalize import normalize
from kg.sentences import split


def test_normalize_offsets_point_back_to_original_characters():
    raw = "前 4 个月，我国进出口\n\n总值 13.81 万亿元，\n\n增长 5.7%。\n\n12\n\n下一段 ＡＢＣ１２３"
    n = normalize(raw)
    assert "前4个月，我国进出口总值13.81万亿元，增长5.7%。" in n.text
    assert "ABC123" in n.text
    for i, ch in enumerate(n.text):
        orig = raw[n.offsets[i]]
        if ch not in "\n ":
            assert orig == ch or ord(orig) - 0xFEE0 == ord(ch), (i, ch, orig)
    start = n.text.index("13.81")
    a, b = n.original_span(start, start + len("13.81万亿元"))
    assert raw[a:b] == "13.81 万亿元"


def test_normalize_drops_page_numbers_and_running_headers():
    body = "\n\n".join(["跨境电商工作周报 2024 年第 15 期", "这是第一行没有结束的句子，", "3",
                        "跨境电商工作周报 2024 年第 15 期", "它在下一页继续。", "跨境电商工作周报 2024 年第 15 期"])
    text = normalize(body).text
    assert "周报" not in text
    assert "这是第一行没有结束的句子，它在下一页继续。" in text


def test_normalize_narrow_columns_keep_headlines_and_paragraph_ends():
    # trailing space ends a paragraph; a line holding one space follows a headline
    raw = "李西林：塑造数字贸易新优势 \n\n \n\n当前，数字技术快速\n\n发展。 \n\n陈增宝：另一篇 \n\n正文。"
    paras = normalize(raw).text.split("\n")
    assert "李西林：塑造数字贸易新优势" in paras
    assert "当前，数字技术快速发展。" in paras
    assert not any("新优势当前" in p or "发展。陈增宝" in p for p in paras)


def test_normalize_keeps_space_between_latin_words_only():
    text = normalize("TikTok Shop 和 SHEIN 在 2024 年").text
    assert text == "TikTok Shop和SHEIN在2024年"


def test_split_sentences_and_table_rows():
    sents = split("第一句。第二句！\n年份\t出口额\n2024\t1.5")
    assert [s.text for s in sents] == ["第一句。", "第二句！", "年份\t出口额", "2024\t1.5"]
    assert [s.is_table_row for s in sents] == [False, False, True, True]


def test_repeated_units_lines_are_kept_but_repeated_headers_dropped():
    page = ["季度简报 2025 年第 1 期", "表1 出口额", "（单位：亿美元，%）", "年份\t出口额\t增速", "2024\t10.5\t3.2"]
    text = normalize("\n".join(page * 3)).text
    assert text.count("（单位：亿美元，%）") == 3
    assert "季度简报" not in text
