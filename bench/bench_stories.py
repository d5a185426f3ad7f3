"""Benchmark story folding on synthetic articles built from the seeds' paragraphs.

    .venv/bin/python bench/bench_stories.py            # 1k, 10k, 100k
    .venv/bin/python bench/bench_stories.py 1000 10000 # other sizes

Each synthetic story is 4-7 seed paragraphs in which a quarter of the
characters are replaced by random syllables (so that stories differ the way
real ones do, while sharing the seeds' vocabulary and common paragraphs);
its 0-3 extra copies are mutated the way outlets' copies differ: paragraphs
shuffled, one dropped, spacing lost, chrome added. Prints the folding time,
how well the folding matches the truth, and t(100k)/t(10k), which should stay
near 10 for O(N) folding. Folding goes in batches of BATCH articles (StoryIndex.fold_batch),
as ingest passes do. A synthetic story mixes paragraphs of several seed articles, so it names
several places and announcement days; a copy that drops one paragraph can then disagree on
its main place or day and stay apart (the veto rules of monitor/stories/similarity.py), which
real copies of one report rarely do: "whole" is a little under 1 for that reason. Also
compares two ways to rebuild the index at start-up: from stored signatures, or from the texts.
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from monitor.stories import StoryIndex, fingerprint
from monitor.stories.fingerprint import Signature
from monitor.stories.index import NewArticle

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
CHROME = ["메인화면으로", "페이스북 공유하기 트위터 공유하기 카카오스토리 공유하기", "ⓒ 무단전재 및 재배포 금지",
          "많이 본 뉴스", "기사제보 | 구독신청 | 개인정보처리방침", "광고", "본문 글씨 크게 본문 글씨 작게"]


def seed_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted(SEEDS.glob("*.txt")):
        for part in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            part = re.sub(r"\s+", " ", part).strip()
            if len(part) >= 40:
                paragraphs.append(part)
    return paragraphs


def scramble(text: str, rng: random.Random, share: float = 0.25) -> str:
    return "".join(chr(0xAC00 + rng.randrange(11172)) if ch != " " and rng.random() < share else ch for ch in text)


def copy_of(paragraphs: list[str], rng: random.Random) -> str:
    """One outlet's copy: some of these mutations, each with probability 1/2."""
    paragraphs = list(paragraphs)
    if rng.random() < 0.5:
        rng.shuffle(paragraphs)
    if rng.random() < 0.5 and len(paragraphs) > 3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    text = "\n\n".join(paragraphs)
    if rng.random() < 0.5:
        text = re.sub(r"\s+", "", text)
    if rng.random() < 0.5:
        text = "\n\n".join(rng.sample(CHROME, 2)) + "\n\n" + text + "\n\n" + rng.choice(CHROME)
    return text


def synthetic(n: int, seed: int = 7) -> list[tuple[int, str]]:
    """n (truth story, text) pairs; copies of one story are spread over the stream, as feeds deliver them."""
    rng = random.Random(seed)
    pool = seed_paragraphs()
    items: list[tuple[int, str]] = []
    story = 0
    while len(items) < n:
        base = [scramble(p, rng) for p in rng.sample(pool, rng.randint(4, 7))]
        items.append((story, "\n\n".join(base)))
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            items.append((story, copy_of(base, rng)))
        story += 1
    items = items[:n]
    # Move each item a little (within ~50 positions): copies arrive near each other, not adjacent.
    keyed = sorted(range(len(items)), key=lambda i: i + rng.uniform(0, 50))
    return [items[i] for i in keyed]


BATCH = 1000  # articles per fold_batch call, like one ingest pass of a busy service


def fold(items: list[tuple[int, str]]) -> tuple[float, StoryIndex, list[object]]:
    index = StoryIndex()
    started = time.perf_counter()
    stories: list[object] = []
    for start in range(0, len(items), BATCH):
        batch = [NewArticle(start + i, text) for i, (_, text) in enumerate(items[start:start + BATCH])]
        stories.extend(a.story for a in index.fold_batch(batch))
    return time.perf_counter() - started, index, stories


def quality(items: list[tuple[int, str]], stories: list[object]) -> tuple[float, float]:
    """(share of truth stories folded whole, share of found stories that are pure)."""
    truth_to_found: dict[int, set[object]] = {}
    found_to_truth: dict[object, set[int]] = {}
    for (truth, _), found in zip(items, stories, strict=True):
        truth_to_found.setdefault(truth, set()).add(found)
        found_to_truth.setdefault(found, set()).add(truth)
    whole = sum(1 for f in truth_to_found.values() if len(f) == 1) / len(truth_to_found)
    pure = sum(1 for t in found_to_truth.values() if len(t) == 1) / len(found_to_truth)
    return whole, pure


def startup(items: list[tuple[int, str]]) -> None:
    """Rebuild an index of len(items) articles: from stored signature bytes vs from the texts."""
    blobs = [fingerprint(text).signature.to_bytes() for _, text in items]
    started = time.perf_counter()
    index = StoryIndex()
    for i, blob in enumerate(blobs):
        index.add_known(i, i, Signature.from_bytes(blob), None)
    from_blobs = time.perf_counter() - started
    started = time.perf_counter()
    index = StoryIndex()
    for i, (_, text) in enumerate(items):
        index.add_known(i, i, fingerprint(text).signature, None)
    from_texts = time.perf_counter() - started
    print(f"start-up, {len(items)} stored articles: from signatures {from_blobs:.2f} s, "
          f"from texts {from_texts:.2f} s (x{from_texts / from_blobs:.1f})")


def main(sizes: list[int]) -> None:
    times: dict[int, float] = {}
    for n in sizes:
        items = synthetic(n)
        seconds, index, stories = fold(items)
        times[n] = seconds
        whole, pure = quality(items, stories)
        sizes_found = Counter(Counter(stories).values())
        print(f"{n:>7} articles: {seconds:7.2f} s ({seconds / n * 1000:.2f} ms/article, {n / seconds:.0f} articles/s), "
              f"{len(set(stories))} stories (truth {len({t for t, _ in items})}), "
              f"truth stories whole {whole:.4f}, found stories pure {pure:.4f}, "
              f"candidates checked {index.candidates_checked}, largest story {max(sizes_found)}")
    if 10_000 in times and 100_000 in times:
        print(f"t(100k)/t(10k) = {times[100_000] / times[10_000]:.1f}")
    startup(synthetic(10_000))


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000, 100_000])
