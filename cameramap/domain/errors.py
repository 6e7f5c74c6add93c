"""Domain errors that the edges translate into HTTP status codes and CLI messages."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"
    status = 400

    def __init__(self, message: str, parameter: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.parameter = parameter
        if code:
            self.code = code


class UsageError(DomainError):
    """Bad input from a caller: answered with 400."""

    code = "invalid_parameter"
    status = 400


class NotFound(DomainError):
    """An unknown id: answered with 404."""

    code = "not_found"
    status = 404


class Conflict(DomainError):
    """A state conflict, such as a forbidden lifecycle transition: answered with 409."""

    code = "conflict"
    status = 409
