"""`monitor refold`: stored articles folded again after the rules change; the money box per figure."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from monitor.facts import Amount, Facts
from monitor.facts.summary import merged_amounts
from monitor.models import Article, RawDocument
from monitor.store import Store, schema
from monitor.store.stories import count_stories, story_ids
from monitor.stories import FoldRules
from monitor.stories.stored import fold_new_articles, refold_articles
from tests.conftest import RunCli
from tests.test_stories_events import OTHER_CITY, RELEASE, REWRITE

DAY1 = datetime(2025, 3, 16, 9, 0, tzinfo=UTC)


def add(store: Store, name: str, text: str, when: datetime) -> int:
    doc = RawDocument(source=f"inbox/{name}", name=name, text=text,
                      content_hash=hashlib.sha256(text.encode()).hexdigest())
    store.add_document(doc, [Article(doc.source, 0, None, text, "", published=date(2025, 3, 16))], [[]], when)
    return max(s.id for s in store.iter_articles())


def test_refold_applies_the_current_rules_to_every_stored_article(store: Store) -> None:
    release = add(store, "release.txt", RELEASE, DAY1)
    other = add(store, "other.txt", OTHER_CITY, DAY1)
    fold_new_articles(store, DAY1)
    rewrite = add(store, "rewrite.txt", REWRITE, DAY1 + timedelta(hours=5))
    fold_new_articles(store, DAY1 + timedelta(hours=5), FoldRules(rewrites=False))  # the old, copy-only rules
    assert count_stories(store) == 3

    report = refold_articles(store, DAY1 + timedelta(days=1))
    assert (report.articles, report.stories_before, report.stories_after, report.moved) == (3, 3, 2, 1)
    assert story_ids(store, [release, other, rewrite]) == {release: release, other: other, rewrite: release}
    with store.engine.connect() as conn:
        counts = dict(conn.execute(select(schema.stories.c.id, schema.stories.c.article_count)).all())
        keys = conn.scalars(select(schema.story_articles.c.event_keys)).all()
    assert counts == {release: 2, other: 1}
    assert all(keys)  # kept, so the next start-up files them without reading the texts
    # Refolding again changes nothing.
    assert refold_articles(store, DAY1 + timedelta(days=1)).moved == 0


def test_refold_is_a_command_with_help(run_cli: RunCli, workdir: Path) -> None:
    result = run_cli("refold", "--help", cwd=workdir)
    assert result.returncode == 0 and "usage: monitor refold" in result.stdout
    assert "refold" in run_cli("--help", cwd=workdir).stdout
    result = run_cli("refold", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refolded 0 article(s)")


def test_the_money_of_a_story_is_one_entry_per_figure() -> None:
    national = Amount("국비 80억원", 8_000_000_000, "국비")
    own = Facts((Amount("80억원", 8_000_000_000, None), Amount("160억원", 16_000_000_000, None)), ())
    copy = Facts((national, Amount("160억원", 16_000_000_000, None)), ())
    merged = merged_amounts([own, copy])
    assert sorted((a.krw, a.kind) for _, a in merged) == [(8_000_000_000, "국비"), (16_000_000_000, None)]
