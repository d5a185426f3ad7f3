"""Fingerprints of article texts: character shingles and their MinHash signature.

Outlets copy one press release with different spacing (a PDF copy loses every
space), quotes and chrome, so texts are compared as *character* 3-grams after
NFKC, case folding and removal of everything that is not a letter or a digit
(whitespace, punctuation, U+FFFD). A 3-gram of code points fits exactly into
63 bits, so a shingle set is a sorted `uint64` array with no hash collisions
and Jaccard on it is exact.

The signature is datasketch's "affine32" MinHash computed in one vectorised
step: `hash32(shingle)` mixed with the MurmurHash3 finalizer, then
`a * h + b mod 2**32` for each permutation, the minimum per permutation. It is
the same value `datasketch.MinHash(scheme="affine32").update_batch` gives for
the same 32-bit inputs (a test checks this), without a Python loop per shingle.

    >>> fp = fingerprint("광주시는 국비 62억원을 확보했다.")
    >>> jaccard(fp.shingles, fingerprint("광주시는국비62억원을확보했다").shingles)
    1.0
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
# Stored signatures are only comparable with signatures of the same recipe;
# bump this when normalisation, shingle size or permutations change.
FINGERPRINT_VERSION = f"c3-nfkc-alnum-{SCHEME}-{NUM_PERM}-{SEED}"
SHINGLE = 3
# Shingles per block when the signatures of a batch are computed together: 128 x 8192 values (4 MiB),
# long runs for numpy's loops and still within the cache (2048 took twice as long, 32768 a fifth more).
BLOCK_SHINGLES = 8192
# The "lead" is the first real paragraph of the body, where a news text states its
# event (who did what, when). Different events on one programme share background
# paragraphs but not their leads. A lead position counts as found in another text
# when the three 3-grams starting there are all in it (about a 5-gram match): plain
# 3-grams are too forgiving, since the long programme name both events repeat
# already makes a third of a lead.
LEAD_CHARS = 160
LEAD_MIN_CHARS = 40  # shorter paragraphs are captions, chrome or sub-headlines, not the lead
LEAD_CHAIN = 3
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

# Anything that is not a letter or digit: spaces, line breaks, punctuation, U+FFFD.
_NOT_WORD = re.compile(r"[\W_]+")
_U32 = np.uint32


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash signature in the shape datasketch's MinHashLSH expects."""

    hashvalues: np.ndarray  # uint32, one value per permutation
    scheme: str = SCHEME

    def __len__(self) -> int:
        return len(self.hashvalues)

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        return cls(np.frombuffer(data, dtype="<u4").astype(_U32))


@dataclass(frozen=True, slots=True)
class Fingerprint:
    shingles: np.ndarray  # sorted unique uint64 3-gram codes of the whole text
    lead: np.ndarray  # the lead's 3-gram codes in text order (see lead_of and lead_found)
    signature: Signature


def normalize(text: str) -> str:
    """NFKC, case-folded, letters and digits only: spacing and punctuation differences vanish."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


@cache
def _is_word_bmp() -> np.ndarray:
    """Code point -> kept by `normalize`, for the Basic Multilingual Plane (derived from _NOT_WORD itself)."""
    plane = "".join(map(chr, range(0x10000)))
    return np.frombuffer(_NOT_WORD.sub(lambda m: "\0" * len(m[0]), plane).encode("utf-32-le", "surrogatepass"),
                         dtype="<u4") != 0


def normalized_points(text: str) -> np.ndarray:
    """The code points of `normalize(text)`, filtered as an array: the regex was a fifth of a fingerprint."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    points = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    try:
        return points[_is_word_bmp()[points]]
    except IndexError:  # a code point beyond the BMP (an emoji, a rare Hanja): the regex decides
        return np.frombuffer(normalize(text).encode("utf-32-le"), dtype="<u4")


def codes_of(normalized: np.ndarray) -> np.ndarray:
    """Character 3-grams in text order, each packed into one uint64 (21 bits per code point)."""
    points = normalized.astype(np.uint64)
    if len(points) == 0:
        return np.empty(0, dtype=np.uint64)
    if len(points) < SHINGLE:
        # A text shorter than one shingle is its own single shingle.
        points = np.concatenate([points, np.zeros(SHINGLE - len(points), dtype=np.uint64)])
    codes = points[:-2] << np.uint64(42)
    codes |= points[1:-1] << np.uint64(21)
    codes |= points[2:]
    return codes


def shingles_of(normalized: np.ndarray) -> np.ndarray:
    """The shingle set: sorted unique 3-gram codes (np.unique's own overhead was most of its cost here)."""
    codes = np.sort(codes_of(normalized))
    if len(codes) < 2:
        return codes
    first = np.empty(len(codes), dtype=bool)
    first[0] = True
    np.not_equal(codes[1:], codes[:-1], out=first[1:])
    return codes[first]


def lead_of(text: str) -> np.ndarray:
    """The first paragraph long enough to be a lead, normalised (as code points) and cut to LEAD_CHARS."""
    for paragraph in _PARAGRAPH_BREAK.split(text):
        normalized = normalized_points(paragraph)
        if len(normalized) >= LEAD_MIN_CHARS:
            return normalized[:LEAD_CHARS]
    return normalized_points(text)[:LEAD_CHARS]


def hash32(shingles: np.ndarray) -> np.ndarray:
    """Fold 63-bit shingle codes to 32 bits (MurmurHash3 64-bit finalizer, then the low word)."""
    h = shingles.copy()
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return (h & np.uint64(0xFFFFFFFF)).astype(_U32)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    # datasketch's affine32 permutations of the same seed, drawn the way it draws them (pinned by
    # tests/test_stories_fold.py), so that signatures stay datasketch MinHashes: importing datasketch
    # itself costs a second of SciPy at every start of `monitor`.
    gen = np.random.RandomState(SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=_U32) * _U32(2) + _U32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=_U32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, in place (these few hundred values cost more in temporaries than in work)."""
    h ^= h >> _U32(16)
    h *= _U32(0x85EBCA6B)
    h ^= h >> _U32(13)
    h *= _U32(0xC2B2AE35)
    h ^= h >> _U32(16)
    return h


def signature_of(hashes32: np.ndarray) -> Signature:
    """The MinHash of a set given as 32-bit hashes (an empty set gets the all-max signature)."""
    if len(hashes32) == 0:
        return Signature(np.full(NUM_PERM, 0xFFFFFFFF, dtype=_U32))
    a, b = _permutations()
    # In place on one (permutations x shingles) block: half the time of `mixed * a + b` with temporaries.
    block = np.multiply.outer(a, _fmix32(hashes32.astype(_U32)))  # astype copies: the caller's array stays
    block += b[:, None]
    return Signature(block.min(axis=1))


def signatures_of(shingle_sets: Sequence[np.ndarray]) -> list[Signature]:
    """`signature_of(hash32(shingles))` of each set, computed in blocks of about BLOCK_SHINGLES shingles.

    One (permutations x shingles) block per article was numpy's loops run for a few hundred values
    each: a batch in blocks of thousands takes a third of the time.
    """
    values = np.full((len(shingle_sets), NUM_PERM), 0xFFFFFFFF, dtype=_U32)  # an empty set keeps all-max
    filled = [i for i, shingles in enumerate(shingle_sets) if len(shingles)]
    if not filled:
        return [Signature(row) for row in values]
    lengths = np.array([len(shingle_sets[i]) for i in filled])
    ends = np.cumsum(lengths)
    starts = ends - lengths
    mixed = _fmix32(hash32(np.concatenate([shingle_sets[i] for i in filled])))
    a, b = _permutations()
    first = 0
    while first < len(filled):
        # The sets that fit in a block from this one on (at least this one, however large).
        last = max(first + 1, int(np.searchsorted(ends, starts[first] + BLOCK_SHINGLES, side="right")))
        block = np.multiply.outer(a, mixed[starts[first]:ends[last - 1]])
        block += b[:, None]
        # Each set's columns are a run of the block (none is empty): one minimum per run and permutation.
        values[filled[first:last]] = np.minimum.reduceat(block, starts[first:last] - starts[first], axis=1).T
        first = last
    return [Signature(row) for row in values]


def fingerprint(text: str) -> Fingerprint:
    """Shingles, lead shingles and signature of one article body."""
    shingles = shingles_of(normalized_points(text))
    return Fingerprint(shingles, codes_of(lead_of(text)), signature_of(hash32(shingles)))


def fingerprints(texts: Iterable[str]) -> list[Fingerprint]:
    """`fingerprint` of each text, the signatures computed together (signatures_of)."""
    shingle_sets, leads = [], []
    for text in texts:
        shingle_sets.append(shingles_of(normalized_points(text)))
        leads.append(codes_of(lead_of(text)))
    return [Fingerprint(shingles, lead, signature)
            for shingles, lead, signature in zip(shingle_sets, leads, signatures_of(shingle_sets), strict=True)]


def _found(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """Which of `values` are in `sorted_set` (binary search; cheaper than np.isin for these sizes)."""
    if len(sorted_set) == 0:
        return np.zeros(len(values), dtype=bool)
    at = sorted_set.searchsorted(values)
    np.minimum(at, len(sorted_set) - 1, out=at)  # not .clip(): its Python-level checks cost a third of this
    return sorted_set[at] == values


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique shingle arrays."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    common = int(np.count_nonzero(_found(a, b)))
    return common / (len(a) + len(b) - common)


def lead_found(lead: np.ndarray, shingles: np.ndarray) -> float:
    """Share of the lead's positions whose LEAD_CHAIN consecutive 3-grams are all in `shingles`."""
    positions = len(lead) - (LEAD_CHAIN - 1)
    if positions <= 0:
        return 0.0
    present = _found(lead, shingles)
    chained = present[:positions].copy()
    for step in range(1, LEAD_CHAIN):
        chained &= present[step:step + positions]
    return float(np.count_nonzero(chained)) / positions

