"""[[digests]], [smtp] and [housekeeping]: typed objects, one-line errors, the password kept out of sight."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from monitor.configuration import load_config
from monitor.delivery import SmtpSender, flush_outbox, queue_digest, read_password
from monitor.digests_config import Recipient, check_topics
from monitor.errors import ConfigError
from monitor.store import Store
from monitor.store.outbox import SENT, Outbox
from tests.conftest import default_topics
from tests.delivery_support import ROOT, Recorder, add_article, digest_config, free_port, topics

SMTP = '[smtp]\nhost = "127.0.0.1"\nfrom = "monitor@example.org"\n'


def service_config(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "monitor.toml").write_text(text, encoding="utf-8")
    return load_config(tmp_path, topics=default_topics()).service


def test_bundled_config_has_one_daily_digest_and_no_email() -> None:
    config = load_config(ROOT / "monitor" / "config").service
    assert [(d.name, d.cron, d.timezone, d.recipients) for d in config.digests] == [
        ("daily", "0 8 * * mon-fri", "Asia/Seoul", ())]
    assert config.smtp is None


def test_several_digests_with_recipients_and_topic_subsets(tmp_path: Path) -> None:
    config = service_config(tmp_path, SMTP + """
[[digests]]
name = "daily"
cron = "0 8 * * mon-fri"
empty = "send"
recipients = ["team@example.org", {address = "kim@example.org", name = "김민수", topics = ["smart_cities"]}]

[[digests]]
name = "weekly"
cron = "0 9 * * mon"
timezone = "America/New_York"
""")
    daily, weekly = config.digests
    assert daily.recipients == (Recipient("team@example.org"), Recipient("kim@example.org", "김민수",
                                                                         ("smart_cities",)))
    assert daily.empty == "send" and daily.timezone == "Asia/Seoul"
    assert (weekly.cron, weekly.timezone, weekly.recipients) == ("0 9 * * mon", "America/New_York", ())
    assert config.smtp is not None and (config.smtp.port, config.smtp.security) == (587, "starttls")
    check_topics(config, [t.id for t in topics().topics], tmp_path / "topics.toml")


@pytest.mark.parametrize(("text", "expected"), [
    ('[[digests]]\nname = "daily"\ncron = "8am"\n', r"monitor.toml:3: digests\[daily\].cron: invalid value '8am'"),
    ('[[digests]]\nname = "daily"\nempty = "never"\n', r'digests\[daily\].empty: .*allowed: "skip" or "send"'),
    ('[[digests]]\nname = "Daily Digest"\n', r"digests\[0\].name: invalid value"),
    ('[[digests]]\nname = "d"\n[[digests]]\nname = "d"\n', r"digest 'd' is defined twice"),
    ('[[digests]]\nname = "d"\nrecipients = ["kim"]\n', r"recipients.address: invalid value 'kim'"),
    ('[[digests]]\nname = "d"\nrecipients = ["kim@example.org"]\n', r"recipients need an \[smtp\] section"),
    ('[[digests]]\nname = "d"\nsubject = "{when}"\n', r"subject: invalid value .*\{title\}"),
    ('[[digests]]\nname = "d"\ncolour = 1\n', r"digests\[0\].colour: unknown key"),
    ('[[digests]]\nname = "d"\nother = "hide"\n',
     r'monitor.toml:3: digests\[d\].other: invalid value .*"headlines" or "collapsed" or "off"'),
    ('[[digests]]\nname = "d"\nempty_report = "no"\n', r'digests\[d\].empty_report: .*"skip" or "write"'),
    ('[[digests]]\nname = "d"\nmax_per_topic = 0\n', r"digests\[d\].max_per_topic: invalid value 0"),
    ('[[digests]]\nname = "d"\nreport_url = "reports/"\n', r"digests\[d\].report_url: .*http\(s\)://"),
    ('[smtp]\nhost = "h"\n', r"smtp.from: is required"),
    (SMTP + 'security = "ssl"\n', r'smtp.security: .*allowed: "starttls" or "tls" or "none"'),
    (SMTP + 'port = "25"\n', r"monitor.toml:4: smtp.port: must be a whole number, got str"),
    ('[housekeeping]\ninterval = 1\n',
     r"housekeeping.interval: invalid value 1 \(allowed: a whole number of seconds from 5 to 86400"),
    ('[housekeeping]\nkeep_sent_days = 0\n', r"housekeeping.keep_sent_days: invalid value 0 \(allowed: a whole number"),
])
def test_bad_values_name_file_key_and_allowed_values(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected) as caught:
        service_config(tmp_path, text)
    assert caught.value.exit_code == 2


def test_unknown_topic_in_a_subscription_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"unknown topic 'smartcity' .*allowed: ai_hubs, env_subsidies"):
        service_config(tmp_path, SMTP + '[[digests]]\nname = "d"\n'
                       'recipients = [{address = "kim@example.org", topics = ["smartcity"]}]\n')


def test_password_from_environment_or_file(tmp_path: Path) -> None:
    config = service_config(tmp_path, SMTP + 'password_env = "MONITOR_TEST_PW"\npassword_file = "pw.txt"\n').smtp
    assert config is not None
    assert read_password(config, {"MONITOR_TEST_PW": "from-env"}) == "from-env"
    (tmp_path / "pw.txt").write_text("from-file\n", encoding="utf-8")
    assert read_password(config, {}) == "from-file"
    only_env = service_config(tmp_path, SMTP + 'password_env = "MONITOR_TEST_PW"\n').smtp
    assert only_env is not None
    with pytest.raises(ConfigError, match="MONITOR_TEST_PW is not set"):
        read_password(only_env, {})
    with pytest.raises(ConfigError, match="non-ASCII"):
        read_password(only_env, {"MONITOR_TEST_PW": "비밀번호"})


def test_login_uses_the_password_but_never_stores_or_logs_it(store: Store, tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    secret = "s3cret-pw-4821"
    seen: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        assert isinstance(auth_data, LoginPassword)
        seen.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == secret.encode())

    recorder, port = Recorder(), free_port()
    controller = Controller(recorder, hostname="127.0.0.1", port=port, authenticator=authenticator,
                            auth_require_tls=False)
    controller.start()
    try:
        caplog.set_level(logging.DEBUG)
        config = service_config(tmp_path, f'[smtp]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "none"\n'
                                'from = "monitor@example.org"\nusername = "monitor"\npassword_env = "PW"\n').smtp
        assert config is not None
        now = datetime(2026, 1, 5, 23, tzinfo=UTC)
        add_article(store, now - timedelta(hours=1), "전주 스마트시티", ("smart_cities",))
        outbox = Outbox(store.engine)
        queue_digest(store, outbox, topics(), digest_config(Recipient("kim@example.org")), config, now)
        flush_outbox(outbox, SmtpSender(config, {"PW": secret}), config.sender, lambda: now)
    finally:
        controller.stop()
    assert seen == [(b"monitor", secret.encode())]
    assert [e.status for e in outbox.entries()] == [SENT]
    database = Path(str(store.engine.url.database)).read_bytes()
    assert secret.encode() not in database
    assert secret not in caplog.text


def test_commented_examples_in_the_shipped_config_are_valid(tmp_path: Path) -> None:
    text = (ROOT / "monitor" / "config" / "monitor.toml").read_text(encoding="utf-8")
    ours = text[text.index("# Digests by email"):]
    # Uncomment the TOML lines (tables, keys, list items), not the prose around them.
    example = re.sub(r"^# (?=\[\[?[a-z]+\]\]?$|[a-z_]+ = |  |\]$)", "", ours, flags=re.M)
    config = service_config(tmp_path, example)
    daily, weekly = config.digests
    assert daily.recipients[1] == Recipient("kim@example.org", "김민수", ("smart_cities", "ai_hubs"))
    assert weekly.cron == "0 9 * * mon" and config.smtp is not None and config.smtp.security == "starttls"
    assert config.housekeeping.max_attempts == 10 and config.housekeeping.keep_sent_days == 30
    check_topics(config, [t.id for t in topics().topics], tmp_path / "topics.toml")
