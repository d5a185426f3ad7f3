"""Frozen migration steps: a database built at any earlier version upgrades to exactly schema.py.

Each earlier version is built from the frozen steps themselves (as that version's code did),
then `migrate` brings it up to date; its schema must equal that of a database created from
schema.py directly, on SQLite and on PostgreSQL. A column added to schema.py without a step
fails here, and so does a step that no longer means what it did.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, inspect, text

from monitor.store import schema
from monitor.store.migrations import migrate
from monitor.store.steps import STEPS

VERSIONS = list(range(len(STEPS) + 1))  # 0: an empty database with the ledger only


@pytest.fixture(params=["sqlite", "postgresql"])
def new_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """A factory of empty databases of one kind, each dropped after the test."""
    if request.param == "sqlite":
        count = iter(range(100))
        yield lambda: f"sqlite:///{tmp_path / f'db{next(count)}.sqlite'}"
        return
    pytest.importorskip("psycopg")
    urls: list[str] = []
    admin_url = request.getfixturevalue("postgres_url")  # skips without a server
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")

    def make() -> str:
        name = f"{admin_url.rsplit('/', 1)[1]}_{len(urls)}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        urls.append(name)
        return f"{admin_url.rsplit('/', 1)[0]}/{name}"

    yield make
    with admin.connect() as conn:
        for name in urls:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def shape(engine: Engine) -> dict[str, Any]:
    """Every table's columns (type, nullability), keys, foreign keys, indexes and unique constraints."""
    found = inspect(engine)
    tables: dict[str, Any] = {}
    for table in sorted(found.get_table_names()):
        tables[table] = {
            "columns": {c["name"]: (str(c["type"].compile(dialect=engine.dialect)), c["nullable"])
                        for c in found.get_columns(table)},
            "primary key": found.get_pk_constraint(table)["constrained_columns"],
            "foreign keys": sorted((tuple(fk["constrained_columns"]), fk["referred_table"],
                                    tuple(fk["referred_columns"]), (fk.get("options") or {}).get("ondelete"))
                                   for fk in found.get_foreign_keys(table)),
            "indexes": sorted((ix["name"], tuple(ix["column_names"]), bool(ix["unique"]))
                              for ix in found.get_indexes(table)),
            "unique": sorted(tuple(u["column_names"]) for u in found.get_unique_constraints(table)),
        }
    return tables


def built_at(url: str, version: int) -> Engine:
    """A database as the code of `version` left it: the ledger and the steps up to `version`."""
    engine = create_engine(url)
    migrate(engine, upto=version)
    return engine


def test_the_steps_are_numbered_one_after_the_other() -> None:
    assert [step.number for step in STEPS] == list(range(1, len(STEPS) + 1))
    assert all((step.statements("sqlite") and step.statements("postgresql")) or step.data for step in STEPS)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_database_at_every_earlier_version_upgrades_to_schema_py(new_url, version: int) -> None:  # type: ignore[no-untyped-def]
    reference = create_engine(new_url())
    schema.metadata.create_all(reference)  # what the code means today
    old = built_at(new_url(), version)
    if version >= 2:  # a folded article from before event keys keeps its row (event_keys stays NULL)
        now = datetime(2025, 6, 20, tzinfo=UTC).replace(tzinfo=None)
        with old.begin() as conn:
            conn.execute(schema.documents.insert().values(id=1, source="s", name="n", content_hash="h" * 64,
                                                          encoding="utf-8", text="t", ingested_at=now))
            conn.execute(schema.articles.insert().values(
                id=1, document_id=1, idx=0, subheadlines=[], text="t", summary="t", sentences=[],
                spacing_restored=False, ingested_at=now))
            conn.execute(schema.stories.insert().values(id=1, first_seen=now, last_seen=now, article_count=1))
            conn.execute(text("INSERT INTO story_articles (article_id, story_id, jaccard, signature, fingerprint, "
                              "assigned_at) VALUES (1, 1, 1.0, :sig, 'v1', :now)"), {"sig": b"\0", "now": now})
    try:
        applied = migrate(old)
        assert applied == [step.name for step in STEPS[version:]]
        assert shape(old) == shape(reference)
        if version >= 2:
            with old.connect() as conn:
                assert conn.execute(text("SELECT article_id, event_keys FROM story_articles")).all() == [(1, None)]
        assert migrate(old) == []  # and again: nothing left to do
    finally:
        old.dispose()
        reference.dispose()


def test_a_step_that_fails_midway_leaves_the_database_at_the_version_before(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A step is all or nothing, its DDL included (SQLite's driver would commit an ALTER TABLE on its own)."""
    from monitor.store import steps

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    last = STEPS[-1]

    def killed(conn: Any) -> None:
        raise KeyboardInterrupt  # Ctrl-C during a data step, after the step's ALTER TABLE ran

    engine = create_engine(url)
    migrate(engine, upto=last.number - 1)
    before = shape(engine)
    failing = steps.Step(last.number, last.name, sql=("ALTER TABLE articles ADD COLUMN half_done JSON",),
                         data=killed)
    monkeypatch.setattr("monitor.store.migrations.STEPS", (*STEPS[:-1], failing))
    with pytest.raises(KeyboardInterrupt):
        migrate(engine)
    assert shape(engine) == before
    monkeypatch.undo()
    assert migrate(engine) == [last.name]
    engine.dispose()
