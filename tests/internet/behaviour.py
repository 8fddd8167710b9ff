"""Site behaviour: which response a request to a fixture site gets.

Pure logic, no sockets: ``load_site`` reads a site folder and its optional
``_site.toml``; ``choose`` turns one request into an ``Action`` (status, body,
headers, delay, truncation; on a ``conditional`` site, validators and 304s
from the request headers).  The proxy only sends what ``choose`` decided.
Bodies too big to hold (``generate``, ``gzip_bomb``) are a ``Stream``: runs
of repeated pieces, made while they are sent.
See README.md beside this file for the format.
"""

from __future__ import annotations

import functools
import hashlib
import mimetypes
import re
import struct
import sys
import tomllib
import zlib
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import unquote

BEHAVIOUR_FILE = "_site.toml"
NOT_FOUND_FILE = "404.html"
ALLOWED_METHODS = frozenset({"GET", "HEAD", "POST"})
HTML = "text/html; charset=utf-8"
CHUNK = 65536  # a Stream yields pieces of about this size
GENERATED_PREFIX = b"<html><head><title>Generated</title></head><body><p>"
FILLER = b"All work and no play makes Jack a dull boy. "
BOMB_FILL = b" "  # a gzip bomb inflates to this byte, repeated
BOMB_BLOCK = 1 << 20  # ... compressed once per this many bytes, the result repeated
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # deflate, no name, no mtime

DEFAULT_LAST_MODIFIED = datetime(2026, 2, 1, tzinfo=timezone.utc)  # `last_modified` unless given

# (host, rule index) -> how many requests the rule has answered so far.
Counters = MutableMapping[tuple[str, int], int]
# An epoch filter: a set of epochs, or a range ("2-" is range(2, sys.maxsize)).
Epochs = frozenset[int] | range

_HOST_RE = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")
_EPOCH_RANGE_RE = re.compile(r"\s*(\d+)\s*-\s*(\d*)\s*")
_TOP_KEYS = frozenset({"routes", "rules", "conditional", "last_modified"})
_RULE_KEYS = frozenset(
    {
        "path", "prefix", "regex", "method", "status", "headers", "body",
        "file", "redirect", "delay", "truncate", "truncate_declared",
        "content_type", "times", "epochs", "soft_404", "generate", "gzip_bomb",
        "drip", "close_after_headers", "reset", "redirect_loop",
    }
)
# at most one of these per rule: they all say what the body is
_BODY_KEYS = ("body", "file", "generate", "gzip_bomb")
_CONTENT_TYPES = {
    ".html": HTML,
    ".htm": HTML,
    ".pdf": "application/pdf",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
}


class BehaviourError(ValueError):
    """A site folder or its ``_site.toml`` is malformed."""


@dataclass(frozen=True)
class Rule:
    index: int
    path: str | None = None
    prefix: str | None = None
    regex: re.Pattern[str] | None = None
    method: str | None = None
    status: int | None = None
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    file: str | None = None
    redirect: str | None = None
    delay: float = 0.0
    truncate: int | None = None
    truncate_declared: bool = False
    content_type: str | None = None
    times: int | None = None
    epochs: Epochs | None = None
    soft_404: bool = False
    generate: int | None = None
    gzip_bomb: int | None = None
    drip: float | None = None
    close_after_headers: bool = False
    reset: bool = False
    redirect_loop: bool = False

    @property
    def body_keys(self) -> list[str]:
        """The keys of ``_BODY_KEYS`` this rule gives."""
        return [key for key in _BODY_KEYS if getattr(self, key) is not None]

    @property
    def has_content(self) -> bool:
        """True if the rule decides the body itself (else it only modifies)."""
        answer = self.redirect is not None or self.redirect_loop or self.reset
        error_status = self.status is not None and self.status != 200
        return bool(self.body_keys) or answer or error_status

    def matches(self, method: str, target: str, epoch: int) -> bool:
        if self.epochs is not None and epoch not in self.epochs:
            return False
        if self.method is not None and self.method != method:
            if not (self.method == "GET" and method == "HEAD"):
                return False
        return any(self._matches_target(form) for form in target_forms(target))

    def _matches_target(self, target: str) -> bool:
        path = target.split("?", 1)[0]
        if self.path is not None:
            if (target if "?" in self.path else path) != self.path:
                return False
        if self.prefix is not None:
            if not (target if "?" in self.prefix else path).startswith(self.prefix):
                return False
        if self.redirect_loop and self.loop_number(target) is None:
            return False
        return self.regex is None or self.regex.search(target) is not None

    def loop_number(self, target: str) -> int | None:
        """N of a ``redirect_loop`` target ``<prefix>N``; None if it is not one."""
        if self.prefix is None:
            return None
        subject = target if "?" in self.prefix else target.split("?", 1)[0]
        rest = subject[len(self.prefix):] if subject.startswith(self.prefix) else ""
        return int(rest) if rest.isascii() and rest.isdigit() else None


@dataclass(frozen=True)
class Stream:
    """A body described as runs of (piece, repeat count), made while it is sent.

    Gigabytes cost a few kilobytes: ``length`` is exact and ``chunks`` yields
    pieces of about ``CHUNK`` bytes, never the whole body.
    """

    runs: tuple[tuple[bytes, int], ...]

    @property
    def length(self) -> int:
        return sum(len(piece) * count for piece, count in self.runs)

    def chunks(self, limit: int | None = None) -> Iterator[bytes]:
        """The body (its first ``limit`` bytes) in pieces."""
        remaining = self.length if limit is None else limit
        for piece, count in self.runs:
            for chunk in _repeated(piece, count):
                if remaining <= 0:
                    return
                chunk = chunk[:remaining]
                remaining -= len(chunk)
                yield chunk


def _repeated(piece: bytes, count: int) -> Iterator[bytes]:
    """``piece * count`` in chunks of about CHUNK bytes (small pieces batched)."""
    if not piece or count <= 0:
        return
    per_chunk = max(1, CHUNK // len(piece))
    full, rest = divmod(count, per_chunk)
    block = piece * min(per_chunk, count)
    for _ in range(full):
        yield block
    if rest:
        yield piece * rest


def generated(size: int) -> Stream:
    """``size`` bytes: ``GENERATED_PREFIX``, then ``FILLER`` repeated (cut to fit)."""
    head = GENERATED_PREFIX[:size]
    count, rest = divmod(size - len(head), len(FILLER))
    return Stream(((head, 1), (FILLER, count), (FILLER[:rest], 1)))


@functools.lru_cache(maxsize=16)
def gzip_bomb(size: int) -> Stream:
    """A gzip member that inflates to ``size`` spaces, ~1/1000 of that compressed.

    ``BOMB_BLOCK`` spaces are deflated once and ended with a full flush, which
    byte-aligns the output and forgets the history: the same bytes then stand
    for every further block, so the stream is that unit repeated, plus the
    rest and the trailer (CRC-32 computed without the data, see
    ``repeated_crc32``).  Built in milliseconds for any size; cached per size.
    """
    block = BOMB_FILL * BOMB_BLOCK
    count, rest = divmod(size, BOMB_BLOCK)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    unit = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    tail = BOMB_FILL * rest
    ending = deflate.compress(tail) + deflate.flush(zlib.Z_FINISH)
    crc = zlib.crc32(tail, repeated_crc32(block, count))
    trailer = struct.pack("<II", crc, size & 0xFFFFFFFF)
    return Stream(((GZIP_HEADER, 1), (unit, count), (ending + trailer, 1)))


# An affine map on 32-bit values over GF(2): (images of the 32 unit bits, constant).
_Affine = tuple[tuple[int, ...], int]


def repeated_crc32(block: bytes, count: int, crc: int = 0) -> int:
    """``zlib.crc32(block * count, crc)`` without making ``block * count``.

    One pass over ``block`` maps the running CRC affinely over GF(2); that map
    is applied ``count`` times by repeated squaring.
    """
    constant = zlib.crc32(block, 0)
    step: _Affine = (tuple(zlib.crc32(block, 1 << i) ^ constant for i in range(32)), constant)
    total: _Affine = (tuple(1 << i for i in range(32)), 0)
    while count:
        if count & 1:
            total = _compose(step, total)
        step = _compose(step, step)
        count >>= 1
    return _apply(total, crc)


def _apply(f: _Affine, value: int) -> int:
    columns, result = f
    for bit, column in enumerate(columns):
        if value >> bit & 1:
            result ^= column
    return result


def _compose(g: _Affine, f: _Affine) -> _Affine:
    """g after f."""
    linear_g = (g[0], 0)
    return tuple(_apply(linear_g, column) for column in f[0]), _apply(g, f[1])


@dataclass(frozen=True)
class Site:
    host: str
    root: Path
    routes: Mapping[str, str]
    rules: tuple[Rule, ...]
    conditional: bool = False  # ETag / Last-Modified on 200s, 304 for conditional GETs
    last_modified: datetime = DEFAULT_LAST_MODIFIED


@dataclass(frozen=True)
class Action:
    """What to answer: the proxy sends exactly this."""

    status: int
    body: bytes
    content_type: str
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0
    truncate: int | None = None
    truncate_declared: bool = False
    rule: int | None = None
    source: str = ""
    stream: Stream | None = None  # a body made while sending; then ``body`` is b""
    drip: float | None = None  # bytes per second
    close_after_headers: bool = False
    reset: bool = False  # no response at all: the connection is reset

    @property
    def length(self) -> int:
        """The full body length (of ``stream`` if there is one)."""
        return self.stream.length if self.stream is not None else len(self.body)

    @property
    def truncated(self) -> bool:
        return self.truncate is not None and self.truncate < self.length

    @property
    def sent_body(self) -> bytes:
        """The literal body as sent (b"" for a stream: use ``chunks``)."""
        return self.body[: self.truncate] if self.truncated else self.body

    @property
    def sent_length(self) -> int:
        if self.close_after_headers:
            return 0
        return self._cut_length

    @property
    def declared_length(self) -> int:
        return self._cut_length if self.truncate_declared else self.length

    @property
    def _cut_length(self) -> int:
        """The length after ``truncate``."""
        return self.length if self.truncate is None else min(self.truncate, self.length)

    @property
    def closes_connection(self) -> bool:
        """A body shorter than its declared length must end the connection."""
        return self.close_after_headers or self.sent_length < self.declared_length

    def chunks(self) -> Iterator[bytes]:
        """What is sent of the body, in pieces."""
        if self.stream is None:
            return _repeated(self.body[: self.sent_length], 1)
        return self.stream.chunks(self.sent_length)


# ---------------------------------------------------------------- loading


def valid_host(host: str) -> bool:
    return _HOST_RE.fullmatch(host) is not None


def load_site(sites_dir: Path, host: str) -> Site | None:
    """The site for ``host`` (lower-case, no port), or None if there is none."""
    if not valid_host(host):
        return None
    root = (sites_dir / host).resolve()
    if not root.is_dir():
        return None
    data = _read_behaviour(root / BEHAVIOUR_FILE)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise BehaviourError(f"{host}: unknown top-level keys {sorted(unknown)}")
    routes = _parse_routes(root, data.get("routes", {}))
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        raise BehaviourError(f"{host}: 'rules' must be an array of tables ([[rules]])")
    rules = tuple(_parse_rule(root, i, raw) for i, raw in enumerate(raw_rules))
    conditional = _typed(data, "conditional", bool, host, False)
    last_modified = _last_modified(data.get("last_modified"), host)
    return Site(host=host, root=root, routes=routes, rules=rules,
                conditional=conditional, last_modified=last_modified)


def _read_behaviour(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise BehaviourError(f"{path}: {exc}") from exc


def _parse_routes(root: Path, raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise BehaviourError(f"{root.name}: [routes] must be a table")
    routes: dict[str, str] = {}
    for key, value in raw.items():
        if not isinstance(value, str):
            raise BehaviourError(f"{root.name}: route {key!r} must map to a file path")
        site_file(root, value)  # validates
        routes[key] = value
    return routes


def _parse_rule(root: Path, index: int, raw: Any) -> Rule:
    where = f"{root.name}: rules[{index}]"
    if not isinstance(raw, dict):
        raise BehaviourError(f"{where} must be a table")
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise BehaviourError(f"{where}: unknown keys {sorted(unknown)}")
    headers = {str(k): str(v) for k, v in _typed(raw, "headers", dict, where, {}).items()}
    content_type = _typed(raw, "content_type", str, where)
    for name in [k for k in headers if k.lower() == "content-type"]:
        content_type = content_type or headers.pop(name)
    rule = Rule(
        index=index,
        path=_typed(raw, "path", str, where),
        prefix=_typed(raw, "prefix", str, where),
        regex=_compile(_typed(raw, "regex", str, where), where),
        method=_upper(_typed(raw, "method", str, where)),
        status=_typed(raw, "status", int, where),
        headers=tuple(headers.items()),
        body=_typed(raw, "body", str, where),
        file=_typed(raw, "file", str, where),
        redirect=_typed(raw, "redirect", str, where),
        delay=float(_typed(raw, "delay", (int, float), where, 0.0)),
        truncate=_typed(raw, "truncate", int, where),
        truncate_declared=_typed(raw, "truncate_declared", bool, where, False),
        content_type=content_type,
        times=_typed(raw, "times", int, where),
        epochs=_epochs(raw.get("epochs"), where),
        soft_404=_typed(raw, "soft_404", bool, where, False),
        generate=_typed(raw, "generate", int, where),
        gzip_bomb=_typed(raw, "gzip_bomb", int, where),
        drip=_float(_typed(raw, "drip", (int, float), where)),
        close_after_headers=_typed(raw, "close_after_headers", bool, where, False),
        reset=_typed(raw, "reset", bool, where, False),
        redirect_loop=_typed(raw, "redirect_loop", bool, where, False),
    )
    _check_rule(root, rule, where)
    return rule


def _typed(raw: Mapping[str, Any], key: str, kind: Any, where: str, default: Any = None) -> Any:
    value = raw.get(key, default)
    if value is default:
        return value
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise BehaviourError(f"{where}: {key!r} has the wrong type ({value!r})")
    return value


def _compile(pattern: str | None, where: str) -> re.Pattern[str] | None:
    if pattern is None:
        return None
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise BehaviourError(f"{where}: bad regex {pattern!r}: {exc}") from exc


def _float(value: float | None) -> float | None:
    return float(value) if value is not None else None


def _upper(value: str | None) -> str | None:
    return value.upper() if value is not None else None


def _epochs(value: Any, where: str) -> Epochs | None:
    """An int, a list of ints, or a range: "2-" (2 and every later epoch) or "2-4"."""
    if value is None:
        return None
    if isinstance(value, str):
        match = _EPOCH_RANGE_RE.fullmatch(value)
        if match is None:
            raise BehaviourError(f"{where}: 'epochs' range must look like \"2-\" or \"2-4\" ({value!r})")
        first, last = int(match[1]), int(match[2]) if match[2] else sys.maxsize - 1
        return range(first, last + 1)
    items = [value] if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(items, list) or not all(
        isinstance(i, int) and not isinstance(i, bool) for i in items
    ):
        raise BehaviourError(f"{where}: 'epochs' must be an int, a list of ints or a range like \"2-\"")
    return frozenset(items)


def _last_modified(value: Any, host: str) -> datetime:
    """The site's fixed Last-Modified: an ISO 8601 string or a TOML date-time; UTC if naive."""
    if value is None:
        return DEFAULT_LAST_MODIFIED
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as exc:
            raise BehaviourError(f"{host}: 'last_modified' is not an ISO 8601 date-time: {exc}") from exc
    if not isinstance(value, datetime):
        raise BehaviourError(f"{host}: 'last_modified' must be a date-time ({value!r})")
    return value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)


def _check_rule(root: Path, rule: Rule, where: str) -> None:
    if len(rule.body_keys) > 1:
        raise BehaviourError(f"{where}: give only one of {rule.body_keys}")
    if rule.file is not None:
        site_file(root, rule.file)
    answers = rule.redirect is not None or rule.redirect_loop or rule.reset
    if rule.soft_404 and not (rule.body_keys or answers):
        raise BehaviourError(f"{where}: a soft_404 rule needs a body, a redirect or 'reset'")
    for name in ("delay", "truncate", "times", "generate", "gzip_bomb"):
        value = getattr(rule, name)
        if value is not None and value < 0:
            raise BehaviourError(f"{where}: {name!r} must not be negative")
    if rule.drip is not None and rule.drip <= 0:
        raise BehaviourError(f"{where}: 'drip' must be positive (bytes per second)")
    _check_answer(rule, where)


def _check_answer(rule: Rule, where: str) -> None:
    """``reset`` and ``redirect_loop`` are whole answers: nothing to combine."""
    if rule.reset and (rule.body_keys or rule.redirect is not None or rule.redirect_loop):
        raise BehaviourError(f"{where}: a 'reset' rule sends nothing: no body or redirect")
    if rule.redirect_loop and (rule.body_keys or rule.redirect is not None):
        raise BehaviourError(f"{where}: 'redirect_loop' makes its own Location and page")
    if rule.redirect_loop and rule.prefix is None:
        raise BehaviourError(f"{where}: 'redirect_loop' needs a 'prefix'")


def site_file(root: Path, relative: str) -> Path:
    """A file named in the behaviour file; it must exist inside the site."""
    path = (root / relative.lstrip("/")).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise BehaviourError(f"{root.name}: no file {relative!r} in the site folder")
    return path


# ---------------------------------------------------------------- choosing


def target_forms(target: str) -> list[str]:
    """The request target as sent, and percent-decoded (if different)."""
    decoded = unquote(target)
    return [target] if decoded == target else [target, decoded]


def choose(
    site: Site,
    method: str,
    target: str,
    epoch: int,
    counters: Counters,
    headers: Mapping[str, str] | None = None,
) -> Action:
    """Decide the response to ``method target`` (origin-form, query included).

    ``headers`` are the request headers (any mapping whose ``items()`` gives name/value
    pairs; names compared case-insensitively); only a ``conditional`` site looks at them.
    """
    method = method.upper()
    target = target or "/"
    if method not in ALLOWED_METHODS:
        return method_not_allowed()
    action = _choose(site, method, target, epoch, counters)
    return _conditional(site, method, action, headers) if site.conditional else action


def _choose(site: Site, method: str, target: str, epoch: int, counters: Counters) -> Action:
    rule = _take_rule(site, method, target, epoch, counters, soft=False)
    if rule is not None and rule.has_content:
        return _modified(_content_of(site, rule, target), rule)
    action = _resolve(site, target)
    if action is None:
        soft = _take_rule(site, method, target, epoch, counters, soft=True)
        action = _modified(_content_of(site, soft, target), soft) if soft else not_found(site)
    return _modified(action, rule) if rule is not None else action


def _take_rule(
    site: Site, method: str, target: str, epoch: int, counters: Counters, *, soft: bool
) -> Rule | None:
    for rule in site.rules:
        if rule.soft_404 != soft or not rule.matches(method, target, epoch):
            continue
        if rule.times is not None:
            key = (site.host, rule.index)
            if counters.get(key, 0) >= rule.times:
                continue
            counters[key] = counters.get(key, 0) + 1
        return rule
    return None


def _content_of(site: Site, rule: Rule, target: str) -> Action:
    location = _next_in_loop(rule, target) if rule.redirect_loop else rule.redirect
    action = _body_of(site, rule, _status_of(rule))
    headers = (("Location", location),) if location is not None else ()
    return replace(action, headers=headers + action.headers)


def _status_of(rule: Rule) -> int:
    if rule.status is not None:
        return rule.status
    if rule.redirect_loop:
        return 302
    return 301 if rule.redirect is not None else 200


def _body_of(site: Site, rule: Rule, status: int) -> Action:
    if rule.file is not None:
        return file_action(site_file(site.root, rule.file), site.root, status)
    if rule.body is not None:
        return Action(status, rule.body.encode("utf-8"), HTML, source="body")
    if rule.generate is not None:
        stream = generated(rule.generate)
        return Action(status, b"", HTML, source=f"generate:{rule.generate}", stream=stream)
    if rule.gzip_bomb is not None:
        gzip = (("Content-Encoding", "gzip"),)
        stream = gzip_bomb(rule.gzip_bomb)
        return Action(status, b"", HTML, gzip, source=f"gzip_bomb:{rule.gzip_bomb}", stream=stream)
    if rule.reset:
        return Action(status, b"", HTML, source="reset", reset=True)
    return not_found(site) if status == 404 else status_page(status)


# ---------------------------------------------------------------- conditional requests


def etag_for(body: bytes) -> str:
    """The strong ETag of a body: its SHA-1, first 16 hex digits, quoted."""
    return '"' + hashlib.sha1(body).hexdigest()[:16] + '"'


def http_date(moment: datetime) -> str:
    """``Sun, 01 Feb 2026 00:00:00 GMT`` (IMF-fixdate)."""
    return format_datetime(moment.astimezone(timezone.utc), usegmt=True)


def _conditional(
    site: Site, method: str, action: Action, headers: Mapping[str, str] | None
) -> Action:
    """Validators on a 200 with a literal body; 304 when the client's copy is current.

    RFC 9110 section 13.2.2: If-None-Match (weak comparison, or ``*``) decides when present;
    only without it is If-Modified-Since compared with Last-Modified. GET and HEAD only.
    Validators a rule sets in ``headers`` win over the computed ones.
    """
    if action.status != 200 or action.stream is not None or action.reset:
        return action
    given = {name.lower() for name, _ in action.headers}
    validators = (("ETag", etag_for(action.body)), ("Last-Modified", http_date(site.last_modified)))
    extra = tuple((name, value) for name, value in validators if name.lower() not in given)
    action = replace(action, headers=extra + action.headers)
    if method not in ("GET", "HEAD") or not headers:
        return action
    etag = _header(action.headers, "ETag")
    last_modified = _header(action.headers, "Last-Modified")
    if not _not_modified(headers, etag, last_modified):
        return action
    return Action(
        304, b"", action.content_type, headers=action.headers, delay=action.delay,
        rule=action.rule, source=f"not_modified:{action.source}",
    )


def _not_modified(headers: Mapping[str, str], etag: str | None, last_modified: str | None) -> bool:
    if_none_match = _header(headers.items(), "If-None-Match")
    if if_none_match is not None:
        tags = [tag.strip() for tag in if_none_match.split(",") if tag.strip()]
        return etag is not None and ("*" in tags or _weak(etag) in {_weak(t) for t in tags})
    if_modified_since = _header(headers.items(), "If-Modified-Since")
    if if_modified_since is None or last_modified is None:
        return False
    try:
        since, modified = parsedate_to_datetime(if_modified_since), parsedate_to_datetime(last_modified)
    except (TypeError, ValueError):
        return False  # an invalid date is ignored (RFC 9110 section 13.1.3)
    if since.tzinfo is None:
        since = since.replace(tzinfo=timezone.utc)
    return modified <= since


def _weak(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def _header(pairs: Iterable[tuple[str, str]], name: str) -> str | None:
    """The last value of header ``name`` (case-insensitive) among ``pairs``."""
    found = None
    for key, value in pairs:
        if key.lower() == name.lower():
            found = value
    return found


def _next_in_loop(rule: Rule, target: str) -> str:
    """``<prefix>N+1`` for a request to ``<prefix>N`` (as sent or decoded)."""
    numbers = [rule.loop_number(form) for form in target_forms(target)]
    number = next(n for n in numbers if n is not None)  # the rule matched: there is one
    return f"{rule.prefix}{number + 1}"


def _modified(action: Action, rule: Rule) -> Action:
    return replace(
        action,
        status=rule.status if rule.status is not None else action.status,
        headers=action.headers + rule.headers,
        content_type=rule.content_type or action.content_type,
        delay=max(action.delay, rule.delay),
        truncate=rule.truncate if rule.truncate is not None else action.truncate,
        truncate_declared=rule.truncate_declared or action.truncate_declared,
        rule=action.rule if action.rule is not None else rule.index,
        drip=rule.drip if rule.drip is not None else action.drip,
        close_after_headers=rule.close_after_headers or action.close_after_headers,
    )


def _resolve(site: Site, target: str) -> Action | None:
    """Routes, then static files; None if nothing matches."""
    for key in _route_keys(target):
        if key in site.routes:
            return file_action(site_file(site.root, site.routes[key]), site.root, 200)
    path = unquote(target.split("?", 1)[0])
    for candidate in static_candidates(path):
        file = (site.root / candidate).resolve()
        if file.is_relative_to(site.root) and file.is_file():
            return file_action(file, site.root, 200)
    return None


def _route_keys(target: str) -> Iterable[str]:
    forms = target_forms(target)
    yield from forms
    for form in forms:
        if "?" in form:
            yield form.split("?", 1)[0]


def static_candidates(path: str) -> list[str]:
    """Files that may serve a decoded URL path, relative to the site root."""
    if "\\" in path or "\x00" in path:
        return []
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or p.startswith("_") for p in parts):
        return []
    relative = "/".join(parts)
    if not relative:
        return ["index.html"]
    if path.endswith("/"):
        return [relative + "/index.html"]
    return [relative, relative + ".html", relative + "/index.html"]


def file_action(path: Path, root: Path, status: int) -> Action:
    source = "file:" + path.relative_to(root).as_posix()
    return Action(status, path.read_bytes(), content_type_for(path.name), source=source)


def content_type_for(name: str) -> str:
    suffix = Path(name).suffix.lower()
    guessed = mimetypes.guess_type(name)[0]
    return _CONTENT_TYPES.get(suffix) or guessed or "application/octet-stream"


def not_found(site: Site) -> Action:
    page = site.root / NOT_FOUND_FILE
    if page.is_file():
        return file_action(page, site.root, 404)
    return status_page(404)


def status_page(status: int, detail: str = "") -> Action:
    phrase = _phrase(status)
    text = f"<html><head><title>{status} {phrase}</title></head><body>"
    text += f"<h1>{status} {phrase}</h1>{detail}</body></html>\n"
    return Action(status, text.encode("utf-8"), HTML, source=f"status:{status}")


def method_not_allowed() -> Action:
    action = status_page(405)
    return replace(action, headers=(("Allow", ", ".join(sorted(ALLOWED_METHODS))),))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Status"
