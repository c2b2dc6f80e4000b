"""The SVG flowchart drawing: valid, accessible, escaped, and every line fits its box."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from xiaowei.catalog import svg
from xiaowei.catalog.charts import Flowchart, parse_item
from xiaowei.catalog.files import DEFAULT_CATALOG, read_catalog
from xiaowei.catalog.svg import _units, _wrap, render_chart

NS = {"s": "http://www.w3.org/2000/svg"}
DANGEROUS = '村民提议<script>alert("x")</script>&"'
LONG = "经村务监督委员会全程监督后召开成员大会对集体资产出租方案进行表决并形成书面决议 Long Name"


def _chart() -> Flowchart:
    item = parse_item(
        {
            "code": "T-SVG",
            "category": "major_decision",
            "name": "测试事项",
            "flowcharts": [
                {
                    "code": "T-SVG-1",
                    "name": "集体资产出租<测试>",
                    "attributes": [
                        {"key": "collective_property", "label": "涉及集体财产", "type": "bool"},
                        {"key": "amount", "label": "金额", "type": "money"},
                    ],
                    "steps": [
                        {
                            "key": "propose",
                            "name": DANGEROUS,
                            "role": "village_cadre",
                            "documents": ["proposal"],
                            "meeting": "party_branch",
                        },
                        {
                            "key": "vote",
                            "name": LONG,
                            "role": ["village_cadre", "village_committee"],
                            "meeting": {
                                "kind": "members",
                                "strict_when": {"attr": "collective_property", "eq": True},
                            },
                            "documents": ["minutes", "proposal"],
                            "signoffs": ["village_committee", "township_agency"],
                            "resolution": True,
                            "deadline_days": 15,
                        },
                        {
                            "key": "tender",
                            "name": "公开招标",
                            "role": "township_agency",
                            "documents": ["tender", "bid_result", "reserve_price", "contract"],
                            "when": {"attr": "amount", "gte": 200000},
                        },
                        {
                            "key": "publicize",
                            "name": "结果公开",
                            "role": "village_cadre",
                            "documents": ["notice", "photo"],
                            "publicity_days": 5,
                            "publishes": True,
                        },
                    ],
                }
            ],
        }
    )
    assert item is not None
    return item.flowcharts[0]


def _parse(text: str) -> ET.Element:
    assert text.startswith("<svg")
    return ET.fromstring(text)  # noqa: S314 - our own output, parsed to prove it is well-formed


def _group(root: ET.Element, key: str) -> ET.Element:
    group = root.find(f".//s:g[@data-step='{key}']", NS)
    assert group is not None
    return group


def _lines(group: ET.Element, cls: str) -> list[str]:
    return [t.text or "" for t in group.findall(f"s:text[@class='{cls}']", NS)]


def _squash(text: str) -> str:
    return "".join(text.split())


def test_document_is_valid_accessible_and_self_contained() -> None:
    chart = _chart()
    root = _parse(render_chart(chart))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width") == "100%" and root.get("height") is None
    assert root.get("role") == "img"
    assert "Noto Sans CJK SC" in root.get("font-family", "")
    x, y, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert (x, y, width) == (0, 0, 360) and height > 0
    ids = root.get("aria-labelledby", "").split()
    title = root.find(f"s:title[@id='{ids[0]}']", NS)
    desc = root.find(f"s:desc[@id='{ids[1]}']", NS)
    assert title is not None and title.text == chart.name
    assert desc is not None and desc.text
    positions = [desc.text.index(_squash(s.name)[:6]) for s in chart.steps]
    assert positions == sorted(positions)
    assert root.find(".//s:marker", NS) is not None
    for element in root.iter():
        assert not element.tag.endswith(("script", "foreignObject", "style", "image"))
        assert not any(a.startswith("on") or a.endswith("href") for a in element.attrib)


def test_step_names_details_and_escaping() -> None:
    chart = _chart()
    text = render_chart(chart)
    root = _parse(text)
    for number, step in enumerate(chart.steps, 1):
        name = "".join(_lines(_group(root, step.key), "name"))
        assert _squash(name) == _squash(f"{number}. {step.name}")
    assert len(_lines(_group(root, "vote"), "name")) > 1
    assert "<script>" not in text and "&lt;script&gt;" in text

    vote = _squash("".join(_lines(_group(root, "vote"), "detail")))
    for part in (
        "执行：村干部、村务监督委员会",
        "会议：成员大会（涉及集体财产时须三分之二）",
        "材料：会议记录、提议/方案",
    ):
        assert part in vote
    for part in (
        "签署：村务监督委员会、农经站/代理记账中心",
        "须引用年度决议或议事会授权",
        "时限：上一步后15天内",
    ):
        assert part in vote
    publicize = _group(root, "publicize")
    assert "公示不少于5天" in _squash("".join(_lines(publicize, "detail")))
    assert _lines(publicize, "tag") == ["公开"]
    assert all(not _lines(_group(root, k), "tag") for k in ("propose", "vote", "tender"))


def test_conditional_step_is_dashed() -> None:
    root = _parse(render_chart(_chart()))
    for key in ("propose", "vote", "tender", "publicize"):
        rect = _group(root, key).find("s:rect", NS)
        assert rect is not None
        assert (rect.get("stroke-dasharray") is not None) == (key == "tender")
    assert "适用条件：金额≥200000元" in _squash("".join(_lines(_group(root, "tender"), "detail")))


def test_highlight_and_done() -> None:
    chart = _chart()
    plain = render_chart(chart)
    assert svg.CURRENT not in plain and "✓" not in plain and svg.DONE_FILL not in plain
    root = _parse(render_chart(chart, highlight="tender", done=frozenset({"propose", "vote"})))
    for key in ("propose", "vote", "tender", "publicize"):
        group = _group(root, key)
        rect = group.find("s:rect", NS)
        assert rect is not None
        assert (rect.get("stroke") == svg.CURRENT) == (key == "tender")
        assert (rect.get("fill") == svg.DONE_FILL) == (key in {"propose", "vote"})
        assert _lines(group, "name")[0].startswith("✓") == (key in {"propose", "vote"})
    assert render_chart(chart, highlight="tender").count(svg.CURRENT) == 1


def test_every_line_fits_its_box() -> None:
    root = _parse(render_chart(_chart(), done=frozenset({"vote"})))
    inner = svg.BOX_W - 2 * svg.PAD_X
    assert inner >= svg.NAME_UNITS * svg.NAME_SIZE / 2
    assert inner >= svg.DETAIL_UNITS * svg.DETAIL_SIZE / 2
    for group in root.iter("{http://www.w3.org/2000/svg}g"):
        for line in _lines(group, "name"):
            assert _units(line) <= svg.NAME_UNITS, line
        for line in _lines(group, "detail"):
            assert _units(line) <= svg.DETAIL_UNITS, line


def test_arrows_connect_every_box_to_the_next() -> None:
    root = _parse(render_chart(_chart()))
    rects = [g.find("s:rect", NS) for g in root.iter("{http://www.w3.org/2000/svg}g")]
    arrows = root.findall("s:line", NS)
    assert len(arrows) == len(rects) == 4
    for rect, arrow in zip(rects, arrows, strict=True):
        assert rect is not None
        assert float(arrow.get("y1", 0)) == float(rect.get("y", 0)) + float(rect.get("height", 0))
        assert arrow.get("marker-end", "").startswith("url(#")


@pytest.mark.parametrize(
    ("text", "width"),
    [("村务监督委员会全程监督" * 5, 20), ("amount gte 200000 and collective_property is true", 12), ("", 10)],
    ids=["cjk", "ascii", "empty"],
)
def test_wrap(text: str, width: int) -> None:
    lines = _wrap(text, width)
    assert all(_units(line) <= width for line in lines)
    assert _squash("".join(lines)) == _squash(text)
    assert all(line == line.strip() for line in lines)


def test_wrap_keeps_ascii_words_whole() -> None:
    assert _wrap("适用条件：amount ≥ 200000", 20) == ["适用条件：amount ≥", "200000"]


def test_wrap_never_starts_a_line_with_closing_punctuation() -> None:
    lines = _wrap("材料：招标/比选文件、开标/竞价结果、底价评审报告、合同", 48)
    assert len(lines) == 2 and not lines[1].startswith("、")
    assert lines == _wrap("".join(lines), 48)


def test_invalid_xml_characters_are_dropped() -> None:
    chart = _chart()
    broken = replace(chart, name="名称\x01", steps=(replace(chart.steps[0], name="步骤\x0b名\n称"),))
    root = _parse(render_chart(broken))
    assert "".join(_lines(_group(root, "propose"), "name")) == "1. 步骤名 称"


@pytest.mark.skipif(not DEFAULT_CATALOG.exists(), reason="catalogue file not written yet")
def test_every_catalogue_chart_renders() -> None:
    _, items = read_catalog()
    for item in items:
        for chart in item.flowcharts:
            root = _parse(render_chart(chart, highlight=chart.steps[0].key))
            for group in root.iter("{http://www.w3.org/2000/svg}g"):
                assert all(_units(line) <= svg.NAME_UNITS for line in _lines(group, "name"))
                assert all(_units(line) <= svg.DETAIL_UNITS for line in _lines(group, "detail"))
