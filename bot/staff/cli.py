"""``faqbot staff add|list|remove`` and ``faqbot replay``: thin commands over bot.staff."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import click

from bot.cli import UserError  # one clear line, exit 2

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _store(create: bool = False) -> Any:
    """The accounts, in the question log's database; ``staff add`` creates it when missing
    (the first account may come before the bot's first run)."""
    from bot.cli import _log, _settings
    from bot.staff.accounts import StaffStore
    from bot.store import QuestionLog

    if create:
        settings = _settings()
        return settings, StaffStore(QuestionLog(settings.db_path).db)
    settings, log = _log()
    return settings, StaffStore(log.db)


@click.group()
def staff() -> None:
    """Accounts of the staff console (/staff on the web server)."""


@staff.command(name="add")
@click.argument("name")
def staff_add(name: str) -> None:
    """Create an account; the password is read from stdin, or prompted for on a terminal.

    \b
    faqbot staff add alice                          # prompts twice
    printf '%s\\n' "$PASSWORD" | faqbot staff add bob
    """
    from bot.staff.accounts import AccountError

    _, store = _store(create=True)
    if store.exists(name):
        raise UserError(f"the account {name!r} already exists")
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        store.add(name, password)
    except AccountError as e:
        raise UserError(str(e)) from None
    click.echo(f"account {name} created; log in at /staff")


@staff.command(name="list")
def staff_list() -> None:
    """List the accounts and when they were created."""
    _, store = _store()
    accounts = store.accounts()
    if not accounts:
        click.echo("No account: the staff console is off (`faqbot staff add NAME`).")
    for name, created in accounts:
        click.echo(f"{name}\t{created}")


@staff.command(name="remove")
@click.argument("name")
def staff_remove(name: str) -> None:
    """Delete an account and end its sessions."""
    from bot.staff.accounts import AccountError

    _, store = _store()
    try:
        store.remove(name)
    except AccountError as e:
        raise UserError(str(e)) from None
    click.echo(f"account {name} removed")


@click.command()
@click.option("--since", type=DATE, help="From this day (YYYY-MM-DD, UTC, inclusive).")
@click.option("--until", type=DATE, help="Up to this day (YYYY-MM-DD, UTC, inclusive).")
@click.option(
    "--faq",
    "faq_dir",
    type=click.Path(path_type=Path),
    help="The FAQ folder to replay on (default: FAQBOT_FAQ_DIR, the live one on disk).",
)
@click.option("--examples", default=5, show_default=True, help="Examples per change.")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def replay(
    since: dt.datetime | None,
    until: dt.datetime | None,
    faq_dir: Path | None,
    examples: int,
    as_json: bool,
) -> None:
    """Replay the logged questions on a FAQ folder and compare with what was answered then.

    \b
    faqbot replay --since 2026-11-01 --faq ../faq-draft
    """
    from bot.cli import _filters, _log
    from bot.encoder import SentenceEncoder
    from bot.kb import KBError
    from bot.service import build_engine
    from bot.staff.replay import format_result, logged_questions, run_replay

    settings, log = _log()
    folder = faq_dir or settings.faq_dir
    # The embedding cache beside the database: a draft that changes a few phrasings embeds
    # only those, and a second replay of the same folder reads its build back.
    encoder = SentenceEncoder(cache_path=settings.embedding_cache)
    try:
        engine = build_engine(folder, settings.today, encoder)
    except KBError as e:
        raise UserError(
            f"the FAQ in {folder} is invalid (run `faqbot check {folder}`):\n{e}"
        ) from None
    filters = _filters(since.date() if since else None, until.date() if until else None)
    result = run_replay(logged_questions(log.db, filters), engine, settings.current_date())
    if as_json:
        click.echo(json.dumps(result.to_json(examples), ensure_ascii=False))
    else:
        click.echo(format_result(result, examples, str(folder)))
