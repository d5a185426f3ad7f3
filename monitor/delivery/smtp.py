"""Send stored messages over SMTP with smtplib: STARTTLS or implicit TLS, auth, timeouts.

The `Transport` protocol is the whole contract the outbox needs: `send` either
returns (the server accepted the message) or raises DeliveryError saying
whether trying again can help. A 5xx reply is permanent; 4xx replies,
refused connections, timeouts and dropped connections are transient.

The password is read from an environment variable or a file at connect time
and is never logged, stored or put in an error message.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Mapping
from typing import Protocol

from monitor.digests_config import SmtpConfig
from monitor.errors import ConfigError, MonitorError

logger = logging.getLogger(__name__)


class DeliveryError(MonitorError):
    """The mail server did not accept a message; `reply` is its answer or the connection error."""

    def __init__(self, server: str, recipient: str, reply: str, *, permanent: bool, hint: str | None = None) -> None:
        kind = "refused" if permanent else "could not take"
        super().__init__(f"{server}: {kind} the message to {recipient}: {reply}",
                         hint=hint or (None if not permanent else "fix the address or the server setup; "
                                       "the next digest covers this period again"))
        self.server = server
        self.recipient = recipient
        self.reply = reply
        self.permanent = permanent


class Transport(Protocol):
    """Hand one message to the mail system; raise DeliveryError when it is not accepted."""

    def send(self, message: bytes, sender: str, recipient: str) -> None: ...

    def close(self) -> None: ...


def read_password(config: SmtpConfig, environ: Mapping[str, str] | None = None) -> str | None:
    """The SMTP password from `password_env` or `password_file`; ConfigError when named but missing."""
    password = _read_password(config, os.environ if environ is None else environ)
    # smtplib encodes AUTH PLAIN/LOGIN as ASCII; say so before the first send instead of crashing in it.
    if password is not None and not password.isascii():
        raise ConfigError("monitor.toml", "the SMTP password has non-ASCII characters, which smtplib cannot send",
                          key="smtp.password_env" if config.password_env else "smtp.password_file")
    return password


def _read_password(config: SmtpConfig, environ: Mapping[str, str]) -> str | None:
    if config.password_env:
        value = environ.get(config.password_env)
        if value:
            return value
        if not config.password_file:
            raise ConfigError("monitor.toml", f"environment variable {config.password_env} is not set",
                              key="smtp.password_env", hint="export it before starting monitor")
    if config.password_file:
        try:
            # One trailing newline is what editors and `echo` leave; it is not part of the password.
            return config.password_file.read_text(encoding="utf-8").rstrip("\r\n")
        except OSError as e:
            raise ConfigError(str(config.password_file), f"cannot read the SMTP password: {e.strerror}",
                              key="smtp.password_file") from e
    return None


class SmtpSender:
    """One SMTP connection, opened on the first send and reused until close() or an error."""

    def __init__(self, config: SmtpConfig, environ: Mapping[str, str] | None = None) -> None:
        self.config = config
        self.environ = environ
        self.server = f"{config.host}:{config.port}"
        self._conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        c = self.config
        context = ssl.create_default_context()
        conn: smtplib.SMTP
        if c.security == "tls":
            conn = smtplib.SMTP_SSL(c.host, c.port, timeout=c.timeout, context=context)
        else:
            conn = smtplib.SMTP(c.host, c.port, timeout=c.timeout)
        try:
            conn.ehlo()
            if c.security == "starttls":
                conn.starttls(context=context)
                conn.ehlo()
            if c.username:
                conn.login(c.username, read_password(c, self.environ) or "")
        except BaseException:
            _quit(conn)
            raise
        logger.debug("connected to %s (%s)", self.server, c.security)
        return conn

    def send(self, message: bytes, sender: str, recipient: str) -> None:
        try:
            if self._conn is None:
                self._conn = self._connect()
            self._conn.sendmail(sender, [recipient], message)
        except smtplib.SMTPRecipientsRefused as e:
            code, text = e.recipients.get(recipient, (550, b"recipient refused"))
            self._fail(recipient, code, text)
        except smtplib.SMTPResponseException as e:  # sender refused, data error, auth, connect reply
            self._fail(recipient, e.smtp_code, e.smtp_error)
        except (smtplib.SMTPException, OSError) as e:  # refused, timed out, disconnected, TLS
            self.close()
            raise DeliveryError(self.server, recipient, f"{e.__class__.__name__}: {e}", permanent=False) from e

    def _fail(self, recipient: str, code: int, text: bytes | str) -> None:
        reply = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
        limit = self._conn.esmtp_features.get("size") if self._conn is not None else None
        # After a refusal the session may be mid-transaction; start clean next time.
        self.close()
        hint = None
        if code == 552 or "5.3.4" in reply:  # RFC 5321 / RFC 3463: too big for this server
            hint = (f"the server takes {limit} bytes at most; " if limit and limit.isdigit() else "") + (
                f"set smtp.max_message_bytes below that (now {self.config.max_message_bytes})")
        raise DeliveryError(self.server, recipient, f"{code} {reply}".strip(), permanent=500 <= code < 600,
                            hint=hint)

    def close(self) -> None:
        if self._conn is not None:
            _quit(self._conn)
            self._conn = None


def _quit(conn: smtplib.SMTP) -> None:
    try:
        conn.quit()
    except (smtplib.SMTPException, OSError):
        conn.close()
