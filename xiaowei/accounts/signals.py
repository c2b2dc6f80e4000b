from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from xiaowei.accounts.services import do_record_login


@receiver(user_logged_in, dispatch_uid="xiaowei_audit_login")
def _audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    do_record_login(user, success=True)


@receiver(user_login_failed, dispatch_uid="xiaowei_audit_login_failed")
def _audit_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    do_record_login(None, success=False, username=str(credentials.get("username", "")))
