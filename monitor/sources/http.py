"""Polite, bounded HTTP fetching of feeds with httpx.

Redirects are followed here rather than by httpx so that a loop is named as a
loop and the limit is ours; the body is streamed and abandoned as soon as it
passes the size limit, so one huge or endless response cannot exhaust memory.
Conditional GET (If-None-Match / If-Modified-Since) makes an unchanged feed
cost one small request: a 304 comes back with no body to parse.

The read timeout restarts with every packet, so a server trickling one byte
every few seconds never trips it; `deadline` bounds the whole fetch (connect,
status line, headers, redirects and body), enforced on every socket wait by
monitor.sources.deadline, so one such feed cannot hold up a poll for ever.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import httpx

from monitor import __version__
from monitor.errors import SourceError
from monitor.sources.deadline import DeadlinePassed, bind, deadline

logger = logging.getLogger(__name__)

USER_AGENT = f"monitor/{__version__} (feed reader for a news-monitoring digest; httpx/{httpx.__version__})"
TOO_SLOW = "the server sends too slowly; raise sources.fetch_deadline if it is worth waiting"
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
          "text/xml;q=0.9, */*;q=0.5")


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits for one request; defaults suit feeds of a few hundred entries."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    deadline: float = 120.0  # seconds for the whole fetch, however the bytes trickle in
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One completed fetch: either a body, or `not_modified` with none."""

    url: str  # the final URL after redirects
    status: int
    body: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(SourceError):
    """A feed could not be fetched: network, HTTP status, size, or redirects."""


def make_client(policy: FetchPolicy) -> httpx.Client:
    """One client per pass: connection reuse across feeds of one host, our UA and timeouts."""
    timeout = httpx.Timeout(policy.read_timeout, connect=policy.connect_timeout)
    return bind(httpx.Client(timeout=timeout, follow_redirects=False,
                             headers={"User-Agent": policy.user_agent, "Accept": ACCEPT}))


def fetch(client: httpx.Client, url: str, policy: FetchPolicy, *, etag: str | None = None,
          last_modified: str | None = None) -> FetchResult:
    """GET `url` with conditional headers; FetchError on anything but 2xx or 304.

    >>> with make_client(FetchPolicy()) as client:           # doctest: +SKIP
    ...     result = fetch(client, "https://example.org/rss", FetchPolicy(), etag='"abc"')
    ...     result.not_modified
    True
    """
    headers: dict[str, str] = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    give_up_at = time.monotonic() + policy.deadline
    try:
        with deadline(give_up_at):
            return _fetch(client, url, policy, headers, give_up_at)
    except DeadlinePassed:  # before the body: connecting, or waiting for the status line and headers
        raise FetchError(url, f"abandoned after {policy.deadline:g} s without a complete response head",
                         hint=TOO_SLOW) from None


def _fetch(client: httpx.Client, url: str, policy: FetchPolicy, headers: dict[str, str],
           give_up_at: float) -> FetchResult:
    seen: list[str] = [url]
    current = url
    while True:
        if time.monotonic() > give_up_at:  # a chain of slow redirects
            raise FetchError(url, f"abandoned after {policy.deadline:g} s (at {current})")
        try:
            with client.stream("GET", current, headers=headers) as response:
                if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                    current = _next_location(url, response, seen, policy)
                    continue
                if response.status_code == 304:
                    return _result(current, response, b"")
                if not 200 <= response.status_code < 300:
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip()
                                     + (f" (after redirect to {current})" if current != url else ""))
                return _result(current, response, _read_limited(url, response, policy, give_up_at))
        except httpx.TimeoutException as e:
            raise FetchError(url, f"timed out ({e.__class__.__name__})",
                             hint="the server is slow or down; it is retried with backoff") from e
        except httpx.HTTPError as e:
            raise FetchError(url, f"{e.__class__.__name__}: {e}") from e


def _next_location(url: str, response: httpx.Response, seen: list[str], policy: FetchPolicy) -> str:
    target = str(response.url.join(response.headers["location"]))
    if target in seen:
        chain = " -> ".join([*seen, target])
        raise FetchError(url, f"redirect loop: {chain}")
    if len(seen) > policy.max_redirects:
        raise FetchError(url, f"more than {policy.max_redirects} redirects (last: {target})")
    seen.append(target)
    logger.debug("%s: HTTP %d redirect to %s", url, response.status_code, target)
    return target


def _read_limited(url: str, response: httpx.Response, policy: FetchPolicy, give_up_at: float) -> bytes:
    max_bytes = policy.max_bytes
    declared = response.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(url, f"response of {int(declared)} bytes refused (limit {max_bytes})",
                         hint="raise sources.max_bytes if this feed is really that large")
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                # Stop reading: the server may be sending an endless body.
                raise FetchError(url, f"response larger than the limit of {max_bytes} bytes refused",
                                 hint="raise sources.max_bytes if this feed is really that large")
            if time.monotonic() > give_up_at:
                raise DeadlinePassed()
            chunks.append(chunk)
    except DeadlinePassed:
        raise FetchError(url, f"abandoned after {policy.deadline:g} s with {size} bytes received",
                         hint=TOO_SLOW) from None
    return b"".join(chunks)


def _result(url: str, response: httpx.Response, body: bytes) -> FetchResult:
    return FetchResult(url=url, status=response.status_code, body=body,
                       content_type=response.headers.get("content-type"),
                       etag=response.headers.get("etag"), last_modified=response.headers.get("last-modified"))
