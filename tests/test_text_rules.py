"""One test per rule of the text stage: normalize, chrome, bylines, dates, outlets, joins, sentences."""

from __future__ import annotations

from datetime import date

import pytest

from monitor.text.chrome import is_chrome, strip_chrome
from monitor.text.dates import find_date
from monitor.text.metadata import (
    parse_lead_byline,
    parse_pdf_byline,
    parse_web_byline,
)
from monitor.text.normalize import display_width, display_widths, normalize, space_ratio
from monitor.text.outlets import outlet_for_domain
from monitor.text.paragraphs import Vocabulary, ends_sentence, is_terminal, join_paragraphs
from monitor.text.sentences import lead_summary, split_sentences
from monitor.text.spacing import fix_punctuation_spacing, needs_restoration


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("대표,\ufffd아토리서치", "대표, 아토리서치"),  # U+FFFD stood for a space
        ("4.8\ufffd규모로", "4.8 규모로"),
        ("밝혔다.\ufffd\n", "밝혔다.\n"),  # trailing stand-in space dropped
        ("줄\r\n바꿈\r끝", "줄\n바꿈\n끝"),
        ("\u00a0\n본문", "\n본문"),  # &nbsp; paragraphs become empty lines
        ("제로\u200b폭", "제로폭"),
        ("\u1112\u1161\u11ab", "한"),  # decomposed jamo -> NFC syllable
        ("  • 행정 의회", "• 행정 의회"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("text", "low"),
    [
        ("광주시는과학기술정보통신부와정보통신산업진흥원이주관하는사업에선정돼", True),
        ("광주시는 정부 지원을 받아 인공지능 융합 사업에 나선다고 8일 밝혔다.", False),
    ],
)
def test_space_ratio_separates_glued_text(text: str, low: bool) -> None:
    assert (space_ratio(text) < 0.15) is low
    assert needs_restoration(text) is low


def test_display_width_counts_hangul_double() -> None:
    assert display_width("광주 AI") == 7


def test_display_widths_of_a_page_match_each_line() -> None:
    """The page-at-once widths (Hangul by UTF-8 lead bytes, the rest by regex) equal the per-line ones."""
    lines = ["광주 AI", "부안 魁星 지진", "면적 30㎡·ｍ", "“디지털” 전환", "ꥠ 옛 자모", "abc 123"]
    assert display_widths(lines) == [display_width(line) for line in lines]


@pytest.mark.parametrize(
    "line",
    [
        "광고",
        "로고",
        "본문이미지",
        "도배방지 이미지",
        "메인화면으로",
        "• 페이스북 공유하기",
        "• 트위터 공유하기",
        "• 카카오스토리 공유하기",
        "• 인쇄하기",
        "• 본문 글씨 크게",
        "• 본문 글씨 작게",
        "• 행정 의회",
        "▲ 전주 한옥마을과 시내전경. /사진=픽사베이",
        "사진 설명 (사진=광주시 제공)",
        "-----",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "광고비 지원 사업을 확대한다고 밝혔다.",
        "광주시는 로고 공모전을 연다.",
        "• 지원 대상은 관내 거주 청년으로 한정한다",
        "전주, 거점형 스마트시티 선정…AI 선도도시 중추역할 수행",
    ],
)
def test_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_strip_chrome_drops_repeats_and_doubled_captions() -> None:
    caption = "윤석열 대통령이 지난해 12월23일 광주 북구 AI 집적단지에서 설명을 듣고 있다. 나건호 기자"
    lines = ["광고", "제목", "부제", "제목", caption, caption, "본문 첫 문단이다.", "부제"]
    assert strip_chrome(lines) == ["제목", "부제", "본문 첫 문단이다."]


@pytest.mark.parametrize(
    ("line", "before", "name", "domain"),
    [
        ("/이만호 기자", "", "이만호", None),
        ("다”고 말했다./이만호 기자", "다”고 말했다.", "이만호", None),
        ("이다. /이만호 기자", "이다.", "이만호", None),
        ("/박진표기자 lucky@kwangju.co.kr", "", "박진표", "kwangju.co.kr"),
        ("권을증정한다. /박진표기자 lucky@", "권을증정한다.", "박진표", None),
        ("/정병호기자 jusbh@kwangju.co.kr", "", "정병호", "kwangju.co.kr"),
    ],
)
def test_pdf_byline_forms(line: str, before: str, name: str, domain: str | None) -> None:
    byline = parse_pdf_byline(line)
    assert byline is not None
    assert (byline.before, byline.name, byline.domain) == (before, name, domain)


@pytest.mark.parametrize("line", ["날짜/시간 기자회견", "전국 기자 협회", "1/2 기자단", "http://a.kr/기자"])
def test_not_a_pdf_byline(line: str) -> None:
    assert parse_pdf_byline(line) is None


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("김선아 기자 | 기사입력 2025/06/20 [15:09]", "김선아"),
        ("최황지 기자", "최황지"),
        ("홍길동 기자 hong@jnilbo.com", "홍길동"),
    ],
)
def test_web_byline_forms(line: str, name: str) -> None:
    byline = parse_web_byline(line)
    assert byline is not None and byline.name == name


@pytest.mark.parametrize(
    ("paragraph", "outlet", "name", "rest"),
    [
        ("[동아경제신문=김선아 기자] 국회의원 정동영은", "동아경제신문", "김선아", "국회의원 정동영은"),
        ("(광주=뉴시스) 홍길동 기자 = 광주시가 8일", "뉴시스", "홍길동", "광주시가 8일"),
        ("광주시는 [사진] 행사를 열었다.", None, None, "광주시는 [사진] 행사를 열었다."),
    ],
)
def test_lead_byline_names_outlet(paragraph: str, outlet: str | None, name: str | None, rest: str) -> None:
    assert parse_lead_byline(paragraph) == (outlet, name, rest)


@pytest.mark.parametrize(
    ("domain", "outlet"),
    [
        ("kwangju.co.kr", "광주일보"),
        ("news.kwangju.co.kr", "광주일보"),
        ("KWANGJU.CO.KR", "광주일보"),
        ("example.com", None),
        (None, None),
        ("co.kr", None),
    ],
)
def test_outlet_from_email_domain(domain: str | None, outlet: str | None) -> None:
    assert outlet_for_domain(domain) == outlet


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("김선아 기자 | 기사입력 2025/06/20 [15:09]", date(2025, 6, 20)),
        ("게재 2022-09-27 17:40:01", date(2022, 9, 27)),
        ("입력 : 2024.3.5 10:00", date(2024, 3, 5)),
        ("등록일 2023-01-02", date(2023, 1, 2)),
        ("입력 2025/13/40 뒤 게재 2025-01-31", date(2025, 1, 31)),  # impossible date skipped
        ("2025년 6월 20일 지진이 났다", None),  # a date in the story is not the publication date
    ],
)
def test_publication_dates(text: str, expected: date | None) -> None:
    assert find_date(text) == expected


@pytest.mark.parametrize(
    ("line", "terminal", "sentence_end"),
    [
        ("점검을 실시할 계획이다.", True, True),
        ("를달성할계획이다", True, False),  # no stop: ends a paragraph, not a sure sentence
        ("AI 융합지역특화에너지효율화사업나선다", True, False),  # a headline
        ("진행 상황 점검을 비롯해 지원이 필요", False, False),  # `필요` is not `…요.`
        ("신규 희망 농업인을 오는 25일까", False, False),
        ("누고있다. <사진공동취재단>", True, True),
        ("기대한다.”고 했다.", True, True),
        ("온가족함께 FUN한광주!", False, False),  # `!` after a noun closes a name (`도전! 골든벨`)
    ],
)
def test_line_ends(line: str, terminal: bool, sentence_end: bool) -> None:
    assert is_terminal(line) is terminal
    assert ends_sentence(line) is sentence_end


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["전북특별자치도는 카카오엔터프라이", "즈 등과 협약을 맺었다."],
            "전북특별자치도는 카카오엔터프라이즈 등과 협약을 맺었다.",
        ),
        (["함께 추진 중인 사업의", "진행 상황을 밝혔다."], "함께 추진 중인 사업의 진행 상황을 밝혔다."),
        (["지난 12일 서울본부에", "서 간담회를 열었다."], "지난 12일 서울본부에서 간담회를 열었다."),
        (["결과를 주고 받았다고 13", "일 밝혔다."], "결과를 주고 받았다고 13일 밝혔다."),
        (["전북소재 공", "공기관들과 추진했다."], "전북소재 공공기관들과 추진했다."),
        (["효과를 볼 수", "있다."], "효과를 볼 수 있다."),
        (["지역 중소·", "벤처를 지원한다."], "지역 중소·벤처를 지원한다."),
        (["대표,", "아토리서치 대표가 왔다."], "대표, 아토리서치 대표가 왔다."),
        (["중대형 굴착기", "이다."], "중대형 굴착기이다."),
        (["청년 인재양", "성을 위해 힘쓴다."], "청년 인재양성을 위해 힘쓴다."),  # the page spells `인재양성` whole
    ],
)
def test_join_spaced_lines(lines: list[str], expected: str) -> None:
    vocab = Vocabulary(["공공기관 공통업무 시스템 구축 사업", "지역 인재양성 사업"])
    assert join_paragraphs(lines, glued=False, vocab=vocab) == [expected]


def test_join_glued_lines_leaves_spacing_to_kiwi() -> None:
    lines = [
        "광주시는 과학기술정보통신부와정보통신산업",
        "진흥원이주관하는사업에선정돼2023년까지2",
        "년간국비62억",
        "원을확보했다고8일밝혔다.",
        "다음문단이다.",
    ]
    assert join_paragraphs(lines, glued=True) == [
        "광주시는 과학기술정보통신부와정보통신산업진흥원이주관하는사업에선정돼"
        "2023년까지2년간국비62억원을확보했다고8일밝혔다.",
        "다음문단이다.",
    ]


def test_crosshead_starts_a_paragraph() -> None:
    lines = ["나서야한다고강조", "◇국가AI컴퓨팅센터구축 =이재명대통령은", "꼽았다."]
    assert join_paragraphs(lines, glued=True) == ["나서야한다고강조", "◇국가AI컴퓨팅센터구축 =이재명대통령은꼽았다."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("규모 4.8 지진이 났다. 피해를 조사했다.", ["규모 4.8 지진이 났다.", "피해를 조사했다."]),
        ("국비를 확보했다고 밝혔다.3년간 추진한다.", ["국비를 확보했다고 밝혔다.", "3년간 추진한다."]),  # glued
        ("5.18 유적지를 방문한다. 끝났다.", ["5.18 유적지를 방문한다.", "끝났다."]),
        ("그는 “잘 됐다. 고맙다.”고 말했다. 다음이다.", ["그는 “잘 됐다. 고맙다.”고 말했다.", "다음이다."]),
        ("홈페이지(www.광주아이키움.kr)에 올린다. 끝.", ["홈페이지(www.광주아이키움.kr)에 올린다.", "끝."]),
        ("정말 그럴까? 그렇다! 맞다.", ["정말 그럴까?", "그렇다!", "맞다."]),
        ("첫 문단이다.\n\n둘째 문단이다", ["첫 문단이다.", "둘째 문단이다"]),
        ("U.S. Steel 지분을 샀다.", ["U.S. Steel 지분을 샀다."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_lead_summary_takes_two_or_three_sentences() -> None:
    short = ["가다.", "나다.", "다다.", "라다."]
    assert lead_summary(short) == "가다. 나다. 다다."
    long = ["가" * 100 + "다.", "나" * 100 + "다.", "다다."]
    assert lead_summary(long) == " ".join(long[:2])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("밝혔다.3년간 추진한다", "밝혔다. 3년간 추진한다"),
        ("구성하고,지역기업", "구성하고, 지역기업"),
        ("1,000만원과 4.8 규모", "1,000만원과 4.8 규모"),
    ],
)
def test_punctuation_spacing(text: str, expected: str) -> None:
    assert fix_punctuation_spacing(text) == expected
