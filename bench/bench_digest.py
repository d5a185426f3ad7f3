"""Benchmark `monitor digest` over a store of synthetic articles made of the seeds' paragraphs.

    .venv/bin/python bench/bench_digest.py             # 20,000 articles
    .venv/bin/python bench/bench_digest.py 5000        # another size
    .venv/bin/python bench/bench_digest.py --db FILE   # reuse (or build once into) FILE

The store is built through the real Store API (articles filed by the real topics, folded
into stories by the real folding; a quarter of the stories reach 2-4 outlets, as in
bench_stories.py), without the text pipeline, whose speed bench_text.py measures. Then,
each on a fresh copy of the database, it times (CPU time, this process):

- `digest`: what `monitor digest` does (build, render, write the report and the index);
- `run`: what one scheduled run does for a digest with one recipient: the report and
  the email over the same period (the email capped per topic and fitted to 2 MiB).

and prints the report's and the email's sizes. Works against older checkouts too
(PYTHONPATH=...), for paired comparisons: what they lack (shared period data) is skipped.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench_stories import synthetic

from monitor import pipeline
from monitor.configuration import load_config
from monitor.digest.build import PeriodCache
from monitor.models import Article, RawDocument
from monitor.store import Store
from monitor.store.outbox import SKIPPED, Outbox
from monitor.stories.stored import fold_new_articles
from monitor.topics import load_topics

ROOT = Path(__file__).resolve().parent.parent
OUTLETS = ["광주일보", "전북일보", "연합뉴스", "뉴스1", "전남일보", "무등일보", "새전북신문", "동아경제신문", "KBS",
           "MBC"]
START = datetime(2026, 1, 5, 0, 0, tzinfo=UTC)
# The previous run ended here, for the report and the recipient alike (the steady state of a service).
PREVIOUS = START - timedelta(minutes=1)
SENTENCE_END = re.compile(r"(?<=[다요]\.)\s+")


def article(number: int, text: str, rng: random.Random) -> Article:
    lead = text.split("\n\n", 1)[0]
    sentences = SENTENCE_END.split(lead)
    headline = re.sub(r"\s+", " ", lead[:40]).strip()
    return Article(source=f"bench/{number:06d}.txt", index=0, headline=headline, text=text,
                   summary=" ".join(sentences[:2])[:400], outlet=rng.choice(OUTLETS), byline="홍길동",
                   published=date(2026, 1, 5) - timedelta(days=rng.randrange(3)))


def build(path: Path, n: int, settings_dir: Path) -> None:
    """A store of `n` synthetic articles, ingested over one day, folded into stories."""
    rng = random.Random(11)
    topics = load_topics(settings_dir / "topics.toml")
    store = Store.open(f"sqlite:///{path}")
    started = time.perf_counter()
    for number, (_, text) in enumerate(synthetic(n)):
        art = article(number, text, rng)
        doc = RawDocument(source=art.source, name=f"{number:06d}.txt", text=text, content_hash=f"{number:064x}")
        store.add_document(doc, [art], [topics.classify(art)], START + timedelta(seconds=4 * number))
        if number % 2000 == 1999:
            fold_new_articles(store, START + timedelta(seconds=4 * number))
    fold_new_articles(store, START + timedelta(days=1))
    store.record_digest("daily", PREVIOUS - timedelta(days=1), PREVIOUS, None, 0, PREVIOUS)
    Outbox(store.engine).enqueue(digest="daily", recipient="kim@example.org", period_start=PREVIOUS - timedelta(days=1),
                                 period_end=PREVIOUS, message_id="<bench@example.org>", subject="bench", message=None,
                                 article_count=0, now=PREVIOUS, status=SKIPPED)
    store.close()
    print(f"built {n:,} articles in {time.perf_counter() - started:.0f} s: {path} "
          f"({path.stat().st_size / 2**20:.0f} MiB)", file=sys.stderr)


def measure(db: Path, work: Path, mode: str) -> dict[str, float]:
    """One timed digest on a fresh copy of `db`."""
    from monitor.delivery.compose import compose
    from monitor.digests_config import DigestConfig, Recipient, SmtpConfig

    copy = work / f"copy-{mode}.db"
    shutil.copyfile(db, copy)
    reports = work / f"reports-{mode}"
    shutil.rmtree(reports, ignore_errors=True)
    (work / "inbox").mkdir(exist_ok=True)
    whole = load_config(ROOT / "monitor" / "config", database_url=f"sqlite:///{copy}", reports_dir=reports,
                        inbox=work / "inbox")
    settings, topics = whole.settings, whole.topics
    store = Store.open(settings.database_url)
    now = START + timedelta(days=2)
    recipient = Recipient("kim@example.org", "김민수")
    config = DigestConfig("daily", "0 8 * * *", settings.timezone, recipients=(recipient,))
    smtp = SmtpConfig(host="127.0.0.1", sender="monitor@example.org")
    result: dict[str, float] = {}
    cpu = time.process_time()
    if mode == "digest":
        written = pipeline.digest(whole, store, now)
    else:
        periods = PeriodCache(store, topics)
        written = pipeline.digest(whole, store, now, periods=periods)
        # The recipient's period is the one the report covered (a new recipient's first day).
        outbox = Outbox(store.engine)
        composed = compose(store, outbox, topics, config, smtp, recipient, now, periods=periods)
        result["email_bytes"] = len(composed.message.data)
    result["cpu_s"] = time.process_time() - cpu
    result["report_bytes"] = Path(written.path).stat().st_size if written.path else 0
    result["articles"] = written.article_count
    store.close()
    copy.unlink()
    return result


def measured(db: Path, work: Path, mode: str) -> dict[str, float]:
    """`measure` in a process of its own, as `monitor digest` runs: start-up work (compiled rules) counts."""
    done = subprocess.run([sys.executable, __file__, "--measure", mode, "--db", str(db), "--work", str(work)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=20_000)
    parser.add_argument("--db", type=Path, help="database to reuse, or to build into when missing")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=("digest", "run"), help="measure one of the two only")
    parser.add_argument("--measure", choices=("digest", "run"), help=argparse.SUPPRESS)  # the child process
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.db, args.work, args.measure)))
        return
    work = Path(tempfile.mkdtemp(prefix="bench-digest-"))
    db = args.db or work / "store.db"
    if not db.exists():
        build(db, args.n, ROOT / "monitor" / "config")
    for mode in [args.only] if args.only else ["digest", "run"]:
        runs = [measured(db, work, mode) for _ in range(args.repeat)]
        cpu = sorted(r["cpu_s"] for r in runs)
        last = runs[-1]
        email = f", email {last['email_bytes'] / 2**20:.2f} MiB" if "email_bytes" in last else ""
        print(f"{mode:<6} {int(last['articles']):,} articles: CPU median {cpu[len(cpu) // 2]:.2f} s "
              f"(min {cpu[0]:.2f}), report {last['report_bytes'] / 2**20:.1f} MiB{email}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
