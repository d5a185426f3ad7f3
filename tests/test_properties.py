"""Property tests: any text through the pipeline, any topics file through the loader.

The pipeline must take whatever a source sends (PDF debris, control characters, no
whitespace at all) without an exception and without adding damage of its own; the topics
loader either loads a file or refuses it with the one-line error. Any such text, repeated ten
times, costs about ten times the CPU time (`tests/test_text_linear.py` pins the same on 1 MB).
"""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitor.errors import ConfigError
from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.topics import load_topics

# What news text and its damage are made of, so that examples reach the interesting paths.
PIECES = st.sampled_from([
    "광주시는", "스마트시티", "인공지능(AI)", "데이터센터", "전기차", "보조금", "국비 80억원", "지원한다고",
    "밝혔다.", "기자", "/김선아 기자", "[더팩트ㅣ고성=이경구 기자]", "(서울=뉴스1)", "입력 2025.06.19",
    "ⓒ 무단전재 및 재배포 금지", "▲", "…", "\ufffd", "\u3000", "\t", "\n", "\n\n", " ", "=", "-", "·", "“", "”",
    "2025-03-16", "16일", "AI", "www.example.kr", "\x00", "\x1b[2J", "\r\n", "\u200b", "ﬁ", "Ａ", "①",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=80).map("".join)
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def _doc(text: str) -> RawDocument:
    return RawDocument("prop.txt", "prop.txt", text, hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_goes_through_without_adding_damage(text: str) -> None:
    for article in extract_articles(_doc(text)):
        for field in (article.text, article.summary, article.headline or "", *article.subheadlines):
            assert not CONTROLS.search(field)
            if "\ufffd" not in text:
                assert "\ufffd" not in field


REPEAT_BYTES = 10_000, 100_000  # a text is repeated to these sizes and timed
MAX_REPEAT_RATIO = 30  # linear is 10, quadratic 100; small times are noisy
MIN_TIMED = 0.02  # seconds: below this the small run's time is rounded up


def _repeated(text: str, size: int) -> str:
    return text * (size // max(len(text.encode("utf-8", "surrogatepass")), 1) + 1)


def _cpu_seconds(text: str) -> float:
    start = time.process_time()
    extract_articles(_doc(text))
    return time.process_time() - start


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(max_size=12)), min_size=1, max_size=40).map("".join))
def test_any_text_costs_time_linear_in_its_length(text: str) -> None:
    small, large = (_cpu_seconds(_repeated(text, size)) for size in REPEAT_BYTES)
    assert large <= MAX_REPEAT_RATIO * max(small, MIN_TIMED), f"{small:.3f} s, then {large:.3f} s for {text!r}"


TOPIC_LINES = st.sampled_from([
    "[[topic]]", 'id = "t"', 'id = "T!"', 'name = "주제"', "name = 3", 'keywords = ["스마트시티"]', "keywords = []",
    'keywords = ["@nope"]', 'exclude = ["스마트폰"]', "require = [[]]", 'require = [["AI"], ["데이터센터"]]',
    "min_score = -1", "min_score = 4", "[defaults]", "max_repeats = 0", "[synonyms]", 'ai = ["AI", "인공지능"]',
    "[concepts]", 'car = ["전기차", "수소차"]', 'rules = [{ all = ["@car", "보조금"], near = 20 }]',
    'rules = [{ all = [] }]', 'rules = [{ all = ["@car"], near = "paragraph" }]',
    'rules = [{ all = ["x"], where = "top" }]',
    'keywords = [{ term = "AI", weight = 0 }]', 'keywords = ["설치비*"]', 'keywords = ["*"]', "x = 1", "[[", "= =",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(TOPIC_LINES, max_size=14))
def test_any_topics_file_loads_or_fails_with_one_line(tmp_path_factory, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    path = Path(tmp_path_factory.mktemp("topics")) / "topics.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        load_topics(path)
    except ConfigError as e:
        message = str(e)
        assert "\n" not in message and message.startswith(str(path))
