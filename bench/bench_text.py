"""Throughput of the text stage on one core, next to Kiwi's own.

Builds a corpus by repeating the seeds to at least `--mb` MB (5 by default)
and times `extract_articles` over it: on the normally spaced seeds only
(compiled rules, Kiwi never loads: the target is >= 2,000 articles/s; best and
median of `--repeat` passes, in CPU time, as other processes share the machine) and on all
seeds once (the glued ones go through Kiwi `space()`). Kiwi's own `space()`
throughput is measured on a sample of each corpus and extrapolated, so the cost
of our code shows as a ratio.

    .venv/bin/python bench/bench_text.py [--mb 5] [--repeat 3] [--kiwi-sample-kb 300]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import time
from pathlib import Path

from monitor.models import RawDocument
from monitor.text import extract_articles
from monitor.text.kiwi import get_kiwi, is_loaded
from monitor.text.normalize import normalize
from monitor.text.spacing import needs_restoration

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
MB = 1024 * 1024
TARGET_ARTICLES_PER_SECOND = 2000  # normally spaced text, one core (the text stage's speed target)


def corpus(paths: list[Path], megabytes: float) -> list[RawDocument]:
    """RawDocuments repeating the given files until the UTF-8 total reaches `megabytes`."""
    texts = [(p, p.read_text(encoding="utf-8")) for p in paths]
    docs: list[RawDocument] = []
    size = 0
    while size < megabytes * MB:
        for path, text in texts:
            # A distinct hash per copy, as real ingest would see distinct documents.
            digest = hashlib.sha256(f"{len(docs)}{text}".encode()).hexdigest()
            docs.append(RawDocument(f"{path}#{len(docs)}", path.name, text, digest))
            size += len(text.encode("utf-8"))
    return docs


def run_pipeline(docs: list[RawDocument], repeat: int = 1) -> tuple[int, list[float], float]:
    """(articles, seconds of each pass, megabytes) of extract_articles over the docs."""
    megabytes = sum(len(d.text.encode("utf-8")) for d in docs) / MB
    times = []
    for _ in range(repeat):
        start = time.process_time()  # CPU time: another process on the core does not count
        articles = sum(len(extract_articles(d)) for d in docs)
        times.append(time.process_time() - start)
    return articles, times, megabytes


def kiwi_space_rate(docs: list[RawDocument], sample_kb: int) -> float:
    """MB/s of Kiwi `space()` alone over a sample of the corpus text."""
    kiwi = get_kiwi()
    sample: list[str] = []
    size = 0
    for doc in docs:
        # Whole documents: Kiwi's per-call overhead would dominate on single column lines.
        text = normalize(doc.text)
        sample.append(text)
        size += len(text.encode("utf-8"))
        if size >= sample_kb * 1024:
            break
    start = time.process_time()
    for _ in kiwi.space(sample, reset_whitespace=False):
        pass
    return size / MB / (time.process_time() - start)


def report(label: str, articles: int, times: list[float], megabytes: float) -> float:
    """Print the best pass (and the median of several); return the best MB/s."""
    best = min(times)
    median = ""
    if len(times) > 1:
        median = f"  (median of {len(times)}: {articles / statistics.median(times):.0f} articles/s)"
    print(
        f"{label:<36} {megabytes:6.2f} MB {articles:7d} articles {best:7.2f} s"
        f"  {articles / best:7.0f} articles/s  {megabytes / best:6.2f} MB/s{median}"
    )
    return megabytes / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size in MB (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the normally spaced corpus (default 3)")
    parser.add_argument("--kiwi-sample-kb", type=int, default=300, help="text Kiwi is timed on (default 300 KB)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core (Kiwi's threads inherit it)
    seeds = sorted(SEEDS.glob("*.txt"))
    spaced = [p for p in seeds if not needs_restoration(normalize(p.read_text(encoding="utf-8")))]
    print(f"seeds: {len(seeds)} ({len(spaced)} normally spaced: {', '.join(p.name[:3] for p in spaced)})")

    spaced_docs = corpus(spaced, args.mb)
    articles, times, megabytes = run_pipeline(spaced_docs, args.repeat)
    spaced_rate = report("pipeline, normally spaced seeds", articles, times, megabytes)
    verdict = "met" if articles / min(times) >= TARGET_ARTICLES_PER_SECOND else "MISSED"
    print(f"{'target (best pass)':<36} >= {TARGET_ARTICLES_PER_SECOND} articles/s: {verdict}")
    print(f"{'Kiwi loaded by that run':<36} {'yes (a bug)' if is_loaded() else 'no'}")

    all_docs = corpus(seeds, args.mb)
    start = time.perf_counter()
    get_kiwi()
    print(f"{'Kiwi model load':<36} {time.perf_counter() - start:.2f} s (once per process)")
    all_rate = report("pipeline, all seeds (Kiwi on glued)", *run_pipeline(all_docs))

    for label, docs, rate in (("normally spaced", spaced_docs, spaced_rate), ("all seeds", all_docs, all_rate)):
        kiwi_rate = kiwi_space_rate(docs, args.kiwi_sample_kb)
        print(f"{'Kiwi space() alone, ' + label:<36} {kiwi_rate:6.2f} MB/s  -> pipeline/Kiwi {rate / kiwi_rate:6.1f}x")


if __name__ == "__main__":
    main()
