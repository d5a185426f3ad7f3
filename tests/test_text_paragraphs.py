"""Line joining of PDF newspaper columns: the separator at each break and where paragraphs end.

The cases are line breaks of the seeds (`/` marks the break in the comments), joined as
the page prints them elsewhere or as the language requires.
"""

from __future__ import annotations

import pytest

from monitor.text.paragraphs import Vocabulary, is_terminal, join_paragraphs

# Lines of a spaced page that teach its words: a narrow column has body lines of two words.
PAGE = [
    "업경영체는 한국농업기술진흥원의",
    "카카오엔터프라이즈, 하반기전북사무소개소예정",  # a glued sub-headline
    "지역 인재양성 사업을 밝혔다",
]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a particle or ending opens the line: it ends the word above
        (["국가가 공식적", "으로 인증한다."], "국가가 공식적으로 인증한다."),
        (["도심과 농촌지역", "에서 활용한다."], "도심과 농촌지역에서 활용한다."),
        (["대학교", "까지 지원한다."], "대학교까지 지원한다."),
        (["올해", "부터 시행한다."], "올해부터 시행한다."),
        (["기업들", "에게 지원한다."], "기업들에게 지원한다."),
        (["큰 장점이 있", "으며, 저렴하다."], "큰 장점이 있으며, 저렴하다."),
        (["평균", "보다는 높다."], "평균보다는 높다."),
        # one syllable and a particle opening the line: the syllable ends a cut word
        (["유지·보수 등 서비", "스를 지원받는다."], "유지·보수 등 서비스를 지원받는다."),
        (["시·군 농업부", "서에 신청한다."], "시·군 농업부서에 신청한다."),
        # the page spells the word whole on a line with one space
        (["8월 중 한국농업기술", "진흥원에서 발급한다."], "8월 중 한국농업기술진흥원에서 발급한다."),
        # a particle after a bracket or a Latin word
        (["인공지능(AI)", "를 활용한 사업이다."], "인공지능(AI)를 활용한 사업이다."),
    ],
)
def test_spaced_break_inside_a_word(lines: list[str], expected: str) -> None:
    assert join_paragraphs(lines, glued=False, vocab=Vocabulary(PAGE)) == [expected]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # real word boundaries at a break, as common as cut words: they keep their space
        (["함께 추진 중인 사업의", "진행 상황을 밝혔다."], "함께 추진 중인 사업의 진행 상황을 밝혔다."),
        (["△위험물질 화재", "등에 관한 위험도"], "△위험물질 화재 등에 관한 위험도"),  # `등` stands alone
        (["많은", "돈을 들였다."], "많은 돈을 들였다."),  # the word above ended itself
        (["값이", "보다 낮다."], "값이 보다 낮다."),  # `보다` is also an adverb
        (["또한 올해", "하반기까지 마련한다."], "또한 올해 하반기까지 마련한다."),
        (["인공지능(AI)", "이번 사업의 핵심이다."], "인공지능(AI) 이번 사업의 핵심이다."),
        # a glued sub-headline teaches no words: `하반기전북…` is two
        (["올해 하반기", "전북에 연다."], "올해 하반기 전북에 연다."),
    ],
)
def test_spaced_break_between_words(lines: list[str], expected: str) -> None:
    assert join_paragraphs(lines, glued=False, vocab=Vocabulary(PAGE)) == [expected]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a line ending in `다` without its stop cuts a word the article spells whole elsewhere
        (
            ["광주시는 일본센다이시와 교류한다.", "민간에서도청소년민박, 광주시축구단센다", "이방문, 교류도활발하다."],
            ["광주시는 일본센다이시와 교류한다.", "민간에서도청소년민박, 광주시축구단센다이방문, 교류도활발하다."],
        ),
        # ... and still ends a paragraph when it is a sentence without its stop
        (
            ["에너지를달성할계획이다", "광주시는 앞으로도 노력한다."],
            ["에너지를달성할계획이다", "광주시는 앞으로도 노력한다."],
        ),
        # `!` after a noun closes a name, not a sentence
        (
            ["시민홀에서 광주아이키움, 도전!", "아빠육아골든벨 대회도연다."],
            ["시민홀에서 광주아이키움, 도전! 아빠육아골든벨 대회도연다."],
        ),
        # a web address cut after a dot: the rest follows, unspaced, in the same paragraph
        (
            ["후기를홈페이지(www.광주아이키움.", "kr) 소통방에게시하면된다."],
            ["후기를홈페이지(www.광주아이키움.kr) 소통방에게시하면된다."],
        ),
        # a real sentence end still ends the paragraph
        (["국비를확보했다.", "이 대통령은 약속했다."], ["국비를확보했다.", "이 대통령은 약속했다."]),
    ],
)
def test_glued_paragraph_ends(lines: list[str], expected: list[str]) -> None:
    assert join_paragraphs(lines, glued=True) == expected


@pytest.mark.parametrize(
    ("line", "terminal"),
    [
        ("시민홀에서 광주아이키움, 도전!", False),
        ("온가족함께 FUN한광주!", False),
        ("정말 그렇다!", True),
        ("함께 가자!", True),
        ("정말 그럴까?", True),
        ("홈페이지(www.광주아이키움.", True),  # alone it ends; the next line (`kr)`) says otherwise
    ],
)
def test_exclamation_ends_a_sentence_only_after_an_ending(line: str, terminal: bool) -> None:
    assert is_terminal(line) is terminal


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["절감률10%", "를달성할계획이다."], "절감률10%를달성할계획이다."),  # seed 001
        (["인공지능(AI)", "를활용한다."], "인공지능(AI)를활용한다."),
        (["인공지능(AI)", "은행에도입한다."], "인공지능(AI) 은행에도입한다."),  # `은` begins words too
    ],
)
def test_glued_particle_after_a_mark_joins(lines: list[str], expected: str) -> None:
    assert join_paragraphs(lines, glued=True) == [expected]
