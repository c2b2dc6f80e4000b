"""The chart of accounts as data: read and check a subjects file, and the chart in force."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from xiaowei.finance import rules

DEFAULT_FILE = Path(__file__).with_name("data") / "subjects.yaml"


def read_chart_file(path: Path = DEFAULT_FILE) -> list[rules.Subject]:
    """Parse and check a subjects file; ValueError names every problem."""
    try:
        raw: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise ValueError(f"无法读取科目文件：{e}") from None
    items = raw.get("subjects") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise ValueError("科目文件应有 subjects 列表")
    errors, subjects, seen = [], [], set()
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            errors.append(f"第 {n} 项应为 {{code, name, class, side}}")
            continue
        code, name = str(item.get("code", "")).strip(), str(item.get("name", "")).strip()
        cls, side = item.get("class"), item.get("side")
        if not (code.isdigit() and len(code) in (3, 6, 9, 12)):
            errors.append(f"第 {n} 项：科目编码“{code}”应为 3、6、9 或 12 位数字")
        elif code in seen:
            errors.append(f"第 {n} 项：科目编码“{code}”重复")
        elif len(code) > 3 and code[:-3] not in seen:
            errors.append(f"第 {n} 项：科目“{code}”的上级科目“{code[:-3]}”应列在它之前")
        if not name:
            errors.append(f"第 {n} 项：缺少科目名称")
        if cls not in rules.CLASSES:
            errors.append(f"第 {n} 项：类别应为 {'、'.join(rules.CLASSES)}")
        if side not in rules.SIDES:
            errors.append(f"第 {n} 项：余额方向应为 debit 或 credit")
        seen.add(code)
        subjects.append(rules.Subject(code, name, str(cls), str(side)))
    if errors:
        raise ValueError("；".join(errors))
    for fund in rules.FUND_SUBJECTS:
        if fund not in seen:
            raise ValueError(f"科目表缺少 {fund}（现金/银行存款）")
    return subjects


def chart() -> rules.Chart:
    from xiaowei.finance.models import Subject

    return rules.Chart(rules.Subject(s.code, s.name, s.cls, s.side) for s in Subject.objects.all())
