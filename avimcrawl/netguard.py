"""The SSRF guard: a footnote must not make the crawler fetch a private address.

A cited URL whose host is, or resolves to, a loopback, private, link-local (cloud metadata
included), unspecified, multicast or reserved address is not fetched. Literal addresses
are refused before any request, in every spelling an HTTP stack accepts (`127.1`,
`0x7f000001`, `2130706433`, `[::ffff:127.0.0.1]`); host names are checked on the address
the resolver actually returned, the one the connection will use, so a name that resolves
differently a second time gets nowhere. Behind an HTTP proxy, the proxy resolves names
itself: there only literal addresses can be refused. `AVIMCRAWL_ALLOW_PRIVATE` names the
exceptions (host names, addresses or networks).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_ALLOW_SETTING = "AVIMCRAWL_ALLOW_PRIVATE"


class ForbiddenAddress(IgnoreRequest):
    """A request to a private address, refused before it was sent."""


class ForbiddenAddressError(DNSLookupError):
    """A host name that resolved to a private address; the connection was never made."""


def address_kind(address: IPAddress) -> str | None:
    """What makes an address off-limits (`loopback`, `private`…), or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for kind, test in (("loopback", address.is_loopback), ("link-local", address.is_link_local),
                       ("unspecified", address.is_unspecified), ("multicast", address.is_multicast),
                       ("private", address.is_private), ("reserved", address.is_reserved)):
        if test:
            return kind
    if isinstance(address, ipaddress.IPv4Address) and address in ipaddress.ip_network("100.64.0.0/10"):
        return "shared (carrier-grade NAT)"
    return None


def literal_address(host: str) -> IPAddress | None:
    """The address a host name *is*, in any spelling a resolver would accept, else None."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    if host and all(part.isalnum() for part in host.split(".")) and not host.split(".")[-1].isalpha():
        try:  # 127.1, 0x7f.0.0.1, 2130706433, 017700000001: inet_aton's forms
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


class Allowance:
    """The exceptions: host names, and addresses or networks."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self.names: set[str] = set()
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in (e.strip().lower() for e in entries if e.strip()):
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.names.add(entry)

    @classmethod
    def from_settings(cls, settings: Any) -> Allowance:
        return cls(settings.getlist(_ALLOW_SETTING))

    def allows(self, host: str, address: IPAddress | None = None) -> bool:
        if host.lower().strip("[]") in self.names:
            return True
        return address is not None and any(address in network for network in self.networks)


def refused_literal(url: str, allowance: Allowance) -> str | None:
    """Why a URL naming a private address literally must not be fetched, or None."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    address = literal_address(host)
    if address is None or allowance.allows(host, address):
        return None
    kind = address_kind(address)
    return f"{host} is a {kind} address: not fetched (SSRF guard)" if kind else None


class SsrfGuardMiddleware:
    """Downloader middleware: refuses requests (redirect hops included) to literal private addresses."""

    def __init__(self, allowance: Allowance) -> None:
        self.allowance = allowance

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SsrfGuardMiddleware:
        return cls(Allowance.from_settings(crawler.settings))

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        reason = refused_literal(request.url, self.allowance)
        if reason:
            raise ForbiddenAddress(reason)
        return None


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to private addresses.

    Only direct connections resolve names here (a proxy resolves them itself), and the
    address checked is the address the connection will use.
    """

    allowance = Allowance()
    refused: dict[str, str] = {}
    """Names refused in this process, and why. Twisted reports a refused resolution as a
    plain "no results" lookup failure, so the spider looks the reason up here."""

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allowance = Allowance.from_settings(crawler.settings)
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Deferred[str]:  # noqa: N802 (Twisted's name)
        resolved = super().getHostByName(name, timeout)
        if literal_address(name) is None:
            resolved.addCallback(self._check, name)
        return resolved

    def _check(self, result: str, name: str) -> str:
        address = ipaddress.ip_address(result)
        kind = address_kind(address)
        if kind and not self.allowance.allows(name, address):
            reason = f"{name} resolves to {result}, a {kind} address: not fetched (SSRF guard)"
            GuardedResolver.refused[name.lower()] = reason
            raise ForbiddenAddressError(reason)
        return result


def refused_resolution(url: str) -> str | None:
    """Why the guard refused the address a URL's host name resolved to, if it did."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return None
    return GuardedResolver.refused.get(host)
