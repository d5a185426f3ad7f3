"""A job that overruns holds up neither the digests nor a stop: polling has a worker of its own,
and SIGTERM cuts a feed fetch in flight."""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from pathlib import Path

from monitor.schedule import Jobs, build_scheduler
from tests.fault_support import article, drop, start
from tests.feeds_server import FeedServer, Route
from tests.install_support import install


def test_digests_and_housekeeping_run_while_a_poll_is_stuck() -> None:
    release = threading.Event()
    digests: list[str] = []
    housekeeping: list[float] = []
    jobs = Jobs(poll=lambda: release.wait(30), digest=digests.append,
                housekeeping=lambda: housekeeping.append(time.monotonic()))
    scheduler = build_scheduler(jobs, {"daily": ("0 8 * * *", "Asia/Seoul")}, poll_interval=1,
                                housekeeping_interval=1)
    scheduler.start()
    try:
        deadline = time.monotonic() + 10
        while len(housekeeping) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        # The poll is still running: the start-up digest check and later housekeeping ticks went ahead of it.
        assert not release.is_set()
        assert digests == ["daily"] and len(housekeeping) >= 2
    finally:
        release.set()
        scheduler.shutdown(wait=True)


def service_config(tmp_path: Path, feed_url: str) -> Path:
    return install(tmp_path, extra=f"""
[sources]
read_timeout = 30
fetch_deadline = 600
[[sources.folder]]
path = "{tmp_path / 'inbox'}"
[[sources.feed]]
url = "{feed_url}"
name = "느린 피드"
""")


def stop_with_sigterm(service: subprocess.Popen[bytes], log: Path, within: float) -> tuple[int | None, float, str]:
    """SIGTERM, then wait up to `within` s: (exit code or None, seconds it took, the log); killed if still there."""
    service.send_signal(signal.SIGTERM)
    started = time.monotonic()
    try:
        code: int | None = service.wait(timeout=within)
    except subprocess.TimeoutExpired:
        code = None
    took = time.monotonic() - started
    if service.poll() is None:
        service.kill()
        service.wait()
    return code, took, log.read_text(encoding="utf-8")


def test_sigterm_stops_the_service_within_seconds_while_a_feed_trickles(tmp_path: Path,
                                                                      feed_server: FeedServer) -> None:
    # A byte every 2 s, each within the read timeout, and a deadline of 10 minutes: only the stop can end it.
    feed_server.routes["/trickle"] = Route(b"<rss/>", trickle_head=2.0)
    config = service_config(tmp_path, feed_server.url("/trickle"))
    log = tmp_path / "service.log"
    service = start(["run", "--config", str(config)], tmp_path, log)
    deadline = time.monotonic() + 120
    while not feed_server.hits["/trickle"] and time.monotonic() < deadline and service.poll() is None:
        time.sleep(0.1)
    time.sleep(1.0)  # well inside the fetch: the status line is still arriving
    code, took, output = stop_with_sigterm(service, log, within=8)
    assert feed_server.hits["/trickle"], f"the service never fetched the feed:\n{output}"
    assert code == 0 and took < 5, f"still running {took:.1f} s after SIGTERM:\n{output}"
    assert "received SIGTERM" in output and "stopped while fetching a feed" in output, output
    assert "monitor service stopped" in output


def test_sigterm_stops_the_service_between_two_documents_of_a_long_pass(tmp_path: Path) -> None:
    config = service_config(tmp_path, "http://127.0.0.1:9/rss")  # a feed that refuses at once
    # Enough that the pass is still going when SIGTERM comes, a batch (200) after it began
    # storing: 400 documents were done in half a second once a pass got fast.
    for n in range(4000):
        drop(tmp_path / "inbox", f"{n:04d}.txt", article(n))
    log = tmp_path / "service.log"
    service = start(["run", "--config", str(config)], tmp_path, log)
    deadline = time.monotonic() + 120
    while "monitor.pipeline: ingested" not in log.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline and service.poll() is None, "the pass never started"
        time.sleep(0.1)
    code, took, output = stop_with_sigterm(service, log, within=15)
    assert code == 0 and took < 5, f"still running {took:.1f} s after SIGTERM:\n{output}"
    assert "document(s) left for the next pass" in output and "monitor service stopped" in output
