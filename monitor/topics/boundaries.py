"""Boundary rules: is a keyword found in the folded text really that word?

The automaton finds every place the folded keyword occurs; many are not the word:
`스마트도시락` (lunch box), `억원 전액` (-> 원전), `전기 차단기` (-> 전기차), `전주곡`,
`수소문`, `MAIL` (-> AI). Korean has no spaces before particles and glues compounds
(`스마트시티조성사업`), so "must be surrounded by spaces" loses real matches, and plain
substring matching keeps the traps.

Measured on the trap cases and the labelled set (tests/data/topics), compiled rules on the
folded text do the job without a tokenizer (Kiwi costs ~45 ms per article and, once taught
the keywords as user words, itself splits `스마트도시|락` and `전주|곡`):

* An edge made of a Latin letter or digit must not touch another one (`AI` not in `MAIL`,
  `e-mail`, `TRAIN`; `AI-based`, `AI집적단지` are fine).
* A Hangul edge next to a gap, punctuation, Latin or digits is clean.
* A Hangul right edge glued to more Hangul is accepted when what follows starts with a
  particle or ending (`스마트시티를`), an administrative suffix (`전주시`), or a noun that
  heads policy compounds (`스마트시티조성사업`, `전기굴착기구매`). `도시락`, `전주곡`,
  `수소문` do not.
* A Hangul left edge glued to more Hangul is accepted for keywords of three or more
  characters (`광주국가AI컴퓨팅센터`, `지역인공지능기업`); a two-syllable keyword (`원전`,
  `전주`) needs a clean left edge, since it is too often the tail of another word.
* Text that lost its spaces (PDF) is matched twice: as Kiwi restored it (`Article.text`)
  and as printed (`Article.original_text`). Both have the same characters once whitespace
  is removed, so the offsets line up, and a hit in the glued original takes its right
  edge from the restored text: it counts where Kiwi put a space after the keyword or where
  a particle, suffix or head noun follows (`인공지능중심도시 광주시가`), not before
  whatever word comes next (`스마트도시락`, `전기차단기`). The original still helps where
  Kiwi splits a keyword and glues its left edge (say `지역인 공지능`): the original has no
  gap inside the match, so its left edge follows the rules above.
* Glued text with no restored companion (a caller that skipped the text pipeline) gets
  the rules of spaced text: a missing space is then no evidence either way, and a
  strict right edge is what keeps `스마트도시락` out.
* A match that spans a gap the keyword does not have (`전기 차|단기`, `억원 전|액`) is
  weak evidence, so its left edge must be clean, and a Hangul right edge needs a particle,
  a suffix or a head noun of two or more syllables (`스마트 도시조성`): Kiwi writes
  `10억 원 전액`, and the one-syllable heads (`지원액`, `사업비`) are too easily the rest of
  another word.

Kiwi taught the keywords as user words (`Kiwi.add_user_word`; the CLI no longer does it) defeats the
right-edge rule: it restores `스마트도시락` as `스마트도시 락`, in the headline too, which
has no original to check against. On tests/data/topics/glued.json and seeds 001/004 run
through the text pipeline: untaught 0 of 25 articles wrong, taught 2 (both lunch boxes),
and no keyword matched only thanks to the teaching (tests/test_topics_glued.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from monitor.topics.fold import Folded, is_hangul, is_word_char

# Particles (josa), copula and common endings that may follow a noun without a space,
# longest first so that `에서` wins over `에`.
PARTICLES = tuple(
    sorted(
        {
            # case particles
            "이", "가", "을", "를", "은", "는", "의", "에", "에서", "에게", "께서", "으로", "로",
            "와", "과", "도", "만", "까지", "부터", "보다", "처럼", "마다", "조차", "밖에",
            "이나", "나", "이며", "며", "이고", "고", "이란", "란", "라는", "이라는", "으로서",
            "로서", "으로써", "로써", "에는", "에도", "에선", "에서는", "에서도", "에의",
            "과의", "와의", "로의", "으로의", "이랑", "랑", "하고", "뿐", "등",
            # copula and light verbs that attach to nouns in news prose
            "이다", "였다", "이었다", "다", "이었", "였", "인", "임", "이자", "이지만",
            "하는", "하여", "해", "했다", "한", "할", "하기", "화", "형", "적",
            "들", "측", "내", "간", "상", "용", "급", "별", "권", "차원",
            # verbs glued to a noun: 지원받을, 지원된다, 활성화시키는
            "하", "되", "된", "받", "시키", "시켜",
            # polite and past forms: 보급합니다, 지원했다, 구축하며
            "합니다", "했", "하며",
        },
        key=len,
        reverse=True,
    )
)

# Suffixes of place names: `전주시`, `부안군`, `북구`, `전북도`.
ADMIN_SUFFIXES = ("시", "군", "구", "도", "읍", "면", "동")

# Nouns that head policy compounds written without spaces (`스마트시티조성사업`,
# `AI데이터센터건립`, `전기굴착기구매지원`). The rule only needs the first syllables.
COMPOUND_HEADS = tuple(
    sorted(
        {
            "사업", "조성", "구축", "건립", "건설", "유치", "선정", "지원", "추진", "센터", "단지",
            "산업", "정책", "모델", "확산", "계획", "분야", "기반", "관련", "협약", "공모", "예산",
            "인증", "구매", "보급", "보조", "전환", "육성", "개발", "실증", "서비스", "플랫폼",
            "시스템", "인프라", "기술", "기업", "도시", "지역", "거점", "허브", "클러스터",
            "특구", "밸리", "캠퍼스", "프로젝트", "챌린지", "국비", "예타", "용역", "착공",
            "준공", "완공", "개소", "운영", "설립", "투자", "대상", "신청", "모집", "접수",
            "확대", "강화", "활성화", "정상", "본격", "최종", "2단계", "1단계", "단계", "생태계",
            "혁신", "활용", "도입", "설계", "부지", "규모", "비", "료", "금", "액", "법",
        },
        key=len,
        reverse=True,
    )
)

SHORT_KEYWORD = 2  # Hangul keywords this long or shorter need a clean left edge


@dataclass(frozen=True, slots=True)
class EdgeShape:
    """What the boundary rules need to know about a keyword."""

    length: int  # folded length
    first: str  # first folded char
    last: str  # last folded char
    gaps: tuple[int, ...]  # positions where the keyword itself has a gap
    open_right: bool = False  # a prefix form (`보조*`): whatever follows is fine
    # what the first and last chars are, decided once instead of for every match
    first_latin: bool = field(init=False)
    first_hangul: bool = field(init=False)
    last_latin: bool = field(init=False)
    last_hangul: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "first_latin", is_word_char(self.first))
        object.__setattr__(self, "first_hangul", is_hangul(self.first))
        object.__setattr__(self, "last_latin", is_word_char(self.last))
        object.__setattr__(self, "last_hangul", is_hangul(self.last))

    @classmethod
    def of(cls, folded: str, gaps: tuple[int, ...], open_right: bool = False) -> EdgeShape:
        return cls(len(folded), folded[0], folded[-1], gaps, open_right)


# Set lookups of the next 1..n characters beat `startswith` over every word.
_FOLLOWERS = frozenset(PARTICLES) | frozenset(ADMIN_SUFFIXES) | frozenset(COMPOUND_HEADS)
_FOLLOWER_LENGTHS = tuple(sorted({len(w) for w in _FOLLOWERS}))
# after a match that crosses a gap: no one-syllable head nouns (`원 전|액`)
_STRICT_FOLLOWERS = frozenset(PARTICLES) | frozenset(ADMIN_SUFFIXES) | {w for w in COMPOUND_HEADS if len(w) > 1}
_STRICT_FOLLOWER_LENGTHS = tuple(sorted({len(w) for w in _STRICT_FOLLOWERS}))


def _right_ok(folded: Folded, end: int, shape: EdgeShape, spacing: Folded | None, crossing: bool) -> bool:
    gaps = folded.gaps
    if end in gaps or (spacing is not None and end in spacing.gaps):
        return True  # a gap (here or in the restored text) or the end of the text follows
    nxt = folded.chars[end]
    if shape.last_latin:
        return not is_word_char(nxt)
    if not shape.last_hangul or not is_hangul(nxt):
        return True
    chars = folded.chars
    if crossing:
        return any(chars[end:end + n] in _STRICT_FOLLOWERS for n in _STRICT_FOLLOWER_LENGTHS)
    return any(chars[end:end + n] in _FOLLOWERS for n in _FOLLOWER_LENGTHS)


def _left_ok(folded: Folded, start: int, shape: EdgeShape, crossing: bool) -> bool:
    if start in folded.gaps:  # a gap or the start of the text precedes
        return True
    prev = folded.chars[start - 1]
    if shape.first_latin:
        return not is_word_char(prev)
    if not shape.first_hangul or not is_hangul(prev):
        return True
    return not crossing and shape.length > SHORT_KEYWORD


def accept(folded: Folded, start: int, end: int, shape: EdgeShape, spacing: Folded | None = None) -> bool:
    """True when the folded match [start, end) is the keyword and not part of another word.

    `spacing` is the restored text of a glued `folded`, with the same characters: where
    its words end is the right edge's evidence (see the module docstring).
    """
    # a gap inside the match that the keyword does not have (most matches have no gap inside)
    inside = folded.has_gap_inside(start, end)
    crossing = bool(inside) and any(p not in shape.gaps for p in inside)
    if not shape.open_right and not _right_ok(folded, end, shape, spacing, crossing):
        return False
    return _left_ok(folded, start, shape, crossing)
