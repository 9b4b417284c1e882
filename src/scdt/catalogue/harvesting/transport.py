"""How harvesters fetch: a careful HTTP client, and an in-memory stand-in for the demo.

The HTTP transport is polite and defensive: timeouts, retries with exponential backoff,
a minimum interval between requests, a cap on response size and on total time per
response (so endless or trickling responses are cut off), redirects followed only
within the same host, and no requests to private, loopback or link-local addresses
unless ``SCDT_HARVEST_ALLOW_PRIVATE=1``.
"""

import ipaddress
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

import httpx

USER_AGENT = "SCDT-Marketplace-harvester/1.0 (+https://github.com/scdt-network)"
RETRY_STATUSES = {429, 500, 502, 503, 504}


class HarvestError(Exception):
    """A fetch that failed for good: the page is reported and the listing stops."""


@dataclass
class Response:
    url: str
    content: bytes
    content_type: str = ""
    status: int = 200

    @property
    def charset(self) -> str:
        for part in self.content_type.split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip('"')
        return ""

    def text(self) -> str:
        """The body as text: UTF-8, else the declared charset, else with replacements."""
        try:
            return self.content.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
        if self.charset:
            try:
                return self.content.decode(self.charset)
            except (LookupError, UnicodeDecodeError):
                pass
        return self.content.decode("utf-8", errors="replace")


def private_allowed() -> bool:
    return os.environ.get("SCDT_HARVEST_ALLOW_PRIVATE", "").strip().lower() in {"1", "true", "yes"}


def check_public_url(url: str, *, allow_private: bool | None = None) -> None:
    """Refuse URLs that are not http(s) or resolve to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise HarvestError(f"Only http and https URLs can be harvested: {url}")
    if private_allowed() if allow_private is None else allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise HarvestError(f"Cannot resolve {parts.hostname}: {exc}") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise HarvestError(
                f"{parts.hostname} resolves to the non-public address {address}; "
                "set SCDT_HARVEST_ALLOW_PRIVATE=1 to allow it."
            )


@dataclass
class HttpTransport:
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 0.5
    min_interval: float = 0.2
    max_bytes: int = 50 * 1024 * 1024
    max_seconds: float = 120.0
    max_redirects: int = 5
    allow_private: bool | None = None
    _last_request: float = field(default=0.0, repr=False)
    _client: httpx.Client | None = field(default=None, repr=False)

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=httpx.Timeout(self.timeout),
                follow_redirects=False,
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def get(self, url: str, params: dict | None = None, *, accept: str = "*/*") -> Response:
        if params:
            url = f"{url}{'&' if '?' in url else '?'}{urlencode(params, doseq=True)}"
        attempt = 0
        while True:
            try:
                return self._get_following_redirects(url, accept)
            except _RetryableError as exc:
                attempt += 1
                if attempt > self.retries:
                    raise HarvestError(str(exc)) from exc
                delay = exc.retry_after if exc.retry_after is not None else self.backoff * 2 ** (attempt - 1)
                time.sleep(min(delay, 30.0))

    def _pause(self) -> None:
        wait = self.min_interval - (time.monotonic() - self._last_request)
        if wait > 0:
            time.sleep(wait)
        self._last_request = time.monotonic()

    def _get_following_redirects(self, url: str, accept: str) -> Response:
        origin_host = urlsplit(url).hostname
        for _hop in range(self.max_redirects + 1):
            check_public_url(url, allow_private=self.allow_private)
            self._pause()
            response = self._fetch(url, accept)
            if response.status in {301, 302, 303, 307, 308}:
                location = response.content.decode("latin-1")
                target = urljoin(url, location)
                if urlsplit(target).hostname != origin_host:
                    raise HarvestError(f"Refusing redirect from {origin_host} to another host: {target}")
                url = target
                continue
            if response.status in RETRY_STATUSES:
                raise _RetryableError(f"HTTP {response.status} from {url}", retry_after=response.retry_after)
            if response.status >= 400:
                raise HarvestError(f"HTTP {response.status} from {url}")
            return Response(url=url, content=response.content, content_type=response.content_type)
        raise HarvestError(f"Too many redirects from {url}")

    def _fetch(self, url: str, accept: str) -> "_RawResponse":
        started = time.monotonic()
        try:
            with self.client.stream("GET", url, headers={"Accept": accept}) as response:
                if response.is_redirect:
                    return _RawResponse(response.status_code, response.headers.get("location", "").encode("latin-1"))
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise HarvestError(f"Response of {declared} bytes is over the limit of {self.max_bytes}")
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise HarvestError(f"Response from {url} cut off after {self.max_bytes} bytes")
                    if time.monotonic() - started > self.max_seconds:
                        raise HarvestError(f"Response from {url} cut off after {self.max_seconds:.0f} s")
                    chunks.append(chunk)
                retry_after = response.headers.get("retry-after", "")
                return _RawResponse(
                    response.status_code,
                    b"".join(chunks),
                    response.headers.get("content-type", ""),
                    float(retry_after) if retry_after.isdigit() else None,
                )
        except httpx.TimeoutException as exc:
            raise _RetryableError(f"Timed out fetching {url}") from exc
        except httpx.TransportError as exc:
            raise _RetryableError(f"Cannot fetch {url}: {exc}") from exc


@dataclass
class _RawResponse:
    status: int
    content: bytes
    content_type: str = ""
    retry_after: float | None = None


class _RetryableError(Exception):
    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class CallableTransport:
    """Answers requests from a function instead of the network (demo, ad-hoc files).

    ``answer(url, params)`` returns bytes, or a ``Response``; raising ``HarvestError``
    stands for a failed fetch.
    """

    def __init__(self, answer: Callable[[str, dict], bytes | Response]):
        self.answer = answer

    def get(self, url: str, params: dict | None = None, *, accept: str = "*/*") -> Response:
        result = self.answer(url, dict(params or {}))
        if isinstance(result, Response):
            return result
        return Response(url=url, content=result)

    def close(self) -> None:
        return None
