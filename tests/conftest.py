"""Shared fixtures: real components (a SQLite file, the CLI as a subprocess)."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CONFIG = ROOT / "monitor" / "config"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A working directory like a new user's after `monitor init`, with seeds/ copied as the inbox
    (config/monitor.toml names it `../seeds`, its database `../var/monitor.db`)."""
    from monitor.init import starter_settings

    shutil.copytree(CONFIG, tmp_path / "config")
    (tmp_path / "config" / "monitor.toml").write_text(starter_settings(inbox="seeds"), encoding="utf-8")
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database on 127.0.0.1:5432, dropped after the test (skipped without a server)."""
    import uuid

    from sqlalchemy import create_engine, text

    try:
        admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("select 1"))
    except Exception as e:  # pragma: no cover - depends on the machine
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432: {e.__class__.__name__}")
    name = f"monitor_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'var' / 'monitor.db'}"


@pytest.fixture
def store(sqlite_url: str):  # type: ignore[no-untyped-def]
    from monitor.store import Store

    opened = Store.open(sqlite_url)
    yield opened
    opened.close()


@pytest.fixture
def feed_server():  # type: ignore[no-untyped-def]
    """A real HTTP server on 127.0.0.1 (port 0) serving feeds and pages from tests/data/feeds/."""
    from tests.feeds_server import running_server

    with running_server() as server:
        yield server


RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_cli() -> RunCli:
    """Run `python -m monitor ARGS` in `cwd`, the way a user would."""

    def run(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONUTF8": "1"}
        return subprocess.run([sys.executable, "-m", "monitor", *args], cwd=cwd, env=env, capture_output=True,
                              text=True, timeout=timeout, check=False)

    return run


@functools.cache
def default_topics():  # type: ignore[no-untyped-def]
    """The shipped topics, read once per test session (a Config built from data needs topics)."""
    from monitor.topics import load_topics

    return load_topics(CONFIG / "topics.toml")


def config_for(directory: Path, data: dict[str, Any], **overrides: Any):  # type: ignore[no-untyped-def]
    """A validated Config from monitor.toml's content as a dict, with the shipped topics."""
    from monitor.configuration import config_from_data

    return config_from_data(data, directory, topics=default_topics(), **overrides)
