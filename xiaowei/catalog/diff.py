"""What changed between two versions of an item, in plain Chinese lines (shown on the public page)."""

from __future__ import annotations

from xiaowei.catalog.charts import Flowchart, Item
from xiaowei.catalog.present import step_dict

_ITEM_FIELDS = {"name": "名称", "summary": "说明", "executor": "执行主体", "supervisor": "监督主体"}
_STEP_FIELDS = {
    "name": "名称",
    "role_names": "执行角色",
    "meeting_name": "会议",
    "document_names": "材料",
    "signoffs": "签署",
    "resolution": "须引用决议",
    "publicity_days": "公示天数",
    "deadline_days": "时限天数",
    "publishes": "公开",
    "condition": "适用条件",
    "outcome": "作出结果",
}


def _show(value: object) -> str:
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "无"
    if isinstance(value, bool):
        return "是" if value else "否"
    return "无" if value in (None, "") else str(value)


def _chart_changes(old: Flowchart, new: Flowchart) -> list[str]:
    lines = []
    if old.name != new.name:
        lines.append(f"流程图 {new.code} 名称：{old.name} → {new.name}")
    old_steps = {s.key: step_dict(s) for s in old.steps}
    new_steps = {s.key: step_dict(s) for s in new.steps}
    for key, step in new_steps.items():
        if key not in old_steps:
            lines.append(f"流程图 {new.code} 新增步骤“{step['name']}”")
            continue
        for field, label in _STEP_FIELDS.items():
            if old_steps[key][field] != step[field]:
                before, after = _show(old_steps[key][field]), _show(step[field])
                lines.append(f"流程图 {new.code} 步骤“{step['name']}”的{label}：{before} → {after}")
    for key, step in old_steps.items():
        if key not in new_steps:
            lines.append(f"流程图 {new.code} 删除步骤“{step['name']}”")
    if [s.key for s in old.steps if s.key in new_steps] != [s.key for s in new.steps if s.key in old_steps]:
        lines.append(f"流程图 {new.code} 调整了步骤顺序")
    return lines


def changes(old: Item, new: Item) -> list[str]:
    lines = [
        f"{label}：{_show(getattr(old, f))} → {_show(getattr(new, f))}"
        for f, label in _ITEM_FIELDS.items()
        if getattr(old, f) != getattr(new, f)
    ]
    if old.basis != new.basis:
        lines.append("政策依据（法律条款）有调整")
    if old.documents != new.documents:
        lines.append("政策文件有调整")
    if old.risk_points != new.risk_points:
        lines.append("风险点有调整")
    old_charts = {c.code: c for c in old.flowcharts}
    for chart in new.flowcharts:
        if chart.code not in old_charts:
            lines.append(f"新增流程图 {chart.code}“{chart.name}”")
        else:
            lines += _chart_changes(old_charts[chart.code], chart)
    for code, chart in old_charts.items():
        if code not in {c.code for c in new.flowcharts}:
            lines.append(f"删除流程图 {code}“{chart.name}”")
    return lines
