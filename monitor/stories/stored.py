"""Fold newly stored articles into the stories kept in the database.

Start-up rebuilds the LSH index from the signatures stored with each folded
article of the last `WINDOW_DAYS` (no text is read for that; see
bench/bench_stories.py for the cost of both ways), then every article without a
story is folded, oldest first, and the decisions are saved in one transaction.
A story first seen yesterday thereby gains today's outlet; an article left
unfolded by a crash is folded by the next pass.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.store import Store
from monitor.store.stories import (
    NewMember,
    article_texts,
    indexed_articles,
    pending_articles,
    save_members,
)
from monitor.stories.fingerprint import FINGERPRINT_VERSION, Signature, fingerprint
from monitor.stories.index import FoldRules, Key, StoryIndex

logger = logging.getLogger(__name__)

# Stories older than this are closed: a new article starts a new story rather than join one
# from a month ago. Larger than FoldRules.max_days so that the date rule, not this, decides.
WINDOW_DAYS = 14


@dataclass(frozen=True, slots=True)
class FoldReport:
    folded: int  # articles given a story in this pass
    new_stories: int
    joined: int  # articles that joined an existing story (of this pass or an earlier one)


def load_index(store: Store, now: datetime, rules: FoldRules | None = None) -> StoryIndex:
    """The story index over the recent folded articles, from their stored signatures."""

    def fetch(keys: list[Key]) -> dict[Key, str]:
        return dict(article_texts(store, [int(k) for k in keys]))  # type: ignore[call-overload]

    index = StoryIndex(rules, fetch=fetch)
    rows = indexed_articles(store, now - timedelta(days=WINDOW_DAYS))
    # Signatures of an older recipe are recomputed from the text, read in one query.
    stale = [row.id for row in rows if row.fingerprint != FINGERPRINT_VERSION]
    texts = article_texts(store, stale)
    for row in rows:
        published = row.published or row.ingested_at.date()
        if row.fingerprint == FINGERPRINT_VERSION:
            index.add_known(row.id, row.story_id, Signature.from_bytes(row.signature), published)
        elif row.id in texts:
            fp = fingerprint(texts[row.id])
            index.add_known(row.id, row.story_id, fp.signature, published, fp)
    if stale:
        logger.info("recomputed %d story signature(s) made by an older fingerprint version", len(stale))
    return index


def fold_new_articles(store: Store, now: datetime, rules: FoldRules | None = None) -> FoldReport:
    """Give every stored article without a story one; return what happened."""
    pending = pending_articles(store)
    if not pending:
        return FoldReport(0, 0, 0)
    index = load_index(store, now, rules)
    members: list[NewMember] = []
    for article in pending:
        fp = fingerprint(article.text)
        published = article.published or article.ingested_at.date()
        decision = index.add(article.id, article.text, published, fp=fp)
        members.append(NewMember(
            article_id=article.id, story_id=int(decision.story),  # type: ignore[call-overload]
            matched_article_id=None if decision.matched is None else int(decision.matched),  # type: ignore[call-overload]
            jaccard=decision.jaccard, signature=fp.signature.to_bytes(), fingerprint=FINGERPRINT_VERSION,
            ingested_at=article.ingested_at,
        ))
    save_members(store, members, now)
    new = sum(1 for m in members if m.matched_article_id is None)
    logger.info("folded %d article(s): %d new story(ies), %d joined one", len(members), new, len(members) - new)
    return FoldReport(len(members), new, len(members) - new)
