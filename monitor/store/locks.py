"""Locks between processes sharing one database.

The service lock (one `monitor run` per database, held for the service's
life, refused when taken); the ingest lock (one ingest pass at a time, waited
for when taken: `monitor run --once` or `monitor ingest` next to a running
service would otherwise read the same new files and feed entries and both try
to store them); the migration lock (two processes opening a new database at
once would both create its tables). On SQLite each is an
`flock` on a file beside the database holding the holder's pid; on PostgreSQL
a session advisory lock on a connection of its own.
"""

from __future__ import annotations

import fcntl
import logging
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from sqlalchemy import text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.exc import SQLAlchemyError

logger = logging.getLogger(__name__)

# The application_name of every PostgreSQL session a monitor process opens: `monitor status`
# reads the service's pid from the session holding the service lock.
APPLICATION_PREFIX = "monitor pid "
SERVICE_KEY = 0x6D6F6E69  # "moni": the advisory lock key of the service lock
INGEST_KEY = 0x6D6F6E6A  # the next ones: the ingest lock and the migration lock
MIGRATE_KEY = 0x6D6F6E6B


def lock_file(url: URL, suffix: str) -> Path | None:
    """The lock file beside a SQLite database file (`<db>.lock`, `<db>.ingest.lock`); None for other databases."""
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(f"{url.database}{suffix}")
    return None


class FileLock:
    """An exclusive `flock` on a file that names its holder's pid while held."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def try_acquire(self) -> str | None:
        """Take the lock; None when taken, else who holds it (`pid 1234`)."""
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            return f"pid {holder}"
        self._hold(handle)
        return None

    def holder(self) -> str | None:
        """The pid in the file while another process holds the lock ("?" if it wrote none), else None."""
        if not self.path.exists():
            return None
        with self.path.open("r") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return handle.read().strip() or "?"
            fcntl.flock(handle, fcntl.LOCK_UN)
        return None

    def acquire(self) -> None:
        """Take the lock, waiting for the holder to let go."""
        handle = self.path.open("a+")
        fcntl.flock(handle, fcntl.LOCK_EX)
        self._hold(handle)

    def held(self) -> bool:
        """True while our flock is on the file at `path`.

        Deleting or replacing the file leaves us holding a lock on a file nobody else
        can see, and the next process would take a lock of its own on a new one.
        """
        if self._handle is None:
            return False
        try:
            ours, there = os.fstat(self._handle.fileno()), os.stat(self.path)
        except OSError:
            return False
        return (ours.st_dev, ours.st_ino) == (there.st_dev, there.st_ino)

    def forget(self) -> None:
        """Let go of a lock found lost (its file is gone or replaced), without touching the path."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def _hold(self, handle: IO[str]) -> None:
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        # Emptied, then unlocked; the file stays so `monitor status` can ask whether a service runs.
        self._handle.seek(0)
        self._handle.truncate()
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None


class AdvisoryLock:
    """A PostgreSQL session advisory lock, on a connection held for as long as the lock."""

    def __init__(self, engine: Engine, key: int) -> None:
        self.engine = engine
        self.key = key
        self._conn: Any = None

    def try_acquire(self) -> str | None:
        """Take the lock; None when taken, else a description of the holder."""
        conn = self.engine.connect()
        if not conn.scalar(text("select pg_try_advisory_lock(:key)"), {"key": self.key}):
            conn.close()
            return f"pid {self.holder() or '?'}"
        self._conn = conn
        return None

    def holder(self) -> str | None:
        """Who holds the lock, as `FileLock.holder` says it: the holder's pid (`1234 on 10.0.0.5` from
        another host) when its session names it (`Store.open` sets application_name), else None if free."""
        with self.engine.connect() as conn:
            row = conn.execute(text(
                "select a.application_name, host(a.client_addr), l.pid from pg_locks l"
                " left join pg_stat_activity a on a.pid = l.pid"
                " where l.locktype = 'advisory' and l.classid = 0 and l.objid = :key and l.granted"),
                {"key": self.key}).first()
        if row is None:
            return None
        name, client, backend = row
        pid = name.removeprefix(APPLICATION_PREFIX) if name and name.startswith(APPLICATION_PREFIX) else None
        if pid is None:
            return f"? (database session {backend})"
        return pid if client in (None, "127.0.0.1", "::1") else f"{pid} on {client}"

    def acquire(self) -> None:
        """Take the lock, waiting for the holder to let go."""
        conn = self.engine.connect()
        conn.execute(text("select pg_advisory_lock(:key)"), {"key": self.key})
        self._conn = conn

    def held(self) -> bool:
        """True while our session is alive and holds the lock (a terminated session lost it)."""
        if self._conn is None:
            return False
        try:
            count = self._conn.scalar(text(
                "select count(*) from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()"
                " and classid = 0 and objid = :key and granted"), {"key": self.key})
            self._conn.commit()
        except SQLAlchemyError:  # the session was terminated, or its connection is gone
            return False
        return bool(count)

    def forget(self) -> None:
        """Drop the connection of a lock found lost; its session is gone or no longer holds it."""
        if self._conn is not None:
            with suppress(SQLAlchemyError):
                self._conn.invalidate()
                self._conn.close()
            self._conn = None

    def release(self) -> None:
        if self._conn is None:
            return
        # close() only returns the connection to the pool, where the session (and its
        # advisory lock) lives on: unlock explicitly. A session terminated meanwhile holds
        # nothing any more; its connection is dropped.
        try:
            self._conn.scalar(text("select pg_advisory_unlock(:key)"), {"key": self.key})
            self._conn.commit()
            self._conn.close()
        except SQLAlchemyError:
            self.forget()
        self._conn = None


def database_lock(engine: Engine, file_suffix: str, key: int) -> FileLock | AdvisoryLock | None:
    """The lock for this database (a file for SQLite, an advisory lock for PostgreSQL); None for in-memory ones."""
    path = lock_file(engine.url, file_suffix)
    if path is not None:
        return FileLock(path)
    if engine.url.get_backend_name() == "postgresql":
        return AdvisoryLock(engine, key)
    return None


def ingest_lock(engine: Engine) -> AbstractContextManager[None]:
    """Held for one ingest pass; a second pass waits for it."""
    return _exclusive(engine, ".ingest.lock", INGEST_KEY, "ingest pass")


def migration_lock(engine: Engine) -> AbstractContextManager[None]:
    """Held while the schema is brought up to date: two processes opening a new database at once."""
    return _exclusive(engine, ".migrate.lock", MIGRATE_KEY, "schema migration")


@contextmanager
def _exclusive(engine: Engine, file_suffix: str, key: int, work: str) -> Iterator[None]:
    """Hold a lock for some work, waiting (with one log line) while another process holds it."""
    lock = database_lock(engine, file_suffix, key)
    if lock is None:
        yield
        return
    holder = lock.try_acquire()
    if holder is not None:
        logger.info("waiting for another process's %s to finish (%s)", work, holder)
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
