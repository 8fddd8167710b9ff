"""The SSRF guard: a footnote must not make the crawler fetch a private address.

A cited URL whose host is, or resolves to, a loopback, private, link-local (cloud metadata
included), unspecified, multicast or reserved address is not fetched. Literal addresses
are refused before any request, in every spelling an HTTP stack accepts (`127.1`,
`0x7f000001`, `2130706433`, `[::ffff:127.0.0.1]`); host names are checked on the address
the resolver actually returned, the one the connection will use, so a name that resolves
differently a second time gets nowhere.

Behind an HTTP proxy the proxy resolves names itself, so names that can only mean this
machine or its own network are refused by name too, before any request (redirect hops
included), in any spelling (`LOCALHOST.`, `%6cocalhost`, full-width letters, `。` for `.`):

* this machine: `localhost` and every name under it (`foo.localhost`; RFC 6761 §6.3), and
  the loopback aliases of /etc/hosts: `localhost.localdomain`, `localhost6`,
  `localhost6.localdomain6`, `ip6-localhost`, `ip6-loopback`;
* the local network, names no public DNS holds:
  - `*.local`: multicast DNS, answered only on the local link (RFC 6762 §3), or an
    Active Directory domain misusing it, a private network either way;
  - `*.home.arpa`: home networks (RFC 8375);
  - `*.internal`: reserved for private use by ICANN (2024), never delegated; Google
    Cloud's metadata server is `metadata.google.internal`;
  - a name without a dot (`redis`, `metadata`, `ip6-allnodes`): ICANN forbids dotless
    domains (2013), so such a name is only ever found by a resolver's search list,
    /etc/hosts or a container network's DNS, i.e. on the network of the machine
    resolving it (the odd country-code TLD with an address of its own, `ai.`, included).

Literal addresses get the same treatment of spellings (`127.0.0.1.`, `%31%32%37.0.0.1`).

Not refused by name: `.localdomain` beyond the names above, `.lan`, `.home`, `.corp`,
`.intranet` (conventions, reserved by no standard: a public site may use them one day),
`.test`, `.example` and `.invalid` (RFC 2606: reserved, but for names that resolve
nowhere, not for a local network), and public names that resolve to a loopback address
(`localtest.me`, `127.0.0.1.nip.io`). All of these are checked on their address when the
crawler resolves them itself; behind a proxy only the proxy can, so a proxy must still
refuse private destinations itself.

`AVIMCRAWL_ALLOW_PRIVATE` names the exceptions: host names (`printer.local`; `.corp.local`
for that domain and every name under it), addresses or networks (`10.1.0.0/16`); a network
holding 127.0.0.1 or ::1 also lets this machine's names through.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from scrapy.exceptions import IgnoreRequest
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from twisted.internet.defer import Deferred

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_ALLOW_SETTING = "AVIMCRAWL_ALLOW_PRIVATE"

THIS_MACHINE_NAMES = frozenset({"localhost", "localhost.localdomain", "localhost6", "localhost6.localdomain6",
                                "ip6-localhost", "ip6-loopback"})
"""Names of this machine: these, and any name under `localhost`."""
LOCAL_NETWORK_DOMAINS = {"local": "multicast DNS, RFC 6762", "home.arpa": "a home network's, RFC 8375",
                         "internal": "private use only, ICANN"}
"""Domains only a local network resolves, and why."""
_LOOPBACK = (ipaddress.IPv4Address("127.0.0.1"), ipaddress.IPv6Address("::1"))


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


def normal_name(host: str) -> str:
    """A host name as a resolver sees it: percent-decoded, IDNA-mapped, lower case, no final dot.

    `%6cocalhost`, `ｌｏｃａｌｈｏｓｔ` (full-width) and `LOCALHOST.` are all `localhost`.
    """
    name = unquote(host.strip().strip("[]"))
    try:
        name = name.encode("idna").decode("ascii")
    except UnicodeError:
        pass  # an empty or over-long label: checked as written
    return name.lower().rstrip(".")


def local_name(host: str) -> str | None:
    """What a host name that can only mean this machine or its network means, else None.

    `this machine`, or `a host on the local network (why)`. Literal addresses are not
    names: see `literal_address`.
    """
    name = normal_name(host)
    if not name or literal_address(name) is not None:
        return None
    if name in THIS_MACHINE_NAMES or name.endswith(".localhost"):
        return "this machine"
    for domain, why in LOCAL_NETWORK_DOMAINS.items():
        if name == domain or name.endswith("." + domain):
            return f"a host on the local network ({why})"
    if "." not in name:
        return "a host on the local network (a name without a dot is only resolved locally)"
    return None


class Allowance:
    """The exceptions: host names (`.example.org`: that domain and every name under it),
    and addresses or networks."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self.names: set[str] = set()
        self.domains: set[str] = set()
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in (e.strip().lower() for e in entries if e.strip()):
            try:
                self.networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                if entry.startswith((".", "*.")):
                    self.domains.add(normal_name(entry.lstrip("*").lstrip(".")))
                else:
                    self.names.add(normal_name(entry))

    @classmethod
    def from_settings(cls, settings: Any) -> Allowance:
        return cls(settings.getlist(_ALLOW_SETTING))

    def allows(self, host: str, address: IPAddress | None = None) -> bool:
        name = normal_name(host)
        if name in self.names or any(name == d or name.endswith("." + d) for d in self.domains):
            return True
        return address is not None and any(address in network for network in self.networks)


def refused_literal(url: str, allowance: Allowance) -> str | None:
    """Why a URL naming a private address literally must not be fetched, or None."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    address = literal_address(host) or literal_address(normal_name(host))  # 127.0.0.1., %31%32%37.0.0.1
    if address is None or allowance.allows(host, address):
        return None
    kind = address_kind(address)
    return f"{host} is a {kind} address: not fetched (SSRF guard)" if kind else None


def refused_name(url: str, allowance: Allowance) -> str | None:
    """Why a URL whose host name can only mean this machine or its network must not be fetched, or None."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    meaning = local_name(host)
    if meaning is None or allowance.allows(host):
        return None
    if meaning == "this machine" and any(allowance.allows(host, address) for address in _LOOPBACK):
        return None
    return f"{host} names {meaning}: not fetched (SSRF guard)"


def refused_url(url: str, allowance: Allowance) -> str | None:
    """Why a URL must not be fetched, known before any request or resolution (literal
    private addresses, names of this machine or its network), or None."""
    return refused_literal(url, allowance) or refused_name(url, allowance)


class SsrfGuardMiddleware:
    """Downloader middleware: refuses requests (redirect hops included) to literal private
    addresses and to names of this machine or its network, before any proxy sees them."""

    def __init__(self, allowance: Allowance) -> None:
        self.allowance = allowance

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SsrfGuardMiddleware:
        return cls(Allowance.from_settings(crawler.settings))

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        reason = refused_url(request.url, self.allowance)
        if reason:
            raise ForbiddenAddress(reason)
        return None


class GuardedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing names that resolve to private addresses.

    Only direct connections resolve names here (a proxy resolves them itself: there only
    `refused_url`'s checks apply), and the address checked is the address the connection
    will use.
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
