"""A county loads its own chart of accounts with `xiaowei finance subjects FILE`: names may change and
subjects may be added or dropped, but a subject that vouchers use stays; a bad file changes nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests_support.finance import draft
from tests_support.matters import World
from xiaowei.audit.models import AuditEvent
from xiaowei.finance.models import Subject
from xiaowei.finance.subjects import DEFAULT_FILE

pytestmark = pytest.mark.django_db


def _county_file(
    tmp_path: Path, *, drop: str = "", rename: tuple[str, str] = ("", ""), add: str = ""
) -> Path:
    """The built-in chart with one subject dropped, one name replaced (old, new) and one line added."""
    lines = DEFAULT_FILE.read_text(encoding="utf-8").splitlines()
    if drop:
        lines = [x for x in lines if f'code: "{drop}"' not in x]
    if rename[0]:
        lines = [x.replace(f"name: {rename[0]},", f"name: {rename[1]},") for x in lines]
    if add:
        lines.append(add)
    path = tmp_path / "county-subjects.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _load(path: Path) -> str:
    out = StringIO()
    call_command("finance", "subjects", str(path), stdout=out)
    return out.getvalue()


def test_a_county_chart_renames_adds_and_drops_unused_subjects(tmp_path: Path) -> None:
    before = Subject.objects.count()
    path = _county_file(
        tmp_path,
        drop="132",
        rename=("短期投资", "短期投资（2023 制度）"),
        add='  - {code: "155", name: 生产性生物资产, class: asset, side: debit}',
    )
    assert "科目表已载入" in _load(path)
    assert Subject.objects.count() == before  # one dropped, one added
    assert not Subject.objects.filter(code="132").exists()
    assert Subject.objects.get(code="155").name == "生产性生物资产"
    assert Subject.objects.get(code="111").name == "短期投资（2023 制度）"
    assert AuditEvent.objects.filter(action="finance.subjects.loaded").count() == 1


def test_a_subject_in_use_cannot_be_dropped(world: World, tmp_path: Path) -> None:
    draft(world)  # uses 541002 and 102
    with pytest.raises(CommandError, match="541002"):
        _load(_county_file(tmp_path, drop="541002"))
    assert Subject.objects.filter(code="541002").exists()
    assert not AuditEvent.objects.filter(action="finance.subjects.loaded").exists()


def test_a_bad_file_is_refused_with_every_problem_and_nothing_changes(tmp_path: Path) -> None:
    names = dict(Subject.objects.values_list("code", "name"))
    path = _county_file(tmp_path, drop="101", add='  - {code: "99", name: "", class: nonsense, side: debit}')
    with pytest.raises(CommandError) as e:
        _load(path)
    message = str(e.value)
    assert "科目表未加载" in message and "“99”" in message and "类别" in message
    assert dict(Subject.objects.values_list("code", "name")) == names


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="找不到文件"):
        _load(tmp_path / "nope.yaml")
