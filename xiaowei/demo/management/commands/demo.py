from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import CommandParser

from xiaowei.catalog.files import read_catalog
from xiaowei.catalog.models import PowerItem
from xiaowei.catalog.services import do_load_catalog
from xiaowei.demo.assets import ASSETS
from xiaowei.demo.county import load_county_demo
from xiaowei.demo.disclosure import load_disclosure_demo
from xiaowei.demo.finance import VOUCHERS, load_finance_demo
from xiaowei.demo.matters import load_matters_demo
from xiaowei.demo.projects import PROJECTS
from xiaowei.demo.regions import DEMO_PASSWORD, demo_accounts, demo_village_code, load_demo
from xiaowei.demo.results import RESULTS, load_results_demo
from xiaowei.lib.commands import XiaoweiCommand
from xiaowei.regions.models import Region


class Command(XiaoweiCommand):
    help = "载入演示数据：涟源市的真实乡镇与 504 个虚构村，以及每个角色的演示账号（可重复运行）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="数据库里已有区划时什么也不做")
        parser.add_argument(
            "--no-projects", action="store_true", help="不生成全市 4520 个工程项目和 2948 项资产资源"
        )
        parser.add_argument("--projects", type=int, default=PROJECTS, help="工程项目个数（默认 4520）")
        parser.add_argument("--assets", type=int, default=ASSETS, help="资产资源项数（默认 2948）")
        parser.add_argument("--results", type=int, default=RESULTS, help="办事结果条数（默认 30000）")
        parser.add_argument("--vouchers", type=int, default=VOUCHERS, help="记账凭证张数（约数，默认 50000）")

    def handle(self, *args: Any, if_empty: bool = False, no_projects: bool = False, **options: Any) -> None:
        if if_empty and Region.objects.exists():
            self.stdout.write("数据库已有数据，跳过演示数据。")
            return
        result = load_demo()
        raw, _ = read_catalog()
        if not PowerItem.objects.exists():
            do_load_catalog(raw, effective_from=dt.date(2026, 1, 1), note="演示：载入内置清单", actor=None)
        matters = load_matters_demo(demo_village_code())
        load_disclosure_demo(demo_village_code())
        if not no_projects:
            self.stdout.write("正在生成全市工程项目和资产资源演示数据（约一分钟）…")
        county = (
            {"projects": 0, "assets": 0}
            if no_projects
            else load_county_demo(projects=options["projects"], assets=options["assets"])
        )
        results = load_results_demo(options["results"])
        finance = load_finance_demo(options["vouchers"])
        self.stdout.write(
            f"演示数据已就绪：新建区划 {result['regions_created']} 个，"
            f"新建账号 {result['users_created']} 个，新建演示事项 {matters} 个，"
            f"工程项目 {county['projects']} 个，资产资源 {county['assets']} 项，办事结果 {results} 条，"
            f"记账凭证 {finance['vouchers']} 张（财务公开 {finance['publications']} 期）。"
        )
        if options["verbosity"] >= 1:
            self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
            for a in demo_accounts():
                self.stdout.write(f"  {a.username:<15} {a.role:<20} {a.region_code:<13} {a.title}")
