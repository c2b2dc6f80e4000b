from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from xiaowei.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer xw_…` as issued by `xiaowei token create USERNAME`."""

    openapi_description = "由 `xiaowei token create USERNAME` 签发的令牌"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        # Bookkeeping only (not an audited change): at most one write a minute per token.
        if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


# Machine clients use a token; the browser (the docs page, htmx) uses its session, with CSRF checked.
AUTH = [TokenAuth(), django_auth]
