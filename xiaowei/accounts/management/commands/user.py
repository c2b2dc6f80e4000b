from __future__ import annotations

import getpass
import secrets
from typing import Any

from django.core.management.base import CommandError, CommandParser

from xiaowei.accounts.models import User
from xiaowei.accounts.services import do_create_user, do_grant_membership
from xiaowei.lib.commands import XiaoweiCommand
from xiaowei.regions.models import Region
from xiaowei.regions.roles import Role


def _region(code: str) -> Region:
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist:
        raise CommandError(f"区划代码 {code} 不存在") from None


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"用户 {username} 不存在") from None


class Command(XiaoweiCommand):
    help = "用户：user create USERNAME --role ROLE --region CODE [--password …]；user grant；user list。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        roles = ", ".join(Role)
        create = sub.add_parser("create", help="新建用户并授予第一个角色")
        create.add_argument("username")
        create.add_argument("--role", required=True, help=f"角色代码：{roles}")
        create.add_argument("--region", required=True, help="区划代码，例如 431382100201")
        create.add_argument("--password", help="省略时：在终端输入；非交互时生成随机密码并打印")
        create.add_argument("--name", default="", help="姓名")
        create.add_argument("--title", default="", help="职务")
        grant = sub.add_parser("grant", help="给已有用户再授予一个角色")
        grant.add_argument("username")
        grant.add_argument("--role", required=True, help=f"角色代码：{roles}")
        grant.add_argument("--region", required=True)
        grant.add_argument("--title", default="")
        sub.add_parser("list", help="列出用户及其角色")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if action == "create":
            password = o["password"]
            generated = False
            if not password:
                if self.stdin_is_tty():
                    password = getpass.getpass("密码：")
                else:
                    password, generated = secrets.token_urlsafe(12), True
            user = do_create_user(
                o["username"],
                password=password,
                role=o["role"],
                region=_region(o["region"]),
                display_name=o["name"],
                title=o["title"],
                actor=None,
            )
            self.stdout.write(f"已创建用户 {user.username}（{Role(o['role']).label} @ {o['region']}）")
            if generated:
                self.stdout.write(f"随机密码：{password}")
        elif action == "grant":
            m = do_grant_membership(
                _user(o["username"]),
                role=o["role"],
                region=_region(o["region"]),
                title=o["title"],
                actor=None,
            )
            self.stdout.write(f"已授予 {m}")
        else:
            for user in User.objects.order_by("username").prefetch_related("memberships__region"):
                roles = "; ".join(f"{m.role}@{m.region_id}" for m in user.memberships.all())
                self.stdout.write(f"{user.username:<20} {'' if user.is_active else '(停用) '}{roles}")

    @staticmethod
    def stdin_is_tty() -> bool:
        import sys

        return sys.stdin is not None and sys.stdin.isatty()
