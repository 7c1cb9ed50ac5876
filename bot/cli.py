"""The ``faqbot`` command: a thin layer over the assistant; errors become clear messages."""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from bot.kb import KBError, Lang
from bot.settings import Settings, SettingsError

LANG_CHOICE = click.Choice(["fr", "en"])


class UserError(click.ClickException):
    """A mistake in how the command was called: one line on stderr, exit status 2."""

    exit_code = 2


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as e:
        raise UserError(str(e)) from None


def _assistant(settings: Settings) -> Any:
    from bot.encoder import SentenceEncoder
    from bot.service import Assistant

    try:
        return Assistant(settings, SentenceEncoder(cache_path=settings.embedding_cache))
    except KBError as e:
        raise click.ClickException(
            f"the FAQ in {settings.faq_dir} is invalid (run `faqbot check`):\n{e}"
        ) from None


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SettingsError as e:  # e.g. a short pseudonym key file, found once opened
            raise UserError(str(e)) from None


@click.group(cls=_Group)
@click.version_option(package_name="faqbot")
def cli() -> None:
    """Answer applicants' questions about the CNIL's AI-for-public-services sandbox."""
    import numpy  # noqa: F401 - threadpoolctl only limits libraries already loaded
    from threadpoolctl import threadpool_limits

    # One BLAS thread for the whole process: the matcher's products are small, and idle
    # OpenBLAS threads spin, taking a core from the event loop on a 2-core machine.
    threadpool_limits(1)
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )


@cli.command()
def run() -> None:
    """Serve the web chat, the HTTP API and the health check on PORT; with
    TELEGRAM_BOT_TOKEN, the Telegram bot too (webhook if FAQBOT_WEBHOOK_URL is set, else long
    polling)."""
    import asyncio

    from bot.runner import serve

    settings = _settings()
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the token
    if not settings.telegram_bot_token:
        click.echo(
            f"No TELEGRAM_BOT_TOKEN: web server only. Staff console: "
            f"http://127.0.0.1:{settings.port}/staff",
            err=True,
        )
    try:
        asyncio.run(serve(settings, ready=lambda url: click.echo(f"Chat: {url}")))
    except KBError as e:
        raise click.ClickException(f"the FAQ is invalid (run `faqbot check`):\n{e}") from None
    except OSError as e:
        if e.errno != errno.EADDRINUSE:
            raise
        raise UserError(f"PORT {settings.port} is already in use") from None


@cli.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per question.")
@click.option("--lang", type=LANG_CHOICE, help="Reply in this language (default: detected).")
def ask(question: str | None, as_json: bool, lang: Lang | None) -> None:
    """Answer QUESTION; with --json and no QUESTION, answer each line of stdin.

    A line of stdin is a question, or a JSON object
    {"question": "...", "conversation": "any id", "lang": "fr"|"en"}: lines of one
    conversation share context, in order, like a chat.

    \b
    faqbot ask "qui peut candidater ?"
    printf 'deadline?\\nc koi le bac a sable\\n' | faqbot ask --json
    printf '%s\\n' '{"question": "c quoi la 4e edition", "conversation": "a"}' \\
                  '{"question": "et sa date limite ?", "conversation": "a"}' | faqbot ask --json
    """
    from bot.conversation import Chat, Conversation

    if question is None and not as_json:
        raise click.UsageError("give a QUESTION, or use --json to read questions from stdin")
    talk = Conversation(_assistant(_settings()))
    lines = [question] if question is not None else (line.rstrip("\n") for line in sys.stdin)
    for number, line in enumerate(lines, 1):
        if question is None and not line.strip():
            continue
        text, thread, line_lang = line, None, lang
        if question is None and line.lstrip().startswith("{"):
            try:
                text, thread, line_lang = _json_line(line, lang)
            except ValueError as e:
                click.echo(json.dumps({"error": f"line {number}: {e}"}), err=False)
                continue
        chat = Chat("cli", None if thread is None else f"ask:{thread}", thread)
        response = talk.message_sync(chat, text, lang=line_lang)
        if as_json:
            body = response.to_json()
            if thread is not None:
                body["conversation"] = thread
            click.echo(json.dumps(body, ensure_ascii=False))
        else:
            click.echo(_plain(response))


def _json_line(line: str, default: Lang | None) -> tuple[str, str | None, Lang | None]:
    """``(question, conversation, lang)`` of a JSON line of ``faqbot ask --json``."""
    try:
        data = json.loads(line)
    except ValueError:
        raise ValueError("not valid JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("question"), str):
        raise ValueError('expected {"question": "...", "conversation"?, "lang"?}')
    thread, lang = data.get("conversation"), data.get("lang", default)
    if thread is not None and not isinstance(thread, str | int):
        raise ValueError("conversation: a string or a number")
    if lang not in (None, "fr", "en"):
        raise ValueError('lang: "fr" or "en"')
    return data["question"], None if thread is None else str(thread), lang


def _plain(response: Any) -> str:
    lines = [response.text]
    entries = response.buttons_of("entry")
    if entries:
        label = "Voir aussi" if response.lang == "fr" else "See also"
        if any(p.reply.outcome == "suggested" for p in response.parts):
            label = "Suggestions"
        lines.append(f"\n{label}: " + " | ".join(b.label for b in entries))
    return "\n".join(lines)


@cli.command()
@click.option("--lang", type=LANG_CHOICE, help="Reply in this language (default: detected).")
def chat(lang: Lang | None) -> None:
    """Chat with the bot in the terminal (same conversation, same question log).

    Commands: /help /topics /privacy /forget /lang, and quit or exit (or Ctrl-D).
    """
    from bot.terminal import run_chat

    settings = _settings()
    click.echo("Chargement… / Loading…")
    run_chat(_assistant(settings), lang)


@cli.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
def check(directory: Path | None) -> None:
    """Validate the FAQ folder (default: FAQBOT_FAQ_DIR or faq/); list every problem."""
    from bot.service import load_kb

    settings = _settings()
    folder = directory or settings.faq_dir
    try:
        kb = load_kb(folder, settings.current_date())
    except KBError as e:
        for problem in e.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(e.problems)} problem(s) in {folder}", err=True)
        sys.exit(1)
    for warning in kb.warnings:
        click.echo(str(warning), err=True)
    entries = sum(not e.smalltalk for e in kb.entries)
    phrasings = sum(len(qs) for e in kb.entries for qs in e.questions.values())
    warned = f", {len(kb.warnings)} warning(s) above" if kb.warnings else ""
    click.echo(
        f"OK: {folder} is valid, version {kb.version}: {entries} entries, "
        f"{len(kb.entries) - entries} small-talk, {phrasings} phrasings, "
        f"{len(kb.facts)} facts, {len(kb.sources)} sources{warned}"
    )


@cli.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--quiet", is_flag=True, help="Do not list the failures.")
@click.option(
    "--min-accuracy",
    type=click.FloatRange(0, 100),
    help="Gate: exit 1 if in-scope top-1 accuracy is under this percentage.",
)
@click.option(
    "--min-rejection",
    type=click.FloatRange(0, 100),
    help="Gate: exit 1 if out-of-scope rejection is under this percentage.",
)
@click.option(
    "--gate",
    "gates",
    multiple=True,
    metavar="FIGURE=PCT",
    help="Gate on any percentage figure, e.g. dialogue_turns=72 (repeatable).",
)
@click.option(
    "--each-alone",
    is_flag=True,
    help="Conversations: send every message on its own, no context, no parts (the bot "
    "before the conversation layer).",
)
def eval_command(
    file: Path,
    as_json: bool,
    quiet: bool,
    min_accuracy: float | None,
    min_rejection: float | None,
    gates: tuple[str, ...],
    each_alone: bool,
) -> None:
    """Measure in-scope top-1 accuracy and out-of-scope rejection on FILE.

    A file of `kind:` items is read as conversations (dialogue turns, several questions
    in a message...). Gates make the command exit 1 under a figure, as CI does:

    \b
    faqbot eval tests/eval/questions.yaml --min-accuracy 95 --min-rejection 90
    faqbot eval tests/eval/conversations.yaml --gate dialogue_turns=72 --gate near=75
    """
    from bot.conveval import ConvResult, is_conversation_file
    from bot.evaluate import Result

    settings = _settings()
    text = file.read_text(encoding="utf-8")
    conversations = is_conversation_file(text)
    floors = _gates(
        ConvResult().summary() if conversations else Result().summary(),
        gates,
        {"in_scope_top1": min_accuracy, "out_of_scope_rejection": min_rejection},
    )
    summary, failures = _evaluate_file(settings, file, text, conversations, alone=each_alone)
    if as_json:
        click.echo(json.dumps(summary))
    else:
        for line in [] if quiet else failures:
            click.echo(line)
        for key, value in summary.items():
            click.echo(f"{key}: {value}")
    _fail_under(file, summary, floors)


def _evaluate_file(
    settings: Settings, file: Path, text: str, conversations: bool, *, alone: bool = False
) -> tuple[dict[str, Any], list[str]]:
    """The figures of an evaluation file and one ``file:line`` per failure: single
    questions, or conversations (dialogues turn by turn with their context)."""
    from bot.conveval import evaluate_conversations, parse_conversations
    from bot.encoder import SentenceEncoder
    from bot.evaluate import evaluate, parse_cases
    from bot.service import build_engine

    encoder = SentenceEncoder(cache_path=settings.embedding_cache)
    try:
        parsed: Any = (parse_conversations if conversations else parse_cases)(text, str(file))
        engine = build_engine(settings.faq_dir, settings.today, encoder)
    except (ValueError, OSError) as e:
        raise click.ClickException(str(e)) from None
    today = settings.current_date()
    if conversations:
        talks = evaluate_conversations(engine, parsed, today, alone=alone)
        return talks.summary(), [
            f"{file}:{turn.line}: {case.kind}: expected "
            + (" + ".join("|".join(ids) for ids in turn.expect) or "decline")
            + ", got "
            + ", ".join(f"{p.reply.outcome}({p.reply.entry_id})" for p in reading.parts)
            + f"  {turn.question}"
            for case, turn, reading in talks.failures
        ]
    result = evaluate(engine, parsed, today)
    return result.summary(), [
        f"{file}:{case.line}: expected {','.join(case.expect) or 'decline'}, got "
        + (f"{reply.entry_id}" if reply.answered else f"{reply.outcome}({reply.entry_id})")
        + f" {reply.score:.3f}  {case.question}"
        for case, reply in result.failures
    ]


def _gates(
    figures: dict[str, Any], gates: tuple[str, ...], named: dict[str, float | None]
) -> dict[str, float]:
    """``FIGURE=PCT`` options (and the named ones) as {figure: floor}; bad ones exit 2."""
    known = [key.removesuffix("_pct") for key in figures if key.endswith("_pct")]
    floors = {name: floor for name, floor in named.items() if floor is not None}
    for gate in gates:
        name, _, value = gate.partition("=")
        try:
            floor = float(value)
        except ValueError:
            floor = -1.0
        if name not in known or not 0 <= floor <= 100:
            raise UserError(f"--gate {gate}: expected FIGURE=PCT, FIGURE one of {', '.join(known)}")
        floors[name] = floor
    if set(floors) - set(known):
        raise UserError(f"this file's figures are {', '.join(known)}")
    return floors


def _fail_under(file: Path, summary: dict[str, Any], floors: dict[str, float]) -> None:
    """Exit 1, naming each figure under its gate."""
    failed = [
        f"{file}: {name} {summary[name + '_pct']} % is under the gate of {floor:g} %"
        for name, floor in floors.items()
        if summary[name + "_pct"] < floor
    ]
    for message in failed:
        click.echo(message, err=True)
    if failed:
        sys.exit(1)


@cli.command(name="new-entry")
@click.argument("entry_id", metavar="ID")
@click.option("--category", required=True, help="A category of categories.yaml, e.g. calendar.")
@click.option(
    "--source",
    "sources",
    multiple=True,
    help="A source key of sources.yaml (repeatable; at least one except for smalltalk).",
)
def new_entry(entry_id: str, category: str, sources: tuple[str, ...]) -> None:
    """Print a complete, valid entry skeleton to paste under `entries:` in a FAQ file.

    \b
    faqbot new-entry call-launched --category calendar --source call-2023
    """
    import re

    from bot.schema import as_list_item, entry_skeleton, load
    from bot.service import load_kb

    settings = _settings()
    pattern = load("entries.json")["definitions"]["entry"]["properties"]["id"]
    if len(entry_id) > pattern["maxLength"] or not re.search(pattern["pattern"], entry_id):
        raise UserError(f"ID {entry_id!r}: {pattern['errorMessage']}")
    try:
        kb = load_kb(settings.faq_dir)
    except KBError:
        kb = None  # still useful while the FAQ is being fixed: references are not checked
    where = ""
    if kb is not None:
        if entry_id in kb.by_id:
            existing = kb.by_id[entry_id]
            raise UserError(
                f"ID {entry_id!r} is already an entry ({existing.path}:{existing.line})"
            )
        if category not in kb.categories:
            raise UserError(f"--category {category}: expected one of {', '.join(kb.categories)}")
        unknown = [s for s in sources if s not in kb.sources]
        if unknown:
            raise UserError(f"--source {unknown[0]}: expected one of {', '.join(kb.sources)}")
        where = next((f" {e.path}" for e in kb.entries if e.category == category), "")
    if not sources and category != "smalltalk":
        raise UserError("--source: cite at least one source, e.g. --source call-2023")
    skeleton = entry_skeleton(entry_id, category, sources, settings.current_date())
    click.echo(f"# à coller sous entries: / paste under entries:{where}")
    click.echo(as_list_item(skeleton), nl=False)


def _log() -> Any:
    """The settings and the existing question log; a missing database is an error, not a
    new empty one (a mistyped FAQBOT_DB, or a command run from another folder)."""
    from bot.store import QuestionLog

    settings = _settings()
    path = settings.db_path
    if not path.is_file():
        raise UserError(
            f"no question log at {path.absolute()} (FAQBOT_DB): check the path, "
            "or run the command from the folder of the bot's data/"
        )
    return settings, QuestionLog(path)


def _filters(since: dt.date | None, until: dt.date | None, outcomes: tuple[str, ...] = ()) -> Any:
    from bot.analytics import Filters

    if since and until and since > until:
        raise UserError(f"--since {since} is after --until {until}: no day is in that period")
    # --until is inclusive for people; the query's bound is exclusive.
    return Filters(since, until + dt.timedelta(days=1) if until else None, outcomes)


DATE = click.DateTime(formats=["%Y-%m-%d"])


@cli.command()
@click.option("--since", type=DATE, help="Only questions from this day on (YYYY-MM-DD, UTC).")
@click.option("--all", "show_all", is_flag=True, help="Also groups already added or dismissed.")
@click.option("--suggest", is_flag=True, help="Print ready-to-paste YAML for each group.")
@click.option(
    "--mark", nargs=2, metavar="GROUP STATUS", help="Set a group's status: new, added, dismissed."
)
@click.option("--entry", "entry_id", help="With --mark added: the entry the questions went to.")
@click.option("--limit", default=30, show_default=True, help="Groups to show.")
def review(
    since: dt.datetime | None,
    show_all: bool,
    suggest: bool,
    mark: tuple[str, str] | None,
    entry_id: str | None,
    limit: int,
) -> None:
    """List unanswered, low-confidence and 👎 questions, near-duplicates grouped.

    \b
    faqbot review                       # new groups, most frequent first
    faqbot review --suggest             # YAML to paste into faq/
    faqbot review --mark 1a2b3c4d added --entry deadline
    """
    from bot.analytics import review_groups
    from bot.review import STATUSES, suggestion_yaml

    if mark:
        group_id, status = mark
        if status not in STATUSES:
            raise click.BadParameter(
                f"{status!r}: expected one of {', '.join(STATUSES)}", param_hint="--mark"
            )
        if entry_id is not None and status != "added":
            raise UserError(f"--entry goes with --mark GROUP added, not with {status}")
    elif entry_id is not None:
        raise UserError("--entry goes with --mark GROUP added")
    settings, log = _log()
    if mark and entry_id is not None:
        _check_entry(settings.faq_dir, entry_id)
    groups = review_groups(log.db, log.marks(), _filters(since.date() if since else None, None))
    if mark:
        found = next((g for g in groups if g.id == group_id), None)
        if found is None:
            raise click.ClickException(f"no group {group_id!r} (run `faqbot review --all`)")
        log.mark(found.keys, status, entry_id)
        click.echo(f"group {group_id}: {status}" + (f" ({entry_id})" if entry_id else ""))
        return
    shown = [g for g in groups if show_all or g.status == "new"][:limit]
    if not shown:
        click.echo("Nothing to review.")
        return
    if suggest:
        files = _entry_files(settings.faq_dir)
        for g in shown:
            click.echo(
                suggestion_yaml(g, settings.current_date(), files.get(g.closest or "")) + "\n"
            )
        return
    from bot.review import format_groups

    click.echo(format_groups(shown))


def _check_entry(folder: Path, entry_id: str) -> None:
    """Refuse an entry id the FAQ does not have."""
    import difflib

    from bot.service import load_kb

    try:
        ids = [e.id for e in load_kb(folder).entries]
    except KBError:
        raise UserError(
            f"cannot check --entry {entry_id}: the FAQ in {folder} is invalid (run `faqbot check`)"
        ) from None
    if entry_id not in ids:
        close = difflib.get_close_matches(entry_id, ids, n=1)
        hint = f": did you mean {close[0]}?" if close else f" (FAQ in {folder})"
        raise UserError(f"--entry {entry_id}: no such entry{hint}")


def _entry_files(folder: Path) -> dict[str, str]:
    """Entry id -> the file it is written in (for --suggest); empty if the FAQ is broken."""
    from bot.service import load_kb

    try:
        return {e.id: e.path for e in load_kb(folder).entries}
    except KBError:
        return {}


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json", "ndjson"]),
    default="csv",
    show_default=True,
)
@click.option("--since", type=DATE, help="From this day (YYYY-MM-DD, UTC, inclusive).")
@click.option("--until", type=DATE, help="Up to this day (YYYY-MM-DD, UTC, inclusive).")
@click.option(
    "--outcome",
    "outcomes",
    multiple=True,
    type=click.Choice(["answered", "suggested", "unanswered", "smalltalk"]),
    help="Only these outcomes (repeatable).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to FILE (default: stdout).",
)
@click.option("--excel", is_flag=True, help="CSV for French Excel: UTF-8 BOM and ';' separator.")
@click.option("--with-user", is_flag=True, help="Include the pseudonymous user id.")
@click.option(
    "--aggregate", is_flag=True, help="Counts per day, entry and outcome; groups under 5 left out."
)
def export(
    fmt: str,
    since: dt.datetime | None,
    until: dt.datetime | None,
    outcomes: tuple[str, ...],
    output: str | None,
    excel: bool,
    with_user: bool,
    aggregate: bool,
) -> None:
    """Export the question log as CSV, JSON or NDJSON, streaming (constant memory).

    \b
    faqbot export --since 2026-11-01 --outcome unanswered -o unanswered.csv
    faqbot export --format ndjson | jq .question
    faqbot export --aggregate --excel -o par-jour.csv
    """
    from bot import analytics

    filters = _filters(since.date() if since else None, until.date() if until else None, outcomes)
    _, log = _log()
    records = (
        analytics.aggregate(log.db, filters)
        if aggregate
        else analytics.rows(log.db, filters, with_user=with_user)
    )
    names = analytics.columns(with_user=with_user, aggregated=aggregate)
    if output:
        from bot.store import private_opener  # exports hold questions: owner only (0600)

        try:
            out = open(output, "w", encoding="utf-8", newline="", opener=private_opener)  # noqa: SIM115
        except OSError as e:
            raise UserError(f"cannot write {output}: {e.strerror}") from None
        with out:
            count = analytics.write(records, out, fmt, excel=excel, fieldnames=names)
        click.echo(f"{count} row(s) written to {output}", err=True)
    else:
        analytics.write(records, sys.stdout, fmt, excel=excel, fieldnames=names)


@cli.command()
@click.option("--since", type=DATE, help="From this day (YYYY-MM-DD, UTC, inclusive).")
@click.option("--until", type=DATE, help="Up to this day (YYYY-MM-DD, UTC, inclusive).")
def stats(since: dt.datetime | None, until: dt.datetime | None) -> None:
    """Figures: questions, answer rate, top entries and unanswered groups, feedback, per day."""
    from bot import analytics

    filters = _filters(since.date() if since else None, until.date() if until else None)
    _, log = _log()
    groups = analytics.top_unanswered(log.db, log.marks(), filters)
    click.echo(analytics.format_stats(analytics.stats(log.db, filters), groups))


@cli.command()
def purge() -> None:
    """Delete questions older than FAQBOT_RETENTION_DAYS (the bot also does it daily)."""
    settings, log = _log()
    deleted = log.purge(settings.retention_cutoff())
    click.echo(f"{deleted} question(s) older than {settings.retention_days} days deleted")


@cli.command()
@click.option("--user", "pseudonym", help="The pseudonymous user id (the `user` column).")
@click.option(
    "--telegram-id", type=int, help="Or the person's Telegram id: its pseudonym is computed."
)
@click.option("--matrix-id", help="Or the person's Matrix id (@name:server): same.")
@click.option("--yes", is_flag=True, help="Erase without asking (needed when not on a terminal).")
def forget(
    pseudonym: str | None, telegram_id: int | None, matrix_id: str | None, yes: bool
) -> None:
    """Erase every question and preference of one user (a right-to-erasure request).

    On a terminal it says how many questions it will erase and asks first; --yes skips
    the question, and is required when the input is not a terminal (scripts).
    """
    from bot.store import Pseudonymizer

    given = [
        name
        for name, value in (
            ("--user", pseudonym),
            ("--telegram-id", telegram_id),
            ("--matrix-id", matrix_id),
        )
        if value is not None
    ]
    if len(given) > 1:
        raise UserError(f"give {' or '.join(given)}, not {'both' if len(given) == 2 else 'all'}")
    if not given:
        raise UserError("give --user PSEUDONYM, --telegram-id ID or --matrix-id @NAME:SERVER")
    settings, log = _log()
    platform = ("telegram", telegram_id) if telegram_id is not None else ("matrix", matrix_id)
    if platform[1] is not None:
        if not settings.pseudonym_key and not settings.pseudonym_key_file.is_file():
            raise UserError(
                f"no pseudonym key: neither FAQBOT_PSEUDONYM_KEY nor {settings.pseudonym_key_file}"
                f" exists, so the pseudonym of a {platform[0].title()} id cannot be computed"
            )
        pseudonym = Pseudonymizer.from_setting(settings.pseudonym_key, settings.pseudonym_key_file)(
            *platform
        )
    assert pseudonym is not None
    who = (
        f"Telegram id {telegram_id}"
        if telegram_id is not None
        else f"Matrix id {matrix_id}"
        if matrix_id is not None
        else f"user {pseudonym}"
    )
    found = log.count(user=pseudonym)
    if found and not yes:
        if not _interactive():
            raise UserError(
                f"{found} question(s) of {who} would be erased: add --yes to erase "
                "without asking (the input is not a terminal)"
            )
        click.confirm(
            f"Erase {found} question(s), the language choice and the conversation context of {who}?",
            abort=True,
        )
    erased = log.forget(pseudonym)
    click.echo(
        f"{erased} question(s) of {who} erased" + ("" if erased else ": none found for this id")
    )


def _interactive() -> bool:
    """True when a person can answer a question (stdin is a terminal)."""
    return sys.stdin.isatty()


def _add_staff_commands() -> None:
    from bot.staff.cli import replay, staff

    cli.add_command(staff)
    cli.add_command(replay)


_add_staff_commands()


@cli.group()
def matrix() -> None:
    """The Matrix (Tchap) channel: log the bot's account in."""


@matrix.command(name="login")
@click.option(
    "--homeserver",
    envvar="FAQBOT_MATRIX_HOMESERVER",
    required=True,
    help="The homeserver's URL (default: FAQBOT_MATRIX_HOMESERVER).",
)
@click.option(
    "--user-id",
    envvar="FAQBOT_MATRIX_USER_ID",
    required=True,
    help="The bot's id, @name:server (default: FAQBOT_MATRIX_USER_ID).",
)
@click.option("--device-name", default="faqbot", show_default=True, help="Shown to users.")
def matrix_login(homeserver: str, user_id: str, device_name: str) -> None:
    """Log the bot in with its password (asked here) and print the token and device id."""
    import asyncio

    from bot.matrix import login

    # The password is typed on the terminal (getpass), never taken from the environment.
    password = click.prompt("Password", hide_input=True)
    try:
        response = asyncio.run(login(homeserver, user_id, password, device_name))
    except ValueError as e:
        raise click.ClickException(str(e)) from None
    click.echo(f"FAQBOT_MATRIX_USER_ID={response.user_id}")
    click.echo(f"FAQBOT_MATRIX_ACCESS_TOKEN={response.access_token}")
    click.echo(f"FAQBOT_MATRIX_DEVICE_ID={response.device_id}")
