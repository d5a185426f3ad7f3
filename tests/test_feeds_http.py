"""Fetching over real HTTP on 127.0.0.1: conditional GET, limits, redirects, errors."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from monitor.sources.http import FetchError, FetchPolicy, fetch, make_client
from tests.feeds_server import FeedServer, Route

POLICY = FetchPolicy(connect_timeout=2, read_timeout=0.5, max_bytes=64 * 1024, max_redirects=3)


def get(server: FeedServer, path: str, policy: FetchPolicy = POLICY, **conditional: str):  # type: ignore[no-untyped-def]
    with make_client(policy) as client:
        return fetch(client, server.url(path), policy, **conditional)


def test_ok_sends_our_user_agent_and_returns_validators(feed_server: FeedServer) -> None:
    feed_server.serve_file("/rss", "rss20.xml", etag='"v1"')
    result = get(feed_server, "/rss")
    assert result.status == 200 and result.body.startswith(b"<?xml")
    assert result.etag == '"v1"' and result.content_type == "application/rss+xml"
    assert feed_server.request_headers[0]["User-Agent"].startswith("monitor/")


def test_conditional_get_gets_304_without_body(feed_server: FeedServer) -> None:
    feed_server.serve_file("/rss", "rss20.xml", etag='"v1"')
    result = get(feed_server, "/rss", etag='"v1"', last_modified="Fri, 20 Jun 2025 00:00:00 GMT")
    assert result.not_modified and result.body == b""
    assert feed_server.request_headers[0]["If-None-Match"] == '"v1"'
    assert feed_server.request_headers[0]["If-Modified-Since"] == "Fri, 20 Jun 2025 00:00:00 GMT"


@pytest.mark.parametrize(("status", "message"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error"),
                                                 (403, "HTTP 403 Forbidden")])
def test_http_errors_name_the_feed_and_status(feed_server: FeedServer, status: int, message: str) -> None:
    feed_server.routes["/bad"] = Route(b"no", status)
    with pytest.raises(FetchError) as caught:
        get(feed_server, "/bad")
    assert str(caught.value) == f"{feed_server.url('/bad')}: {message}"


def test_timeout_is_a_fetch_error(feed_server: FeedServer) -> None:
    feed_server.routes["/slow"] = Route(b"<rss/>", delay=2.0)
    with pytest.raises(FetchError, match="timed out"):
        get(feed_server, "/slow")


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_body_over_the_limit_is_refused(feed_server: FeedServer, declared: bool) -> None:
    feed_server.routes["/huge"] = Route(b"<rss>" + b"x" * (1024 * 1024), content_length=declared)
    with pytest.raises(FetchError, match="refused") as caught:
        get(feed_server, "/huge")
    assert "limit 65536" in str(caught.value) or "limit of 65536" in str(caught.value)


def test_redirects_are_followed_and_the_final_url_kept(feed_server: FeedServer) -> None:
    feed_server.routes["/old"] = Route(status=301, headers={"Location": "/new"})
    feed_server.serve_file("/new", "atom10.xml")
    result = get(feed_server, "/old")
    assert result.status == 200 and result.url == feed_server.url("/new")


def test_redirect_loop_is_detected(feed_server: FeedServer) -> None:
    feed_server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    feed_server.routes["/b"] = Route(status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match=r"redirect loop: .*/a -> .*/b -> .*/a$"):
        get(feed_server, "/a")
    assert feed_server.hits["/a"] == 1 and feed_server.hits["/b"] == 1


def test_too_many_redirects(feed_server: FeedServer) -> None:
    for n in range(6):
        feed_server.routes[f"/r{n}"] = Route(status=307, headers={"Location": f"/r{n + 1}"})
    with pytest.raises(FetchError, match="more than 3 redirects"):
        get(feed_server, "/r0")


def test_connection_refused_is_a_fetch_error() -> None:
    with make_client(POLICY) as client, pytest.raises(FetchError, match="ConnectError"):
        fetch(client, "http://127.0.0.1:9/rss", POLICY)  # the discard port: nothing listens there


def test_a_trickling_server_is_abandoned_at_the_deadline(feed_server: FeedServer) -> None:
    # Each byte comes well within the read timeout, so only the deadline can end this.
    feed_server.routes["/trickle"] = Route(b"<rss>" + b" " * 200 + b"</rss>", trickle=0.1)
    policy = FetchPolicy(connect_timeout=2, read_timeout=0.5, deadline=1.0)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"abandoned after 1 s with \d+ bytes received"):
        get(feed_server, "/trickle", policy)
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("pause", [0.2, 2.0], ids=["fast-trickle", "a-byte-every-2s"])
def test_a_server_trickling_its_headers_is_abandoned_at_the_deadline(feed_server: FeedServer, pause: float) -> None:
    # The status line and headers come a byte at a time, each inside the read timeout: the deadline
    # must cover waiting for the response head, not only the body.
    feed_server.routes["/slow-head"] = Route(b"<rss/>", trickle_head=pause)
    policy = FetchPolicy(connect_timeout=2, read_timeout=pause + 1.5, deadline=1.0)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"abandoned after 1 s without a complete response head"):
        get(feed_server, "/slow-head", policy)
    assert time.monotonic() - started < 2.5


def test_a_name_lookup_that_never_answers_is_abandoned_at_the_deadline(
        feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # getaddrinfo takes no timeout: a resolver that does not answer would hold the poll for as long as
    # resolv.conf's retries last. Stood in for here by a lookup that blocks until the test ends.
    release = threading.Event()

    def silent_resolver(*_args: object, **_kwargs: object) -> list[object]:
        release.wait(30)
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", silent_resolver)
    policy = FetchPolicy(connect_timeout=10, read_timeout=10, deadline=1.0)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="abandoned after 1 s"), make_client(policy) as client:
            fetch(client, feed_server.url("/rss").replace("127.0.0.1", "feeds.example.invalid"), policy)
        assert time.monotonic() - started < 3
    finally:
        release.set()


def test_a_host_name_is_looked_up_and_each_address_tried(feed_server: FeedServer) -> None:
    # "localhost" may come back as ::1 first while the server listens on 127.0.0.1 only.
    feed_server.serve_file("/rss", "rss20.xml")
    with make_client(POLICY) as client:
        result = fetch(client, feed_server.url("/rss").replace("127.0.0.1", "localhost"), POLICY)
    assert result.status == 200 and result.body.startswith(b"<?xml")
