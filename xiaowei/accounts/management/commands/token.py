from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from xiaowei.accounts.models import ApiToken, User
from xiaowei.accounts.services import do_create_api_token, do_revoke_api_token
from xiaowei.lib.commands import XiaoweiCommand


class Command(XiaoweiCommand):
    help = "API 令牌：token create USERNAME 打印一个新令牌（只显示这一次）；token revoke HINT。"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="为用户签发新令牌")
        create.add_argument("username")
        create.add_argument("--name", default="", help="用途说明")
        revoke = sub.add_parser("revoke", help="作废令牌（按令牌开头的几位）")
        revoke.add_argument("hint")

    def handle(self, *args: Any, action: str, **o: Any) -> None:
        if action == "create":
            try:
                user = User.objects.get(username=o["username"])
            except User.DoesNotExist:
                raise CommandError(f"用户 {o['username']} 不存在") from None
            _, token = do_create_api_token(user, name=o["name"], actor=None)
            self.stdout.write(token)
        else:
            rows = list(ApiToken.objects.filter(hint__startswith=o["hint"][:10], revoked_at__isnull=True))
            if len(rows) != 1:
                raise CommandError(f"找到 {len(rows)} 个匹配的有效令牌，应恰好一个")
            do_revoke_api_token(rows[0], actor=None)
            self.stdout.write("已作废")
