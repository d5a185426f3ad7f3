"""Benchmark `monitor ingest` end to end on a synthetic inbox built from the seeds' paragraphs.

    .venv/bin/python bench/bench_ingest.py                          # 1k and 5k, SQLite, the mix
    .venv/bin/python bench/bench_ingest.py --sizes 1000,10000,50000 # the #17 figures
    .venv/bin/python bench/bench_ingest.py --mix web --sizes 10000  # web text alone (Kiwi never loads)
    .venv/bin/python bench/bench_ingest.py --db postgres --sizes 100000 --digest 10000

The mix (#17): 60 % web text, 20 % PDF-like pages (lines wrapped mid-word, page numbers),
20 % space-lost pages (Kiwi restores their spacing); 25 % of documents are a second
outlet's copy of an earlier one (paragraphs reordered or one dropped, other chrome).
Each size runs in a child process that writes the inbox, then runs `monitor ingest` as
its own subprocess, so that peak RSS (`getrusage(RUSAGE_CHILDREN).ru_maxrss`) and CPU
time belong to that ingest alone. After the ingest the child times a poll with nothing
new (the ingest pass in-process, and the whole `monitor ingest` command). With
`--digest N`, N more documents are ingested on top and `monitor digest` is timed over them.
Prints articles/s (wall and CPU), peak RSS and database size per size, and the growth
ratios t(10k)/t(1k) and t(50k)/t(10k) of CPU time when those sizes ran.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stories import seed_paragraphs  # the same paragraphs as the folding benchmark

from monitor.text.spacing import needs_restoration

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
OUTLETS = ["광주일보", "무등일보", "전남일보", "새전북신문", "동아경제신문", "전북도민일보", "대전일보", "강원일보"]
CHROME = ["메인화면으로", "페이스북 공유하기 트위터 공유하기 카카오스토리 공유하기", "ⓒ 무단전재 및 재배포 금지",
          "많이 본 뉴스", "기사제보 | 구독신청 | 개인정보처리방침", "본문 글씨 크게 본문 글씨 작게"]
MIXES = {"mix": (0.6, 0.2, 0.2), "web": (1.0, 0.0, 0.0)}  # shares of web, PDF-like, space-lost
COPY_SHARE = 0.25
MIB = 1024 * 1024


def scramble(text: str, rng: random.Random, share: float = 0.25) -> str:
    """A quarter of the syllables replaced: stories differ as real ones do, on the seeds' vocabulary."""
    return "".join(chr(0xAC00 + rng.randrange(11172)) if "가" <= ch <= "힣" and rng.random() < share else ch
                   for ch in text)


def web_page(headline: str, paragraphs: list[str], outlet: str, day: int, rng: random.Random) -> str:
    reporter = "".join(chr(0xAC00 + rng.randrange(11172)) for _ in range(3))
    return "\n\n".join([rng.choice(CHROME), headline, f"입력 2025-06-{day:02d} 10:{rng.randrange(60):02d}",
                        *paragraphs, f"{outlet} {reporter} 기자", rng.choice(CHROME)])


def pdf_page(headline: str, paragraphs: list[str], outlet: str, day: int, rng: random.Random) -> str:
    """A press release as PDF text: lines cut every 19-24 characters, mid-word, with page numbers."""
    width = rng.randint(19, 24)
    lines = [headline, ""]
    for paragraph in paragraphs:
        lines.extend(paragraph[i:i + width] for i in range(0, len(paragraph), width))
        if rng.random() < 0.3:
            lines.extend(["", f"- {len(lines) // 40 + 1} -", ""])
    lines.extend(["", f"{outlet} 2025. 6. {day}."])
    return "\n".join(lines)


def spaceless_page(headline: str, paragraphs: list[str], outlet: str, day: int, rng: random.Random) -> str:
    """A page whose spaces were lost in extraction: the headline keeps them, the body does not."""
    body = [re.sub(r"\s+", "", p) for p in paragraphs]
    return "\n\n".join([headline, f"{outlet} 2025-06-{day:02d}", *body])


def documents(n: int, mix: str, seed: int = 17) -> Iterator[str]:
    """n document texts; a copy comes within ~30 documents of its original, as feeds deliver them."""
    rng = random.Random(seed)
    pool = seed_paragraphs()
    if mix == "web":  # the seeds' space-lost paragraphs would take a web page through Kiwi
        pool = [p for p in pool if not needs_restoration(p)]
    kinds = (web_page, pdf_page, spaceless_page)
    recent: list[tuple[str, list[str], int]] = []
    for _ in range(n):
        if recent and rng.random() < COPY_SHARE:
            headline, paragraphs, day = recent.pop(rng.randrange(len(recent)))
            paragraphs = list(paragraphs)
            if rng.random() < 0.5:
                rng.shuffle(paragraphs)
            elif len(paragraphs) > 3:
                del paragraphs[rng.randrange(1, len(paragraphs))]
        else:
            paragraphs = [scramble(p, rng) for p in rng.sample(pool, rng.randint(3, 6))]
            headline = scramble(paragraphs[0][:rng.randint(18, 34)], rng).strip()
            day = rng.randint(1, 28)
            recent = [*recent[-30:], (headline, paragraphs, day)]
        kind = rng.choices(kinds, weights=MIXES[mix])[0]
        yield kind(headline, paragraphs, rng.choice(OUTLETS), day, rng)


def write_inbox(inbox: Path, n: int, mix: str, start: int = 0, seed: int = 17) -> int:
    """Write n files; return their total size in bytes."""
    inbox.mkdir(parents=True, exist_ok=True)
    total = 0
    for i, text in enumerate(documents(n, mix, seed), start):
        data = text.encode("utf-8")
        (inbox / f"{i:07d}.txt").write_bytes(data)
        total += len(data)
    # Old enough that the folder source takes every file at once, without waiting for it to settle.
    past = time.time() - 3600
    for path in inbox.iterdir():
        os.utime(path, (past, past))
    return total


def write_config(work: Path, db_url: str) -> Path:
    config = work / "config"
    shutil.copytree(ROOT / "monitor" / "config", config)
    toml = (config / "monitor.toml").read_text(encoding="utf-8")
    toml = re.sub(r'(?m)^path = "seeds"$', f'path = "{work / "inbox"}"', toml, count=1)
    toml = re.sub(r'(?m)^url = "sqlite:///var/monitor.db"$', f'url = "{db_url}"', toml, count=1)
    toml = re.sub(r'(?m)^path = "reports"$', f'path = "{work / "reports"}"', toml, count=1)
    (config / "monitor.toml").write_text(toml, encoding="utf-8")
    return config


def run_monitor(config: Path, *args: str, profile: Path | None = None) -> tuple[float, float]:
    """Run one monitor command (under cProfile into `profile`); return (wall s, CPU s of that process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    profiler = ["-m", "cProfile", "-o", str(profile)] if profile else []
    # Run from the bench folder, not the checkout: `-m` puts the working directory first on
    # sys.path, and PYTHONPATH must decide which monitor runs (paired runs against a base commit).
    done = subprocess.run([sys.executable, *profiler, "-m", "monitor", "--config", str(config), *args],
                          capture_output=True, text=True, cwd=config.parent)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # 1: some input skipped, still a measured run
        raise SystemExit(f"monitor {' '.join(args)} failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def db_size(db_url: str, work: Path) -> int:
    if db_url.startswith("sqlite"):
        return sum(p.stat().st_size for p in (work / "var").glob("monitor.db*"))
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    with engine.connect() as conn:
        size = int(conn.scalar(text("select pg_database_size(current_database())")) or 0)
    engine.dispose()
    return size


def quiet_poll(config: Path) -> tuple[float, float]:
    """One ingest pass with nothing new, timed in-process (the service's poll, without start-up): (wall, CPU)."""
    from datetime import UTC, datetime

    from monitor.configuration import load_config
    from monitor.pipeline import ingest
    from monitor.store import Store

    whole = load_config(config)
    store = Store.open(whole.settings.database_url)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        report = ingest(whole, store, datetime.now(UTC))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        store.close()
    assert report.documents_new == 0, report
    return seconds, cpu


def one_size(n: int, mix: str, db: str, digest: int, profile: Path | None = None) -> dict[str, float]:
    """Child process: build the inbox, ingest it in a grandchild, measure; print one JSON line."""
    work = Path(tempfile.mkdtemp(prefix=f"bench-ingest-{n}-"))
    pg_name = None
    try:
        if db == "postgres":
            from sqlalchemy import create_engine, text

            pg_name = f"monitor_bench_{uuid.uuid4().hex[:10]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{pg_name}"'))
            admin.dispose()
            db_url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{pg_name}"
        else:
            db_url = f"sqlite:///{work / 'var' / 'monitor.db'}"
        text_bytes = write_inbox(work / "inbox", n, mix)
        config = write_config(work, db_url)
        wall, cpu = run_monitor(config, "ingest", profile=profile)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
        from monitor.configuration import load_config
        from monitor.store import Store

        store = Store.open(load_config(config).settings.database_url)
        articles = store.count_articles()
        store.close()
        poll, poll_cpu = quiet_poll(config)
        result = {"n": n, "articles": articles, "wall": wall, "cpu": cpu, "peak": peak,
                  "db": db_size(db_url, work), "text": text_bytes, "poll": poll, "poll_cpu": poll_cpu,
                  "poll_cli": run_monitor(config, "ingest")[0]}
        if digest:
            write_inbox(work / "inbox", digest, mix, start=n, seed=n + 1)
            # The configured digest ("daily"): `--name bench` is refused since digests must be declared.
            run_monitor(config, "digest")  # everything so far: the next covers the new ones
            run_monitor(config, "ingest")
            result["digest_n"] = digest
            result["digest_wall"], result["digest_cpu"] = run_monitor(config, "digest")
        print(json.dumps(result))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if pg_name:
            from sqlalchemy import create_engine, text

            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
            admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,5000", help="comma-separated document counts (default 1000,5000)")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite",
                        help="postgres: a database of its own at 127.0.0.1:5432, dropped after")
    parser.add_argument("--mix", choices=sorted(MIXES), default="mix", help="web: web text alone, no Kiwi")
    parser.add_argument("--no-kiwi", dest="mix", action="store_const", const="web", help="same as --mix web")
    parser.add_argument("--digest", type=int, default=0, metavar="N",
                        help="also time `monitor digest` over N more documents ingested on top")
    parser.add_argument("--profile", type=Path, metavar="FILE",
                        help="run the ingest under cProfile, stats into FILE (one size); prints the top functions")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process of one size
    args = parser.parse_args()
    if args.one is not None:
        one_size(args.one, args.mix, args.db, args.digest, args.profile)
        return
    results: dict[int, dict[str, float]] = {}
    print(f"monitor ingest, {args.mix}, {args.db} (CPU time of the ingest process; the machine may be shared)")
    for n in (int(s) for s in args.sizes.split(",")):
        profile = ["--profile", str(args.profile.resolve())] if args.profile else []
        child = subprocess.run([sys.executable, __file__, "--one", str(n), "--mix", args.mix, "--db", args.db,
                                "--digest", str(args.digest), *profile], capture_output=True, text=True)
        if child.returncode != 0:
            raise SystemExit(f"size {n} failed: {child.stderr.strip()[-800:]}")
        r = results[n] = json.loads(child.stdout.strip().splitlines()[-1])
        line = (f"{n:>7} files, {r['articles']:>7} articles: {r['wall']:7.1f} s wall, {r['cpu']:7.1f} s CPU, "
                f"{r['articles'] / r['wall']:6.0f} articles/s wall, {r['articles'] / r['cpu']:6.0f} /s CPU, "
                f"peak RSS {r['peak'] / MIB:6.0f} MiB, "
                f"DB {r['db'] / MIB:6.1f} MiB for {r['text'] / MIB:.1f} MiB of text, "
                f"poll with nothing new {r['poll']:.2f} s wall, {r['poll_cpu']:.2f} s CPU "
                f"(the command {r['poll_cli']:.2f} s)")
        if "digest_n" in r:
            line += f"; digest over {r['digest_n']} more: {r['digest_wall']:.1f} s wall, {r['digest_cpu']:.1f} s CPU"
        print(line, flush=True)
    if args.profile:
        import pstats

        pstats.Stats(str(args.profile)).sort_stats("tottime").print_stats(25)
        pstats.Stats(str(args.profile)).sort_stats("cumulative").print_stats(40)
    for small, large in ((1000, 10_000), (10_000, 50_000), (1000, 5000), (10_000, 100_000)):
        if small in results and large in results:
            ratio = results[large]["cpu"] / results[small]["cpu"]
            rss = results[large]["peak"] / results[small]["peak"]
            print(f"t({large // 1000}k)/t({small // 1000}k) = {ratio:.2f} (x{large // small} the files), "
                  f"peak RSS x{rss:.2f}")


if __name__ == "__main__":
    main()
