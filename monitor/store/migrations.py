"""Named, ordered schema migrations, the same list for SQLite and PostgreSQL.

Each migration is a frozen step of literal DDL (steps.py) and runs once, inside
the transaction that records it in `schema_migrations`; a database newer than
this code is refused rather than guessed at. Append new steps at the end of
steps.STEPS; never edit an applied one.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select

from monitor.errors import StoreError
from monitor.store import schema
from monitor.store.steps import LEDGER, STEPS, TYPES, Step

logger = logging.getLogger(__name__)

def apply_step(conn: Connection, step: Step) -> None:
    """Run one step's statements and record it, in the caller's transaction."""
    for statement in step.statements(conn.dialect.name):
        conn.exec_driver_sql(statement)
    if step.data is not None:
        step.data(conn)
    conn.execute(schema.schema_migrations.insert().values(
        id=step.number, name=step.name, applied_at=datetime.now(UTC).replace(tzinfo=None)))


def create_ledger(conn: Connection) -> None:
    if not inspect(conn).has_table("schema_migrations"):
        conn.exec_driver_sql(LEDGER.format(**TYPES[conn.dialect.name]))


def migrate(engine: Engine, upto: int | None = None) -> list[str]:
    """Apply the migrations this database lacks (those numbered <= `upto` if given); return their names."""
    applied_now: list[str] = []
    with engine.begin() as conn:
        create_ledger(conn)
        done = set(conn.scalars(select(schema.schema_migrations.c.id)))
    known = {step.number for step in STEPS}
    unknown = done - known
    if unknown:
        raise StoreError(
            f"database has schema migrations {sorted(unknown)} that this version does not know",
            hint="upgrade monitor or point database.url at another database",
        )
    # Numbers, not list positions, give the order: features land in any order.
    for step in sorted(STEPS, key=lambda step: step.number):
        if step.number in done or (upto is not None and step.number > upto):
            continue
        with engine.begin() as conn:
            if conn.dialect.name == "sqlite":
                # pysqlite opens a transaction before DML only: a step's ALTER TABLE would be
                # committed on its own, and a step killed after it (in a long data step) would
                # leave a column its ledger does not record, which no later open can add again.
                conn.exec_driver_sql("BEGIN")
            apply_step(conn, step)
        logger.info("applied schema migration %d: %s", step.number, step.name)
        applied_now.append(step.name)
    return applied_now
