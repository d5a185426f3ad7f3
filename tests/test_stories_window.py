"""The 14-day window and the story index kept between passes.

Stories older than the window are closed at ingest, so a refold must close them too; a pass
folds into the index the previous pass of the same process left, evicting what left the
window, and rebuilds it when another process changed the stored stories.
"""

from __future__ import annotations

from datetime import timedelta

from monitor.store import Store
from monitor.store.stories import story_ids
from monitor.stories import FoldRules, StoryIndex
from monitor.stories.index import NewArticle
from monitor.stories.stored import fold_new_articles, kept_index, refold_articles
from tests.test_stories_fold import BASE, add_chrome, remove_spaces
from tests.test_stories_refold import DAY1, add

LATE = DAY1 + timedelta(days=FoldRules().window_days + 6)  # a copy that came in three weeks later


def test_a_refold_closes_the_stories_ingest_closed(store: Store) -> None:
    # Both copies show the same published date (add() dates them alike): only the window parts them.
    first = add(store, "web.txt", BASE, DAY1)
    fold_new_articles(store, DAY1)
    late = add(store, "pdf.txt", remove_spaces(BASE), LATE)
    fold_new_articles(store, LATE)
    assert story_ids(store, [first, late]) == {first: first, late: late}

    report = refold_articles(store, LATE + timedelta(hours=1))
    assert report.moved == 0
    assert story_ids(store, [first, late]) == {first: first, late: late}


def test_a_pass_folds_into_the_index_the_previous_pass_left(store: Store) -> None:
    first = add(store, "web.txt", BASE, DAY1)
    fold_new_articles(store, DAY1)
    index = kept_index(store, DAY1 + timedelta(hours=1))
    copy = add(store, "pdf.txt", remove_spaces(BASE), DAY1 + timedelta(hours=1))
    fold_new_articles(store, DAY1 + timedelta(hours=1))
    assert kept_index(store, DAY1 + timedelta(hours=2)) is index
    assert story_ids(store, [first, copy]) == {first: first, copy: first}
    # Three weeks on, both left the window: the kept index holds nothing, as a fresh start-up would.
    assert len(kept_index(store, LATE)) == 0


def test_the_kept_index_is_rebuilt_when_another_process_folded(sqlite_url: str) -> None:
    ours, theirs = Store.open(sqlite_url), Store.open(sqlite_url)  # two processes on one database
    try:
        fold_new_articles(ours, DAY1)
        index = kept_index(ours, DAY1)
        first = add(theirs, "web.txt", BASE, DAY1 + timedelta(hours=1))
        fold_new_articles(theirs, DAY1 + timedelta(hours=1))
        copy = add(ours, "chrome.txt", add_chrome(BASE), DAY1 + timedelta(hours=2))
        fold_new_articles(ours, DAY1 + timedelta(hours=2))
        # Ours did not know `first`; had it kept its index, the copy would have started a story.
        assert story_ids(ours, [first, copy]) == {first: first, copy: first}
        assert kept_index(ours, DAY1 + timedelta(hours=2)) is not index
    finally:
        ours.close()
        theirs.close()


def test_evicted_articles_are_no_candidates_and_leave_the_buckets() -> None:
    index = StoryIndex()
    other = "다른 기사의 본문입니다. " * 20
    index.fold_batch([NewArticle(1, BASE, ingested=DAY1), NewArticle(2, other, ingested=DAY1)])
    assert index.evict(LATE - FoldRules().window) == 2
    assert len(index) == 0
    later = index.fold_batch([NewArticle(3, remove_spaces(BASE), ingested=LATE)])
    assert later[0].story == 3 and later[0].matched is None
    # Within the window, the same copy joins.
    index.fold_batch([NewArticle(4, BASE, ingested=LATE)])
    assert index.fold_batch([NewArticle(5, add_chrome(BASE), ingested=LATE)])[0].story == 3
