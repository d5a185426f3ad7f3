"""Spacing restoration: Kiwi runs on glued text only, and loads lazily."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.normalize import normalize, space_ratio
from monitor.text.spacing import fix_punctuation_spacing, restore_spacing, space_positions

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _extract(name: str):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    text = path.read_text(encoding="utf-8")
    return extract_articles(RawDocument(str(path), path.name, text, hashlib.sha256(text.encode()).hexdigest()))


@pytest.mark.parametrize("name", ["001", "004"])
def test_glued_seeds_get_their_spaces_back(name: str) -> None:
    articles = _extract(name)
    assert articles  # the checks below run on something
    for article in articles:
        assert article.spacing_restored
        assert space_ratio(article.original_text or "") < 0.15
        assert space_ratio(article.text) >= 0.2
        assert space_ratio(article.headline or "") >= 0.15  # the headline is restored with the body
        assert ".3" not in article.text and "다.광" not in article.text  # stops are followed by a space


@pytest.mark.parametrize("name", ["000", "002", "003"])
def test_normal_seeds_keep_their_spacing(name: str) -> None:
    source_ratio = space_ratio(normalize(next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")))
    articles = _extract(name)
    assert articles  # the checks below run on something
    for article in articles:
        assert not article.spacing_restored
        assert article.original_text is None
        assert abs(space_ratio(article.text) - source_ratio) < 0.06


def test_restored_numbers_keep_their_units() -> None:
    (first, *_) = _extract("001")
    assert "국비 62억 원" in first.text or "국비 62억원" in first.text


def _run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True, timeout=120
    )
    return result.stdout.strip()


def test_importing_the_package_does_not_import_kiwi() -> None:
    assert _run("import sys, monitor.text; print('kiwipiepy' in sys.modules)") == "False"


def test_normal_text_never_loads_kiwi() -> None:
    out = _run(
        f"""
        import sys
        from pathlib import Path
        from monitor.models import RawDocument
        from monitor.text import extract_articles
        from monitor.text import kiwi
        count = 0
        for path in sorted(Path({str(SEEDS)!r}).glob("00[023]_*.txt")):
            count += len(extract_articles(RawDocument(str(path), path.name, path.read_text(encoding="utf-8"), "h")))
        print(count > 0, kiwi.is_loaded(), 'kiwipiepy' in sys.modules)
        """
    )
    assert out == "True False False"  # articles were extracted, and Kiwi stayed out


# Kiwi's own output is in the comments: each case fails without the rules of `spacing.py`.
@pytest.mark.parametrize(
    ("glued", "page", "expected"),
    [
        # `장애인 보 장구`: the page prints `보장구` whole in a spaced line
        (
            "장애인보장구수리비를지원하고있다고밝혔다.",
            "광주시는 매년 600명에게 보장구 수리사업 서비스를 제공하고 있다.",
            "장애인 보장구 수리비를 지원하고 있다고 밝혔다.",
        ),
        # `송 숙 란`: a name cut into syllables that are no words
        ("송숙란광주시장애인복지과장은말했다.", None, "송숙란 광주시 장애인 복지 과장은 말했다."),
        # `실 증 랩`: two fragments joined (`전 일`, both words alone, is left as it is)
        (
            "또동구금남로전일빌딩에실증랩을구축해지역기업이다양한데이터를가공한다.",
            None,
            "또 동구 금남로 전 일 빌딩에 실증 랩을 구축해 지역 기업이 다양한 데이터를 가공한다.",
        ),
        # `H100 급`: a digit keeps its counter
        ("엔비디아H100급기준 2000장수준인데", None, "엔비디아 H100급 기준 2000장 수준인데"),
        # `과장 급까지`: a suffix syllable with its particle goes back to its noun
        ("각부처과장급까지참여하는회의", None, "각 부처 과장급까지 참여하는 회의"),
        # `실 국장`: the lone syllable joins the neighbour the page spells it with
        ("담당차관이나실국장,필요하면", "실무를 아는 실국장에게 직접 질문을 하는", "담당 차관이나 실국장, 필요하면"),
    ],
)
def test_wrong_kiwi_splits_are_joined(glued: str, page: str | None, expected: str) -> None:
    assert restore_spacing([glued], page) == [expected]


@pytest.mark.parametrize(
    ("glued", "expected"),
    [
        ("가능하면그렇게해줄것을요청했다.", "가능하면 그렇게 해 줄 것을 요청했다."),  # short verb forms stand alone
        ("실증할수있는환경을제공한다.", "실증할 수 있는 환경을 제공한다."),
        ("가장큰걸림돌은투자부담이다.", "가장 큰 걸림돌은 투자 부담이다."),  # `큰`: a final ㄴ marks a verb form
        ("특히강대변인은상호존중을강조했다.", "특히 강 대변인은 상호 존중을 강조했다."),  # a surname before a title
    ],
)
def test_real_one_syllable_words_stay_apart(glued: str, expected: str) -> None:
    assert restore_spacing([glued]) == [expected]


def test_only_spaces_are_added_and_the_texts_own_spaces_stay() -> None:
    glued = "광주시는 과학기술정보통신부와정보통신산업진흥원이주관하는 AI융합사업에 선정돼 2년간 국비 62억 원을받는다."
    (restored,) = restore_spacing([glued])
    assert restored.replace(" ", "") == glued.replace(" ", "")
    assert all(word in restored.split() for word in ("광주시는", "선정돼", "2년간", "국비", "62억"))


def test_the_page_reaches_restoration() -> None:
    (article,) = [a for a in _extract("001") if "보장구" in (a.headline or "").replace(" ", "")]
    assert "보 장구" not in article.text and "장애인 보장구" in article.text


def test_a_web_address_split_by_the_column_stays_whole() -> None:
    # `(www.광주아이키움.` / `kr)` on the page: joined by the paragraph stage, left whole by Kiwi's check.
    event = next(a for a in _extract("001") if "골든벨" in a.text)
    assert "(www.광주아이키움.kr)" in event.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("홈페이지(www.광주아이키움.kr)소통방.다음", "홈페이지(www.광주아이키움.kr)소통방. 다음"),
        ("메일은hong@kwangju.co.kr로보낸다.그리고", "메일은hong@kwangju.co.kr로보낸다. 그리고"),
        ("주소는http://news.kr/a.html이다.이후", "주소는http://news.kr/a.html이다. 이후"),
        ("밝혔다.3년간 조사했다,지역", "밝혔다. 3년간 조사했다, 지역"),  # no address: as before
    ],
)
def test_punctuation_spacing_leaves_addresses_alone(text: str, expected: str) -> None:
    assert fix_punctuation_spacing(text) == expected


def test_kiwi_spaces_inside_an_address_are_dropped() -> None:
    [restored] = restore_spacing(["시는광주아이키움홈페이지(www.광주아이키움.kr)에서신청을받는다고밝혔다."])
    assert "(www.광주아이키움.kr)" in restored
    assert restored.count(" ") >= 3  # the rest is still spaced


@pytest.mark.parametrize(
    ("glued", "whole"),
    [
        ("시는인공지능을활용한행정서비스를도입한다고밝혔다.", "인공지능을"),
        ("시는인공지능(AI)을활용한행정서비스를도입한다고밝혔다.", "인공지능(AI)을"),  # through the gloss
        ("교육과정은▲인공지능핵심교육으로구성된다고밝혔다.", "▲인공지능"),
    ],
)
def test_press_compounds_stay_whole(glued: str, whole: str) -> None:
    [restored] = restore_spacing([glued])
    assert whole in restored and "인공 지능" not in restored
    assert restored.count(" ") >= 3  # the rest is spaced


def test_a_space_kiwi_puts_after_the_last_character_is_not_a_position() -> None:
    # Kiwi ends `…전액궒` (a syllable it does not know) with a space the text lacks; read as a
    # position past the last character, it made restoration fail with IndexError and the
    # whole document go unstored.
    assert space_positions("가나 다 ") == ("가나다", {2}) and space_positions(" 가나") == ("가나", set())
    restored = restore_spacing(["인증심사비용전액궒", "군은설치비를지원한다궒"])
    assert restored == ["인증 심사 비용 전액궒", "군은 설치비를 지원한다궒"]
