"""Every number in monitor.toml has bounds: what `check-config` accepts, `run` can use.

2**63-1 seconds passed the lower bounds and overflowed the scheduler; 1e300 and NaN passed
`> 0`. Each is refused with one line naming the key, by `check-config` and by `run` alike.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import RunCli

HUGE = 2**63 - 1
SMTP = '[smtp]\nhost = "127.0.0.1"\nfrom = "monitor@example.org"\n'

# (section text with {v} for the value, the key named in the error)
NUMBERS = [
    ("[sources]\nconnect_timeout = {v}\n", "sources.connect_timeout"),
    ("[sources]\nread_timeout = {v}\n", "sources.read_timeout"),
    ("[sources]\nmax_bytes = {v}\n", "sources.max_bytes"),
    ("[sources]\nmax_redirects = {v}\n", "sources.max_redirects"),
    ("[sources]\nfailing_after = {v}\n", "sources.failing_after"),
    ("[sources]\nsilent_after = {v}\n", "sources.silent_after"),
    ('[[sources.feed]]\nurl = "http://127.0.0.1:9/rss"\ninterval = {v}\n', r"sources.feed\[0\].interval"),
    ('[[sources.feed]]\nurl = "http://127.0.0.1:9/rss"\nfull_text_limit = {v}\n', r"sources.feed\[0\].full_text_limit"),
    ('[[sources.folder]]\npath = "seeds"\nsettle_seconds = {v}\n', r"sources.folder\[0\].settle_seconds"),
    ("[housekeeping]\ninterval = {v}\n", "housekeeping.interval"),
    ("[housekeeping]\nretry_base = {v}\n", "housekeeping.retry_base"),
    ("[housekeeping]\nretry_max = {v}\n", "housekeeping.retry_max"),
    ("[housekeeping]\nmax_attempts = {v}\n", "housekeeping.max_attempts"),
    ("[housekeeping]\nkeep_sent_days = {v}\n", "housekeeping.keep_sent_days"),
    (SMTP + "timeout = {v}\n", "smtp.timeout"),
]
FLOAT_KEYS = ("connect_timeout", "read_timeout", "settle_seconds")


def _configure(workdir: Path, section: str) -> None:
    path = workdir / "config" / "monitor.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + section, encoding="utf-8")


def _cases() -> list[tuple[str, str]]:
    cases = [(section.format(v=HUGE), key) for section, key in NUMBERS]
    cases += [(section.format(v=value), key) for section, key in NUMBERS if key.split(".")[-1] in FLOAT_KEYS
              for value in ("1e300", "nan", "inf")]
    return cases


@pytest.mark.parametrize(("section", "key"), _cases())
def test_check_config_refuses_numbers_run_cannot_use(run_cli: RunCli, workdir: Path, section: str, key: str) -> None:
    _configure(workdir, section)
    done = run_cli("check-config", cwd=workdir)
    assert done.returncode == 2, done.stdout
    assert re.search(rf"monitor.toml:\d+: {key}: invalid value .* \(allowed: .* (to|at most) \d", done.stderr)
    assert len(done.stderr.strip().splitlines()) == 1


def test_poll_interval_has_an_upper_bound(run_cli: RunCli, workdir: Path) -> None:
    path = workdir / "config" / "monitor.toml"
    text = re.sub(r"(?m)^poll_interval = \d+", f"poll_interval = {HUGE}", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    done = run_cli("check-config", cwd=workdir)
    assert done.returncode == 2 and "schedule.poll_interval: invalid value" in done.stderr


def test_the_service_refuses_at_the_start_what_check_config_refuses(run_cli: RunCli, workdir: Path) -> None:
    # Before, `monitor run` started and logged the same ConfigError on every poll, for ever.
    _configure(workdir, "[sources]\nread_timeout = nan\n")
    done = run_cli("run", cwd=workdir, timeout=60)
    assert done.returncode == 2
    assert "sources.read_timeout: invalid value nan" in done.stderr
    assert not (workdir / "reports").exists()  # nothing ran
