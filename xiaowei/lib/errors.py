"""Domain errors raised by services. Views, the API and the CLI turn them into a Chinese message."""

from __future__ import annotations


class ServiceError(Exception):
    """A request the rules refuse. `code` is stable (the API returns it); `message` is for people."""

    code = "refused"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InvalidInput(ServiceError):
    """Input that fails validation; `errors` lists each problem (for imports: one per bad row)."""

    code = "invalid"

    def __init__(self, message: str, errors: list[str] | None = None, *, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.errors = errors or []
