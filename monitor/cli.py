"""Command-line interface: `monitor <command>`.

One handler per subcommand; the only place that turns errors into exit codes:
2 for bad usage or config, 1 for runtime failures, one line on stderr each
(-v adds the traceback).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from monitor import __version__, logs
from monitor.errors import MonitorError, UsageError

if TYPE_CHECKING:  # loaded when a command runs: `--help` must not import the whole package
    from monitor.configuration import Config

logger = logging.getLogger("monitor")

# Every command but `init` gets the Config, loaded and validated once before it starts.
Handler = Callable[[argparse.Namespace, "Config"], int]


def _now() -> datetime:
    return datetime.now(UTC)


def load(args: argparse.Namespace) -> Config:
    """The whole configuration (monitor.toml and topics.toml), loaded once and validated.

    Kiwi is deliberately not taught the keywords as user words: it would then
    restore 스마트도시락 as 스마트도시 락 and defeat the matcher's edge rules
    (measured in monitor/topics/boundaries.py).
    """
    from monitor.configuration import load_config

    return load_config(args.config)


def open_store(config: Config):  # type: ignore[no-untyped-def]
    from monitor.store import Store

    return Store.open(config.settings.database_url)


def _refuse_missing_folder(config: Config) -> None:
    """The commands that read the sources stop on a folder source that is not there, as check-config does."""
    missing = config.missing_folder()
    if missing is not None:
        raise missing


def cmd_check_config(args: argparse.Namespace, config: Config) -> int:
    settings, topics = config.settings, config.topics
    _refuse_missing_folder(config)
    print(f"config: {settings.config_dir}")
    print(f"  inbox:     {settings.inbox}")
    print(f"  database:  {settings.database_url}")
    print(f"  reports:   {settings.reports_dir}")
    print(f"  schedule:  {settings.digest_cron} ({settings.timezone}), poll every {settings.poll_interval}s")
    print(f"topics: {len(topics.topics)} in {settings.topics_file}")
    for topic in topics.topics:
        print(f"  {topic.id:<16} {topic.name}")
    sources = config.sources
    print(f"sources: {len(sources.folders)} folder(s), {len(sources.feeds)} feed(s)")
    service = config.service
    for digest in service.digests:
        print(f"digest: {digest.name:<10} {digest.cron} ({digest.timezone}), {len(digest.recipients)} recipient(s)")
    print(f"email: {'via ' + service.smtp.host if service.smtp else 'not set up (reports only)'}")
    print("ok")
    return 0


def cmd_init(args: argparse.Namespace, _config: None) -> int:
    from monitor.init import init_folder

    done = init_folder(Path(args.folder))
    print(f"wrote {done.config_dir}/monitor.toml and topics.toml; drop articles into {done.inbox}/, then run "
          f"`monitor run --once` in {args.folder}")
    return 0


def cmd_sources(args: argparse.Namespace, configured: Config) -> int:
    from monitor.sources.health import needs_attention
    from monitor.sources.kinds import source_kinds
    from monitor.store.sources import get_state, not_taken_in, taken_in

    config = configured.sources
    store = open_store(configured)
    now = _now()
    failing = False  # exit 1 when a source failed its last pass or needs attention (for cron and monitoring)
    kinds = source_kinds()
    for source in config.sources:
        kind, where = source.kind, kinds[source.kind].where(source)
        state = get_state(store, source.key)
        print(f"{kind:<6} {source.name}  {where}")
        if state is None:
            print("       never read")
            continue
        print(f"       last success: {_at(state.last_success)}; entries taken in: {taken_in(store, state)}; "
              f"failures in a row: {state.consecutive_failures}")
        if state.last_error:
            print(f"       last error ({_at(state.last_error_at)}): {logs.escape_controls(state.last_error)}")
        attention = needs_attention(state, now, failing_after=config.failing_after, silent_after=config.silent_after)
        if attention:
            print(f"       NEEDS ATTENTION: {attention.message}")
        failed = not_taken_in(store, kind, source.key)
        if failed:  # a file or entry skipped meanwhile would otherwise be said once, in one pass's log
            print(f"       NEEDS ATTENTION: {failed}")
        failing = failing or attention is not None or state.consecutive_failures > 0 or bool(failed)
    return 1 if failing else 0


def _at(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else "never"


def cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    from monitor.pipeline import ingest

    _refuse_missing_folder(config)
    report = ingest(config, open_store(config), _now())
    _print_ingest(report)
    return 1 if report.failures else 0


def cmd_digest(args: argparse.Namespace, config: Config) -> int:
    from monitor.pipeline import digest

    if args.preview:
        return _preview(args, config)
    if args.recipient or args.output or args.html:
        raise UsageError("--recipient, --output and --html go with --preview", hint="monitor digest --preview --help")
    names = [d.name for d in config.digests]
    if args.name not in names:
        raise UsageError(f"--name {args.name}: no such digest", hint=f"configured digests: {', '.join(names)}")
    _print_digest(digest(config, open_store(config), _now(), name=args.name))
    return 0


def _print_digest(report) -> None:  # type: ignore[no-untyped-def]
    page = report.path or "nothing new, no page written"
    print(f"digest: {page} ({report.article_count} article(s)); index: {report.index_path}")


def _preview(args: argparse.Namespace, config: Config) -> int:
    from monitor.delivery.preview import preview
    from monitor.digest.reports import atomic_write
    from monitor.sources.health import attention_for

    name = args.name if args.name_given else None
    store, now = open_store(config), _now()
    shown = preview(store, config.topics, config.service, name, args.recipient, now,
                    attention_for(config.sources, store, now))
    if args.output:
        atomic_write(Path(args.output), shown.mbox.decode("utf-8"))
    if args.html:
        for who, page in shown.html:
            # One file per message: FILE itself for a single one, FILE-<recipient>.html for several.
            path = Path(args.html) if len(shown.html) == 1 else Path(args.html).with_name(
                f"{Path(args.html).stem}-{who}{Path(args.html).suffix or '.html'}")
            atomic_write(path, page)
            print(f"preview: HTML of {who}: {path}", file=sys.stderr)
    if not (args.output or args.html):
        sys.stdout.write(shown.text)
        sys.stdout.flush()
    for line in shown.summary:
        print(f"preview: {line}", file=sys.stderr)
    return 0


def cmd_status(args: argparse.Namespace, config: Config) -> int:
    from monitor.service import service_running
    from monitor.status import service_status

    store = open_store(config)
    report = service_status(config, store, _now(), service_running(store))
    print(report.render(), end="")
    return report.exit_code


def cmd_run(args: argparse.Namespace, config: Config) -> int:
    from monitor.service import load_service

    _refuse_missing_folder(config)  # before the database is opened: nothing is done on a bad config
    store = open_store(config)
    if args.once:
        cycle = load_service(config, store, clock=_now).run_once()
        _print_ingest(cycle.ingest)
        for written, queued in cycle.digests:
            _print_digest(written)
            for entry in queued:
                print(f"  {entry.recipient}: {entry.status} ({entry.article_count} article(s))")
        sent = cycle.flushed
        if sent is not None:
            print(f"email: {len(sent.sent)} sent, {len(sent.retrying)} to retry, {len(sent.failed)} failed")
        failed_mail = sent is not None and bool(sent.failed or sent.retrying)
        return 1 if failed_mail or cycle.ingest.failures else 0  # as `ingest`: skipped input is reported
    from monitor.service import run_service

    return run_service(config, store)


def cmd_analyze(args: argparse.Namespace, config: Config) -> int:
    from monitor.analyze import analyze_paths

    failures = analyze_paths(args.paths, config.topics, sys.stdout)
    return 1 if failures else 0


def _check_topic(topics, topic_id: str | None) -> None:  # type: ignore[no-untyped-def]
    """--topic must name a configured topic (UsageError listing them)."""
    if topic_id and topic_id not in {t.id for t in topics.topics}:
        known = ", ".join(t.id for t in topics.topics)
        raise UsageError(f"--topic {topic_id}: no such topic", hint=f"known topics: {known}")


def cmd_explain(args: argparse.Namespace, config: Config) -> int:
    from monitor.analyze import read_documents
    from monitor.text import extract_articles
    from monitor.topics.explain import explain_article

    topics = config.topics
    _check_topic(topics, args.topic)
    errors: list[str] = []
    for doc in read_documents([args.file], errors):
        for article in extract_articles(doc):
            print(explain_article(topics, article, args.topic))
            print()
    return 1 if errors else 0


def cmd_reclassify(args: argparse.Namespace, config: Config) -> int:
    topics, store = config.topics, open_store(config)
    seen = changed = 0
    for stored in store.iter_articles():
        seen += 1
        if store.replace_matches(stored.id, topics.classify(stored.article)):
            changed += 1
    print(f"reclassified {seen} article(s); {changed} changed topics")
    return 0


def cmd_topics_suggest(args: argparse.Namespace, config: Config) -> int:
    from monitor.topics.suggest import suggest

    topics = config.topics
    _check_topic(topics, args.topic)
    articles = [stored.article for stored in open_store(config).iter_articles()]
    print("\n\n".join(r.render() for r in suggest(topics, articles, args.topic, args.limit)))
    return 0


def cmd_refold(args: argparse.Namespace, config: Config) -> int:
    from monitor.stories.stored import refold_articles

    report = refold_articles(open_store(config), _now())
    print(f"refolded {report.articles} article(s): {report.stories_before} stories before, "
          f"{report.stories_after} after; {report.moved} article(s) changed story")
    return 0


def _print_ingest(report) -> None:  # type: ignore[no-untyped-def]
    print(f"ingest: {report.documents_new} new document(s), {report.articles_new} new article(s) "
          f"from {report.documents_seen} seen; {len(report.failures)} skipped")
    for failure in report.failures:
        print(f"  skipped: {failure}")


class _NameAction(argparse.Action):
    """Stores --name/--digest and notes it was given, so --preview can default to the first digest."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:  # type: ignore[no-untyped-def]
        setattr(namespace, self.dest, values)
        namespace.name_given = True


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="monitor",
        description="News-monitoring digests for Korean regional policy news.",
    )
    parser.add_argument("--version", action="version", version=f"monitor {__version__}")
    config_help = "config folder with monitor.toml and topics.toml (default: ./config, else the bundled defaults)"
    # Before the command (`monitor --config DIR run`) or after it (`monitor run --config DIR`); the
    # command's copies default to SUPPRESS so that they do not overwrite what was given before it.
    parser.add_argument("--config", metavar="DIR", help=config_help)
    parser.add_argument("-v", "--verbose", action="store_true", help="log more and show tracebacks")
    parser.add_argument("-q", "--quiet", action="store_true", help=QUIET_HELP)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="DIR", default=argparse.SUPPRESS, help=config_help)
    common.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="log more and show tracebacks")
    common.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help=QUIET_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        return command

    run = add("run", cmd_run, "run the service: ingest on an interval and write digests on schedule")
    run.add_argument("--once", action="store_true", help="do one full cycle (ingest + digest) and exit")
    add("ingest", cmd_ingest, "read new documents from the sources into the database")
    digest = add("digest", cmd_digest, "write the digest of everything ingested since the previous one")
    digest.add_argument("--name", "--digest", dest="name", default="daily", action=_NameAction,
                        help="digest name (default: daily; for --preview: the first configured digest)")
    digest.add_argument("--preview", action="store_true",
                        help="show what would be sent as a reader sees it (each email's text part; the digest "
                        "as text without recipients) without sending it or advancing any ledger")
    digest.add_argument("--recipient", metavar="ADDR", help="with --preview: only this recipient's message")
    digest.add_argument("--html", metavar="FILE", help="with --preview: write the HTML part (the report page "
                        "without recipients) to FILE instead of showing the text")
    digest.add_argument("--output", metavar="FILE", help="with --preview: write the messages as mbox (the report "
                        "page without recipients) to FILE instead of showing the text")
    add("status", cmd_status, "show next runs, last digest per recipient, pending or failed deliveries and "
        "source health; exit 1 when something needs attention")
    add("check-config", cmd_check_config, "validate the config folder and print a summary")
    analyze = add("analyze", cmd_analyze,
                  "print the articles found in files or folders as JSON Lines, without touching the database")
    analyze.add_argument("paths", nargs="+", metavar="PATH",
                         help="text files or folders of them, feed files (.xml/.rss/.atom) or feed URLs")
    explain = add("explain", cmd_explain, "show which topics each article of a file got, and why")
    explain.add_argument("file", metavar="FILE", help="a text file")
    explain.add_argument("--topic", metavar="ID", help="explain only this topic")
    add("reclassify", cmd_reclassify, "re-apply the current topics to every stored article")
    topics_help = "work on the topics with the stored articles: `monitor topics suggest`"
    topics_cmd = sub.add_parser("topics", help=topics_help, description=topics_help)
    topics_sub = topics_cmd.add_subparsers(dest="topics_command", metavar="COMMAND", required=True)
    suggest_help = ("terms and rules that would file likely-missed stored articles under a topic, each with "
                    "how many it would add and example headlines")
    suggest = topics_sub.add_parser("suggest", parents=[common], help=suggest_help, description=suggest_help)
    suggest.set_defaults(handler=cmd_topics_suggest)
    suggest.add_argument("--topic", metavar="ID", help="only this topic (default: every topic)")
    suggest.add_argument("--limit", metavar="N", type=int, default=10, help="suggestions per topic (default 10)")
    add("refold", cmd_refold, "re-apply the current story folding to every stored article")
    digest.set_defaults(name_given=False)
    add("sources", cmd_sources, "list the configured folders and feeds with their health")
    init = add("init", cmd_init, "write config/ (the defaults, to edit) and an empty inbox/ into a folder")
    init.add_argument("folder", nargs="?", default=".", metavar="DIR", help="where (default: this folder)")
    return parser


QUIET_HELP = "log only warnings and errors (e.g. `monitor -q run` under a supervisor that keeps the log)"


def _configure_logging(verbose: bool, quiet: bool, command: str) -> None:
    if verbose:
        level = logging.DEBUG
    elif quiet:
        level = logging.WARNING
    else:
        level = logging.INFO if command == "run" else logging.WARNING
    logs.configure(level)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose, args.quiet, args.command)
    try:
        # One load and validation for every command, before it does anything (init writes the config).
        config = None if args.handler is cmd_init else load(args)
        code = args.handler(args, config)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is caught below
        return code
    except BrokenPipeError:
        # The reader went away (`monitor check-config | head -1`): stop quietly, as a pipe's
        # writer does, and keep Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except MonitorError as e:
        if args.verbose:
            logger.exception("failed")
        print(f"monitor: error: {logs.escape_controls(str(e))}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("monitor: interrupted", file=sys.stderr)
        return 130
    except Exception as e:
        if args.verbose:
            logger.exception("failed")
        print(f"monitor: error: {e.__class__.__name__}: {logs.escape_controls(str(e))} (run with -v for the traceback)",
              file=sys.stderr)
        return 1
