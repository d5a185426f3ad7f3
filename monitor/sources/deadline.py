"""An overall deadline, and a stop request, for every socket wait of a fetch.

httpx's timeouts bound each socket operation, and the read timeout restarts
with every packet: a server that sends its status line, its headers or its body
one byte every two seconds never trips it. The deadline of a whole fetch has to
be checked where the waiting happens, so this module wraps httpcore's network
backend: every name lookup, connect, read and write waits at most until the
deadline of the fetch in progress (`fetch_deadline`), and a read waits in slices of at most
STOP_SLICE seconds so that a stop request (SIGTERM to `monitor run`) ends a
fetch in flight within that time instead of after the deadline.

The deadline and the stop event live in context variables: `fetch` sets the
deadline for its own duration, the service sets the stop event around a poll,
and pooled connections reused across fetches read whichever is current.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

# How long one socket wait lasts at most before the stop event is looked at again.
STOP_SLICE = 0.5

_GIVE_UP_AT: ContextVar[float | None] = ContextVar("monitor_fetch_give_up_at", default=None)
_STOP: ContextVar[threading.Event | None] = ContextVar("monitor_fetch_stop", default=None)


class DeadlinePassed(Exception):
    """The fetch in progress ran past its overall deadline (turned into a FetchError by `fetch`)."""


class FetchStopped(BaseException):
    """A stop was requested while a fetch was in flight.

    A BaseException, like KeyboardInterrupt: it must pass through the per-feed
    `except Exception` boundaries and end the whole poll, not count as a failure
    of the feed that happened to be in flight.
    """


@contextmanager
def deadline(give_up_at: float) -> Iterator[None]:
    """Every socket wait inside ends by `give_up_at` (time.monotonic) with DeadlinePassed."""
    token = _GIVE_UP_AT.set(give_up_at)
    try:
        yield
    finally:
        _GIVE_UP_AT.reset(token)


@contextmanager
def stop_on(event: threading.Event) -> Iterator[None]:
    """A fetch inside ends with FetchStopped within STOP_SLICE seconds of `event` being set."""
    token = _STOP.set(event)
    try:
        yield
    finally:
        _STOP.reset(token)


def stop_requested() -> bool:
    """True once the stop event of the current `stop_on` is set (work between two fetches asks this)."""
    stop = _STOP.get()
    return stop is not None and stop.is_set()


def _left(timeout: float | None) -> float | None:
    """`timeout` capped at what is left of the deadline; raises when nothing is left or a stop was asked."""
    if stop_requested():
        raise FetchStopped()
    give_up_at = _GIVE_UP_AT.get()
    if give_up_at is None:
        return timeout
    left = give_up_at - time.monotonic()
    if left <= 0:
        raise DeadlinePassed()
    return left if timeout is None else min(timeout, left)


def _resolve(host: str, port: int, until: float | None) -> list[str]:
    """The addresses of `host`, looked up on a thread of its own and waited for in STOP_SLICE slices,
    until the connect timeout, the fetch's deadline or a stop; httpcore.ConnectError if it fails."""
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]  # a literal address: nothing to look up
    except ValueError:
        pass
    found: list[str] = []
    failed: list[OSError] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            found.extend(dict.fromkeys(str(info[4][0]) for info in infos))
        except OSError as e:  # socket.gaierror: no such host, resolver unreachable
            failed.append(e)
        finally:
            done.set()

    # A daemon thread: one left waiting on a resolver that never answers does not keep the process alive.
    threading.Thread(target=look_up, name=f"monitor-resolve-{host}", daemon=True).start()
    while not done.is_set():
        wait = _left(None if until is None else until - time.monotonic())
        if not done.wait(STOP_SLICE if wait is None else min(wait, STOP_SLICE)) and until is not None \
                and time.monotonic() >= until:
            raise httpcore.ConnectTimeout(f"{host}: the name lookup took longer than the connect timeout")
    if failed or not found:
        raise httpcore.ConnectError(f"{host}: {failed[0] if failed else 'no address'}")
    return found


class DeadlineStream(httpcore.NetworkStream):
    """A network stream whose every wait is bounded by the current deadline and stop event."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        # Reading again after a timed-out recv is safe (nothing was consumed, for TLS too),
        # so a long wait is cut into slices with a look at the stop event between them.
        until = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = _left(None if until is None else until - time.monotonic())
            try:
                return self._inner.read(max_bytes, STOP_SLICE if wait is None else min(wait, STOP_SLICE))
            except httpcore.ReadTimeout:
                if until is not None and time.monotonic() >= until:
                    raise  # the read timeout itself: the server went silent
                _left(None)  # the deadline or a stop; else wait another slice

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # Not sliced: a timed-out sendall may have sent part of the buffer. Requests are small.
        self._inner.write(buffer, _left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, _left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's synchronous backend, its streams wrapped in DeadlineStream."""

    def __init__(self, inner: httpcore.NetworkBackend | None = None) -> None:
        self._inner = inner or httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        # The name lookup is bounded too: getaddrinfo takes no timeout, and a resolver that does
        # not answer holds the poll for as long as resolv.conf's retries last.
        until = None if timeout is None else time.monotonic() + timeout
        addresses = _resolve(host, port, until)
        for number, address in enumerate(addresses, 1):
            wait = _left(None if until is None else until - time.monotonic())
            try:
                stream = self._inner.connect_tcp(address, port, wait, local_address, socket_options)
            except httpcore.ConnectError:
                if number == len(addresses):
                    raise
                continue  # the next address, as socket.create_connection would try it
            return DeadlineStream(stream)
        raise httpcore.ConnectError(f"{host}: no address")

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return DeadlineStream(self._inner.connect_unix_socket(path, _left(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        left = _left(seconds)
        self._inner.sleep(seconds if left is None else left)


def bind(client: httpx.Client) -> httpx.Client:
    """Make every connection pool of `client` (direct, and each proxy httpx took from the environment)
    wait through a DeadlineBackend; returns the client.

    httpx takes no network backend, so the pools' backends are wrapped in place. Should an
    httpx release rename what this reaches for, this fails at once rather than fetch unbounded.
    """
    transports = [client._transport, *(t for t in client._mounts.values() if t is not None)]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is None:
            raise RuntimeError(f"cannot bound the fetches of {transport!r}: httpx internals changed")
        if not isinstance(backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    return client


__all__ = ["STOP_SLICE", "DeadlineBackend", "DeadlinePassed", "FetchStopped", "bind", "deadline",
           "stop_on", "stop_requested"]
