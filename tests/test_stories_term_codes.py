"""The story index files each article under integer term codes, and says its terms back as text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from monitor.stories.event import bigram_code
from monitor.stories.index import NewArticle, StoryIndex
from monitor.stories.similarity import ENTITY_BIT, term_code

T0 = datetime(2025, 6, 20, tzinfo=UTC)
TEXTS = [
    "광주시는 인공지능 데이터센터 구축에 국비 62억원을 확보했다고 8일 밝혔다. 센터는 2027년 문을 연다.",
    "전남도는 전기굴착기 120대 구매를 지원한다고 13일 밝혔다. 도는 올해 예산 30억원을 투입한다.",
    "울산시는 수소 버스 45대를 도입한다고 2일 밝혔다. 시는 충전소 3곳도 새로 짓는다.",
]


def test_bigrams_keep_their_code_and_other_terms_get_one_of_their_own() -> None:
    assert term_code("광주") == bigram_code("광주") < 1 << 32
    entities = [term_code(term) for term in ("#120대", "₩6200000000", "@광주", "@전남")]
    assert all(code >= ENTITY_BIT for code in entities) and len(set(entities)) == 4


def test_the_terms_an_article_is_filed_under_are_said_back_as_text_and_load_again() -> None:
    index = StoryIndex()
    index.fold_batch([NewArticle(i, text, ingested=T0) for i, text in enumerate(TEXTS)])
    stored = {i: index.keys_stored(i) for i in range(len(TEXTS))}
    assert all(len(keys) == index.rules.keys_per_article for keys in stored.values())
    # Figures, amounts and places are among the heaviest terms, and come back as themselves.
    assert any(key[0] in "#₩@" for keys in stored.values() for key in keys)
    assert all(len(key) == 2 for keys in stored.values() for key in keys if key[0] not in "#₩@")
    rebuilt = StoryIndex()
    for i in range(len(TEXTS)):
        rebuilt.add_known(i, i, index._entries[i].signature, None, keys=stored[i], ingested=T0)
    assert {i: rebuilt.keys_stored(i) for i in range(len(TEXTS))} == stored


def test_an_eviction_forgets_the_names_only_evicted_articles_used() -> None:
    index = StoryIndex()
    index.fold_batch([NewArticle(0, TEXTS[0], ingested=T0)])
    later = T0 + index.rules.window + timedelta(days=1)
    index.fold_batch([NewArticle(1, TEXTS[1], ingested=later)])
    kept = index.keys_stored(1)
    gone = [key for key in index.keys_stored(0) if key[0] in "#₩@" and key not in kept]
    assert gone
    index.evict(later - index.rules.window)  # article 0 leaves: as many evicted as left, so a rebuild
    assert 0 not in index and index.keys_stored(1) == kept
    assert not {term_code(key) for key in gone} & index._entity_names.keys()

