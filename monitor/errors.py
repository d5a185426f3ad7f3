"""One exception root for the project; each subclass names the condition.

Every error builds a one-line message that names what went wrong and where
(file, line, key, feed, server); `hint` says how to fix it. The CLI prints
`str(error)` and exits 2 for usage/config errors, 1 for runtime failures.
"""

from __future__ import annotations


class MonitorError(Exception):
    """Root of every error monitor raises on purpose."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:
        message = super().__str__()
        return f"{message} ({self.hint})" if self.hint else message


class ConfigError(MonitorError):
    """A config file is missing, unreadable or holds a value that is not allowed."""

    exit_code = 2

    def __init__(
        self,
        path: str,
        message: str,
        *,
        key: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        where = str(path)
        if line is not None:
            where += f":{line}"
        if key:
            where += f": {key}"
        super().__init__(f"{where}: {message}", hint=hint)
        self.path = str(path)
        self.key = key
        self.line = line


class UsageError(MonitorError):
    """The command line asks for something that cannot be done as asked."""

    exit_code = 2


class SourceError(MonitorError):
    """A source (file or feed) could not be read or decoded."""

    def __init__(self, source: str, message: str, *, hint: str | None = None) -> None:
        super().__init__(f"{source}: {message}", hint=hint)
        self.source = source


class StoreError(MonitorError):
    """The database could not be opened, migrated or written."""


class DocumentRefused(StoreError):
    """The database refused one document's values (the others can still be stored)."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: not stored, the database refused its data: {reason}")
        self.source = source
