"""Near-duplicate folding: copies of one text fold into one story, other events do not."""

from __future__ import annotations

import random
import re
import sys
import tomllib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash

from monitor.models import Article
from monitor.stories import FoldRules, StoryIndex, fingerprint, fold_articles, fold_texts, jaccard
from monitor.stories.fingerprint import fingerprints, hash32, normalize
from monitor.stories.similarity import EventRules

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data" / "stories"

CHROME_TOP = "메인화면으로\n\n  • 페이스북 공유하기\n  • 트위터 공유하기\n  • 인쇄하기\n\n광고\n광고\n로고\n\n"
CHROME_BOTTOM = ("\n\nⓒ 무단전재 및 재배포 금지\n\n많이 본 뉴스\n\n1 광주시, 2026년 국비 3조원 시대 연다\n"
                 "2 전남도, 농어촌 기본소득 시범사업 선정\n\n기사제보 | 구독신청 | 개인정보처리방침 | 청소년보호정책")


def seed_text(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def body_paragraphs() -> list[str]:
    """The body of seed 003 (2022 광주 AI 2단계 article), from its lead to the end."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", seed_text("003"))]
    start = next(i for i, p in enumerate(paragraphs) if p.startswith("광주시가 순항중인"))
    return [p for p in paragraphs[start:] if len(p) >= 40]


BASE = "\n\n".join(body_paragraphs())


def add_chrome(text: str) -> str:
    return CHROME_TOP + text + CHROME_BOTTOM


def shuffle_paragraphs(text: str) -> str:
    paragraphs = text.split("\n\n")
    random.Random(5).shuffle(paragraphs)
    return "\n\n".join(paragraphs)


def remove_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_copy(text: str) -> str:
    # A PDF clipping: spaces lost, some replaced by U+FFFD, lines broken mid-word every 18 characters.
    glued = remove_spaces(text).replace(",", ",\ufffd")
    return "\n".join(glued[i:i + 18] for i in range(0, len(glued), 18))


def trim_end(text: str) -> str:
    paragraphs = text.split("\n\n")
    return "\n\n".join(paragraphs[: len(paragraphs) * 2 // 3])


def drop_and_edit(text: str) -> str:
    # Another outlet: one middle paragraph cut, the attribution reworded, chrome added.
    paragraphs = text.split("\n\n")
    del paragraphs[3]
    return add_chrome("\n\n".join(paragraphs).replace("27일 광주시에 따르면", "광주시는 27일"))


VARIANTS: dict[str, Callable[[str], str]] = {
    "chrome": add_chrome,
    "shuffled": shuffle_paragraphs,
    "spaces removed": remove_spaces,
    "pdf copy": pdf_copy,
    "trimmed end": trim_end,
    "paragraph dropped, reworded, chrome": drop_and_edit,
    "all at once": lambda t: add_chrome(remove_spaces(shuffle_paragraphs(trim_end(t)))),
}


@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_copy_folds_into_the_original_story(name: str) -> None:
    assert fold_texts([BASE, VARIANTS[name](BASE)]) == [0, 0]


@pytest.mark.parametrize("name", list(VARIANTS))
def test_a_copy_scores_well_above_unrelated_texts(name: str) -> None:
    copy = fingerprint(VARIANTS[name](BASE)).shingles
    unrelated = max(jaccard(copy, fingerprint(seed_text(p)).shingles) for p in ("000", "001", "002", "004"))
    assert jaccard(fingerprint(BASE).shingles, copy) > 0.4 > 2 * unrelated


def test_every_variant_and_the_seeds_fold_as_expected() -> None:
    texts = [BASE, *(make(BASE) for make in VARIANTS.values())] + [seed_text(p) for p in ("000", "001", "002", "004")]
    stories = fold_texts(texts)
    assert stories[: 1 + len(VARIANTS)] == [0] * (1 + len(VARIANTS))
    assert stories[1 + len(VARIANTS):] == list(range(1 + len(VARIANTS), len(texts)))


def test_the_2022_and_2025_articles_on_gwangju_ai_stage_two_are_two_stories() -> None:
    assert fold_texts([seed_text("003"), seed_text("004")]) == [0, 1]


def test_each_seed_is_its_own_story() -> None:
    assert fold_texts([seed_text(p) for p in ("000", "001", "002", "003", "004")]) == [0, 1, 2, 3, 4]


def ax_valley() -> list[dict]:
    return tomllib.loads((DATA / "ax_valley.toml").read_text(encoding="utf-8"))["article"]


def as_article(entry: dict) -> Article:
    return Article(source=f"{entry['id']}.txt", index=0, headline=entry["headline"], text=entry["text"],
                   summary="", outlet=entry["outlet"], published=entry["published"])


def test_different_events_on_one_programme_are_different_stories() -> None:
    stories = fold_articles([as_article(entry) for entry in ax_valley()])
    events = [{entry["event"] for entry in ax_valley() if entry["outlet"] in story.outlets
               and any(m.source == f"{entry['id']}.txt" for m in story.members)} for story in stories]
    assert events == [{"cabinet"}, {"waiver"}]
    assert [len(story.members) for story in stories] == [2, 1]


def test_it_is_the_date_that_keeps_these_events_apart() -> None:
    # Guard for the test above: the reports share their background and figures, so the texts alone
    # (no dates) fold into one story; the published dates, four days apart, keep the events apart.
    entries = ax_valley()
    assert fold_texts([entry["text"] for entry in entries]) == [0, 0, 0]
    stories = fold_articles([as_article(entry) for entry in entries], FoldRules(event=EventRules(max_days=4)))
    assert [len(story.members) for story in stories] == [3]


@pytest.mark.parametrize(("days", "same"), [(0, True), (3, True), (4, False), (30, False)])
def test_copies_far_apart_in_time_are_different_stories(days: int, same: bool) -> None:
    index = StoryIndex()
    index.add("first", BASE, date(2025, 9, 1))
    later = index.add("later", add_chrome(BASE), date.fromordinal(date(2025, 9, 1).toordinal() + days))
    assert (later.story == "first") is same


def test_story_shows_best_headline_outlets_and_who_ran_it_first() -> None:
    glued = Article("pdf.txt", 0, "광주AI2단계사업국무회의의결", remove_spaces(BASE), "", outlet="무등일보",
                    published=date(2025, 9, 3), spacing_restored=True)
    web = Article("web.txt", 0, "뿌리 내린 광주 인공지능, 2단계 진입 시급하다", add_chrome(BASE), "",
                  outlet="광주일보", published=date(2025, 9, 2))
    undated = Article("feed/entry-1", 0, None, shuffle_paragraphs(BASE), "", outlet=None)
    [story] = fold_articles([glued, web, undated])
    assert story.headline == "뿌리 내린 광주 인공지능, 2단계 진입 시급하다"
    assert story.first is web
    assert story.outlets == ("광주일보", "무등일보", "언론사 미상")  # never the file name
    assert story.members == (glued, web, undated)


def test_signature_is_the_datasketch_minhash_of_the_shingles() -> None:
    fp = fingerprint(BASE)
    reference = MinHash(num_perm=128, seed=1, scheme="affine32", hashfunc=int)
    reference.update_batch(hash32(fp.shingles).tolist())
    assert np.array_equal(reference.hashvalues, fp.signature.hashvalues)


# Short texts, underscores, compatibility forms, case folding that grows, NUL, beyond the BMP, a lone surrogate.
ODD_TEXTS = ["", "a", "ab", "A_B_C", "가 나", "ﬁ ß Ⅷ ① İ ΣΑΣ", "\x00\x00abc", "x😀y 𠀀𠀁𠀂", "\ud800abc",
             "e\u0301 ＡＢＣ"]


def grams_of(normalized: str) -> list[int]:
    """3-grams packed 21 bits a code point, computed the plain way (a text shorter than 3 is padded with 0)."""
    points = [ord(ch) for ch in normalized]
    points += [0] * (3 - len(points)) if points else []
    return [(x << 42) | (y << 21) | z for x, y, z in zip(points, points[1:], points[2:], strict=False)]


@pytest.mark.parametrize("text", [*ODD_TEXTS, seed_text("000"), pdf_copy(BASE)])
def test_shingles_and_lead_are_the_3grams_of_the_normalised_text(text: str) -> None:
    fp = fingerprint(text)
    assert fp.shingles.tolist() == sorted(set(grams_of(normalize(text))))
    lead = next((p for p in map(normalize, re.split(r"\n\s*\n", text)) if len(p) >= 40), normalize(text))
    assert fp.lead.tolist() == grams_of(lead[:160])


@pytest.mark.parametrize("block", [1, 50, 8192])
def test_fingerprints_of_a_batch_are_those_of_each_text(monkeypatch, block: int) -> None:  # type: ignore[no-untyped-def]
    # Signatures computed together, in blocks smaller and larger than one text, around texts with no shingle
    # (sys.modules: the package's `fingerprint` is the function).
    monkeypatch.setattr(sys.modules["monitor.stories.fingerprint"], "BLOCK_SHINGLES", block)
    texts = [*ODD_TEXTS, BASE, "!!!", *map(seed_text, ("000", "001", "002")), "", BASE * 30, "가나다"]
    together, alone = fingerprints(texts), [fingerprint(text) for text in texts]
    for a, b in zip(together, alone, strict=True):
        assert np.array_equal(a.shingles, b.shingles) and np.array_equal(a.lead, b.lead)
        assert a.signature.hashvalues.dtype == b.signature.hashvalues.dtype
        assert a.signature.to_bytes() == b.signature.to_bytes()
    assert fingerprints([]) == []


def test_shingles_ignore_spacing_punctuation_and_width() -> None:
    a = fingerprint("광주시는 국비 62억원을 확보했다고 8일 밝혔다.").shingles
    b = fingerprint("광주시는\ufffd국비６２억원을\n확보했다고８일밝혔다").shingles
    assert jaccard(a, b) == 1.0
