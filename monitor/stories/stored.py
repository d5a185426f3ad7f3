"""Fold newly stored articles into the stories kept in the database; refold them all.

Start-up rebuilds the story index from what is stored with each folded article
of the last `WINDOW_DAYS`: its MinHash signature (for copies) and its event keys
(for rewrites), without reading every text. IDF needs the words of many
articles, so it is learned from the pending batch plus the texts of the latest
`IDF_SAMPLE` stored articles (a bounded read), and a candidate's text is read
when it first comes up. Then every article without a story is folded as one
batch (StoryIndex.fold_batch) and the decisions are saved in one transaction. A
story first seen yesterday thereby gains today's outlet; an article left
unfolded by a crash is folded by the next pass.

`refold_articles` (`monitor refold`) applies the current rules to every stored
article, like `monitor reclassify` for topics: all stories are folded again, in
ingest order, and replaced in one transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.store import Store
from monitor.store.stories import (
    NewMember,
    PendingArticle,
    article_texts,
    indexed_articles,
    pending_articles,
    replace_all_members,
    save_members,
    story_ids,
)
from monitor.stories.event import event_profile
from monitor.stories.fingerprint import FINGERPRINT_VERSION, Signature, fingerprint
from monitor.stories.index import FoldRules, Key, NewArticle, StoredText, StoryIndex

logger = logging.getLogger(__name__)

# Stories older than this are closed: a new article starts a new story rather than join one
# from a month ago. Larger than EventRules.max_days so that the date rule, not this, decides.
WINDOW_DAYS = 14
# Stored articles whose words teach IDF at start-up: enough for boilerplate to show as common.
IDF_SAMPLE = 2000
# A refold goes through the stored articles in ingest order, this many at a time, as ingest passes do.
REFOLD_BATCH = 1000


@dataclass(frozen=True, slots=True)
class FoldReport:
    folded: int  # articles given a story in this pass
    new_stories: int
    joined: int  # articles that joined an existing story (of this pass or an earlier one)


@dataclass(frozen=True, slots=True)
class RefoldReport:
    articles: int
    stories_before: int
    stories_after: int
    moved: int  # articles whose story changed


def _stored_text(article: PendingArticle) -> StoredText:
    return StoredText(article.text, article.headline, article.published or article.ingested_at.date())


def load_index(store: Store, now: datetime, rules: FoldRules | None = None) -> StoryIndex:
    """The story index over the recent folded articles, from their stored signatures and keys."""

    def fetch(keys: list[Key]) -> dict[Key, StoredText]:
        # The texts read below for IDF are served from memory: a candidate among them is not read twice.
        missing = [int(k) for k in keys if k not in texts]  # type: ignore[call-overload]
        found = {k: _stored_text(article) for k, article in article_texts(store, missing).items()}
        return {**{k: texts[k] for k in keys if k in texts}, **found}

    index = StoryIndex(rules, fetch=fetch)
    rows = indexed_articles(store, now - timedelta(days=WINDOW_DAYS))
    # Signatures of an older recipe and rows without keys are recomputed from the text, read in one
    # query; so are the latest IDF_SAMPLE articles, whose words teach IDF.
    stale = {row.id for row in rows if row.fingerprint != FINGERPRINT_VERSION or row.event_keys is None}
    texts = {k: _stored_text(v) for k, v in article_texts(store, stale | {r.id for r in rows[-IDF_SAMPLE:]}).items()}
    profiles = {k: event_profile(t.text, t.headline, t.published) for k, t in texts.items()}
    for profile in profiles.values():
        index.learn(profile)
    for row in rows:
        published = row.published or row.ingested_at.date()
        if row.id in stale and row.id not in texts:
            continue  # deleted meanwhile
        fp = fingerprint(texts[row.id].text) if row.id in stale else None
        signature = fp.signature if fp else Signature.from_bytes(row.signature)
        keys = index.keys_of(profiles[row.id]) if row.event_keys is None else row.event_keys
        index.add_known(row.id, row.story_id, signature, published, fp, keys, profiles.get(row.id))
    if stale:
        logger.info("recomputed the story signature or keys of %d article(s) folded by an older version", len(stale))
    return index


def _fold(index: StoryIndex, articles: list[PendingArticle]) -> list[NewMember]:
    batch = [NewArticle(a.id, a.text, a.headline, a.published or a.ingested_at.date(), fingerprint(a.text))
             for a in articles]
    members = []
    for item, article, decision in zip(batch, articles, index.fold_batch(batch), strict=True):
        assert item.fp is not None
        members.append(NewMember(
            article_id=article.id, story_id=int(decision.story),  # type: ignore[call-overload]
            matched_article_id=None if decision.matched is None else int(decision.matched),  # type: ignore[call-overload]
            jaccard=decision.jaccard, signature=item.fp.signature.to_bytes(), fingerprint=FINGERPRINT_VERSION,
            ingested_at=article.ingested_at, event_keys=index.keys_stored(article.id),
            score=decision.score if decision.matched is not None else None,
        ))
    return members


class PassFolder:
    """Folds the articles of one ingest pass as they are stored, batch by batch, into one index.

    The index is loaded from the database once, at the first batch; each batch's articles
    join it, so a copy stored in a later batch of the pass still finds them.
    """

    def __init__(self, store: Store, now: datetime, rules: FoldRules | None = None) -> None:
        self.store, self.now, self.rules = store, now, rules
        self._index: StoryIndex | None = None

    def fold(self) -> FoldReport:
        """Give every stored article without a story one; return what happened."""
        pending = pending_articles(self.store)
        if not pending:
            return FoldReport(0, 0, 0)
        if self._index is None:
            self._index = load_index(self.store, self.now, self.rules)
        members = _fold(self._index, pending)
        save_members(self.store, members, self.now)
        new = sum(1 for m in members if m.story_id == m.article_id)
        logger.info("folded %d article(s): %d new story(ies), %d joined one", len(members), new, len(members) - new)
        return FoldReport(len(members), new, len(members) - new)


def fold_new_articles(store: Store, now: datetime, rules: FoldRules | None = None) -> FoldReport:
    """Give every stored article without a story one; return what happened."""
    return PassFolder(store, now, rules).fold()


def refold_articles(store: Store, now: datetime, rules: FoldRules | None = None) -> RefoldReport:
    """Fold every stored article again with the current rules and replace the stories in one transaction."""
    everything = pending_articles(store, everything=True)
    before = story_ids(store, [a.id for a in everything])
    index = StoryIndex(rules)
    members = [m for start in range(0, len(everything), REFOLD_BATCH)
               for m in _fold(index, everything[start:start + REFOLD_BATCH])]
    replace_all_members(store, members, now)
    moved = sum(1 for m in members if before.get(m.article_id) != m.story_id)
    report = RefoldReport(len(members), len(set(before.values())), len({m.story_id for m in members}), moved)
    logger.info("refolded %d article(s): %d stories before, %d after, %d article(s) moved", report.articles,
                report.stories_before, report.stories_after, report.moved)
    return report
