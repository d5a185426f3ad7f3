"""Glued headline runs on normally spaced pages, spaced with the words their own body spells."""

from __future__ import annotations

import pytest

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.headlines import space_glued_runs

BODY = (
    "전북특별자치도는 ‘2024년 저탄소 농산물 인증 지원사업’에 참여할 농가를 모집한다고 밝혔다. "
    "건설기계 가운데 친환경 전환 대상은 전기굴착기다."
)


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        # Longest word first; `지원` starts `지원사업`, `농가` starts `농가를`.
        ("저탄소농산물인증지원농가모집", "저탄소 농산물 인증 지원 농가 모집"),
        # Syllables no body word starts with stay glued to what precedes them (particles) ...
        ("전북자치도, 건설기계도친환경농산물", "전북자치도, 건설기계도 친환경 농산물"),
        # ... but a closing particle after a word ends it when two syllables or more follow
        # (`전환` starts no body word here).
        ("전북자치도, 건설기계도친환경으로전환", "전북자치도, 건설기계도 친환경으로 전환"),
        ("인증농가모집에최선", "인증 농가 모집에 최선"),
        ("인증농가모집에서울", "인증 농가 모집에 서울"),
        # One syllable after the particle is not a word of its own.
        ("인증농가모집에선", "인증 농가 모집에선"),
        # Particles that also begin nouns do not end a word (`의료` here).
        ("인증농가모집의료기", "인증 농가 모집의료기"),
        # A run the body spells whole stays whole.
        ("전북특별자치도", "전북특별자치도"),
        # Runs under six syllables are left alone, even when the body could split them.
        ("농산물인증", "농산물인증"),
        # A word after a stretch the body does not spell is not split off (`탄소` starts no word).
        ("탄소농산물인증지원", "탄소농산물인증지원"),
        # ... nor after more than two unknown syllables following a word (`농가` + `모이는`);
        # the piece then ends in a word again (`인증`), so the next one is split off.
        ("농가모이는인증지원", "농가모이는인증 지원"),
        # Nothing the body can justify: the run stays glued.
        ("도민들의일상생활복귀", "도민들의일상생활복귀"),
        # Spaced headlines and non-Hangul parts pass through.
        ("전북, 저탄소 농산물 인증 3,000농가 모집", "전북, 저탄소 농산물 인증 3,000농가 모집"),
    ],
)
def test_space_glued_runs(headline: str, expected: str) -> None:
    assert space_glued_runs(headline, BODY) == expected


def test_single_syllable_body_words_do_not_split() -> None:
    # `도` and `의` stand alone in the body, but one syllable is as likely a particle.
    assert space_glued_runs("도민들의안전한생활", "도 의 민 안 생") == "도민들의안전한생활"


def test_body_word_after_a_digit_is_not_spelled_with_a_space() -> None:
    # `5억원지원` spells `억원지원` glued to a number: no word starts there, so `사업` is followed
    # by four unknown syllables and `공모` is not split off.
    assert space_glued_runs("사업억원지원공모", "사업 5억원지원 공모") == "사업억원지원공모"
    assert space_glued_runs("사업억원지원공모", "사업 억원지원 공모") == "사업 억원지원 공모"


def test_extract_articles_spaces_a_glued_headline_of_a_spaced_page() -> None:
    text = f"전북도, 저탄소농산물인증지원농가모집\n\n{BODY}\n"
    doc = RawDocument("a.txt", "a.txt", text, "h")
    [article] = extract_articles(doc)
    assert article.headline == "전북도, 저탄소 농산물 인증 지원 농가 모집"
    assert not article.spacing_restored


# -- which line above the body is the headline (made-up pages) --------------------------------

LEAD = "광주시는 20일 북구에서 AI 데이터센터 2단계 착공식을 열고 공사에 들어갔다고 밝혔다."
SECOND = "시는 올해 국비 100억원을 포함해 모두 300억원을 투입한다고 설명했다."


def _heads(*header: str) -> tuple[str | None, tuple[str, ...], str]:
    text = "\n".join([*header, LEAD, SECOND]) + "\n"
    [article] = extract_articles(RawDocument("page.txt", "page.txt", text, "h"))
    return article.headline, article.subheadlines, article.text


@pytest.mark.parametrize(
    ("header", "headline", "decks"),
    [
        # Menus, skip links and section names are never the headline.
        (["탑배너 닫기", "본문 바로가기", "부동산 정책", "광주시, AI 센터 착공"], "광주시, AI 센터 착공", ()),
        (["컨텐츠로 건너뛰기", "뉴스 지역뉴스", "광주시, AI 데이터센터 착공"], "광주시, AI 데이터센터 착공", ()),
        # Image alt text of one word above the headline.
        (["광주광역시청", "AI 데이터센터 2단계 착공…2027년 완공 목표", "입력 2025.06.20 10:00"],
         "AI 데이터센터 2단계 착공…2027년 완공 목표", ()),
        # A photo caption closed by its bar, or credited, is no headline.
        (["착공식에서 첫 삽을 뜨는 참석자들 |"], None, ()),
        (["착공식 조감도 / 자료=광주시"], None, ()),
        # Decks without their headline: figures and details, no actor named.
        (["국비 100억 등 300억 투입", "2027년 완공 목표"], None, ("국비 100억 등 300억 투입", "2027년 완공 목표")),
        (["대당 최대 1600만 원 보조"], None, ("대당 최대 1600만 원 보조",)),
        # A headline names who acts: a place, a subject with a comma, an institution.
        (["광주시, AI 데이터센터 착공", "국비 100억 투입"], "광주시, AI 데이터센터 착공", ("국비 100억 투입",)),
        (["과기정통부 AI 데이터센터 2단계 착공"], "과기정통부 AI 데이터센터 2단계 착공", ()),
        (["“AI 중심도시 이제 시작이다”"], "“AI 중심도시 이제 시작이다”", ()),
        # A headline over its much shorter decks, even without an actor.
        (["새벽 지하주차장 화재로 480가구 전기 끊기고 차량 140대 피해", "8시간 만에 진화", "주민 긴급 대피"],
         "새벽 지하주차장 화재로 480가구 전기 끊기고 차량 140대 피해", ("8시간 만에 진화", "주민 긴급 대피")),
        # A byline or date stamp after the lines: the block has a headline, the first line.
        (["국비 100억 등 300억 투입", "홍길동 기자", "입력 2025.06.20"], "국비 100억 등 300억 투입", ()),
        (["딥페이크 만든 고교생 2명 입건", "- 홍길동 기자"], "딥페이크 만든 고교생 2명 입건", ()),
    ],
)
def test_the_headline_of_a_web_page(header: list[str], headline: str | None, decks: tuple[str, ...]) -> None:
    assert _heads(*header)[:2] == (headline, decks)


def test_a_wrapped_first_line_of_the_body_goes_back_to_the_body() -> None:
    # Broadcast scripts wrap every line short: the first breaks off mid-phrase above the body.
    headline, decks, text = _heads("올해 전기자동차 300대에 대한")
    assert (headline, decks) == (None, ())
    assert text.startswith("올해 전기자동차 300대에 대한 " + LEAD[:10])


def test_no_headline_is_invented_from_the_lead() -> None:
    assert _heads()[0] is None


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        # A single line that says what the lead says is its headline, actor named or not ...
        ("AI 데이터센터 2단계 착공식…2027년 완공", True),
        # ... one that details what comes further down is a deck left without its headline.
        ("국비 100억원 포함 300억원 투입", False),
    ],
)
def test_a_single_line_is_the_headline_when_it_tells_the_lead(line: str, headline: bool) -> None:
    assert (_heads(line)[0] == line) is headline
