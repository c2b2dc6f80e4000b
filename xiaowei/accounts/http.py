"""Request types for views that only a signed-in user reaches."""

from __future__ import annotations

from django.http import HttpRequest

from xiaowei.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a `@login_required` view or an API endpoint with `auth=AUTH`: `request.user` is a
    `User`, never `AnonymousUser`. An annotation only (as django-stubs documents); nothing checks it at
    run time, so use it only where the decorator or the API's auth has already turned strangers away."""

    user: User
