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
