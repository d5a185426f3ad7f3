"""End to end: `monitor run` as a subprocess delivers a digest to a loopback SMTP server and stops on SIGTERM."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import RunCli
from tests.delivery_support import SmtpServer, smtp_server  # noqa: F401  (the smtp fixture)
from tests.install_support import install


def service_dir(tmp_path: Path, smtp: SmtpServer) -> Path:
    """A tiny installation: one seed in the inbox, SQLite in tmp, email to the test server."""
    extra = '[schedule]\npoll_interval = 3600\n[housekeeping]\ninterval = 5\n[[digests]]\nname = "daily"\n' \
            'cron = "0 8 * * *"\nrecipients = [{address = "kim@example.org", name = "김민수"}]\n'
    install(tmp_path, seed="003_34563cb7a2288630.txt", smtp=smtp, extra=extra)
    return tmp_path


def outbox_rows(workdir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(workdir / "var" / "monitor.db") as conn:
        return conn.execute("select recipient, status from outbox order by id").fetchall()


def test_run_delivers_the_due_digest_then_stops_cleanly_on_sigterm(tmp_path: Path, smtp: SmtpServer,
                                                                   run_cli: RunCli) -> None:
    workdir = service_dir(tmp_path, smtp)
    log = (tmp_path / "service.log").open("w+", encoding="utf-8")
    env = {**os.environ, "PYTHONUTF8": "1"}
    service = subprocess.Popen([sys.executable, "-m", "monitor", "run", "--config", "config"], cwd=workdir,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not smtp.recorder.messages and time.monotonic() < deadline and service.poll() is None:
            time.sleep(0.2)
        log.seek(0)
        assert smtp.recorder.messages, f"no digest arrived; service log:\n{log.read()}"

        # While it runs: a second service on the same database is refused, and status sees the first.
        second = run_cli("run", "--config", "config", cwd=workdir, timeout=120)
        assert second.returncode == 1 and "in use by monitor run" in second.stderr
        status = run_cli("status", "--config", "config", cwd=workdir, timeout=120)
        assert status.returncode == 0, status.stdout + status.stderr
        assert f"service: running (pid {service.pid})" in status.stdout
        assert "kim@example.org:" in status.stdout and " sent, " in status.stdout
    finally:
        service.send_signal(signal.SIGTERM)
        code = service.wait(timeout=60)
    log.seek(0)
    output = log.read()
    assert code == 0, output
    assert "monitor service stopped" in output

    [message] = smtp.recorder.parsed()
    assert message["To"].addresses[0].display_name == "김민수"
    assert "AI" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert outbox_rows(workdir) == [("kim@example.org", "sent")]
    assert len(list((workdir / "reports").glob("digest-daily-*.html"))) == 1

    # The preview shows the next message without sending it or moving the ledger.
    preview = run_cli("digest", "--preview", "--config", "config", "--recipient", "kim@example.org",
                      "--output", str(tmp_path / "preview.mbox"), cwd=workdir, timeout=120)
    assert preview.returncode == 0, preview.stderr
    assert (tmp_path / "preview.mbox").read_text(encoding="utf-8").startswith("From monitor@example.org ")
    assert "daily -> kim@example.org" in preview.stderr and "would be skipped" in preview.stderr
    assert len(smtp.recorder.messages) == 1 and outbox_rows(workdir) == [("kim@example.org", "sent")]


def test_run_once_writes_the_report_and_mails_the_due_digest(tmp_path: Path, smtp: SmtpServer,
                                                            run_cli: RunCli) -> None:
    workdir = service_dir(tmp_path, smtp)
    first = run_cli("run", "--once", "--config", "config", cwd=workdir, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "kim@example.org: pending (1 article(s))" in first.stdout
    assert "email: 1 sent, 0 to retry, 0 failed" in first.stdout
    assert len(smtp.recorder.messages) == 1
    # A second cycle right away writes a report (as --once always has) but mails nothing: no slot has passed.
    second = run_cli("run", "--once", "--config", "config", cwd=workdir, timeout=120)
    assert second.returncode == 0, second.stderr
    assert "email: 0 sent" in second.stdout and len(smtp.recorder.messages) == 1
    assert outbox_rows(workdir) == [("kim@example.org", "sent")]
