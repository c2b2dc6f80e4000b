"""村务公开栏 sheets: the HTML print view, the PDF (embedded CJK font, text, pages) and the QR codes."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import segno

from xiaowei.disclosure import boards
from xiaowei.disclosure.boards import (
    BoardFontMissing,
    BoardLine,
    BoardSection,
    BoardSheet,
    _parse_pdffonts,
    chinese_ordinal,
    cjk_font_available,
    pdf_fonts,
    pdf_text,
    qr_svg,
    render_board_html,
    render_board_pdf,
)

BASE = "https://xiaowei.example.cn/v/431382105201"
SHEET_URL = f"{BASE}/board/2026-q3"
NASTY = '应急物资采购<script>alert(1)</script>&"引号"'
LONG = (
    "村道硬化工程（甲村一组至三组段，全长一千二百三十米，宽四点五米，C25混凝土，"
    "含排水沟、错车道及安全护栏）第二期进度款，经村民代表会议决议、乡镇审核后拨付"
)


def _lines(n: int, *, qr_every: int = 3, start: int = 1) -> list[BoardLine]:
    lines = []
    for i in range(start, start + n):
        text = f"第{i}笔：村集体经济组织支出事项，用于村内公共设施维护第{i}项"
        lines.append(
            BoardLine(
                text=text,
                amount=f"{i * 1234 + 11:,}.{i % 100:02d}",
                note="凭证齐全" if i % 2 else "",
                verify_url=f"{BASE}/line/{i}" if i % qr_every == 0 else "",
            )
        )
    return lines


def sample_sheet(paper: str = "A4", *, extra_lines: int = 0) -> BoardSheet:
    """3 sections, 25 lines (long text, amounts, a line with markup characters); ``extra_lines`` more."""
    first = [
        BoardLine(LONG, "12,345.00", "二期，共三期", f"{BASE}/line/long"),
        BoardLine(NASTY, "980.50", "<b>不是标签</b>", f"{BASE}/line/nasty"),
        *_lines(8, start=3),
    ]
    second = [
        BoardLine("上级转移支付：村级组织运转经费", "150,000.00", "县财政"),
        BoardLine("村集体土地流转收入（二〇二六年度）", "86,400.00", "四十二户"),
        *_lines(6, start=13, qr_every=2),
    ]
    third = [
        BoardLine("低保户季度审核结果：新增二户、退出一户", note="详见乡镇公示"),
        *_lines(6, start=20, qr_every=4),
        *_lines(extra_lines, start=100),
    ]
    return BoardSheet(
        village="甲村",
        township="桥头河镇",
        county="涟源市",
        period_label="2026年第三季度（7月1日至9月30日）",
        title="村级财务收支公开",
        sections=[
            BoardSection("财务支出", first),
            BoardSection("财务收入", second),
            BoardSection("其他公开事项", third),
        ],
        verify_url=SHEET_URL,
        checkpoint_label="核验点：第 1024 号 · 摘要 3F9A 7C21 0B44 E18D",
        published_label="公布日期：2026年10月8日",
        paper=paper,
    )


def short_sheet() -> BoardSheet:
    sheet = sample_sheet()
    sheet.sections = [BoardSection("财务支出", _lines(5))]
    return sheet


def all_lines(sheet: BoardSheet) -> list[BoardLine]:
    return [line for section in sheet.sections for line in section.lines]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --- HTML -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_html_has_every_line_escaped_the_qr_codes_and_the_footer(paper: str) -> None:
    sheet = sample_sheet(paper)
    assert len(all_lines(sheet)) == 25
    page = render_board_html(sheet)

    assert page.startswith("<!doctype html>")
    assert f"size: {paper} portrait" in page
    assert "margin: 12mm" in page
    assert 'lang="zh-CN"' in page
    for line in all_lines(sheet):
        assert html.escape(line.text) in page
        if line.note:
            assert html.escape(line.note) in page
        if line.amount:
            assert f'<td class="amount">{line.amount}</td>' in page
    # markup in the data is text, never markup
    assert "<script" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;引号&quot;" in page

    # one QR per line with a verification URL, plus the sheet's own
    with_qr = [line for line in all_lines(sheet) if line.verify_url]
    assert page.count('<svg viewBox="') == len(with_qr) + 1
    assert qr_svg(SHEET_URL) in page
    for line in with_qr:
        assert qr_svg(line.verify_url, border=boards.LINE_QR_BORDER) in page

    assert "扫码核验：与网上公开内容一致性可验证" in page
    assert sheet.checkpoint_label in page
    assert sheet.published_label in page
    for text in (sheet.county, sheet.township, sheet.village, sheet.title, sheet.period_label):
        assert text in page
    assert "page-break-inside: avoid" in page
    assert "table-header-group" in page
    assert '"Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", sans-serif' in page


@pytest.mark.parametrize("for_print", [True, False])
def test_html_loads_nothing_from_outside(for_print: bool) -> None:
    sheet = sample_sheet()
    page = render_board_html(sheet, for_print=for_print)
    allowed = {SHEET_URL} | {line.verify_url for line in all_lines(sheet) if line.verify_url}
    found = set(re.findall(r"https?://[^\s\"'<>()]+", page))
    assert found <= allowed
    assert SHEET_URL in found
    lowered = page.lower()
    for needle in ("<link", "<script", "<img", "<iframe", "src=", "@import", "url(", "@font-face"):
        assert needle not in lowered
    if for_print:
        assert "<a " not in page
    else:  # the screen view links each QR code to its page
        assert f'<a href="{SHEET_URL}"' in page
        assert f'<a href="{BASE}/line/long"' in page


def test_a3_and_a4_share_the_layout_and_a3_is_scaled_up() -> None:
    a4, a3 = render_board_html(sample_sheet("A4")), render_board_html(sample_sheet("a3"))
    assert '<body class="a4">' in a4
    assert '<body class="a3">' in a3
    assert "size: A3 portrait" in a3
    assert "body {" in a4 and "font-size: 12pt" in a4  # ≥ 11pt body text on A4
    assert ".a3 { font-size: 16pt; }" in a3
    with pytest.raises(ValueError, match="A4 或 A3"):
        render_board_html(sample_sheet("Letter"))


def test_sections_are_numbered_in_chinese_and_lines_from_one() -> None:
    page = render_board_html(sample_sheet())
    assert "一、财务支出" in page and "二、财务收入" in page and "三、其他公开事项" in page
    assert '<td class="no">1</td>' in page
    assert [chinese_ordinal(n) for n in (1, 9, 10, 11, 20, 21, 99, 100)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
        "100",
    ]


def test_empty_section_and_sheet_without_line_qr_codes() -> None:
    sheet = sample_sheet()
    sheet.sections = [BoardSection("财务支出", [BoardLine("办公用品", "120.00")]), BoardSection("空栏", [])]
    page = render_board_html(sheet)
    assert "本期无公开事项" in page
    assert "核验码</th>" not in page  # no QR column when no line has its own page
    assert page.count('<svg viewBox="') == 1


# --- QR codes -------------------------------------------------------------------------------------


def _modules_from_svg(svg: str) -> tuple[int, set[tuple[int, int]]]:
    """Rebuild the dark modules from segno's path (relative moves and horizontal runs, in modules)."""
    root = ET.fromstring(svg)  # noqa: S314 - our own segno output, not untrusted input
    path = root.find("path")
    assert path is not None
    transform = re.fullmatch(r"scale\((\d+(?:\.\d+)?)\)", path.get("transform", "scale(1)"))
    assert transform is not None
    scale = float(transform.group(1))
    size = round(float(root.get("viewBox", "").split()[2]) / scale)
    x = y = 0.0
    dark: set[tuple[int, int]] = set()
    for cmd, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?", path.get("d", "")):
        if cmd == "M":
            x, y = float(a), float(b)
        elif cmd == "m":
            x, y = x + float(a), y + float(b)
        else:
            dark.update((int(x) + i, int(y - 0.5)) for i in range(int(float(a))))
            x += float(a)
    return size, dark


def test_qr_svg_is_inline_svg_matching_the_code() -> None:
    url = f"{BASE}/line/42"
    svg = qr_svg(url)
    assert svg.startswith("<svg ")
    assert "<?xml" not in svg
    root = ET.fromstring(svg)  # noqa: S314 - our own segno output; parsing proves it well-formed
    assert root.tag == "svg"
    assert root.get("width") is None and root.get("height") is None
    assert root.get("viewBox")
    path = root.find("path")
    assert path is not None and path.get("d", "").startswith("M")

    # the drawn modules are exactly the symbol segno encodes for the URL (quiet zone of 4 included)
    qr = segno.make(url, error="m", micro=False)
    assert qr.error in {"M", "Q", "H"}
    size, dark = _modules_from_svg(svg)
    expected = {(x, y) for y, row in enumerate(qr.matrix_iter(border=4)) for x, bit in enumerate(row) if bit}
    assert size == qr.symbol_size(border=4)[0]
    assert dark == expected
    assert qr_svg(url, scale=5) != svg and _modules_from_svg(qr_svg(url, scale=5))[1] == expected


def test_qr_in_the_pdf_decodes_back_to_the_url(tmp_path: Path) -> None:
    _need_pdf_tools()
    zbarimg, pdftoppm = shutil.which("zbarimg"), shutil.which("pdftoppm")
    if not (zbarimg and pdftoppm):
        pytest.skip("没有二维码解码器（zbarimg，Debian 软件包 zbar-tools）：跳过解码检查")
    pdf = tmp_path / "board.pdf"
    pdf.write_bytes(render_board_pdf(short_sheet()))
    # S603: absolute tool paths from shutil.which, fixed arguments, no shell.
    subprocess.run([pdftoppm, "-png", "-r", "200", str(pdf), str(tmp_path / "p")], check=True, timeout=120)  # noqa: S603
    pngs = sorted(tmp_path.glob("p*.png"))
    found = subprocess.run(  # noqa: S603
        [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", *map(str, pngs)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    ).stdout.split()
    assert SHEET_URL in found
    assert f"{BASE}/line/3" in found  # a line's small code is readable too


# --- PDF ------------------------------------------------------------------------------------------


def _need_pdf_tools() -> None:
    if not cjk_font_available():
        pytest.skip("没有中文字体（fc-list :lang=zh 为空）：apt-get install fonts-noto-cjk 后才测试 PDF")
    if not (shutil.which("pdftotext") and shutil.which("pdffonts")):
        pytest.skip("没有 poppler-utils（pdftotext/pdffonts）：apt-get install poppler-utils 后才测试 PDF")
    pytest.importorskip("weasyprint", reason="WeasyPrint 未安装：pip install weasyprint")


def _render(sheet: BoardSheet, label: str) -> bytes:
    started = time.perf_counter()
    pdf = render_board_pdf(sheet)
    lines = len(all_lines(sheet))
    elapsed = time.perf_counter() - started
    print(f"\n[公开栏 PDF] {label}: {sheet.paper}, {lines} 行, {elapsed:.2f} s, {len(pdf) / 1024:.0f} KiB")
    return pdf


def _has_cjk_font(names: list[str]) -> bool:
    plain = [re.sub(r"[-_ ]", "", name.split("+", 1)[-1]).lower() for name in names]
    return any(key in name for name in plain for key in ("notosanscjk", "notoserifcjk", "sourcehan"))


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_pdf_embeds_a_cjk_font_and_has_every_line(paper: str) -> None:
    _need_pdf_tools()
    sheet = sample_sheet(paper)
    pdf = _render(sheet, "25 行")
    assert pdf.startswith(b"%PDF-")

    fonts = pdf_fonts(pdf)
    assert _has_cjk_font(fonts), f"PDF 没有嵌入中文字体：{fonts}"

    text = squash(pdf_text(pdf, layout=False))  # each cell's wrapped lines kept together
    for line in all_lines(sheet):
        assert squash(line.text) in text
        assert squash(line.amount) in text
        assert squash(line.note) in text
    for label in ("扫码核验：与网上公开内容一致性可验证", sheet.checkpoint_label, sheet.published_label):
        assert squash(label) in text
    assert squash(f"{sheet.county} · {sheet.township} · {sheet.village}") in text


def test_pdf_pages_short_sheet_one_page_long_sheet_more() -> None:
    _need_pdf_tools()
    short = pdf_text(_render(short_sheet(), "短"))
    assert short.count("\f") == 1
    assert "第1页，共1页" in squash(short)
    assert "村级财务收支公开" in short and "金额（元）" in short  # the layout mode reads as the sheet does

    long_sheet = sample_sheet("A4", extra_lines=60)
    long = pdf_text(_render(long_sheet, "长"), layout=False)
    pages = long.count("\f")
    assert pages >= 3
    assert f"第{pages}页，共{pages}页" in squash(long)
    # the table header is repeated on every page that continues a table
    assert all("金额（元）" in squash(page) for page in long.split("\f")[1:pages])
    # and no line is lost or split between pages
    for line in all_lines(long_sheet):
        assert any(squash(line.text) in squash(page) for page in long.split("\f"))

    a3 = pdf_text(_render(sample_sheet("A3", extra_lines=60), "长"))
    assert 2 <= a3.count("\f") <= pages  # twice the paper, type scaled by 4/3: no more pages than A4


def test_no_pdf_of_empty_boxes_without_a_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boards, "cjk_font_available", lambda: False)
    with pytest.raises(BoardFontMissing, match="fonts-noto-cjk") as raised:
        render_board_pdf(sample_sheet())
    assert isinstance(raised.value, RuntimeError)
    assert "中文字体" in str(raised.value)


def test_cjk_font_available_is_false_without_fc_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boards.shutil, "which", lambda name: None)
    assert cjk_font_available() is False
    with pytest.raises(RuntimeError, match="poppler-utils"):
        pdf_text(b"%PDF-1.7")


def test_missing_weasyprint_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_weasyprint(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise ImportError("No module named 'weasyprint'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(boards, "cjk_font_available", lambda: True)
    monkeypatch.setattr(builtins, "__import__", no_weasyprint)
    with pytest.raises(RuntimeError, match="WeasyPrint"):
        render_board_pdf(sample_sheet())


def test_pdffonts_parser_keeps_only_embedded_fonts() -> None:
    output = """name                                 type              encoding         emb sub uni object ID
------------------------------------ ----------------- ---------------- --- --- --- ---------
TSPJMR+Noto-Sans-CJK-SC              CID Type 0C (OT)  Identity-H       yes yes yes     15  0
Helvetica                            Type 1            WinAnsi          no  no  no       7  0
"""
    assert _parse_pdffonts(output) == [("TSPJMR+Noto-Sans-CJK-SC", True), ("Helvetica", False)]
    assert _parse_pdffonts("") == []
