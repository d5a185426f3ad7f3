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
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"
# Stored signatures are only comparable with signatures of the same recipe;
# bump this when normalisation, shingle size or permutations change.
FINGERPRINT_VERSION = f"c3-nfkc-alnum-{SCHEME}-{NUM_PERM}-{SEED}"
SHINGLE = 3
# The "lead" is the first real paragraph of the body, where a news text states its
# event (who did what, when). Different events on one programme share background
# paragraphs but not their leads. Leads are compared as 5-grams: with 3-grams the
# long programme name that both events repeat already makes a third of the lead.
LEAD_CHARS = 160
LEAD_MIN_CHARS = 40  # shorter paragraphs are captions, chrome or sub-headlines, not the lead
LEAD_GRAM = 5
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
    normalized: str  # the text as compared: letters and digits only
    shingles: np.ndarray  # sorted unique uint64 3-gram codes of the whole text
    lead: np.ndarray  # LEAD_GRAM-gram hashes of the lead (see lead_of)
    signature: Signature

    def long_grams(self) -> np.ndarray:
        """LEAD_GRAM-gram hashes of the whole text, to look another text's lead up in."""
        return grams_of(self.normalized, LEAD_GRAM)


def normalize(text: str) -> str:
    """NFKC, case-folded, letters and digits only: spacing and punctuation differences vanish."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def shingles_of(normalized: str) -> np.ndarray:
    """Sorted unique character 3-grams, each packed into one uint64 (21 bits per code point)."""
    if not normalized:
        return np.empty(0, dtype=np.uint64)
    points = np.frombuffer(normalized.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if len(points) < SHINGLE:
        # A text shorter than one shingle is its own single shingle.
        points = np.concatenate([points, np.zeros(SHINGLE - len(points), dtype=np.uint64)])
    codes = (points[:-2] << np.uint64(42)) | (points[1:-1] << np.uint64(21)) | points[2:]
    return np.unique(codes)


def grams_of(normalized: str, k: int) -> np.ndarray:
    """Sorted unique hashes of character k-grams (polynomial, mod 2**64; collisions are negligible)."""
    points = np.frombuffer(normalized.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if len(points) < k:
        return np.unique(points[:1])
    powers = np.uint64(0x100000001B3) ** np.arange(k - 1, -1, -1, dtype=np.uint64)
    return np.unique((np.lib.stride_tricks.sliding_window_view(points, k) * powers).sum(axis=1, dtype=np.uint64))


def lead_of(text: str) -> str:
    """The first paragraph long enough to be a lead, normalised and cut to LEAD_CHARS."""
    for paragraph in _PARAGRAPH_BREAK.split(text):
        normalized = normalize(paragraph)
        if len(normalized) >= LEAD_MIN_CHARS:
            return normalized[:LEAD_CHARS]
    return normalize(text)[:LEAD_CHARS]


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
    # Borrowed from datasketch so that signatures are datasketch MinHashes of the same seed.
    a, b = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    return a.astype(_U32), b.astype(_U32)


def _fmix32(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> _U32(16))
    h = h * _U32(0x85EBCA6B)
    h = h ^ (h >> _U32(13))
    h = h * _U32(0xC2B2AE35)
    return h ^ (h >> _U32(16))


def signature_of(hashes32: np.ndarray) -> Signature:
    """The MinHash of a set given as 32-bit hashes (an empty set gets the all-max signature)."""
    if len(hashes32) == 0:
        return Signature(np.full(NUM_PERM, 0xFFFFFFFF, dtype=_U32))
    a, b = _permutations()
    # In place on one (permutations x shingles) block: half the time of `mixed * a + b` with temporaries.
    block = np.multiply.outer(a, _fmix32(hashes32.astype(_U32)))
    block += b[:, None]
    return Signature(block.min(axis=1))


def fingerprint(text: str) -> Fingerprint:
    """Shingles, lead shingles and signature of one article body."""
    normalized = normalize(text)
    shingles = shingles_of(normalized)
    return Fingerprint(normalized, shingles, grams_of(lead_of(text), LEAD_GRAM), signature_of(hash32(shingles)))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique shingle arrays."""
    if len(a) == 0 and len(b) == 0:
        return 1.0
    common = len(np.intersect1d(a, b, assume_unique=True))
    return common / (len(a) + len(b) - common)


def containment(part: np.ndarray, whole: np.ndarray) -> float:
    """Share of `part`'s shingles found in `whole`."""
    if len(part) == 0:
        return 0.0
    return len(np.intersect1d(part, whole, assume_unique=True)) / len(part)
