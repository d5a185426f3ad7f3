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

The index is kept between passes of one process (`monitor run` polls every few
minutes; rebuilding 14 days of signatures each time grew with the history): the
next pass evicts what left the window, forgets all but the latest IDF_SAMPLE
articles for IDF, and goes on. It is rebuilt when the stored stories are not the
ones it made (another process folded or refolded meanwhile, or a pass failed).

`refold_articles` (`monitor refold`) applies the current rules to every stored
article, like `monitor reclassify` for topics: all stories are folded again, in
ingest order, batch by batch with the window and IDF of an ingest pass, and
replaced in one transaction.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass, field
from datetime import datetime

from monitor.store import Store
from monitor.store.stories import (
    NewMember,
    PendingArticle,
    article_texts,
    indexed_articles,
    pending_articles,
    replace_all_members,
    save_members,
    stories_state,
    story_ids,
)
from monitor.stories.event import event_profile
from monitor.stories.fingerprint import FINGERPRINT_VERSION, Signature, fingerprint, fingerprints
from monitor.stories.index import FoldRules, Key, NewArticle, StoredText, StoryIndex

logger = logging.getLogger(__name__)

# Stories older than this are closed (FoldRules.window_days): only their articles are loaded.
WINDOW_DAYS = FoldRules.window_days
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
    return _load_index(store, now, rules)[0]


def _load_index(store: Store, now: datetime, rules: FoldRules | None) -> tuple[StoryIndex, dict[int, StoredText]]:
    """The index, and the texts read at start-up (served from memory during the first pass, then dropped)."""
    texts: dict[int, StoredText] = {}

    def fetch(keys: list[Key]) -> dict[Key, StoredText]:
        missing = [int(k) for k in keys if k not in texts]  # type: ignore[call-overload]
        found = {k: _stored_text(article) for k, article in article_texts(store, missing).items()}
        return {**{k: texts[k] for k in keys if k in texts}, **found}

    index = StoryIndex(rules, fetch=fetch, idf_window=IDF_SAMPLE)
    rows = indexed_articles(store, now - index.rules.window)
    # Signatures of an older recipe and rows without keys are recomputed from the text, read in one
    # query; so are the latest IDF_SAMPLE articles, whose words teach IDF.
    stale = {row.id for row in rows if row.fingerprint != FINGERPRINT_VERSION or row.event_keys is None}
    texts.update({k: _stored_text(v)
                  for k, v in article_texts(store, stale | {r.id for r in rows[-IDF_SAMPLE:]}).items()})
    profiles = {k: event_profile(t.text, t.headline, t.published) for k, t in texts.items()}
    for row in rows:  # in ingest order, so that TermStats.trim forgets the oldest first
        if row.id in profiles:
            index.learn(profiles[row.id])
    for row in rows:
        published = row.published or row.ingested_at.date()
        if row.id in stale and row.id not in texts:
            continue  # deleted meanwhile
        fp = fingerprint(texts[row.id].text) if row.id in stale else None
        signature = fp.signature if fp else Signature.from_bytes(row.signature)
        keys = index.keys_of(profiles[row.id]) if row.event_keys is None else row.event_keys
        index.add_known(row.id, row.story_id, signature, published, fp, keys, profiles.get(row.id), row.ingested_at)
    if stale:
        logger.info("recomputed the story signature or keys of %d article(s) folded by an older version", len(stale))
    return index, texts


@dataclass(slots=True)
class _Kept:
    """A story index kept for the next pass, and the stored stories it was made with."""

    index: StoryIndex
    rules: FoldRules | None
    texts: dict[int, StoredText]  # read at start-up; emptied after the first pass
    state: tuple[object, ...] = field(default=())


# Store -> its kept index. Keyed by the Store object (one per process and database, as
# `monitor run` holds it), not by URL: a database dropped and made again under one URL
# (tests do) is another Store.
_kept: weakref.WeakKeyDictionary[Store, _Kept] = weakref.WeakKeyDictionary()


def kept_index(store: Store, now: datetime, rules: FoldRules | None = None) -> StoryIndex:
    """The index a pass folds into: the one kept from the previous pass when the stories are still its own."""
    kept = _kept.get(store)
    if kept is not None and kept.rules == rules and kept.state == stories_state(store):
        kept.index.evict(now - kept.index.rules.window)
        kept.index.stats.trim()
        return kept.index
    _kept.pop(store, None)
    index, texts = _load_index(store, now, rules)
    _kept[store] = _Kept(index, rules, texts)
    return index


def _after_pass(store: Store, index: StoryIndex) -> None:
    """Keep the index for the next pass, with no more texts in memory than a fresh start-up would hold."""
    index.release(keep_latest=IDF_SAMPLE)
    kept = _kept.get(store)
    if kept is not None and kept.index is index:
        kept.texts.clear()
        kept.state = stories_state(store)


def _fold(index: StoryIndex, articles: list[PendingArticle]) -> list[NewMember]:
    batch = [NewArticle(a.id, a.text, a.headline, a.published or a.ingested_at.date(), fp, a.ingested_at)
             for a, fp in zip(articles, fingerprints(a.text for a in articles), strict=True)]
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


def fold_new_articles(store: Store, now: datetime, rules: FoldRules | None = None) -> FoldReport:
    """Give every stored article without a story one; return what happened."""
    pending = pending_articles(store)
    if not pending:
        return FoldReport(0, 0, 0)
    index = kept_index(store, now, rules)
    try:
        members = _fold(index, pending)
        save_members(store, members, now)
    except BaseException:
        _kept.pop(store, None)  # the index holds decisions the database may not: rebuild next time
        raise
    _after_pass(store, index)
    new = sum(1 for m in members if m.story_id == m.article_id)
    logger.info("folded %d article(s): %d new story(ies), %d joined one", len(members), new, len(members) - new)
    return FoldReport(len(members), new, len(members) - new)


def refold_articles(store: Store, now: datetime, rules: FoldRules | None = None) -> RefoldReport:
    """Fold every stored article again with the current rules and replace the stories in one transaction."""
    everything = pending_articles(store, everything=True)
    before = story_ids(store, [a.id for a in everything])
    index = StoryIndex(rules, idf_window=IDF_SAMPLE)
    members: list[NewMember] = []
    for start in range(0, len(everything), REFOLD_BATCH):
        batch = everything[start:start + REFOLD_BATCH]
        # As an ingest pass of that time would: the window counted from the batch's first article.
        index.evict(batch[0].ingested_at - index.rules.window)
        index.stats.trim()
        members.extend(_fold(index, batch))
    replace_all_members(store, members, now)
    _kept.pop(store, None)
    moved = sum(1 for m in members if before.get(m.article_id) != m.story_id)
    report = RefoldReport(len(members), len(set(before.values())), len({m.story_id for m in members}), moved)
    logger.info("refolded %d article(s): %d stories before, %d after, %d article(s) moved", report.articles,
                report.stories_before, report.stories_after, report.moved)
    return report
