"""A small installation for the tests that start `monitor` as a process: config/ with the shipped
topics and a monitor.toml naming the inbox, the database and the reports folder (plus email to a
loopback SMTP server and whatever else a test adds)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.delivery_support import SmtpServer


def smtp_table(smtp: SmtpServer) -> str:
    """The [smtp] table for mail to `smtp`."""
    return (f'[smtp]\nhost = "127.0.0.1"\nport = {smtp.port}\nsecurity = "none"\nfrom = "monitor@example.org"\n'
            "timeout = 5\n")


def install(root: Path, *, inbox: Path | None = None, database_url: str | None = None, extra: str = "",
            smtp: SmtpServer | None = None, seed: str | None = None) -> Path:
    """Write (or rewrite) `root/config/`; return it. The inbox (default `root/inbox`) is made, with `seed` in it."""
    inbox = inbox or root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    if seed is not None:
        shutil.copy(ROOT / "seeds" / seed, inbox)
    config = root / "config"
    config.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "monitor" / "config" / "topics.toml", config)
    url = database_url or f"sqlite:///{root / 'var' / 'monitor.db'}"
    (config / "monitor.toml").write_text(
        f'[inbox]\npath = "{inbox}"\n[database]\nurl = "{url}"\n[reports]\npath = "{root / "reports"}"\n'
        + extra + "\n" + (smtp_table(smtp) if smtp is not None else ""), encoding="utf-8")
    return config
