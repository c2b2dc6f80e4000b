"""Draw a flowchart as a standalone SVG: one box per step, top to bottom, joined by arrows.

Pure function, no Django templates: the public pages, the back office and printouts embed the same
drawing. The viewBox is 360 wide so that it stays legible on a phone and scales down for print; the
height follows the content. Every piece of text comes from catalogue data that admins edit, so all of
it is escaped.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from xiaowei.catalog.charts import DOCUMENT_KINDS, Flowchart, Step
from xiaowei.catalog.quorum import MEETING_KINDS
from xiaowei.regions.roles import ROLE_CODES, Role

FONT = "system-ui, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
WIDTH = 360
BOX_X = 12
BOX_W = WIDTH - 2 * BOX_X
PAD_X = 12
PAD_Y = 10
TOP = 16  # room above the first box for its "公开" tag, which sits on the top border
GAP = 32  # vertical space between boxes, filled by the arrow
NAME_SIZE, NAME_LH = 14, 20
DETAIL_SIZE, DETAIL_LH = 12, 18
# A unit is half an em: a CJK character is 2 units (1 em), an ASCII character 1. The limits leave
# about 10% of the 312-px text width spare for ASCII glyphs wider than half an em (W, M, bold).
NAME_UNITS = 40  # 40 × 7 px = 280 px
DETAIL_UNITS = 48  # 48 × 6 px = 288 px
END_W, END_H = 120, 36
TEXT, BORDER, MUTED, COND_BORDER = "#111", "#333", "#555", "#666"
PUBLISH, CURRENT, DONE_FILL = "#b3001b", "#f5a400", "#e8f5e9"

# Characters XML 1.0 forbids even when escaped; a stray one would make the whole document invalid.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_NO_LINE_START = set("、，。；：！？）》」』】,.;:!?)")


def _clean(text: str) -> str:
    return " ".join(_INVALID_XML.sub("", text).split())


def _units(text: str) -> int:
    # Anything outside ASCII (CJK, full-width punctuation, ✓, ≤) counts as wide: erring wide keeps
    # the text inside its box.
    return sum(1 if ord(ch) < 128 else 2 for ch in text)


def _wrap(text: str, max_units: int) -> list[str]:
    """Break `text` into lines of at most `max_units` (see `_units`), keeping ASCII words whole."""
    lines: list[str] = []
    line = ""
    for ch in _clean(text):
        if line and _units(line + ch) > max_units:
            head, space, tail = line.rpartition(" ")
            if space and head and tail.isascii() and ch.isascii() and ch != " ":
                cut = len(head) + 1
            elif ch in _NO_LINE_START and len(line) > 1 and line[-1] != " ":
                cut = len(line) - 1  # carry one character down: a line must not start with 、 or ）
            else:
                cut = len(line)
            lines.append(line[:cut].rstrip())
            line = line[cut:]
            if ch == " ":
                continue
        line += ch
    if line or not lines:
        lines.append(line)
    return lines


def _attr(value: str) -> str:
    return escape(_clean(value), {'"': "&quot;"})


def _roles(codes: tuple[str, ...]) -> str:
    return "、".join(Role(r).label if r in ROLE_CODES else r for r in codes)


def _details(step: Step) -> list[tuple[str, str]]:
    """The step's detail lines as (text, colour), before wrapping."""
    lines = []
    if step.when:
        lines.append((f"适用条件：{step.when.describe()}", MUTED))
    lines.append((f"执行：{_roles(step.roles)}", TEXT))
    if step.meeting:
        strict = "（涉及集体财产时须三分之二）" if step.meeting.strict_when else ""
        lines.append((f"会议：{MEETING_KINDS.get(step.meeting.kind, step.meeting.kind)}{strict}", TEXT))
    if step.documents:
        lines.append(("材料：" + "、".join(DOCUMENT_KINDS.get(d, d) for d in step.documents), TEXT))
    if step.signoffs:
        lines.append((f"签署：{_roles(step.signoffs)}", TEXT))
    if step.resolution:
        lines.append(("须引用年度决议或议事会授权", TEXT))
    if step.publicity_days:
        lines.append((f"公示不少于 {step.publicity_days} 天", TEXT))
    if step.deadline_days:
        lines.append((f"时限：上一步后 {step.deadline_days} 天内", TEXT))
    return [(part, colour) for text, colour in lines for part in _wrap(text, DETAIL_UNITS)]


def _text(x: float, y: float, text: str, *, size: int, fill: str = TEXT, extra: str = "") -> str:
    return f'<text x="{x:g}" y="{y:g}" font-size="{size}" fill="{fill}"{extra}>{escape(_clean(text))}</text>'


def _step_box(step: Step, number: int, y: float, *, current: bool, done: bool) -> tuple[list[str], float]:
    """SVG elements for one step's box whose top is at `y`, and the box's height."""
    names = _wrap(f"{'✓ ' if done else ''}{number}. {step.name}", NAME_UNITS)
    details = _details(step)
    height = 2 * PAD_Y + len(names) * NAME_LH + 4 + len(details) * DETAIL_LH
    if current:
        stroke = f'stroke="{CURRENT}" stroke-width="4"'
    else:
        stroke = f'stroke="{COND_BORDER if step.when else BORDER}" stroke-width="1.5"'
    if step.when:
        stroke += ' stroke-dasharray="6 4"'
    out = [
        f'<g data-step="{_attr(step.key)}">',
        f'<rect x="{BOX_X}" y="{y:g}" width="{BOX_W}" height="{height}" rx="6" '
        f'fill="{DONE_FILL if done else "#fff"}" {stroke}/>',
    ]
    top = y + PAD_Y
    for line in names:
        out.append(
            _text(BOX_X + PAD_X, top + 15, line, size=NAME_SIZE, extra=' font-weight="bold" class="name"')
        )
        top += NAME_LH
    top += 4
    for line, colour in details:
        out.append(
            _text(BOX_X + PAD_X, top + 13, line, size=DETAIL_SIZE, fill=colour, extra=' class="detail"')
        )
        top += DETAIL_LH
    if step.publishes:
        # The tag sits astride the top border so it never collides with the first line of the name.
        tag_x = BOX_X + BOX_W - PAD_X - 44
        out.append(f'<rect x="{tag_x}" y="{y - 10:g}" width="44" height="20" rx="4" fill="{PUBLISH}"/>')
        out.append(
            _text(
                tag_x + 22,
                y + 4,
                "公开",
                size=DETAIL_SIZE,
                fill="#fff",
                extra=' font-weight="bold" text-anchor="middle" class="tag"',
            )
        )
    out.append("</g>")
    return out, height


def _summary(chart: Flowchart, highlight: str | None, done: frozenset[str]) -> str:
    parts = []
    for number, step in enumerate(chart.steps, 1):
        part = f"{number}. {step.name}"
        if step.when:
            part += f"（适用条件：{step.when.describe()}）"
        if step.publishes:
            part += "（公开）"
        if step.key in done:
            part += "（已完成）"
        if step.key == highlight:
            part += "（当前步骤）"
        parts.append(part)
    return f"{chart.name}，共 {len(parts)} 步：" + "；".join(parts) + "；结束。"


def render_chart(
    chart: Flowchart, *, highlight: str | None = None, done: frozenset[str] = frozenset()
) -> str:
    """The chart as an SVG document; `highlight` marks the current step, `done` the completed ones."""
    prefix = "xw-" + (re.sub(r"[^A-Za-z0-9-]", "", chart.code) or "chart")
    centre = WIDTH / 2
    body: list[str] = []
    y: float = TOP
    for number, step in enumerate(chart.steps, 1):
        box, height = _step_box(step, number, y, current=step.key == highlight, done=step.key in done)
        body += box
        y += height
        # The arrow stops short so its tip touches the next box's border even when that border is 4 px.
        body.append(
            f'<line x1="{centre:g}" y1="{y:g}" x2="{centre:g}" y2="{y + GAP - 3:g}" stroke="{BORDER}" '
            f'stroke-width="1.5" marker-end="url(#{prefix}-arrow)"/>'
        )
        y += GAP
    body.append(
        f'<rect x="{centre - END_W / 2:g}" y="{y:g}" width="{END_W}" height="{END_H}" rx="{END_H / 2:g}" '
        f'fill="#fff" stroke="{BORDER}" stroke-width="1.5"/>'
    )
    body.append(
        _text(centre, y + 23, "结束", size=NAME_SIZE, extra=' font-weight="bold" text-anchor="middle"')
    )
    height = y + END_H + TOP
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:g}" width="100%" '
        f'role="img" aria-labelledby="{prefix}-title {prefix}-desc" xml:lang="zh-CN" font-family="{FONT}">',
        f'<title id="{prefix}-title">{escape(_clean(chart.name))}</title>',
        f'<desc id="{prefix}-desc">{escape(_clean(_summary(chart, highlight, done)))}</desc>',
        f'<defs><marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" '
        f'markerHeight="10" markerUnits="userSpaceOnUse" orient="auto">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{BORDER}"/></marker></defs>',
        # A white page: the chart must stay readable when embedded in a dark page or printed.
        f'<rect width="{WIDTH}" height="{height:g}" fill="#fff"/>',
    ]
    return "\n".join([*head, *body, "</svg>"]) + "\n"
