"""Benchmark topic classification: articles/second with the 3 default topics and with 300.

    .venv/bin/python bench/bench_topics.py [--seconds 2]

Input: the seeds' articles as cut for the labelled set (tests/data/topics/seeds.json,
restored and original text both), so the numbers include the second pass over glued
originals. The 297 extra topics are generated from words of the seeds themselves (so
they do match, and the scoring work is real), each with 8 keywords, an exclusion, a
require group and a one-sentence rule, like the defaults.

Each measurement classifies the whole set over and over for `--seconds`; it prints the
rate of the fastest pass (what the code costs; on a shared machine the other passes
include the neighbours' work) and the median pass.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from monitor.models import Article  # noqa: E402
from monitor.topics import TopicSet, load_topics  # noqa: E402

SEEDS = ROOT / "tests" / "data" / "topics" / "seeds.json"
DEFAULTS = ROOT / "monitor" / "config" / "topics.toml"


def load_articles() -> list[Article]:
    records = json.loads(SEEDS.read_text(encoding="utf-8"))
    return [
        Article(source=r["source"], index=i, headline=r["headline"], text=r["text"], summary="",
                subheadlines=tuple(r["subheadlines"]), original_text=r.get("original_text"))
        for i, r in enumerate(records)
    ]


def synthetic_topics(articles: list[Article], count: int, seed: int = 7) -> str:
    """TOML for `count` topics whose keywords are words of the seeds."""
    rng = random.Random(seed)
    words = sorted({w for a in articles for w in re.findall(r"[가-힣A-Za-z]{3,8}", a.text)})
    lines = []
    for n in range(count):
        keywords = rng.sample(words, 8)
        exclude, required = rng.sample([w for w in words if w not in keywords], 2)
        kw = ", ".join(f'"{k}"' if i % 3 else f'{{ term = "{k}", weight = 3 }}' for i, k in enumerate(keywords))
        rule = f'{{ all = ["{keywords[1]}", "{keywords[2]}"], weight = 2 }}'
        lines += ["[[topic]]", f'id = "synthetic_{n:03d}"', f'name = "합성 주제 {n}"', f"keywords = [{kw}]",
                  f"rules = [{rule}]", f'exclude = [{{ term = "{exclude}", where = "headline" }}]',
                  f'require = [["{required}", "{keywords[0]}"]]', ""]
    return "\n".join(lines)


def rate(topics: TopicSet, articles: list[Article], seconds: float) -> tuple[float, float, int]:
    """Articles per second of the fastest and of the median pass, and how many (article, topic)
    pairs were accepted per pass."""
    accepted = sum(m.accepted for a in articles for m in topics.classify(a))  # also warms caches
    passes: list[float] = []
    start = time.perf_counter()
    while time.perf_counter() - start < seconds or len(passes) < 3:
        began = time.perf_counter()
        for article in articles:
            topics.classify(article)
        passes.append(time.perf_counter() - began)
    return len(articles) / min(passes), len(articles) / statistics.median(passes), accepted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="time per measurement (default 2)")
    args = parser.parse_args()
    articles = load_articles()
    chars = sum(len(a.text) + len(a.original_text or "") for a in articles) / len(articles)
    print(f"{len(articles)} seed articles, {chars:,.0f} body chars each on average (restored + original)")
    defaults = DEFAULTS.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        for label, extra in (("3 topics", 0), ("300 topics", 297)):
            path = Path(tmp) / f"topics_{extra}.toml"
            path.write_text(defaults + "\n" + synthetic_topics(articles, extra), encoding="utf-8")
            start = time.perf_counter()
            topics = load_topics(path)
            compile_ms = (time.perf_counter() - start) * 1000
            best, median, accepted = rate(topics, articles, args.seconds)
            terms = sum(len(c.forms) for t in topics.topics for c in t.concepts())
            print(f"{label:>10}: {best:8,.0f} articles/s  ({1000 / best:.2f} ms/article; median pass {median:,.0f}/s; "
                  f"{terms} terms, load+compile {compile_ms:.0f} ms, {accepted} accepted matches per pass)")


if __name__ == "__main__":
    main()
