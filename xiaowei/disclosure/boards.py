"""村务公开栏 sheets: the standard A4/A3 notice-board sheet, as an HTML print view and as a PDF.

Every village gets the same layout (``templates/disclosure/board.html``): a header with county, township
and village, the title and the period; numbered lines grouped in sections (text, amount, note, and a small
QR code for lines that have their own verification page); a footer with the sheet's QR code, which links
to its online verification page, and the checkpoint and publication labels.

PDFs are made by WeasyPrint and must embed a CJK font: without one, WeasyPrint still writes a PDF whose
text *extracts* as correct Chinese but *prints* as empty boxes. :func:`render_board_pdf` therefore refuses
to render (:class:`BoardFontMissing`) when fontconfig knows no Chinese font. Debian packages:
``fonts-noto-cjk`` (the font), ``libharfbuzz-subset0`` (font subsetting: without it a sheet takes 6–14 s
instead of well under a second) and ``poppler-utils`` (``pdftotext``/``pdffonts``, used by
:func:`pdf_text` and :func:`pdf_fonts` in tests and benchmarks).
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from dataclasses import dataclass, field

import segno
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

PAPERS = ("A4", "A3")
TEMPLATE = "disclosure/board.html"
CJK_FONT_PACKAGE = "fonts-noto-cjk"
LINE_QR_BORDER = 2  # quiet zone, in modules, of the small per-line codes
_TOOL_TIMEOUT = 60  # seconds; fc-list, pdftotext and pdffonts answer in well under one


class BoardFontMissing(RuntimeError):
    """No CJK font is installed: a PDF would show empty boxes instead of Chinese."""


@dataclass
class BoardLine:
    """One numbered line of a sheet: what, how much (already formatted, e.g. "12,345.00"), a note."""

    text: str
    amount: str = ""
    note: str = ""
    verify_url: str = ""


@dataclass
class BoardSection:
    title: str
    lines: list[BoardLine] = field(default_factory=list)


@dataclass
class BoardSheet:
    """One sheet of the 村务公开栏, ready to render; ``paper`` is "A4" or "A3" (always portrait)."""

    village: str
    township: str
    county: str
    period_label: str
    title: str
    sections: list[BoardSection]
    verify_url: str
    checkpoint_label: str
    published_label: str
    paper: str = "A4"


# --- QR codes -------------------------------------------------------------------------------------


def qr_svg(url: str, *, scale: int = 3, border: int = 4) -> str:
    """An inline ``<svg>`` QR code for ``url``: error correction at least M, no XML declaration, no width
    or height (only a viewBox, so CSS sizes it), black modules on a transparent background. ``border`` is
    the quiet zone in modules (the standard four by default). segno raises the correction level above M
    when that fits in the same symbol size.
    """
    qr = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    qr.save(
        out,
        kind="svg",
        scale=scale,
        border=border,
        xmldecl=False,
        svgns=False,  # inline in HTML the parser supplies the SVG namespace
        omitsize=True,
        nl=False,
        svgclass="qr",
        lineclass=None,
        dark="#000",
    )
    return out.getvalue().decode("utf-8")


# --- HTML -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    number: int
    text: str
    amount: str
    note: str
    verify_url: str
    qr: SafeString | None


@dataclass(frozen=True)
class _Section:
    ordinal: str  # 一, 二, 三 …
    title: str
    lines: list[_Line]
    has_qr: bool


_DIGITS = "零一二三四五六七八九"


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; plain digits from 100 on."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")) + (
        _DIGITS[ones] if ones else ""
    )


def _paper(sheet: BoardSheet) -> str:
    paper = sheet.paper.strip().upper()
    if paper not in PAPERS:
        raise ValueError(f"纸张“{sheet.paper}”不支持，只能是 A4 或 A3")
    return paper


def _sections(sheet: BoardSheet) -> list[_Section]:
    sections = []
    for number, section in enumerate(sheet.sections, start=1):
        lines = [
            _Line(
                number=i,
                text=line.text,
                amount=line.amount,
                note=line.note,
                verify_url=line.verify_url,
                # segno's output holds only path data: nothing from the URL, so nothing to escape. The
                # cell's white padding adds to the 2-module quiet zone, which keeps the small codes larger.
                qr=mark_safe(qr_svg(line.verify_url, border=LINE_QR_BORDER)) if line.verify_url else None,
            )
            for i, line in enumerate(section.lines, start=1)
        ]
        sections.append(
            _Section(
                ordinal=chinese_ordinal(number),
                title=section.title,
                lines=lines,
                has_qr=any(line.qr for line in lines),
            )
        )
    return sections


def render_board_html(sheet: BoardSheet, *, for_print: bool = True) -> str:
    """The sheet as one standalone HTML document (inline CSS, no external resources).

    ``for_print`` gives the bare print layout (what the PDF is made from); ``False`` adds a screen frame
    around the page and makes the QR codes links to their verification pages.
    """
    paper = _paper(sheet)
    context = {
        "sheet": sheet,
        "paper": paper,
        "sections": _sections(sheet),
        "sheet_qr": mark_safe(qr_svg(sheet.verify_url)) if sheet.verify_url else None,
        "for_print": for_print,
    }
    return render_to_string(TEMPLATE, context)


# --- PDF ------------------------------------------------------------------------------------------


def cjk_font_available() -> bool:
    """Whether fontconfig knows a font covering Chinese (``fc-list :lang=zh``); False without fc-list."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        # S603: fixed argument list, absolute path found by shutil.which, no shell.
        result = subprocess.run(  # noqa: S603
            [fc_list, ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=_TOOL_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0 and bool(result.stdout.strip())


def render_board_pdf(sheet: BoardSheet) -> bytes:
    """The sheet as a PDF with an embedded CJK font.

    Raises :class:`BoardFontMissing` when no Chinese font is installed (rather than returning a PDF of
    empty boxes) and :class:`RuntimeError` when WeasyPrint is not installed.
    """
    if not cjk_font_available():
        raise BoardFontMissing(
            "未找到中文字体，无法生成公开栏 PDF（否则汉字会打印成空白方框）。"
            f"请安装 Debian 软件包 {CJK_FONT_PACKAGE}：apt-get install {CJK_FONT_PACKAGE}"
        )
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: the Pango libraries WeasyPrint loads are missing
        raise RuntimeError(
            f"生成 PDF 需要 WeasyPrint（pip install weasyprint）及其系统库 Pango：{exc}"
        ) from exc
    _warn_if_slow_subsetting()
    html = render_board_html(sheet, for_print=True)
    return HTML(string=html, base_url=None).write_pdf()


_subset_checked = False


def _warn_if_slow_subsetting() -> None:
    """Log once when HarfBuzz's subsetter is missing: WeasyPrint then subsets the large Noto CJK fonts
    with fontTools, and every sheet takes seconds instead of a fraction of one."""
    global _subset_checked
    if _subset_checked:
        return
    _subset_checked = True
    try:
        from weasyprint.text import ffi
    except ImportError:  # pragma: no cover - layout of WeasyPrint's internals changed
        return
    if getattr(ffi, "harfbuzz_subset", True) is None:
        logger.warning(
            "libharfbuzz-subset0 未安装：每张公开栏 PDF 需数秒才能生成（apt-get install libharfbuzz-subset0）"
        )


# --- Checking PDFs (tests, benchmarks) ------------------------------------------------------------


def _poppler(tool: str, args: list[str], pdf: bytes) -> str:
    path = shutil.which(tool)
    if path is None:
        raise RuntimeError(
            f"找不到 {tool}：请安装 Debian 软件包 poppler-utils（apt-get install poppler-utils）"
        )
    # S603: fixed argument list, absolute path found by shutil.which, no shell; the PDF goes to stdin.
    result = subprocess.run(  # noqa: S603
        [path, *args], input=pdf, capture_output=True, timeout=_TOOL_TIMEOUT, check=False
    )
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise RuntimeError(f"{tool} 失败（退出码 {result.returncode}）：{message}")
    return result.stdout.decode("utf-8", "replace")


def pdf_text(pdf: bytes, *, layout: bool = True) -> str:
    """The PDF's text as ``pdftotext -layout`` extracts it; each page ends with a form feed (``\\f``).

    ``layout=False`` uses ``-raw`` (the order text was drawn in) instead: in the layout mode a table
    cell that wraps is interleaved with the cells beside it, line by line, while in the raw mode each
    cell's text stays together, which is what a "does the PDF contain this line" check needs.
    """
    mode = "-layout" if layout else "-raw"
    return _poppler("pdftotext", [mode, "-enc", "UTF-8", "-", "-"], pdf)


def pdf_fonts(pdf: bytes) -> list[str]:
    """Names of the fonts *embedded* in the PDF (``pdffonts``' emb column is "yes"), e.g.
    ``"TSPJMR+Noto-Sans-CJK-SC"``. Fonts that are only referenced, not embedded, are left out."""
    return [name for name, embedded in _parse_pdffonts(_poppler("pdffonts", ["-"], pdf)) if embedded]


def _parse_pdffonts(output: str) -> list[tuple[str, bool]]:
    """(name, embedded) for each row of ``pdffonts`` output. Columns are found from the dashes under the
    header, because the type column ("CID Type 0C (OT)") contains spaces."""
    lines = output.splitlines()
    rule = next((i for i, line in enumerate(lines) if line.startswith("---")), None)
    if rule is None:
        return []
    header = lines[rule - 1] if rule else ""
    spans: list[tuple[int, int]] = []
    start = 0
    for dashes in lines[rule].split(" "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 1
    names = [header[a:b].strip() for a, b in spans]
    try:
        emb = names.index("emb")
    except ValueError:
        emb = 3
    rows = []
    for line in lines[rule + 1 :]:
        if not line.strip():
            continue
        name = line[spans[0][0] : spans[0][1]].strip() or line.split()[0]
        a, b = spans[emb]
        rows.append((name, line[a:b].strip() == "yes"))
    return rows
