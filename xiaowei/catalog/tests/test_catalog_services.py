from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from xiaowei.audit.models import AuditEvent
from xiaowei.catalog.files import read_catalog
from xiaowei.catalog.models import PowerItem, PowerItemVersion
from xiaowei.catalog.selectors import current_versions, meeting_rules
from xiaowei.catalog.services import do_add_local_item, do_load_catalog, do_set_setting
from xiaowei.lib.errors import InvalidInput
from xiaowei.regions.models import Region

pytestmark = pytest.mark.django_db

LOCAL = {
    "code": "L431382105-01",
    "category": "service",
    "name": "桥头河镇特色事项：山塘清淤申请",
    "flowcharts": [
        {
            "code": "L431382105-01-1",
            "name": "山塘清淤申请流程",
            "steps": [
                {"key": "apply", "name": "申请", "role": "village_cadre"},
                {
                    "key": "publish",
                    "name": "公示",
                    "role": "village_cadre",
                    "publicity_days": 5,
                    "publishes": True,
                    "outcome": True,
                },
            ],
        }
    ],
}


def test_load_is_idempotent_and_a_changed_file_makes_new_versions(tree, tmp_path: Path) -> None:
    out = StringIO()
    call_command("catalog", "load", "--effective", "2026-01-01", stdout=out)
    assert "新增 28 项" in out.getvalue()
    out = StringIO()
    call_command("catalog", "load", stdout=out)
    assert "未变 28 项" in out.getvalue()
    assert PowerItemVersion.objects.count() == 28
    changed = tmp_path / "catalog.yaml"
    text = Path(read_catalog.__globals__["DEFAULT_CATALOG"]).read_text(encoding="utf-8")
    changed.write_text(
        text.replace("name: 村级工程项目建设\n", "name: 村级工程项目建设管理\n", 1), encoding="utf-8"
    )
    out = StringIO()
    call_command("catalog", "load", str(changed), "--effective", "2026-07-01", "--note", "更名", stdout=out)
    assert "修订 1 项" in out.getvalue()
    item = PowerItem.objects.get(code="D02")
    before, after = item.version_on(dt.date(2026, 6, 30)), item.version_on(dt.date(2026, 7, 1))
    assert before is not None and before.number == 1
    assert after is not None and after.name == "村级工程项目建设管理"


def test_a_broken_file_is_refused_with_every_problem(tree, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("items:\n  - code: d1\n    category: nonsense\n    name: ''\n", encoding="utf-8")
    with pytest.raises(CommandError) as e:
        call_command("catalog", "load", str(bad))
    message = str(e.value)
    assert "事项 code“d1”无效" in message and "category 应为" in message and "缺少 name" in message
    assert not PowerItem.objects.exists()
    bad.write_text("items: [", encoding="utf-8")
    with pytest.raises(CommandError, match="YAML 格式错误"):
        call_command("catalog", "load", str(bad))


def test_a_township_local_item_applies_only_below_it(tree) -> None:
    raw, _ = read_catalog()
    do_load_catalog(raw, effective_from=dt.date(2026, 1, 1), actor=None)
    do_add_local_item(
        Region.objects.get(code="431382105"), LOCAL, effective_from=dt.date(2026, 1, 1), note="", actor=None
    )
    day = dt.date(2026, 2, 1)
    mine = {v.item.code for v in current_versions("431382105201", day)}
    other = {v.item.code for v in current_versions("431382106201", day)}
    assert "L431382105-01" in mine and "L431382105-01" not in other
    assert len(other) == 28
    with pytest.raises(InvalidInput, match="须以 L 开头"):
        do_add_local_item(
            Region.objects.get(code="431382105"),
            {**LOCAL, "code": "X1"},
            effective_from=dt.date(2026, 1, 1),
            note="",
            actor=None,
        )
    with pytest.raises(InvalidInput, match="只能由乡镇"):
        do_add_local_item(
            Region.objects.get(code="431382"),
            {**LOCAL, "code": "L2"},
            effective_from=dt.date(2026, 1, 1),
            note="",
            actor=None,
        )


def test_meeting_rules_are_county_configuration(tree) -> None:
    county = Region.objects.get(code="431382")
    assert meeting_rules("431382105201")["representatives"].base == "present"
    do_set_setting(county, "meeting_rules", {"representatives": {"base": "all"}}, actor=None)
    assert meeting_rules("431382105201")["representatives"].base == "all"
    assert meeting_rules("431381100")["representatives"].base == "present"  # another county is untouched
    assert AuditEvent.objects.filter(action="catalog.setting.changed").count() == 1
    with pytest.raises(InvalidInput):
        do_set_setting(county, "meeting_rules", {"representatives": {"base": "most"}}, actor=None)
    with pytest.raises(InvalidInput):
        do_set_setting(county, "colour", "red", actor=None)
