"""Regions named in an article, folded to canonical names, the main region first.

    >>> [r.name for r in find_regions("전주시는 전북특별자치도와 함께 전주에 …", headline="전주, 선정")]
    ['전주', '전북']

The table is data (regions.toml). Spellings of one unit fold together
(`광주광역시`/`광주시`/`광주` -> 광주; `전라북도`/`전북특별자치도`/`전북자치도` -> 전북;
`전주시`/`전주` -> 전주, under 전북). Matching rules, each against a real trap:

* a bare short name (`전주`, `광주`) must stand alone on the left and be followed
  by a particle or a non-Hangul character: `전주곡`, `상수원` are not places;
* short names that are ordinary words (`예산` budget, `이천` two thousand,
  `경기` the economy) count only with their suffix (`예산군`, `경기도`);
* a name two units share (`광주시` of 경기 and 광주광역시, `고성군`, every `북구`)
  counts for the lesser-known unit only right after its province
  (`경기 광주시`, `광주 북구`); otherwise `광주` is 광주광역시.

Mentions are found with an Aho–Corasick automaton over the 816 surface forms (pyahocorasick,
one C pass over the text; the alternation regex it replaces took ten times as long and was
half the time of a digest), keeping the regex's reading: at each position the longest form,
matches never overlapping, a rejected match still consuming its characters.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import ahocorasick

from monitor.errors import ConfigError
from monitor.topics.fold import is_hangul

REGIONS_FILE = Path(__file__).with_name("regions.toml")
# What may follow a bare name: a particle or a few suffix-like nouns (전주형, 전주역, 광주권).
BARE_FOLLOWERS = "은는이가을를에의와과도로만형역권내외"
# Official long names are unambiguous anywhere, even glued to the previous word.
GLUE_SAFE_CHARS = 4
# Texts whose regions are remembered: ingest asks for each new article's twice, for its facts
# when it is stored and for its event profile when it is folded (monitor.stories.event), at most
# a fold batch (1,000 articles) later. The second look was 2.1 % of a web ingest (py-spy, 10k).
REMEMBERED_ARTICLES = 2048


@dataclass(frozen=True, slots=True)
class Region:
    name: str  # canonical: "전북", "전주", "광주 북구", "경기 광주"
    province: str  # canonical name of the 광역 unit
    level: str  # "광역" or "기초"


@dataclass(frozen=True, slots=True)
class _Form:
    region: Region
    bare: bool  # a short name without suffix: needs a particle or non-Hangul after it


class RegionTable:
    """Surface forms -> regions, matched leftmost-longest without overlaps."""

    def __init__(self, forms: dict[str, _Form]) -> None:
        self.forms = forms
        self._automaton = ahocorasick.Automaton()
        for surface in forms:
            self._automaton.add_word(surface, len(surface))
        self._empty = not forms
        if not self._empty:
            self._automaton.make_automaton()

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the forms a left-to-right longest-first scan takes, accepted or not.

        The automaton reports every occurrence, nested ones too (광주 inside 광주광역시); the
        longest at each start wins and scanning resumes after it, as `re.finditer` over the
        alternatives sorted longest first would.
        """
        if self._empty:
            return []
        longest: dict[int, int] = {}
        for last, length in self._automaton.iter(text):
            start = last + 1 - length
            if length > longest.get(start, 0):
                longest[start] = length
        taken: list[tuple[int, int]] = []
        resume = 0
        for start in sorted(longest):
            if start >= resume:
                resume = start + longest[start]
                taken.append((start, resume))
        return taken

    def mentions(self, text: str) -> list[tuple[int, Region]]:
        """(position, region) of every accepted mention, in text order."""
        found: list[tuple[int, Region]] = []
        for start, end in self.spans(text):
            surface = text[start:end]
            form = self.forms[surface]
            if len(surface) < GLUE_SAFE_CHARS and start > 0 and is_hangul(text[start - 1]):
                continue
            if form.bare and end < len(text) and is_hangul(text[end]) and text[end] not in BARE_FOLLOWERS:
                continue
            found.append((start, form.region))
        return found


def _short(unit: str) -> str:
    return unit[:-1] if len(unit) > 2 and unit[-1] in "시군구" else unit


def build_table(data: dict) -> RegionTable:
    """Turn the parsed regions.toml into surface forms (see the module docstring for the rules)."""
    provinces: dict[str, dict] = data["province"]
    strict_units = set(data.get("strict_units", ()))
    province_names = {alias for name, p in provinces.items() for alias in (name, *p["aliases"])}
    shorts = Counter(_short(u) for p in provinces.values() for u in p["units"])
    forms: dict[str, _Form] = {}
    for name, table in provinces.items():
        region = Region(name, name, "광역")
        for alias in table["aliases"]:
            if not (alias == name and table.get("strict")):
                forms[alias] = _Form(region, bare=alias == name)
    for name, table in provinces.items():
        prefixes = [p for alias in (name, *table["aliases"]) for p in (alias, alias + " ")]
        for unit in table["units"]:
            short = _short(unit)
            shared = shorts[short] > 1 or (short in province_names and short != name)
            if unit.endswith("구") or shared:
                region = Region(f"{name} {unit if unit.endswith('구') else short}", name, "기초")
                spellings = [unit] if unit.endswith("구") else [unit, short]
                for prefix in prefixes:
                    for spelling in spellings:
                        forms.setdefault(prefix + spelling, _Form(region, bare=spelling != unit))
                if unit.endswith("구") and not shared and len(unit) >= 3:
                    forms.setdefault(unit, _Form(region, bare=False))  # 광산구, 해운대구: unique anyway
                continue
            region = Region(unit if short == name else short, name, "기초")  # 제주시 stays 제주시
            forms.setdefault(unit, _Form(region, bare=False))
            if short != name and unit not in strict_units and len(short) >= 2:
                forms.setdefault(short, _Form(region, bare=True))
    return RegionTable(forms)


@cache
def load_regions(path: Path = REGIONS_FILE) -> RegionTable:
    try:
        return build_table(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as e:
        raise ConfigError(str(path), f"cannot read the region table: {e}") from e


def find_regions(text: str, headline: str | None = None, table: RegionTable | None = None) -> list[Region]:
    """Regions named in the headline and text, the main one first.

    Rank: mentions in the text, a headline mention counting three times (the headline
    says what the article is about), then 기초 before 광역, then the earliest. Provinces of the named 기초
    units follow at the end when the article does not name them itself.
    """
    return list(_ranked_regions(text, headline, table or load_regions()))


@lru_cache(maxsize=REMEMBERED_ARTICLES)
def _ranked_regions(text: str, headline: str | None, table: RegionTable) -> tuple[Region, ...]:
    score: Counter[Region] = Counter()
    first: dict[Region, int] = {}
    for offset, part, weight in ((-1, headline or "", 3), (0, text, 1)):
        for position, region in table.mentions(part):
            score[region] += weight
            first.setdefault(region, position if offset == 0 else -1)
    # On a tie the 기초 unit goes first: "충남 예산군" is about 예산.
    named = sorted(score, key=lambda r: (-score[r], r.level != "기초", first[r]))
    named_names = {r.name for r in named}
    implied = [Region(r.province, r.province, "광역") for r in named if r.level == "기초"]
    return (*named, *(r for r in dict.fromkeys(implied) if r.name not in named_names))
