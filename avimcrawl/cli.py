"""The `avimcrawl` command. The only module that talks to the user.

Exit status: 0 done (dead links and a few failed pages are findings), 1 the run failed
(the site unreachable, every page failed, the site changed, a write failed, interrupted),
2 usage error (bad option, a database that does not exist, a folder that cannot be
written), 3 another run holds the lock. Results go to stdout, progress and warnings to
stderr; a failure ends with one line on stderr naming its cause.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import click

from avimcrawl.review import REVIEW_BELOW

from avimcrawl import USER_AGENT, __version__, store
from avimcrawl.clock import Clock, ClockError

if TYPE_CHECKING:
    from avimcrawl.corrections import Correction

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_DB = "archive/avim.sqlite"
MB = 1024 * 1024


class UsageProblem(click.ClickException):
    """A bad option value: one line naming what to fix, exit status 2."""

    exit_code = 2


def _db_option(help_text: str) -> Callable[[F], F]:
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
        envvar="AVIMCRAWL_DB", show_default=True, show_envvar=True, help=help_text,
    )


new_db_option = _db_option("The archive database (SQLite); created with its folder if missing.")
"""`--db` of the commands that build an archive (crawl, run)."""
db_option = _db_option("The archive database (SQLite), as made by `avimcrawl crawl`; it must exist.")
"""`--db` of the commands that read or update an archive: they never create one."""


def open_database_or_fail(path: Path) -> None:
    """Fail early, before any crawling, when the database cannot be written."""
    try:
        store.open_db(path).close()
    except store.StoreError as error:
        raise UsageProblem(f"{error} (choose a writable path with --db)") from error


def existing_database(db_path: Path) -> None:
    if not db_path.is_file():
        raise UsageProblem(f"no archive database at {db_path}: run `avimcrawl crawl` first, or give --db")


def writable_folder(folder: Path, option: str) -> None:
    """Fail before any fetching when an output folder cannot be written (exit 2)."""
    if folder.exists() and not folder.is_dir():
        raise UsageProblem(f"cannot write in {folder}: it is a file, not a folder (choose another {option})")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise UsageProblem(f"cannot write in {folder}: {error.strerror or error} (choose another {option})") from error


def warc_folder(db_path: Path, warc_dir: Path | None) -> Path:
    return warc_dir or db_path.parent / "warc"


def run_failed(command: str, cause: str) -> None:
    """The last line of a failed run, for a scheduler that reads only that; exit 1."""
    sys.stdout.flush()
    click.secho(f"avimcrawl {command} FAILED: {cause}", err=True, fg="red")
    sys.exit(1)


class AvimcrawlGroup(click.Group):
    """Errors outside the code's own checks still end in one line, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            logging.getLogger("avimcrawl").debug("interrupted", exc_info=True)
            sys.stdout.flush()
            click.echo(f"avimcrawl {ctx.invoked_subcommand} FAILED: stopped early (interrupted): "
                       "what was written is kept; the next run resumes", err=True)
            sys.exit(1)
        except (sqlite3.Error, store.StoreError, OSError) as error:
            from avimcrawl.failstop import one_line

            logging.getLogger("avimcrawl").debug("failed", exc_info=True)
            sys.stdout.flush()
            click.echo(f"avimcrawl {ctx.invoked_subcommand} FAILED: {one_line(error)}", err=True)
            sys.exit(1)


def check_start_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UsageProblem(f"--start-url {url!r} is not an http(s) URL; give a listing page such as "
                           "https://avim.org.tr/en/Yorumlar")
    return url


@click.group(cls=AvimcrawlGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="avimcrawl")
def main() -> None:
    """Archive AVİM commentaries and every source they cite.

    Crawls avim.org.tr (and its mirror avimbulten.org), parses each commentary's
    footnotes into citations, and keeps them in a SQLite database.
    """


_FETCH_OPTIONS = (
    click.option("--delay", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
                 envvar="AVIMCRAWL_DELAY", show_envvar=True,
                 help="Seconds between requests to one site (default 1; AutoThrottle may wait longer)."),
    click.option("--timeout", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS",
                 envvar="AVIMCRAWL_TIMEOUT", show_envvar=True,
                 help="Give up on a request after this long (default 30)."),
    click.option("--max-size", type=click.IntRange(min=1), default=None, metavar="MB",
                 help="Keep at most this many megabytes of one response; the rest is cut (default 50)."),
    click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                 help="Where WARC files go (default: warc/ beside the database)."),
    click.option("--warc-size", type=click.IntRange(min=1), default=None, metavar="MB",
                 help="Start a new WARC file after this many megabytes (default 1024)."),
    click.option("--now", default=None, metavar="TIME", envvar="AVIMCRAWL_NOW", show_envvar=True,
                 help="Act as if it were this time (ISO 8601, UTC), e.g. to replay a missed day's schedule."),
    click.option("--dead-after-failures", type=click.IntRange(min=1), default=None, metavar="N",
                 envvar="AVIMCRAWL_DEAD_AFTER_FAILURES", show_envvar=True,
                 help="Failed checks that make a link dead (default 3)."),
    click.option("--dead-after-hours", type=click.FloatRange(min=0), default=None, metavar="HOURS",
                 envvar="AVIMCRAWL_DEAD_AFTER_HOURS", show_envvar=True,
                 help="Hours that must separate the failed checks that count (default 72)."),
    click.option("--transient-dead-after-days", type=click.FloatRange(min=0), default=None, metavar="DAYS",
                 envvar="AVIMCRAWL_TRANSIENT_DEAD_AFTER_DAYS", show_envvar=True,
                 help="Days a streak of failures must span when they are not all lasting ones (404, gone domain, "
                      "DNS, soft 404) for the link to be dead: server errors, timeouts (default 14)."),
    click.option("--confirm-pause", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
                 envvar="AVIMCRAWL_CONFIRM_PAUSE", show_envvar=True,
                 help="Seconds between a failure that would make a link dead and the fresh request that must "
                      "confirm it (default 60)."),
    click.option("--site-rules", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
                 envvar="AVIMCRAWL_SITE_RULES", show_envvar=True,
                 help="Sites never dead, always blocked or paywalled (TOML; default: site-rules.toml beside the "
                      "database, if it exists)."),
    click.option("--retry-backoff-hours", type=click.FloatRange(min=0), default=None, metavar="HOURS",
                 envvar="AVIMCRAWL_RETRY_BACKOFF_HOURS", show_envvar=True,
                 help="Hours a page that failed waits before its next try; doubles after each failure (default 20)."),
    click.option("--give-up-after-failures", type=click.IntRange(min=0), default=None, metavar="N",
                 envvar="AVIMCRAWL_GIVE_UP_AFTER_FAILURES", show_envvar=True,
                 help="Failed attempts after which crawls stop trying a page (default 5; 0: never)."),
    click.option("--progress-every", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
                 envvar="AVIMCRAWL_PROGRESS_EVERY", show_envvar=True,
                 help="When stderr is not a terminal, log progress this often (default 30)."),
    click.option("--allow-private", multiple=True, metavar="HOST_OR_NETWORK", envvar="AVIMCRAWL_ALLOW_PRIVATE",
                 show_envvar=True,
                 help="Fetch this private host, address or network anyway (repeatable; the SSRF guard refuses them)."),
    click.option("-v", "--verbose", is_flag=True, help="Log every page stored and link checked, and every Scrapy event."),
)


_WAYBACK_OPTIONS = (
    click.option("--per-minute", type=click.FloatRange(min=0.01), default=4.0, show_default=True, metavar="N",
                 envvar="AVIMCRAWL_SAVES_PER_MINUTE", show_envvar=True,
                 help="Save Page Now submissions per minute."),
    click.option("--cdx-per-second", type=click.FloatRange(min=0.01), default=0.4, show_default=True, metavar="N",
                 envvar="AVIMCRAWL_CDX_PER_SECOND", show_envvar=True,
                 help="CDX lookups and job polls per second (and, paced apart, TimeTravel lookups)."),
    click.option("--max-age", type=click.FloatRange(min=0), default=30.0, show_default=True, metavar="DAYS",
                 help="Save a fresh capture when the newest is older than this (and the page is alive)."),
)


def _applying(options: tuple[Callable[[F], F], ...]) -> Callable[[F], F]:
    def decorate(function: F) -> F:
        for option in reversed(options):
            function = option(function)
        return function
    return decorate


wayback_options = _applying(_WAYBACK_OPTIONS)
"""The options of commands that talk to the Wayback Machine: its limits, and what is fresh."""


fetch_options = _applying(_FETCH_OPTIONS)
"""The options of every command that fetches: pace, limits, WARC, clock, verdicts, logging."""


def clock_at(now: str | None) -> Clock:
    """The clock `--now` asks for; a usage error when it is not a time."""
    try:
        return Clock.at(now)
    except ClockError as error:
        raise UsageProblem(f"--now: {error}") from error


def fetch_settings(db_path: Path, delay: float | None, timeout: float | None, max_size: int | None,
                   warc_dir: Path | None, warc_size: int | None, now: str | None, dead_after_failures: int | None,
                   dead_after_hours: float | None, transient_dead_after_days: float | None,
                   confirm_pause: float | None, site_rules: Path | None, retry_backoff_hours: float | None,
                   give_up_after_failures: int | None, progress_every: float | None, allow_private: tuple[str, ...],
                   verbose: bool) -> dict[str, Any]:
    """CrawlOptions fields from the fetch options, checked."""
    clock_at(now)
    checked_site_rules(db_path, site_rules)
    return {"delay": delay, "timeout": timeout, "max_response_size": max_size * MB if max_size else None,
            "warc_dir": str(warc_dir) if warc_dir else None, "warc_max_size": warc_size * MB if warc_size else None,
            "now": now, "dead_after_failures": dead_after_failures, "dead_after_hours": dead_after_hours,
            "transient_dead_after_days": transient_dead_after_days, "confirm_pause": confirm_pause,
            "site_rules": str(site_rules) if site_rules else None,
            "retry_backoff_hours": retry_backoff_hours, "give_up_after_failures": give_up_after_failures,
            "progress_every": progress_every, "allow_private": list(allow_private), "verbose": verbose}


def checked_site_rules(db_path: Path, path: Path | None) -> None:
    """A site rules file that cannot be used is a usage error: ignored rules make live pages dead."""
    from avimcrawl.siterules import SiteRulesError, default_path, load

    if path is not None and not path.exists():
        raise UsageProblem(f"--site-rules {path}: no such file (the default, {default_path(db_path)}, may be absent)")
    try:
        load(path or default_path(db_path))
    except SiteRulesError as error:
        raise UsageProblem(str(error)) from error


@main.command()
@new_db_option
@click.option("--start-url", "start_urls", multiple=True, metavar="URL",
              help="Listing page to start from instead of AVİM's commentary listings (repeatable).")
@click.option("--lang", type=click.Choice(["en", "tr", "all"]), default="all", show_default=True,
              help="Which languages' commentaries to crawl.")
@click.option("--max-commentaries", type=click.IntRange(min=1), default=None, metavar="N",
              help="Fetch at most N commentaries this run.")
@click.option("--full", is_flag=True,
              help="Crawl every listing page and refetch stored commentaries (default: only what is new).")
@click.option("--no-sources", is_flag=True, help="Crawl the commentaries only; do not fetch what they cite.")
@fetch_options
def crawl(db_path: Path, start_urls: tuple[str, ...], lang: str, max_commentaries: int | None,
          full: bool, no_sources: bool, **fetch: Any) -> None:
    """Crawl commentaries, then every source they cite, into the database and WARC files.

    Incremental by default: paging stops at the first listing page whose
    commentaries are all stored, pages that failed last time are retried, and only
    cited URLs never fetched before are fetched.
    """
    from avimcrawl.crawl import CrawlOptions, run_crawl

    urls = [check_start_url(u) for u in start_urls]
    settings = fetch_settings(db_path, **fetch)
    open_database_or_fail(db_path)
    writable_folder(warc_folder(db_path, fetch["warc_dir"]), "--warc-dir")
    options = CrawlOptions(db=str(db_path), start_urls=urls, lang=lang, full=full,
                           max_commentaries=max_commentaries or 0, sources=not no_sources, **settings)
    report, sources = run_crawl(options)
    for warning in report.warnings():
        click.secho(f"WARNING: {warning}", err=True, fg="yellow")
    click.echo(report.summary_line())
    if sources is not None:
        click.echo(sources.summary_line())
    failure = report.failure() or (sources.failure() if sources is not None else None)
    if failure:
        run_failed("crawl", failure)


@main.command()
@db_option
@click.option("--due", "select", flag_value="due", default=True,
              help="Check links never checked, or whose last check is older than their verdict's interval "
                   "(dying: 3 days, alive and blocked: 7, dead: 30). The default.")
@click.option("--all", "select", flag_value="all", help="Check every link.")
@click.option("--url", "urls", multiple=True, metavar="URL", help="Check this cited URL (repeatable).")
@click.option("--leads", is_flag=True,
              help="Then search where dead and misspelled links went (sitemaps, the Wayback CDX index), "
                   "as `run` does after its checks.")
@fetch_options
def check(db_path: Path, select: str, urls: tuple[str, ...], leads: bool, **fetch: Any) -> None:
    """Re-check cited links and update each link's verdict.

    Every check is kept (table `checks`); a link is dying after one failed check,
    dead after 3 failed checks at least 72 hours apart (a streak of server errors,
    timeouts or lost connections must also span 14 days), the last one confirmed by
    a fresh request; alive again after one good check. `blocked` (401/402/403/429/451,
    a bot wall, captcha or paywall whatever its status, robots.txt) never counts as
    a failure; a site down as a whole is one outage, not dead pages. Checks are
    conditional where the site supports it: a 304 is a good check.
    """
    from avimcrawl.crawl import CrawlOptions, run_check

    settings = fetch_settings(db_path, **fetch)
    existing_database(db_path)
    open_database_or_fail(db_path)
    writable_folder(warc_folder(db_path, fetch["warc_dir"]), "--warc-dir")
    if urls:
        _require_known_links(db_path, urls)
    options = CrawlOptions(db=str(db_path), select="urls" if urls else select, urls=list(urls), leads=leads,
                           **settings)
    report = run_check(options)
    click.echo(report.summary_line("check"))
    db = store.open_db(db_path)
    verdicts = store.verdict_counts(db)
    db.close()
    click.echo("verdicts: " + ", ".join(f"{verdict} {count}" for verdict, count in verdicts.items()))
    if report.leads is not None:
        click.echo(report.leads.summary_line())
    if failure := report.failure():
        run_failed("check", failure)


def _require_known_links(db_path: Path, urls: tuple[str, ...]) -> None:
    db = store.open_db(db_path)
    try:
        known = {row["url"] for row in db.query(
            f"SELECT url FROM links WHERE url IN ({', '.join('?' for _ in urls)})", list(urls))}
    finally:
        db.close()
    unknown = [url for url in urls if url not in known]
    if unknown:
        raise UsageProblem(f"--url {unknown[0]!r} is not a cited link in {db_path}; "
                           "crawl first, or give a URL exactly as in links.url")


@main.command()
@db_option
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Handle at most N URLs of the queue this run.")
@wayback_options
@click.option("--now", default=None, metavar="TIME", envvar="AVIMCRAWL_NOW", show_envvar=True,
              help="Act as if it were this time (ISO 8601, UTC).")
def archive(db_path: Path, limit: int | None, per_minute: float, cdx_per_second: float, max_age: float,
            now: str | None) -> None:
    """Snapshot cited pages and commentaries in the Wayback Machine.

    Looks first (CDX: the capture closest to the day the author read the page,
    before it when possible), saves second (Save Page Now 2) where no capture
    exists or the newest is older than --max-age. Saving needs IA_ACCESS_KEY and
    IA_SECRET_KEY in the environment; without them only lookups run. Can be
    killed and rerun at any point: a submitted job is polled, never resubmitted.
    """
    from datetime import timedelta

    from avimcrawl.archive import Tally, archive_queue, daily_limit_line
    from avimcrawl.wayback import Limits

    clock = clock_at(now)
    existing_database(db_path)
    open_database_or_fail(db_path)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S")
    db = store.open_db(db_path)
    try:
        report = archive_queue(db, clock, Limits(saves_per_minute=per_minute, cdx_per_second=cdx_per_second),
                               timedelta(days=max_age), limit)
        snapshots = store.snapshot_counts(db)
    finally:
        db.close()
    click.echo(report.summary_line())
    click.echo("snapshots: " + ", ".join(f"{status} {count}" for status, count in snapshots.items()))
    if report.daily_limit is not None:
        click.secho("WARNING: " + daily_limit_line(report.daily_limit, report.counts.get(Tally.DAILY_LIMIT, 0)),
                    err=True, fg="yellow")
    waiting = report.counts.get(Tally.WAITING_FOR_KEYS, 0)
    if waiting:
        click.secho(f"WARNING: {waiting} saves are waiting for keys: set IA_ACCESS_KEY and IA_SECRET_KEY "
                    "(https://archive.org/account/s3.php)", err=True, fg="yellow")


@main.command()
@db_option
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8001, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
def serve(db_path: Path, port: int, host: str) -> None:
    """Browse and query the archive in Datasette, read-only.

    With table descriptions, facets (verdict, domain, language…), full-text search
    over commentaries and cited pages, and canned queries: dead citations by
    commentary, links never archived, rot by citation year, domains by failure
    rate, citations with problems, citations to review, corrections no longer applied.
    """
    from avimcrawl.serve import datasette_arguments, run_datasette, write_metadata

    existing_database(db_path)
    open_database_or_fail(db_path)  # applies pending migrations, so the tables the metadata names exist
    with tempfile.TemporaryDirectory() as folder:
        metadata_path = write_metadata(db_path, Path(folder) / "metadata.json")
        returncode = run_datasette(datasette_arguments(db_path, metadata_path, host, port))
    sys.exit(returncode)


@main.command()
@new_db_option
@click.option("--report-dir", type=click.Path(path_type=Path), default=None,
              help="Where the run's reports go (default: reports/ beside the database).")
@wayback_options
@fetch_options
def run(db_path: Path, report_dir: Path | None, per_minute: float, cdx_per_second: float, max_age: float,
        **fetch: Any) -> None:
    """Crawl, check, archive and report, in one command for cron or a systemd timer.

    Crawls new commentaries and their sources, re-checks the links that are due,
    snapshots what needs it in the Wayback Machine (saves need IA keys), and
    writes an HTML and a Markdown report. Prints one summary line. Exits 0 when the
    run worked, whatever it found (dead links are findings); 1 when a stage failed
    or the site seems to have changed; 3 at once when another run holds the lock.
    """
    from datetime import timedelta

    from avimcrawl.crawl import CrawlOptions
    from avimcrawl.lock import LockHeld, lock_path, run_lock
    from avimcrawl.scheduled import run_everything
    from avimcrawl.wayback import Limits

    settings = fetch_settings(db_path, **fetch)
    open_database_or_fail(db_path)
    clock = clock_at(settings["now"])
    reports = report_dir or db_path.parent / "reports"
    writable_folder(warc_folder(db_path, fetch["warc_dir"]), "--warc-dir")
    writable_folder(reports, "--report-dir")
    try:
        with run_lock(lock_path(db_path), clock.stamp()):
            outcome = run_everything(CrawlOptions(db=str(db_path), select="due", **settings), reports, clock,
                                     Limits(saves_per_minute=per_minute, cdx_per_second=cdx_per_second),
                                     timedelta(days=max_age))
    except LockHeld as held:
        click.echo(f"avimcrawl run: {held}; not starting a second one", err=True)
        sys.exit(3)
    for warning in outcome.warnings:
        click.secho(f"WARNING: {warning}", err=True, fg="yellow")
    click.echo(outcome.summary_line())
    if outcome.failure:
        run_failed("run", outcome.failure)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["html", "csv", "json", "md"]), default="html", show_default=True,
              help="html: one self-contained page; csv/json: one row per citation; md: a summary for an issue or email.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file (default: stdout).")
@click.option("--now", default=None, metavar="TIME", envvar="AVIMCRAWL_NOW", show_envvar=True,
              help="Date the report as if it were this time (ISO 8601, UTC).")
def report(db_path: Path, fmt: str, output: Path | None, now: str | None) -> None:
    """Write the link-health report: dead citations, since when, and their archived copies."""
    from avimcrawl.report import write_report

    existing_database(db_path)
    stamp = clock_at(now).stamp()
    if output is not None:
        writable_folder(output.parent, "-o")
    db = store.open_db(db_path)
    try:
        text = write_report(db, fmt, output, stamp)
    except OSError as error:
        raise UsageProblem(f"cannot write {output}: {error.strerror or error} (choose another -o)") from error
    finally:
        db.close()
    if output is None:
        sys.stdout.flush()  # UTF-8 whatever the locale; click.get_binary_stream is deprecated (Click 9 drops it)
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        click.echo(f"report: {output}")


@main.command()
@db_option
@click.option("--commentary", "commentaries", multiple=True, metavar="URL",
              help="Repair this commentary's footnotes (repeatable; any URL it was seen at). Default: every commentary.")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True,
              help="md: for an issue or email; html: one self-contained page; json: for programs.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the repairs to this file (default: stdout).")
def repairs(db_path: Path, commentaries: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Repaired footnotes: what is wrong with each footnote, and a repair ready to paste.

    For every footnote: its text, what is wrong (dead since, soft 404, page replaced,
    parked, misspelled domain, placeholder, dated after access), and the footnote
    repaired in the commentary's language and house style: the working or suggested
    URL, the archived copy nearest the access date, placeholders filled from what the
    fetched or archived page says (marked †). Nothing is invented: what no evidence
    gives stays a placeholder. Read from the database alone.
    """
    from avimcrawl.report import save
    from avimcrawl.repairs import UnknownCommentary, read_repairs, render, resolve_commentaries

    existing_database(db_path)
    if output is not None:
        writable_folder(output.parent, "-o")
    db = store.open_db(db_path)
    try:
        try:
            chosen = resolve_commentaries(db, commentaries) if commentaries else None
        except UnknownCommentary as unknown:
            raise UsageProblem(f"--commentary {unknown.url!r} is not a commentary in {db_path}; "
                               "give its URL as in commentaries.url") from unknown
        text = render(read_repairs(db, chosen), fmt)
    finally:
        db.close()
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    try:
        save(text, output)
    except OSError as error:
        raise UsageProblem(f"cannot write {output}: {error.strerror or error} (choose another -o)") from error
    click.echo(f"repairs: {output}")


def note_number(value: str) -> tuple[int, int]:
    """`5.2` as (footnote 5, position 2)."""
    footnote, dot, position = value.partition(".")
    if not (dot and footnote.isdigit() and position.isdigit()):
        raise UsageProblem(f"NOTE {value!r}: write it as FOOTNOTE.POSITION, e.g. 5.2 "
                           "(the note column of `avimcrawl citations` and of the report)")
    return int(footnote), int(position)


def _set_corrections(assignments: tuple[str, ...], note: str | None) -> list[Correction]:
    from avimcrawl.corrections import Action, Correction, CorrectionError, check_field, check_value

    made = []
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals:
            raise UsageProblem(f"--set {assignment!r}: write it as FIELD=VALUE, e.g. --set title=\"…\"")
        try:
            field = check_field(name.strip())
            made.append(Correction(0, 0, Action.SET, field, check_value(field, value), note=note))
        except CorrectionError as error:
            raise UsageProblem(f"--set {assignment!r}: {error}") from error
    return made


@main.command()
@db_option
@click.argument("commentary_url", metavar="COMMENTARY_URL")
@click.argument("note_id", metavar="NOTE")
@click.option("--set", "assignments", multiple=True, metavar="FIELD=VALUE",
              help="Give a field the right value (repeatable): authors, title, publisher, published, accessed "
                   "(YYYY-MM-DD) or url; an empty VALUE clears the field.")
@click.option("--split-at", metavar="TEXT", help="Split the citation in two where TEXT starts (a separator before it is dropped).")
@click.option("--merge-next", is_flag=True, help="Merge the citation with the next one of its footnote.")
@click.option("--reviewed", is_flag=True, help="Mark the citation as checked by a person and right as parsed.")
@click.option("--note", "note", metavar="TEXT", help="Why: kept with the correction.")
def correct(db_path: Path, commentary_url: str, note_id: str, assignments: tuple[str, ...], split_at: str | None,
            merge_next: bool, reviewed: bool, note: str | None) -> None:
    """Correct one citation, for good: the correction is applied again after every crawl and reparse.

    NOTE is the citation's note as FOOTNOTE.POSITION (5.2: the second citation of
    footnote 5). Give one action: --set FIELD=VALUE (repeatable), --split-at TEXT,
    --merge-next or --reviewed.
    """
    from avimcrawl.amend import make_corrections
    from avimcrawl.corrections import Action, Correction, CorrectionError

    existing_database(db_path)
    footnote, position = note_number(note_id)
    actions = [bool(assignments), split_at is not None, merge_next, reviewed]
    if sum(actions) != 1:
        raise UsageProblem("give exactly one of --set FIELD=VALUE, --split-at TEXT, --merge-next, --reviewed")
    if assignments:
        corrections = _set_corrections(assignments, note)
    elif split_at is not None:
        corrections = [Correction(0, 0, Action.SPLIT, value=split_at, note=note)]
    else:
        corrections = [Correction(0, 0, Action.MERGE if merge_next else Action.REVIEWED, note=note)]
    db = store.open_db(db_path)
    try:
        made = make_corrections(db, commentary_url, footnote, position, corrections, store.now())
    except CorrectionError as error:
        raise UsageProblem(f"{error}") from error
    finally:
        db.close()
    ids = ", ".join(map(str, made.ids))
    labels = ", ".join(c.label for c in made.corrections)
    click.echo(f"correction{'s' if len(made.ids) > 1 else ''} {ids} recorded: {labels} of {made.commentary_url}")
    click.echo(_citations_table([asdict(e.citation) for e in made.footnote]))


@main.command()
@db_option
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the WARC files of earlier crawls are (default: warc/ beside the database).")
@click.option("--progress-every", type=click.FloatRange(min=0), default=30.0, metavar="SECONDS",
              envvar="AVIMCRAWL_PROGRESS_EVERY", show_envvar=True,
              help="When stderr is not a terminal, log progress this often.")
def reparse(db_path: Path, warc_dir: Path | None, progress_every: float) -> None:
    """Parse every stored commentary again, from its stored page: nothing is fetched.

    Rebuilds the citations (after the corrections made with `avimcrawl correct`) and
    the commentary's fields; links no longer cited are kept. A commentary stored
    before pages were kept is read from its WARC record. Running it twice changes
    nothing the second time.
    """
    from avimcrawl.progress import Progress
    from avimcrawl.reparse import reparse_all

    existing_database(db_path)
    open_database_or_fail(db_path)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        datefmt="%H:%M:%S")
    db = store.open_db(db_path)
    try:
        progress = Progress("reparse", len(store.stored_pages(db)), log_every=progress_every)
        summary = reparse_all(db, warc_dir or db_path.parent / "warc", store.now(), progress.advance)
        progress.finish()
    finally:
        db.close()
    for url, correction in summary.unmatched:
        click.secho(f"WARNING: correction {correction.id} ({correction.label}) of {url} no longer finds its "
                    "citation: the page or the parser changed; correct the citation again", err=True, fg="yellow")
    for url, why in summary.missing.items():
        click.secho(f"WARNING: {url} not re-parsed ({why})", err=True, fg="yellow")
    if summary.missing:
        click.secho(f"WARNING: {len(summary.missing)} commentaries have no stored page: "
                    "`avimcrawl crawl --full` fetches them again and keeps their pages", err=True, fg="yellow")
    click.echo(summary.summary_line())


@main.command()
@db_option
@click.option("--wacz", "wacz_file", type=click.Path(dir_okay=False, path_type=Path), required=True, metavar="FILE",
              help="Write the archive as this WACZ file (replaced if it exists).")
@click.option("--warc-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the WARC files are (default: warc/ beside the database).")
def export(db_path: Path, wacz_file: Path, warc_dir: Path | None) -> None:
    """Package the archive as one WACZ file: its WARC files, their index, and a page list.

    The page list (pages/pages.jsonl) holds every commentary and cited page with a stored
    response, with its title and extracted text; the file opens in ReplayWeb.page and pywb.
    """
    from avimcrawl.export import ExportError, export_wacz, warc_files

    existing_database(db_path)
    folder = warc_folder(db_path, warc_dir)
    if not warc_files(folder):
        raise UsageProblem(f"no WARC files (*.warc.gz) in {folder}: crawl first, or give --warc-dir")
    if wacz_file.is_dir():
        raise UsageProblem(f"cannot write {wacz_file}: it is a folder (choose another --wacz)")
    writable_folder(wacz_file.parent, "--wacz")
    try:
        exported = export_wacz(db_path, folder, wacz_file)
    except ExportError as error:
        run_failed("export", str(error))
        return
    click.echo(exported.summary_line())


@main.command()
@click.argument("source", metavar="PATH_OR_URL")
@click.option("--json", "as_json", is_flag=True, help="Print the citations as a JSON array.")
def citations(source: str, as_json: bool) -> None:
    """Parse the footnotes of one commentary page (a saved file or a URL).

    HTML pages and plain-text copies (.txt) are both understood.
    """
    from avimcrawl.commentary import parse_commentary, parse_commentary_text

    content, url = _read_source(source)
    if _looks_like_plain_text(source, content):
        page = parse_commentary_text(content.decode("utf-8", "replace"), url)
    else:
        page = parse_commentary(content, url)
    rows = [asdict(c) for c in page.citations]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo("no footnotes found", err=True)
        return
    click.echo(_citations_table(rows))


def _read_source(source: str) -> tuple[bytes, str]:
    if urlsplit(source).scheme in {"http", "https"}:
        import requests

        try:
            response = requests.get(source, timeout=30, headers={"User-Agent": USER_AGENT})
        except requests.RequestException as error:
            raise click.ClickException(f"cannot fetch {source}: {_fetch_error(error)}") from error
        if response.status_code >= 400:
            raise click.ClickException(f"cannot fetch {source}: HTTP {response.status_code} {response.reason}")
        return response.content, response.url
    path = Path(source)
    try:
        return path.read_bytes(), ""
    except OSError as error:
        raise UsageProblem(f"cannot read {source}: {error.strerror or error}") from error


def _fetch_error(error: Exception) -> str:
    """What went wrong, in words: requests' messages nest the whole urllib3 chain."""
    import requests

    host = urlsplit(getattr(error.request, "url", "") or "").hostname if getattr(error, "request", None) else None
    where = host or "the site"
    if isinstance(error, requests.exceptions.ProxyError):
        return "the HTTP proxy cannot be reached"
    if isinstance(error, requests.exceptions.SSLError):
        return f"{where} has no valid TLS certificate"
    if isinstance(error, requests.exceptions.Timeout):
        return f"{where} did not answer within 30 seconds"
    if isinstance(error, requests.exceptions.ConnectionError):
        text = str(error)
        if "Name or service not known" in text or "nodename nor servname" in text or "getaddrinfo failed" in text \
                or "Failed to resolve" in text:
            return f"no such host: {where}"
        return f"cannot connect to {where}"
    return type(error).__name__


def _looks_like_plain_text(source: str, content: bytes) -> bool:
    if source.lower().endswith((".txt", ".md")):
        return True
    head = content[:4096].lower()
    return not any(tag in head for tag in (b"<html", b"<p", b"<div", b"<body", b"<!doctype"))


# Column widths; None: as wide as its longest value, 0: last column, never cut.
_COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("note", 5), ("authors", 22), ("title", 38), ("publisher", 18), ("published", 10),
    ("accessed", 10), ("problems", None), ("link_url", 0))


def _citations_table(rows: list[dict[str, Any]]) -> str:
    cells = [{**row, "note": f"{row['footnote']}.{row['position']}", "problems": _problems_cell(row)} for row in rows]
    widths = {name: width if width is not None else max(len(name), *(len(c[name]) for c in cells))
              for name, width in _COLUMNS}
    lines = ["  ".join(_cell(name, widths[name]) for name, _ in _COLUMNS)]
    lines += ["  ".join(_cell(c.get(name), widths[name]) for name, _ in _COLUMNS) for c in cells]
    return "\n".join(line.rstrip() for line in lines)


def _problems_cell(row: dict[str, Any]) -> str:
    """Problems, then what a reader should know: the note a repeat cites again, and a
    reading the parser is unsure of."""
    problems = ",".join(row["problems"])
    if row.get("suggested_domain"):
        problems += f"→{row['suggested_domain']}"
    notes = [problems] if problems else []
    if row.get("kind") == "repeat" and row.get("repeats"):
        notes.append(f"repeats {row['repeats']}")
    if row.get("confidence") is not None and row["confidence"] < REVIEW_BELOW:
        notes.append(f"review ({row['confidence']:.2f})")
    return " ".join(notes)


def _cell(value: Any, width: int) -> str:
    text = "" if value is None else str(value)
    if not width:
        return text
    return (text[: width - 1] + "…" if len(text) > width else text).ljust(width)


# ------------------------------------------------------------------ failures


@main.command()
@db_option
@click.option("--forget", "forget", multiple=True, metavar="URL",
              help="Remove this page from the failing pages, e.g. a mistyped --start-url (repeatable).")
@click.option("--retry", "retry", multiple=True, metavar="URL",
              help="Have the next crawl try this page again, even one given up on (repeatable).")
@click.option("--now", default=None, metavar="TIME", envvar="AVIMCRAWL_NOW", show_envvar=True,
              help="Say what is due as if it were this time (ISO 8601, UTC).")
def failures(db_path: Path, forget: tuple[str, ...], retry: tuple[str, ...], now: str | None) -> None:
    """List the pages crawls could not fetch, and when each is tried again.

    A listing or commentary page that failed is tried again by a later crawl once due
    (by default 20 hours after its first failed attempt, then 40, 80, 160); after 5
    failed attempts crawls give up on it, and it stays listed here as "gave up".
    --forget URL removes a page; --retry URL has the next crawl try it again.
    """
    existing_database(db_path)
    if set(forget) & set(retry):
        raise UsageProblem(f"{sorted(set(forget) & set(retry))[0]}: give a URL to --forget or to --retry, not both")
    stamp = clock_at(now).stamp()
    db = store.open_db(db_path)
    try:
        pages = {page.url: page for page in store.failing_pages(db)}
        for option, urls in (("--forget", forget), ("--retry", retry)):
            for url in urls:
                if url not in pages:
                    raise UsageProblem(f"{option} {url!r}: no such failing page in {db_path} "
                                       "(`avimcrawl failures` lists them; give the URL as listed)")
        for url in forget:
            store.forget_failure(db, url)
        for url in retry:
            store.retry_failure(db, url)
    finally:
        db.close()
    for url in forget:
        page = pages[url]
        click.echo(f"forgot {url} ({page.page} page, {_attempts(page.attempts)} since {page.first_failed})")
    for url in retry:
        page = pages[url]
        click.echo(f"the next crawl tries {url} again ({page.page} page, {_attempts(page.attempts)})")
    if forget or retry:
        return
    if not pages:
        click.echo("no failing pages")
        return
    click.echo(_failures_table(list(pages.values()), stamp))


def _attempts(count: int) -> str:
    return f"{count} failed attempt{'' if count == 1 else 's'}"


# Column widths; 0: last column, never cut.
_FAILURE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("page", 10), ("attempts", 8), ("first_failed", 20), ("last_failed", 20), ("next_retry", 20), ("error", 36),
    ("url", 0))


def _failures_table(pages: list[store.FailingPage], now: str) -> str:
    def next_retry(page: store.FailingPage) -> str:
        if page.gave_up:
            return "gave up"
        return "next run" if page.due(now) else str(page.next_retry)

    cells = [{**asdict(page), "next_retry": next_retry(page)} for page in pages]
    lines = ["  ".join(_cell(name, width) for name, width in _FAILURE_COLUMNS)]
    lines += ["  ".join(_cell(c[name], width) for name, width in _FAILURE_COLUMNS) for c in cells]
    return "\n".join(line.rstrip() for line in lines)


if __name__ == "__main__":
    main()
