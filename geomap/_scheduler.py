"""Check a Dask scheduler address before ``distributed.Client`` is given it.

``Client`` waits its whole connect timeout on a dead address and then blocks
again while closing (``--scheduler bogus://x`` took 41 s, a closed port 21 s);
a peer that is not Dask can make it read a garbage frame length and fail with
a ``MemoryError``. :func:`probe_scheduler` answers in about a second: unknown
scheme, nothing listening, or something listening that does not greet like a
Dask scheduler (an 8-byte frame length, then its handshake).
"""

from __future__ import annotations

import contextlib
import socket
import sys
from typing import Any
from urllib.parse import urlsplit

from ._errors import InputError

__all__ = ["SCHEDULER_PROBE_S", "probe_scheduler"]

#: Dask address schemes reached over TCP (probed before connecting), and others passed on.
_TCP_SCHEMES = ("tcp", "tls", "ws", "wss")
_OTHER_SCHEMES = ("inproc", "ucx")
#: Seconds the scheduler probe waits for a TCP connection.
SCHEDULER_PROBE_S = 1.5


def probe_scheduler(address: str, timeout: float = SCHEDULER_PROBE_S) -> None:
    """Fail in about ``timeout`` seconds when a Dask scheduler address cannot be reached.

    distributed's ``Client`` waits its whole connect timeout on a dead
    address, and then blocks again while closing (40 s for ``bogus://x``);
    a short TCP connect says first whether anything listens there.

    >>> probe_scheduler("bogus://x")
    Traceback (most recent call last):
    ...
    geomap._errors.InputError: unknown scheme 'bogus' in --scheduler 'bogus://x'; give an address such as tcp://HOST:8786
    """
    text = str(address).strip()
    scheme = text.split("://", 1)[0].lower() if "://" in text else "tcp"
    if scheme in _OTHER_SCHEMES:
        return
    if scheme not in _TCP_SCHEMES:
        msg = f"unknown scheme {scheme!r} in --scheduler {text!r}; give an address such as tcp://HOST:8786"
        raise InputError(msg)
    try:
        parts = urlsplit(text if "://" in text else f"tcp://{text}")
        host, port = parts.hostname, parts.port or 8786
    except ValueError as exc:
        msg = f"bad --scheduler address {text!r} ({exc}); give an address such as tcp://HOST:8786"
        raise InputError(msg) from None
    if not host:
        msg = f"--scheduler {text!r} names no host; give an address such as tcp://HOST:8786"
        raise InputError(msg)
    try:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            head = _first_bytes(sock, 8) if scheme == "tcp" else b"\x01" + bytes(7)
    except OSError as exc:
        why = "timed out" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        msg = (
            f"cannot connect to the Dask scheduler {text!r} ({why} within {timeout:g} s); "
            "start it or fix --scheduler"
        )
        raise InputError(msg) from None
    # a Dask server greets first: an 8-byte frame length, then a small handshake
    size = int.from_bytes(head, sys.byteorder) if len(head) == 8 else 0
    if not 0 < size < 1 << 24:
        msg = (
            f"cannot connect to the Dask scheduler {text!r}: something answers there but "
            "not a Dask scheduler; fix --scheduler (the scheduler's address, tcp://HOST:8786)"
        )
        raise InputError(msg)


def _first_bytes(sock: Any, n: int) -> bytes:
    """Up to ``n`` bytes the peer sends first (fewer when it closes or stays silent)."""
    data = b""
    with contextlib.suppress(TimeoutError):
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                break
            data += chunk
    return data
