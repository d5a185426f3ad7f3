"""Restore word spacing in text that lost it, with Kiwi, and only there.

Normal Korean prose has 0.25-0.32 spaces per Hangul syllable; PDF pages whose
extractor dropped the spaces (seeds 001, 004) have ~0.07. Kiwi's `space()`
brings those back (251 -> 1,241 spaces on seed 001) but runs at ~0.2 MB/s and
holds ~530 MB, so it is called only below `GLUED_RATIO`, and the model loads
on the first such call (see `monitor.text.kiwi`).

Kiwi leaves a stop glued to the next sentence (`밝혔다.3년간`) and a comma to
the next word (`하고,지역`); the patterns below add those spaces.

    >>> needs_restoration("광주시는과학기술정보통신부와정보통신산업진흥원이주관하는사업에선정됐다.")
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from monitor.text.kiwi import get_kiwi
from monitor.text.normalize import hangul_count

GLUED_RATIO = 0.15  # below this many spaces per syllable a text has lost its spacing
MIN_SYLLABLES = 20  # too little text to judge (headlines are glued by design)

# Spaces Kiwi does not put back; each pattern matches the mark a space goes after. It starts
# with that mark, not a look-behind, so the regex engine can skip ahead to the next one.
MISSING_SPACE_RES = (
    re.compile(r"[.!?](?<=[가-힣][.!?])(?=[가-힣0-9A-Za-z(“‘])"),  # after a sentence stop (`밝혔다.3년간`)
    re.compile(r",(?<=[가-힣A-Za-z)],)(?=[가-힣A-Za-z(“‘])"),  # after a comma (`하고,지역`)
)
# Spaces Kiwi puts where Korean writes none: between a number and its unit (`62 억`, `1 층`).
NUMBER_UNIT_SPACE_RE = re.compile(r"(?<=\d) (?=(?:억|만|천|원|층|개|명|곳|건|대|톤|평|%|㎡|배|회|차)(?![가-힣]))")
SPACE_RUN_RE = re.compile(r" {2,}")


def needs_restoration(text: str) -> bool:
    """True when the text has too few spaces for its Hangul to be readable."""
    syllables = hangul_count(text)
    return syllables >= MIN_SYLLABLES and text.count(" ") / syllables < GLUED_RATIO  # `space_ratio`


def fix_punctuation_spacing(text: str) -> str:
    """Add the spaces after stops, commas and closing quotes that glued text lacks."""
    for pattern in MISSING_SPACE_RES:
        text = pattern.sub(r"\g<0> ", text)
    return SPACE_RUN_RE.sub(" ", text) if "  " in text else text


def restore_spacing(paragraphs: Sequence[str]) -> list[str]:
    """Paragraphs with word spacing restored by Kiwi (loads the model on first use)."""
    if not paragraphs:
        return []
    kiwi = get_kiwi()
    # Existing spaces are kept (reset_whitespace=False): where the text has one, it is real.
    spaced = kiwi.space(list(paragraphs), reset_whitespace=False)
    return [NUMBER_UNIT_SPACE_RE.sub("", fix_punctuation_spacing(p)) for p in spaced]
