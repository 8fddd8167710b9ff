"""Site behaviour: which response a request to a fixture site gets.

Pure logic, no sockets: ``load_site`` reads a site folder and its optional
``_site.toml``; ``choose`` turns one request into an ``Action`` (status, body,
headers, delay, truncation).  The proxy only sends what ``choose`` decided.
See README.md beside this file for the format.
"""

from __future__ import annotations

import mimetypes
import re
import tomllib
from collections.abc import Iterable, Mapping, MutableMapping
from dataclasses import dataclass, replace
from http import HTTPStatus
from pathlib import Path
from typing import Any
from urllib.parse import unquote

BEHAVIOUR_FILE = "_site.toml"
NOT_FOUND_FILE = "404.html"
ALLOWED_METHODS = frozenset({"GET", "HEAD", "POST"})
HTML = "text/html; charset=utf-8"

# (host, rule index) -> how many requests the rule has answered so far.
Counters = MutableMapping[tuple[str, int], int]

_HOST_RE = re.compile(r"[a-z0-9_-]+(?:\.[a-z0-9_-]+)*")
_TOP_KEYS = frozenset({"routes", "rules"})
_RULE_KEYS = frozenset(
    {
        "path", "prefix", "regex", "method", "status", "headers", "body",
        "file", "redirect", "delay", "truncate", "truncate_declared",
        "content_type", "times", "epochs", "soft_404",
    }
)
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
    epochs: frozenset[int] | None = None
    soft_404: bool = False

    @property
    def has_content(self) -> bool:
        """True if the rule decides the body itself (else it only modifies)."""
        explicit = self.body is not None or self.file is not None
        error_status = self.status is not None and self.status != 200
        return explicit or self.redirect is not None or error_status

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
        return self.regex is None or self.regex.search(target) is not None


@dataclass(frozen=True)
class Site:
    host: str
    root: Path
    routes: Mapping[str, str]
    rules: tuple[Rule, ...]


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

    @property
    def truncated(self) -> bool:
        return self.truncate is not None and self.truncate < len(self.body)

    @property
    def sent_body(self) -> bytes:
        return self.body[: self.truncate] if self.truncated else self.body

    @property
    def declared_length(self) -> int:
        return len(self.sent_body) if self.truncate_declared else len(self.body)

    @property
    def closes_connection(self) -> bool:
        """A truncated body that declared its full length must end the connection."""
        return self.truncated and not self.truncate_declared


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
    return Site(host=host, root=root, routes=routes, rules=rules)


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
    )
    _check_rule(root, rule, where)
    return rule


def _typed(raw: Mapping[str, Any], key: str, kind: Any, where: str, default: Any = None) -> Any:
    value = raw.get(key, default)
    if value is default:
        return value
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise BehaviourError(f"{where}: {key!r} has the wrong type ({value!r})")
    return value


def _compile(pattern: str | None, where: str) -> re.Pattern[str] | None:
    if pattern is None:
        return None
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise BehaviourError(f"{where}: bad regex {pattern!r}: {exc}") from exc


def _upper(value: str | None) -> str | None:
    return value.upper() if value is not None else None


def _epochs(value: Any, where: str) -> frozenset[int] | None:
    if value is None:
        return None
    items = [value] if isinstance(value, int) else value
    if not isinstance(items, list) or not all(isinstance(i, int) for i in items):
        raise BehaviourError(f"{where}: 'epochs' must be an int or a list of ints")
    return frozenset(items)


def _check_rule(root: Path, rule: Rule, where: str) -> None:
    if rule.body is not None and rule.file is not None:
        raise BehaviourError(f"{where}: give 'body' or 'file', not both")
    if rule.file is not None:
        site_file(root, rule.file)
    if rule.soft_404 and rule.body is None and rule.file is None and rule.redirect is None:
        raise BehaviourError(f"{where}: a soft_404 rule needs 'file', 'body' or 'redirect'")
    for name in ("delay", "truncate", "times"):
        value = getattr(rule, name)
        if value is not None and value < 0:
            raise BehaviourError(f"{where}: {name!r} must not be negative")


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


def choose(site: Site, method: str, target: str, epoch: int, counters: Counters) -> Action:
    """Decide the response to ``method target`` (origin-form, query included)."""
    method = method.upper()
    target = target or "/"
    if method not in ALLOWED_METHODS:
        return method_not_allowed()
    rule = _take_rule(site, method, target, epoch, counters, soft=False)
    if rule is not None and rule.has_content:
        return _modified(_content_of(site, rule), rule)
    action = _resolve(site, target)
    if action is None:
        soft = _take_rule(site, method, target, epoch, counters, soft=True)
        action = _modified(_content_of(site, soft), soft) if soft else not_found(site)
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


def _content_of(site: Site, rule: Rule) -> Action:
    status = rule.status if rule.status is not None else (301 if rule.redirect else 200)
    headers = (("Location", rule.redirect),) if rule.redirect is not None else ()
    if rule.file is not None:
        action = file_action(site_file(site.root, rule.file), site.root, status)
    elif rule.body is not None:
        action = Action(status, rule.body.encode("utf-8"), HTML, source="body")
    elif status == 404:
        action = not_found(site)
    else:
        action = status_page(status)
    return replace(action, headers=headers)


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
