"""Benchmark story folding on synthetic articles built from the seeds' paragraphs.

    .venv/bin/python bench/bench_stories.py                      # 1k, 10k, 50k
    .venv/bin/python bench/bench_stories.py 1000 10000           # other sizes
    .venv/bin/python bench/bench_stories.py --base ../base-fold  # paired with a checkout of b92c1c4

Each synthetic story is 4-7 seed paragraphs in which a quarter of the characters are replaced
by random syllables (so that stories differ the way real ones do, while sharing the seeds'
vocabulary and common paragraphs); its 0-3 extra copies are mutated the way outlets' copies
differ: paragraphs shuffled, one dropped, spacing lost, chrome added. Prints, per size, the CPU
time per article (constant for O(N) folding), the LSH candidates per query (constant when
candidate generation is bounded), how many candidates were compared in full, and how well the
folding matches the truth. Folding goes in batches of BATCH articles (StoryIndex.fold_batch),
as ingest passes do. A synthetic story mixes paragraphs of several seed articles, so it names
several places and announcement days; a copy that drops one paragraph can then disagree on its
main place or day and stay apart (the veto rules of monitor/stories/similarity.py), which real
copies of one report rarely do: "whole" is a little under 1 for that reason. Last, the
start-up: CPU time to rebuild the index from stored signatures and event keys. With --base, every
measurement runs in a fresh process, first with the other checkout's package, then with this
one, and the ratio is printed (timings on a shared machine are noisy: CPU time, paired runs).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

from monitor.stories import StoryIndex
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


class Measured:
    """What one folding run cost: CPU seconds, candidates per query, the index it built."""

    def __init__(self, index: StoryIndex) -> None:
        self.index = index
        self.lsh_found = 0
        self.queries = 0
        if not hasattr(index, "copy_candidates"):  # b92c1c4: count what datasketch's LSH returns
            lsh, query = index._lsh, index._lsh.query

            def counted(signature: object) -> list[object]:
                found = query(signature)
                self.lsh_found += len(found)
                self.queries += 1
                return found

            lsh.query = counted

    def per_query(self) -> float:
        if hasattr(self.index, "copy_candidates"):
            return self.index.copy_candidates / max(1, self.index.queries)
        return self.lsh_found / max(1, self.queries)


def fold(items: list[tuple[int, str]]) -> tuple[float, Measured, list[object]]:
    measured = Measured(StoryIndex())
    started = time.process_time()
    stories: list[object] = []
    for start in range(0, len(items), BATCH):
        batch = [NewArticle(start + i, text) for i, (_, text) in enumerate(items[start:start + BATCH])]
        stories.extend(a.story for a in measured.index.fold_batch(batch))
    return time.process_time() - started, measured, stories


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


def startup(n: int) -> float:
    """CPU seconds to rebuild an index of n stored articles from their signature bytes and keys."""
    items = synthetic(n)
    _, measured, _ = fold(items)
    index = measured.index
    stored = [(i, index.story_of(i), index._entries[i].signature.to_bytes(), index.keys_stored(i))
              for i in range(len(items))]
    started = time.process_time()
    rebuilt = StoryIndex()
    for key, story, blob, keys in stored:
        rebuilt.add_known(key, story, Signature.from_bytes(blob), None, None, keys)
    rebuilt._lsh.query(Signature.from_bytes(stored[0][2]).hashvalues)  # the LSH files inserted signatures here
    return time.process_time() - started


def run(n: int) -> dict[str, float]:
    """One measurement: fold n synthetic articles in batches, or (n < 0) rebuild an index of -n."""
    if n < 0:
        return {"startup_s": startup(-n)}
    items = synthetic(n)
    seconds, measured, stories = fold(items)
    whole, pure = quality(items, stories)
    return {"cpu_s": seconds, "ms_per_article": seconds / n * 1000, "lsh_per_query": measured.per_query(),
            "checked_per_query": measured.index.candidates_checked / n, "stories": len(set(stories)),
            "truth": len({t for t, _ in items}), "whole": whole, "pure": pure}


def show(label: str, n: int, r: dict[str, float]) -> str:
    if "startup_s" in r:
        return f"{label:>6} start-up from {-n} stored signatures: {r['startup_s']:.2f} s CPU"
    return (f"{label:>6} {n:>6} articles: {r['ms_per_article']:.2f} ms/article CPU, "
            f"LSH candidates/query {r['lsh_per_query']:.1f}, compared/article {r['checked_per_query']:.2f}, "
            f"{r['stories']:.0f} stories (truth {r['truth']:.0f}), whole {r['whole']:.4f}, pure {r['pure']:.4f}")


def in_checkout(checkout: str, n: int) -> dict[str, float]:
    """The same measurement with the monitor package of another checkout (the base commit)."""
    env = {**os.environ, "PYTHONPATH": checkout}
    out = subprocess.run([sys.executable, __file__, "--json", str(n)], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1_000, 10_000, 50_000])
    parser.add_argument("--startup", type=int, default=10_000, help="stored articles to rebuild the index from")
    parser.add_argument("--base", help="a checkout of the base commit, measured in turn with this one")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.json:  # one measurement for --base, in a clean process
        print(json.dumps(run(args.sizes[0])))
        return
    here = str(Path(__file__).resolve().parent.parent)
    for n in [*args.sizes, -args.startup]:
        if args.base:  # paired: base, then this checkout, each in a fresh process
            before, after = in_checkout(args.base, n), in_checkout(here, n)
            print(show("before", n, before))
            print(show("after", n, after))
            key = "startup_s" if n < 0 else "ms_per_article"
            print(f"{'':>6} after/before {after[key] / before[key]:.2f}", flush=True)
        else:
            print(show("", n, run(n)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
