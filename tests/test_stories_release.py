"""Between passes the story index forgets shingles and profiles, but not those of what it fetched last."""

from __future__ import annotations

from datetime import UTC, datetime

from monitor.stories.fingerprint import fingerprint
from monitor.stories.index import NewArticle, StoredText, StoryIndex
from tests.test_stories_term_codes import TEXTS

T0 = datetime(2025, 6, 20, tzinfo=UTC)


def test_an_older_article_fetched_to_compare_stays_held_for_the_next_passes() -> None:
    # The same older articles come back as candidates pass after pass: each fetch read the text
    # and computed its shingles and profile again (27,401 fetches of 8,008 articles at 50,000).
    fetched: list[int] = []

    def fetch(keys):  # type: ignore[no-untyped-def]
        fetched.extend(keys)
        return {key: StoredText(TEXTS[0]) for key in keys}

    index = StoryIndex(fetch=fetch)
    index.add_known(0, 0, fingerprint(TEXTS[0]).signature, None, keys=(), ingested=T0)  # as loaded at start-up
    for n, text in enumerate(TEXTS[1:], 1):  # unrelated articles after it, held as new ones are
        index.fold_batch([NewArticle(n, text, ingested=T0)])
    index.fold_batch([NewArticle(10, TEXTS[0], ingested=T0)])  # a copy: the stored article is fetched
    assert fetched == [0] and index.story_of(10) == 0
    index.release(keep_latest=2)
    assert index._entries[0].fp is not None  # fetched last: held
    assert index._entries[1].fp is None  # neither among the latest two nor fetched
    index.fold_batch([NewArticle(11, TEXTS[0], ingested=T0)])
    assert fetched == [0] and index.story_of(11) == 0
