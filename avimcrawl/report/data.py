"""`build_report`: everything the formats show, read from the archive database with SQL."""

from __future__ import annotations

import json

import sqlite_utils

from avimcrawl.linkhealth import GOOD_OUTCOMES, NEUTRAL_OUTCOMES
from avimcrawl.repairs import read_repairs
from avimcrawl.report.model import (
    MAX_LISTED,
    PROBLEMS,
    REVIEWS,
    TOP_DEAD_DOMAINS,
    TOP_DOMAINS,
    VERDICTS,
    CitationRow,
    CommentaryInfo,
    DomainVerdicts,
    Outage,
    Report,
    Totals,
    WallGroup,
    YearRot,
)
from avimcrawl.review import review_of
from avimcrawl.store import CAPTURED
from avimcrawl.walls import Wall

def build_report(db: sqlite_utils.Database, generated_at: str) -> Report:
    """Everything the formats show, read from the archive database."""
    citations = _citations(db)
    return Report(
        generated_at=generated_at,
        totals=_totals(db, citations),
        commentaries=_commentaries(db),
        citations=citations,
        rot_by_year=_rot_by_year(db),
        undated_links=_scalar(db, f"""
            SELECT count(*) FROM links l WHERE {_CITED} AND NOT EXISTS (
              SELECT 1 FROM citations c JOIN commentaries m ON m.url = c.commentary_url
              WHERE c.link_url = l.url AND m.published GLOB '[0-9][0-9][0-9][0-9]*')"""),
        verdicts_by_domain=_verdicts_by_domain(db),
        problem_counts=_problem_counts(citations),
        failing_domains=_failing_domains(db),
        repairs=tuple(read_repairs(db)),
        outages=_outages(db),
        walls=_walls(db),
    )


_CITED = "l.url IN (SELECT link_url FROM citations WHERE link_url IS NOT NULL)"
_VERDICT = "coalesce(l.verdict, 'unknown')"
_GOOD = ", ".join(f"'{o}'" for o in sorted(GOOD_OUTCOMES))
_NOT_FAILURES = ", ".join(f"'{o}'" for o in sorted(GOOD_OUTCOMES | NEUTRAL_OUTCOMES))
_CAPTURED = ", ".join(f"'{s}'" for s in CAPTURED)


def _scalar(db: sqlite_utils.Database, sql: str) -> int:
    row = db.execute(sql).fetchone()
    return int(row[0] or 0) if row else 0


def _totals(db: sqlite_utils.Database, citations: tuple[CitationRow, ...]) -> Totals:
    verdicts = dict.fromkeys(VERDICTS, 0)
    for row in db.query(f"SELECT {_VERDICT} AS verdict, count(*) AS n FROM links l WHERE {_CITED} GROUP BY 1"):
        key = row["verdict"] if row["verdict"] in verdicts else "unknown"
        verdicts[key] += row["n"]
    return Totals(
        commentaries=_scalar(db, "SELECT count(*) FROM commentaries"),
        citations=_scalar(db, "SELECT count(*) FROM citations"),
        citations_with_url=_scalar(db, "SELECT count(*) FROM citations WHERE link_url IS NOT NULL"),
        links=_scalar(db, f"SELECT count(*) FROM links l WHERE {_CITED}"),
        verdicts=verdicts,
        archived_links=_scalar(db, f"""
            SELECT count(*) FROM links l LEFT JOIN snapshots s ON s.url = l.url
            WHERE {_CITED} AND (l.wayback_url IS NOT NULL OR
                                (s.status IN ({_CAPTURED}) AND s.archive_url IS NOT NULL))"""),
        failing_citations=_scalar(db, """
            SELECT count(*) FROM citations c JOIN links l ON l.url = c.link_url
            WHERE l.verdict IN ('dead', 'dying')"""),
        reviews={state: sum(c.review == state for c in citations) for state in REVIEWS},
    )


def _commentaries(db: sqlite_utils.Database) -> dict[str, CommentaryInfo]:
    return {row["url"]: CommentaryInfo(row["url"], row["number"], row["lang"], row["title"], row["published"],
                                       row["wayback_url"], row["wayback_timestamp"])
            for row in db.query("SELECT url, number, lang, title, published, wayback_url, wayback_timestamp "
                                "FROM commentaries ORDER BY published DESC, url")}


def _citations(db: sqlite_utils.Database) -> tuple[CitationRow, ...]:
    rows = db.query(f"""
        WITH failing AS (
          SELECT k.url, min(k.checked_at) AS since FROM checks k
          WHERE k.outcome NOT IN ({_NOT_FAILURES})
            AND k.checked_at > coalesce((SELECT max(g.checked_at) FROM checks g
                                         WHERE g.url = k.url AND g.outcome IN ({_GOOD})), '')
          GROUP BY k.url)
        SELECT c.id, c.commentary_url, m.number AS commentary_number, m.lang AS commentary_lang,
               c.footnote, c.position, c.raw, c.link_url, c.problems, c.suggested_domain,
               c.kind, c.confidence, c.guessed, c.corrected, c.reviewed,
               l.domain, CASE WHEN l.url IS NOT NULL THEN {_VERDICT} END AS verdict,
               l.last_outcome, l.http_status, l.dead_since,
               CASE WHEN l.verdict IN ('dead', 'dying') THEN f.since END AS failing_since,
               CASE WHEN l.wayback_url IS NOT NULL THEN l.wayback_url
                    WHEN s.status IN ({_CAPTURED}) THEN s.archive_url END AS wayback_url,
               CASE WHEN l.wayback_url IS NOT NULL THEN l.wayback_timestamp
                    WHEN s.status IN ({_CAPTURED}) THEN s.timestamp END AS wayback_timestamp,
               s.status AS snapshot_status,
               l.other_archive, l.other_archive_url, l.other_archive_timestamp,
               c."match" AS "match", c.capture_match, c.accessed, l.capture_drift, l.warc_file, l.warc_offset
        FROM citations c
        LEFT JOIN commentaries m ON m.url = c.commentary_url
        LEFT JOIN links l ON l.url = c.link_url
        LEFT JOIN snapshots s ON s.url = c.link_url
        LEFT JOIN failing f ON f.url = c.link_url
        ORDER BY m.published IS NULL, m.published DESC, c.commentary_url, c.footnote, c.position""")
    return tuple(CitationRow(
        id=row["id"], commentary_url=row["commentary_url"], commentary_number=row["commentary_number"],
        commentary_lang=row["commentary_lang"], footnote=row["footnote"], position=row["position"],
        raw=row["raw"] or "", link_url=row["link_url"], domain=row["domain"], verdict=row["verdict"],
        last_outcome=row["last_outcome"], http_status=row["http_status"], dead_since=row["dead_since"],
        failing_since=row["failing_since"], wayback_url=row["wayback_url"],
        wayback_timestamp=row["wayback_timestamp"], snapshot_status=row["snapshot_status"],
        problems=_problem_list(row["problems"]), suggested_domain=row["suggested_domain"],
        kind=row["kind"], confidence=row["confidence"], guessed=_problem_list(row["guessed"]),
        review=_review(row["confidence"], row["corrected"], row["reviewed"]),
        other_archive=row["other_archive"], other_archive_url=row["other_archive_url"],
        other_archive_timestamp=row["other_archive_timestamp"],
        match=row["match"], capture_match=row["capture_match"], accessed=row["accessed"],
        capture_drift=row["capture_drift"], warc_file=row["warc_file"], warc_offset=row["warc_offset"],
    ) for row in rows)


def _review(confidence: float | None, corrected: int | None, reviewed: int | None) -> str | None:
    state = review_of(confidence, bool(corrected), bool(reviewed))
    return state.value if state else None


def _problem_list(value: str | None) -> tuple[str, ...]:
    try:
        codes = json.loads(value or "[]")
    except ValueError:
        return ()
    return tuple(str(code) for code in codes) if isinstance(codes, list) else ()


def _rot_by_year(db: sqlite_utils.Database) -> tuple[YearRot, ...]:
    found = {int(row["year"]): YearRot(int(row["year"]), row["links"], row["dead"], row["dying"], row["alive"])
             for row in db.query("""
        SELECT substr(m.published, 1, 4) AS year, count(DISTINCT l.url) AS links,
               count(DISTINCT CASE WHEN l.verdict = 'alive' THEN l.url END) AS alive,
               count(DISTINCT CASE WHEN l.verdict = 'dead' THEN l.url END) AS dead,
               count(DISTINCT CASE WHEN l.verdict = 'dying' THEN l.url END) AS dying
        FROM citations c
        JOIN commentaries m ON m.url = c.commentary_url
        JOIN links l ON l.url = c.link_url
        WHERE m.published GLOB '[0-9][0-9][0-9][0-9]*'
        GROUP BY 1 ORDER BY 1""")}
    if not found:
        return ()
    return tuple(found.get(year, YearRot(year, 0, 0, 0)) for year in range(min(found), max(found) + 1))


def _verdicts_by_domain(db: sqlite_utils.Database) -> tuple[DomainVerdicts, ...]:
    domains: dict[str, dict[str, int]] = {}
    for row in db.query(f"""SELECT coalesce(l.domain, '') AS domain, {_VERDICT} AS verdict, count(*) AS n
                            FROM links l WHERE {_CITED} GROUP BY 1, 2"""):
        counts = domains.setdefault(row["domain"], dict.fromkeys(VERDICTS, 0))
        counts[row["verdict"] if row["verdict"] in counts else "unknown"] += row["n"]
    ranked = sorted((DomainVerdicts(domain, counts) for domain, counts in domains.items()),
                    key=lambda d: (-d.total, d.domain))
    return tuple(ranked[:TOP_DOMAINS])


def _failing_domains(db: sqlite_utils.Database) -> tuple[tuple[str, int, int], ...]:
    return tuple((row["domain"], row["dead"], row["dying"]) for row in db.query(f"""
        SELECT coalesce(l.domain, '') AS domain,
               sum(l.verdict = 'dead') AS dead, sum(l.verdict = 'dying') AS dying
        FROM links l WHERE {_CITED} AND l.verdict IN ('dead', 'dying')
        GROUP BY 1 ORDER BY count(*) DESC, sum(l.verdict = 'dead') DESC, 1 LIMIT {TOP_DEAD_DOMAINS}"""))


def _problem_counts(citations: tuple[CitationRow, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for citation in citations:
        for code in dict.fromkeys(citation.problems):
            counts[code] = counts.get(code, 0) + 1
    order = list(PROBLEMS)
    return {code: counts[code] for code in sorted(counts, key=lambda c: (order.index(c) if c in order else len(order), c))}


def _outages(db: sqlite_utils.Database) -> tuple[Outage, ...]:
    return tuple(Outage(row["domain"], row["outcome"], row["http_status"], row["started_at"], row["last_seen_at"],
                        row["ended_at"], row["runs"], row["links"]) for row in db.query(f"""
        SELECT domain, outcome, http_status, started_at, last_seen_at, ended_at, runs, links FROM outages
        ORDER BY ended_at IS NOT NULL, coalesce(ended_at, last_seen_at) DESC, domain LIMIT {MAX_LISTED}"""))


def _walls(db: sqlite_utils.Database) -> tuple[WallGroup, ...]:
    groups: dict[str, dict[str, int]] = {}
    for row in db.query(f"""
        SELECT coalesce(l.domain, '') AS domain, l.wall, l.http_status,
               (SELECT k.error FROM checks k WHERE k.url = l.url ORDER BY k.id DESC LIMIT 1) AS error
        FROM links l WHERE {_CITED} AND l.last_outcome = 'blocked'"""):
        domains = groups.setdefault(_blocked_by(row["wall"], row["http_status"], row["error"]), {})
        domains[row["domain"]] = domains.get(row["domain"], 0) + 1
    found = [WallGroup(key, _wall_label(key), tuple(sorted(domains.items(), key=lambda d: (-d[1], d[0]))))
             for key, domains in groups.items()]
    return tuple(sorted(found, key=lambda group: (-group.links, group.key)))


def _blocked_by(wall: str | None, http_status: int | None, error: str | None) -> str:
    if wall:
        return wall
    if error and error.startswith("robots.txt"):
        return "robots.txt"
    if error and error.startswith("site rules"):
        return "site rules"
    return f"HTTP {http_status}" if http_status else "unknown"


def _wall_label(key: str) -> str:
    if key in {wall.value for wall in Wall}:
        return Wall(key).label
    return {"robots.txt": "robots.txt forbids fetching", "site rules": "listed always_blocked in the site rules",
            "unknown": "blocked"}.get(key, f"refused with {key}, no wall recognised")
