"""Shared pieces for the fault tests: `monitor` started as a user starts it, SIGKILLed at seeded
random moments, and the database's content in a form two databases can be compared by."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "faults"
PLACES = ("광주시", "순천시", "전주시", "나주시", "목포시", "여수시", "익산시", "군산시")


def article(n: int) -> str:
    """The n-th synthetic article: each a different event (its own round, day, place and money)."""
    template = (DATA / "article.txt").read_text(encoding="utf-8")
    return template.format(n=n, place=PLACES[n % len(PLACES)], day=1 + n % 28, amount=10 + 7 * n)


def drop(inbox: Path, name: str, text: str) -> None:
    """Put a file into the inbox whole (tmp + rename), as a mail filter or `mv` would."""
    tmp = inbox / f".{name}.part"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, inbox / name)


@dataclass
class Killed:
    """One process started and SIGKILLed; `alive` False when it had finished before the kill."""

    alive: bool
    after: float  # seconds after start


def start(args: list[str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "monitor", *args], cwd=cwd, stdout=out,
                                stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUTF8": "1"})


def run_to_end(args: list[str], cwd: Path, name: str) -> float:
    """Run `monitor ARGS` to its end (log in `cwd/NAME.log`, shown if it fails); return its seconds."""
    began = time.monotonic()
    log = cwd / f"{name}.log"
    assert start(args, cwd, log).wait(timeout=300) == 0, log.read_text(encoding="utf-8")
    return time.monotonic() - began


def kill_at_random(process: subprocess.Popen[bytes], log: Path, rng: random.Random, marker: str,
                   early: tuple[float, float] = (0.2, 2.5), late: float = 0.4, give_up: float = 60,
                   started: Callable[[], bool] | None = None) -> Killed:
    """SIGKILL `process` at a random moment: during start-up (early), or within `late` seconds after
    the work began: `marker` shows in its log, or `started()` says so. Each with probability 1/2."""
    began = time.monotonic()
    if started is None:
        def started() -> bool:
            return marker in log.read_text(encoding="utf-8", errors="replace")
    if rng.random() < 0.5:
        time.sleep(rng.uniform(*early))
    else:
        while not started():
            if process.poll() is not None or time.monotonic() - began > give_up:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0, late))
    alive = process.poll() is None
    if alive:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return Killed(alive, time.monotonic() - began)


def rows(db: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute(query).fetchall(), key=repr)
