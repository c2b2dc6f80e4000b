"""The demo county: 湖南省 → 娄底市 → 涟源市 with its real townships and 504 synthetic villages.

Deterministic: the same seed gives the same villages, groups and accounts on every machine. Everything
is written through the services, so the demo leaves the same audit trail a real county would.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xiaowei.accounts.models import User
from xiaowei.accounts.services import do_create_user
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Role
from xiaowei.regions.services import RegionRow, do_import_regions, do_update_region_profile

COUNTY = "431382"
VILLAGE_COUNT = 504
# Printed by `make run`; a demo database is never a production one.
DEMO_PASSWORD = "xiaowei-demo"  # noqa: S105
DATA = Path(__file__).parent / "data"

_FIRST = "石龙白青桃枫杨金银古柳梅竹荷松新水上下东西南北大小高山岭田塘坪湾冲溪桥坳"
_SECOND = "门潭沙山坪塘湾冲溪田岭桥林园泉峰江湖洲坝岩口铺庄坡源花光星云溪明"
_GROUP_NUMERALS = "一二三四五六七八九十"


def _numeral(n: int) -> str:
    if n <= 10:
        return _GROUP_NUMERALS[n - 1]
    return "十" + _GROUP_NUMERALS[n - 11]


def township_rows() -> list[tuple[str, str]]:
    with (DATA / "lianyuan_townships.csv").open(encoding="utf-8") as f:
        return [(r["code"], r["name"]) for r in csv.DictReader(f)]


def village_rows(seed: int = 431382) -> list[RegionRow]:
    """504 villages (and their 村民小组) spread over the townships, weighted by kind."""
    rng = random.Random(seed)
    towns = township_rows()
    # 街道 are small and urban, 镇 large, 乡 in between; the weights are rough shares of villages.
    weights = [14 if name.endswith("街道") else 28 if name.endswith("镇") else 20 for _, name in towns]
    counts = [VILLAGE_COUNT * w // sum(weights) for w in weights]
    for i in range(VILLAGE_COUNT - sum(counts)):
        counts[i % len(counts)] += 1
    used: set[str] = set()
    rows: list[RegionRow] = []
    line = 0
    for (town_code, town_name), count in zip(towns, counts, strict=True):
        communities = rng.randint(3, 6) if town_name.endswith("街道") else 1
        for i in range(count):
            while True:
                stem = rng.choice(_FIRST) + rng.choice(_SECOND)
                if stem not in used and stem[0] != stem[1]:
                    used.add(stem)
                    break
            is_community = i < communities
            # 统计用区划代码: 居委会 001–199, 村委会 200–399.
            code = f"{town_code}{(i + 1):03d}" if is_community else f"{town_code}{200 + i:03d}"
            line += 1
            rows.append(
                RegionRow(
                    line, code, stem + ("社区" if is_community else "村"), "111" if is_community else "220"
                )
            )
            if not is_community:
                for g in range(1, rng.randint(6, 14) + 1):
                    line += 1
                    rows.append(RegionRow(line, f"{code}{g:03d}", f"{_numeral(g)}组"))
    return rows


def all_rows() -> list[RegionRow]:
    head = [RegionRow(1, "43", "湖南省"), RegionRow(2, "4313", "娄底市"), RegionRow(3, COUNTY, "涟源市")]
    towns = [RegionRow(4 + i, code, name) for i, (code, name) in enumerate(township_rows())]
    return head + towns + village_rows()


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    region_code: str
    title: str


DEMO_TOWNSHIP = "431382105"  # 桥头河镇


def demo_village_code() -> str:
    return next(
        r.code
        for r in village_rows()
        if r.code.startswith(DEMO_TOWNSHIP) and len(r.code) == 12 and r.code[9] == "2"
    )


def demo_accounts() -> list[DemoAccount]:
    village = demo_village_code()
    return [
        DemoAccount("admin", "系统管理员", Role.ADMIN, COUNTY, "市小微权力办公室"),
        DemoAccount("jiwei", "刘建华", Role.COUNTY_SUPERVISOR, COUNTY, "市纪委监委"),
        DemoAccount("zhujian", "陈志强", Role.SECTOR_DEPARTMENT, COUNTY, "市住建局"),
        DemoAccount("zhen_jiwei", "李卫东", Role.TOWNSHIP_DISCIPLINE, DEMO_TOWNSHIP, "镇纪委书记"),
        DemoAccount("zhen_nongjing", "王秀兰", Role.TOWNSHIP_AGENCY, DEMO_TOWNSHIP, "农经站站长"),
        DemoAccount("zhen_caizheng", "赵国平", Role.TOWNSHIP_FINANCE, DEMO_TOWNSHIP, "财政所所长"),
        DemoAccount("zhen_guihua", "周文斌", Role.TOWNSHIP_PLANNING, DEMO_TOWNSHIP, "规划所所长"),
        DemoAccount("zhen_minzheng", "吴海燕", Role.TOWNSHIP_CIVIL, DEMO_TOWNSHIP, "民政办主任"),
        DemoAccount("cun_shuji", "胡长青", Role.VILLAGE_CADRE, village, "村党支部书记、村委会主任"),
        DemoAccount("cun_baozhang", "曾小梅", Role.VILLAGE_ACCOUNTANT, village, "报账员"),
        DemoAccount("cun_jianwei", "邓永福", Role.VILLAGE_COMMITTEE, village, "村务监督委员会主任"),
    ]


def accounts_banner(sender: Any, url: str, **kwargs: Any) -> list[str]:
    """The demo accounts that exist, for `xiaowei serve` to print (portal.signals.serving)."""
    demo = [a for a in demo_accounts() if User.objects.filter(username=a.username).exists()]
    if not demo:
        return []
    return [f"演示账号（密码均为 {DEMO_PASSWORD}），登录：{url}accounts/login/"] + [
        f"  {a.username:<15} {a.title}" for a in demo
    ]


def load_demo() -> dict[str, int]:
    """Load (or top up) the demo county. Safe to run again: existing rows are left as they are."""
    report = do_import_regions(all_rows(), actor=None, source="xiaowei demo")
    village = Region.objects.get(code=demo_village_code())
    if not village.intro:
        do_update_region_profile(
            village,
            actor=None,
            changes={
                "intro": f"{village.name}位于涟源市桥头河镇，是本系统演示用的虚构村。",
                "office_address": f"桥头河镇{village.name}村民服务中心",
                "office_hours": "工作日 8:30–12:00，14:30–17:30",
                "board_location": "村民服务中心门口",
            },
        )
    created_users = 0
    for account in demo_accounts():
        if User.objects.filter(username=account.username).exists():
            continue
        do_create_user(
            account.username,
            password=DEMO_PASSWORD,
            role=account.role,
            region=Region.objects.get(code=account.region_code),
            display_name=account.display_name,
            title=account.title,
            actor=None,
        )
        created_users += 1
    return {"regions_created": report.created, "users_created": created_users}
