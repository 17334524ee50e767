"""Transports: the sync client's two pools, the proxy mounts both clients need, async reads.

The sync client's transport is chosen by measurement (see the README's benchmarks). Over
loopback, a 256 MiB download ran at about 0.6x raw urllib3's throughput through httpx's own
HTTP/1.1 stack, whose pure-Python parser copies every chunk twice, and at about 1.0x through
urllib3. For small API answers httpx's pool costs less per request, so only requests the
pipeline marks as streamed (``BULK``: artifact and log downloads, ``Client.stream``) take the
urllib3 pool.

Both pools share one SSL context, so certificates are checked alike. Proxies never reach this
class: the clients mount httpx proxy transports for proxied URLs ahead of it
(:func:`proxy_mounts`). urllib3's failures are raised as the httpx exceptions the pipeline
already classifies (timeouts, refused connections, bodies cut short), so retries and error
messages do not depend on the pool.
"""

from __future__ import annotations

import contextlib
import ipaddress
import ssl
import urllib.request
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar

import httpx

from . import _constants as C

if TYPE_CHECKING:
    import urllib3

__all__ = ["BULK", "SyncTransport", "environment_proxies", "proxy_mounts", "widen_reads"]

T = TypeVar("T")

#: Request extension the pipeline sets on requests whose body will be streamed.
BULK = "pybuildkite.bulk"

# Each read of a streamed body asks the socket for this much (see _constants).
_CHUNK = C.DOWNLOAD_CHUNK_SIZE


class SyncTransport(httpx.BaseTransport):
    def __init__(self, limits: httpx.Limits, ssl_context: ssl.SSLContext | None = None) -> None:
        # httpx's own default context (certifi's roots, SSL_CERT_FILE/SSL_CERT_DIR honoured).
        self.ssl_context = ssl_context or httpx.create_ssl_context()
        self._api = httpx.HTTPTransport(verify=self.ssl_context, limits=limits)
        self._limits = limits
        # Made on the first download: importing urllib3 costs more than building the client.
        self._bulk_pool: urllib3.PoolManager | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.extensions.get(BULK) and request.method in ("GET", "HEAD"):
            return self._send_bulk(request)
        return self._api.handle_request(request)

    def _bulk(self) -> urllib3.PoolManager:
        if self._bulk_pool is None:
            import urllib3

            self._bulk_pool = urllib3.PoolManager(
                maxsize=self._limits.max_keepalive_connections or 10,
                block=False,
                retries=False,  # the pipeline decides retries
                ssl_context=self.ssl_context,
            )
        return self._bulk_pool

    def _send_bulk(self, request: httpx.Request) -> httpx.Response:
        import urllib3

        timeouts = request.extensions.get("timeout", {})
        with _as_httpx_errors(request):
            answer = self._bulk().urlopen(
                request.method,
                str(request.url),
                headers=dict(request.headers),
                redirect=False,  # the pipeline follows redirects itself, dropping the token
                retries=False,
                preload_content=False,
                decode_content=False,  # httpx decodes Content-Encoding for iter_bytes
                timeout=urllib3.Timeout(connect=timeouts.get("connect"), read=timeouts.get("read")),
            )
        return httpx.Response(
            answer.status,
            # http.client decoded the header bytes as Latin-1: encoding them back gives httpx
            # the bytes as received, non-ASCII values (a UTF-8 file name) included.
            headers=[(k.encode("latin-1"), v.encode("latin-1")) for k, v in answer.headers.items()],
            stream=_Body(answer, request),
            extensions={
                "http_version": b"HTTP/1.1",
                "reason_phrase": (answer.reason or "").encode(),
            },
        )

    def close(self) -> None:
        if self._bulk_pool is not None:
            # PoolManager.clear() only forgets its pools (their connections would close when
            # garbage-collected, which a reference cycle can put off): close each one first.
            pools = self._bulk_pool.pools
            for key in pools.keys():  # noqa: SIM118 (the container is not iterable)
                pool = pools.get(key)
                if pool is not None:
                    pool.close()
            self._bulk_pool.clear()
        self._api.close()


class _Body(httpx.SyncByteStream):
    def __init__(self, answer: urllib3.BaseHTTPResponse, request: httpx.Request) -> None:
        self._answer = answer
        self._request = request
        self._complete = False

    def __iter__(self) -> Iterator[bytes]:
        with _as_httpx_errors(self._request):
            yield from self._answer.stream(_CHUNK, decode_content=False)
        self._complete = True

    def close(self) -> None:
        answer = self._answer
        if not self._complete:
            remaining = answer.length_remaining
            if remaining is not None and remaining <= _CHUNK:
                # A redirect's or an error's short body: read it so the connection stays usable.
                with contextlib.suppress(Exception):
                    answer.drain_conn()
            else:
                # Abandoned mid-download: reading on would cost the rest of the file.
                answer.close()
        answer.release_conn()


@contextlib.contextmanager
def _as_httpx_errors(request: httpx.Request) -> Iterator[None]:
    import urllib3
    from urllib3.exceptions import (
        ConnectTimeoutError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
    )
    from urllib3.exceptions import SSLError as Urllib3SSLError
    from urllib3.exceptions import TimeoutError as Urllib3TimeoutError

    try:
        yield
    except (NewConnectionError, Urllib3SSLError) as err:
        # Before ConnectTimeoutError: urllib3 files a refused connection under it.
        raise httpx.ConnectError(str(err), request=request) from err
    except ConnectTimeoutError as err:
        raise httpx.ConnectTimeout(str(err), request=request) from err
    except ReadTimeoutError as err:
        raise httpx.ReadTimeout(str(err), request=request) from err
    except Urllib3TimeoutError as err:
        raise httpx.TimeoutException(str(err), request=request) from err
    except ProtocolError as err:
        # A body cut short (IncompleteRead) or a server hanging up mid-answer.
        raise httpx.RemoteProtocolError(str(err), request=request) from err
    except urllib3.exceptions.HTTPError as err:
        raise httpx.TransportError(str(err), request=request) from err
    except OSError as err:
        raise httpx.ReadError(str(err) or type(err).__name__, request=request) from err


def environment_proxies() -> dict[str, str | None]:
    """URL patterns -> proxy URL (or ``None``: go direct) from HTTP(S)_PROXY, ALL_PROXY, NO_PROXY.

    httpx reads these itself only when it builds its own transport; given a transport, as
    both clients do, it ignores them. This applies httpx's documented rules (NO_PROXY as curl
    reads it) so that proxies work the same either way.
    """
    found = urllib.request.getproxies()
    mounts: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        if proxy := found.get(scheme):
            mounts[f"{scheme}://"] = proxy if "://" in proxy else f"http://{proxy}"
    for host in (h.strip() for h in found.get("no", "").split(",")):
        if host == "*":
            return {}
        if not host:
            continue
        if "://" in host:
            mounts[host] = None
        elif host.lower() == "localhost" or _is_ip(host):
            mounts[f"all://[{host}]" if ":" in host else f"all://{host}"] = None
        else:
            mounts[f"all://*{host}"] = None  # example.com also covers www.example.com
    return mounts


def _is_ip(host: str) -> bool:
    """An IPv4 or IPv6 address, or a network written with its prefix (10.0.0.0/8)."""
    try:
        ipaddress.ip_address(host.split("/", maxsplit=1)[0])
    except ValueError:
        return False
    return True


def proxy_mounts(make: Callable[[str], T]) -> dict[str, T | None]:
    """httpx ``mounts=``: a transport from ``make(proxy_url)`` for each proxied pattern."""
    return {
        pattern: None if proxy is None else make(proxy)
        for pattern, proxy in environment_proxies().items()
    }


def widen_reads(stream: object) -> None:
    """Read a streamed body through the aiohttp transport in the sync pool's read size.

    httpx-aiohttp's response stream reads ``CHUNK_SIZE`` (16 KiB) at a time; set on this one
    stream (not its class), 128 KiB lifts an async download from about 0.6x to 0.8x of raw
    urllib3's rate over loopback. Other streams are left alone.
    """
    if isinstance(getattr(stream, "CHUNK_SIZE", None), int):
        stream.CHUNK_SIZE = C.DOWNLOAD_CHUNK_SIZE  # type: ignore[attr-defined]
