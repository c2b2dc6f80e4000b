"""`xiaowei regions import FILE`: all rows or none, with a line-numbered Chinese report."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from xiaowei.audit.models import AuditEvent
from xiaowei.regions.models import Region

pytestmark = pytest.mark.django_db

GOOD = """统计用区划代码,城乡分类代码,名称
430000000000,,湖南省
431300000000,,娄底市
431382000000,,涟源市
431382105000,,桥头河镇
431382105201,220,古园村
431382105201001,,一组
"""


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "regions.csv"
    path.write_bytes(text.encode(encoding))
    return path


def _import(path: Path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("regions", "import", str(path), stdout=out)
    return out.getvalue()


def test_it_imports_the_statistical_layout(tmp_path: Path) -> None:
    out = _import(_write(tmp_path, GOOD))
    assert "新建 6" in out
    village = Region.objects.get(code="431382105201")
    assert village.level == "village"
    assert village.parent_id == "431382105"
    assert village.urban_rural == "220"
    assert Region.objects.get(code="431382105201001").level == "group"
    events = AuditEvent.objects.filter(action="regions.tree.imported")
    assert events.count() == 1
    assert events.get().origin == "cli"


def test_importing_again_changes_nothing_and_a_rename_updates(tmp_path: Path) -> None:
    _import(_write(tmp_path, GOOD))
    assert "未变 6" in _import(_write(tmp_path, GOOD))
    out = _import(_write(tmp_path, GOOD.replace("古园村", "古园新村")))
    assert "更新 1" in out
    assert Region.objects.get(code="431382105201").name == "古园新村"


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("431382999201,220,无主村", "上级区划 431382999 不存在"),
        ("43138210520,220,位数不对村", "区划代码“43138210520”无效"),
        ("431382105202,220,", "名称不能为空"),
        ("431382105201,220,重复村", "与第 6 行重复"),
        ("431382105203,22,分类错村", "城乡分类代码"),
        ("431382105204,220", "应有 3 列"),
    ],
)
def test_a_bad_row_refuses_the_whole_file(tmp_path: Path, bad_line: str, message: str) -> None:
    with pytest.raises(CommandError) as caught:
        _import(_write(tmp_path, GOOD + bad_line + "\n"))
    assert message in str(caught.value)
    assert "第 8 行" in str(caught.value)
    assert not Region.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_explains_a_missing_header_and_a_wrong_encoding(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="表头"):
        _import(_write(tmp_path, "431382,涟源市\n"))
    with pytest.raises(CommandError, match="UTF-8"):
        _import(_write(tmp_path, GOOD, encoding="gbk"))
    with pytest.raises(CommandError, match="找不到文件"):
        _import(tmp_path / "missing.csv")
    assert not Region.objects.exists()
