"""Site chrome around a scraped article: breadcrumbs, the footer, lists of other articles."""

from __future__ import annotations

import pytest

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.chrome import is_copyright, is_furniture, strip_chrome
from monitor.text.outlets import notice_outlet
from monitor.topics import load_topics
from tests.conftest import CONFIG

BODY = [
    "[광주일보=홍길동 기자] 광주시는 인공지능 데이터센터 2단계 사업에 착수한다고 20일 밝혔다.",
    "시는 올해 국비 100억원을 확보했다.",
]
# A scraped page as sites print it: trail, title, share buttons, stamp, body, footer.
PAGE = [
    "홈 > 정치 > 행정",
    "광주시, AI 데이터센터 2단계 착수",
    "• 페이스북 공유하기",
    "기사입력 2025/06/20 [15:09]",
    *BODY,
    "주요 내용은 다음과 같다.",
    "• 전기차 충전",
    "• 스마트 가로등",
    "홍길동 기자 hong@kwangju.co.kr",
    "<저작권자 ⓒ 광주일보 무단전재 및 재배포 금지>",
    "관련기사",
    "부산 에코델타 스마트시티 입주 시작",
    "많이 본 뉴스",
    "1 환경부 전기차 보조금 지급",
]


def _article(lines: list[str]):
    [article] = extract_articles(RawDocument("page.txt", "page.txt", "\n".join(lines) + "\n", "h"))
    return article


def test_page_keeps_title_body_and_list_but_not_trail_or_footer() -> None:
    article = _article(PAGE)
    assert article.headline == "광주시, AI 데이터센터 2단계 착수"
    assert article.byline == "홍길동"
    assert article.outlet == "광주일보"
    assert "• 전기차 충전" in article.text and "• 스마트 가로등" in article.text
    for footer in ("저작권자", "관련기사", "에코델타", "많이 본", "보조금"):
        assert footer not in article.text


def test_footer_headlines_do_not_match_topics() -> None:
    topics = load_topics(CONFIG / "topics.toml")
    assert topics.accepted_ids(_article(PAGE)) == ["ai_hubs"]


def test_bulleted_short_lines_are_breadcrumbs_only_in_the_header() -> None:
    lines = ["• 행정 의회", "제목", "본문 첫 문단이다.", "• 행정 의회", "• 전기차 충전"]
    assert strip_chrome(lines) == ["제목", "본문 첫 문단이다.", "• 행정 의회", "• 전기차 충전"]


def test_copyright_before_the_body_is_dropped_but_does_not_end_the_page() -> None:
    assert strip_chrome(["Copyright © 광주일보", "제목", "본문이다.", "둘째 문단이다."]) == [
        "제목",
        "본문이다.",
        "둘째 문단이다.",
    ]


def test_an_article_list_inside_the_body_is_dropped_up_to_the_next_paragraph() -> None:
    lines = ["제목", "첫 문단이다.", "관련기사", "다른 기사 제목 하나", "다른 기사 제목 둘", "둘째 문단이다."]
    assert strip_chrome(lines) == ["제목", "첫 문단이다.", "둘째 문단이다."]


@pytest.mark.parametrize(
    "line",
    ["[관련기사] 광주 AI 데이터센터 준공", "▶ 관련기사: 전주 스마트시티 선정", "이 기자의 다른 기사 보기"],
)
def test_one_line_article_links_are_dropped(line: str) -> None:
    assert strip_chrome(["제목", "첫 문단이다.", line, "둘째 문단이다."]) == ["제목", "첫 문단이다.", "둘째 문단이다."]


@pytest.mark.parametrize(
    "line",
    [
        "관련기사를 보면 사업비가 늘었다.",  # the heading word inside a sentence
        "주요 뉴스 가운데 하나는 예산안 통과였다.",
        "홈 화면에서 신청하면 된다.",
    ],
)
def test_sentences_with_list_words_are_body(line: str) -> None:
    assert strip_chrome(["제목", "첫 문단이다.", line]) == ["제목", "첫 문단이다.", line]


@pytest.mark.parametrize(
    ("line", "notice"),
    [
        ("<저작권자 ⓒ 광주일보 무단전재 및 재배포 금지>", True),
        ("Copyright ⓒ 광주일보. All rights reserved.", True),
        ("무단전재 및 재배포 금지", True),
        ("© 2025 동아경제신문", True),
        ("시는 기사를 무단 전재한 업체를 고발했다.", False),  # a sentence about copyright
        ("저작권 보호 기간을 늘린다.", False),
    ],
)
def test_copyright_notices(line: str, notice: bool) -> None:
    assert is_copyright(line) is notice


def test_a_caption_credited_to_a_photographer_is_not_the_lead() -> None:
    caption = "윤석열 대통령이 지난해 광주 AI 집적단지에서 설명을 듣고 있다. 나건호 기자"
    article = _article(["광주 AI 2단계 시급", caption, "광주시가 2단계 사업 지원을 촉구했다.", "최황지 기자"])
    assert article.text == "광주시가 2단계 사업 지원을 촉구했다."
    assert article.byline == "최황지"


def test_a_byline_run_into_the_last_paragraph_is_the_byline() -> None:
    article = _article(["제목", "광주시가 사업을 시작한다고 밝혔다.", "시는 예산을 확보했다. 홍길동 기자"])
    assert article.text == "광주시가 사업을 시작한다고 밝혔다.\n\n시는 예산을 확보했다."
    assert article.byline == "홍길동"


def test_a_paragraph_naming_a_reporter_mid_sentence_stays() -> None:
    line = "시는 이날 홍길동 기자와 만나 사업을 설명했다."
    article = _article(["제목", line, "둘째 문단이다."])
    assert article.text == f"{line}\n\n둘째 문단이다."


# A page of a CMS theme many regional papers share: skip links, a section label above the title,
# a labelled byline, share buttons labelled "(으)로 기사보내기", font buttons, a comment box.
CMS_PAGE = [
    "상단영역", "본문영역", "기사본문", "정치",
    "광주시, AI 데이터센터 2단계 착공", "국비 100억 확보…2027년 완공 목표",
    "기자명 홍길동 기자", "입력 2025.06.20 15:09", "수정 2025.06.20 16:00", "댓글 0",
    "SNS 기사보내기", "페이스북(으)로 기사보내기", "URL복사(으)로 기사보내기", "다른 공유 찾기", "기사스크랩하기",
    "본문 글씨 키우기", "본문 글씨 줄이기",
    *BODY[1:],
    "광주시는 올해 안에 기업 입주 공모를 진행할 예정이다.",
    "홍길동 기자 다른기사 보기",
    "저작권자 © 광주일보 무단전재 및 재배포 금지",
    "개의 댓글", "댓글 정렬", "최신순", "추천순", "내 댓글 모음",
]


def test_a_cms_theme_page_gives_title_byline_outlet_and_body_only() -> None:
    article = _article(CMS_PAGE)
    assert article.headline == "광주시, AI 데이터센터 2단계 착공"
    assert article.subheadlines == ("국비 100억 확보…2027년 완공 목표",)
    assert (article.byline, article.outlet, str(article.published)) == ("홍길동", "광주일보", "2025-06-20")
    assert article.text == f"{BODY[1]}\n\n광주시는 올해 안에 기업 입주 공모를 진행할 예정이다."


@pytest.mark.parametrize(
    ("notice", "outlet"),
    [
        ("저작권자 © 광주일보 무단전재 및 재배포 금지", "광주일보"),
        ("Copyright ⓒ 동아경제신문 All rights reserved.", "동아경제신문"),
        ("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>", "연합뉴스"),
        ("Copyright © 2025 무등일보. All rights reserved.", "무등일보"),
    ],
)
def test_the_copyright_notice_names_the_outlet(notice: str, outlet: str) -> None:
    assert _article(["제목", *BODY[1:], notice]).outlet == outlet


def test_a_sentence_about_copyright_names_no_outlet() -> None:
    assert notice_outlet(["저작권자들은 이번 개정안에 반대한다고 밝혔다."]) is None


def test_a_photo_credit_inside_the_body_does_not_end_the_article() -> None:
    footer = "ⓒ 광주일보 무단전재 및 재배포 금지"
    lines = ["제목", "첫 문단이다.", "ⓒ뉴스1", "© 광주시", "둘째 문단이다.", footer, "꼬리"]
    assert strip_chrome(lines) == ["제목", "첫 문단이다.", "둘째 문단이다."]


def test_a_ranking_printed_above_the_article_ends_at_the_title() -> None:
    ranking = ["많이 본 뉴스", "1 전남도, 섬 지역 의료 지원 확대", "2 광주 복합쇼핑몰 부지 선정"]
    lines = [*ranking, "광주시, AI 데이터센터 착공", "광주시는 데이터센터를 착공했다고 밝혔다."]
    assert strip_chrome(lines) == ["광주시, AI 데이터센터 착공", "광주시는 데이터센터를 착공했다고 밝혔다."]


def test_a_ranking_after_the_body_goes_with_everything_up_to_the_next_paragraph() -> None:
    lines = ["제목", "첫 문단이다.", "많이 본 뉴스", "1 전남도, 섬 지역 의료 지원 확대", "회사소개", "개인정보처리방침"]
    assert strip_chrome(lines) == ["제목", "첫 문단이다."]


@pytest.mark.parametrize(
    "line",
    [
        "착공식에서 첫 삽을 뜨는 참석자들 |",  # a caption cell closed by its bar
        "조감도 / 자료=광주시",
        "착공식 모습(광주시 제공. 재판매 및 DB금지)",
        "2025년 사업 선정 결과.(국토교통부 제공)",
        "20일 참석자들이 기념 촬영을 하고 있다. /광주시",
        "이미지 확대 착공식 모습. 광주시 제공 닫기 이미지 확대 보기 착공식 모습. 광주시 제공",
        "컨텐츠로 건너뛰기",
        "이 기사를 공유합니다",
        "가나다일보 언론사 이미지",
    ],
)
def test_captions_and_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        # A long paragraph of the body ending with its photo's credit stays.
        "광주시는 20일 착공식을 열었다. " * 15 + "(사진=광주시 제공)",
        "시는 2025/2026 회계연도 예산을 편성했다.",
        "광주시, AI 데이터센터 착공",
    ],
)
def test_not_captions(line: str) -> None:
    assert not is_furniture(line)
