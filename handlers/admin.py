"""Staff commands, for FAQBOT_ADMIN_IDS only: /stats, /unanswered, /reload.

Anyone else falls through to the ordinary unknown-command reply: no hint they exist.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html

from telegram import Update

from bot import analytics
from bot.kb import Lang
from bot.messages import telegram
from bot.service import Reloaded
from handlers.common import Context, assistant, send, user_lang

STATS_DAYS = 30


async def stats(update: Update, context: Context) -> None:
    """Figures of the last 30 days."""
    log = assistant(context).log
    since = assistant(context).today() - dt.timedelta(days=STATS_DAYS)
    filters = analytics.Filters(since=since)
    figures = await asyncio.to_thread(analytics.stats, log.db, filters)
    groups = analytics.top_unanswered(log.db, log.marks(), filters, limit=5)
    title = telegram("admin_stats", user_lang(update, context), days=STATS_DAYS)
    text = html.escape(analytics.format_stats(figures, groups))
    await send(update, f"<b>{title}</b>\n<pre>{text}</pre>")


async def unanswered(update: Update, context: Context) -> None:
    """The top groups of the review queue."""
    log = assistant(context).log
    groups = analytics.review_groups(log.db, log.marks(), status="new")[:10]
    lang = user_lang(update, context)
    if not groups:
        await send(update, telegram("admin_nothing", lang))
        return
    lines = [f"{g.id}  {g.count}×  {html.escape(g.example[:80])}" for g in groups]
    await send(
        update, f"<b>{telegram('admin_unanswered', lang)}</b>\n<pre>" + "\n".join(lines) + "</pre>"
    )


async def reload(update: Update, context: Context) -> None:
    """Reload the FAQ now and say which version is live."""
    result = await asyncio.to_thread(assistant(context).reload)
    await send(update, reload_report(result, user_lang(update, context)))


def reload_report(result: Reloaded, lang: Lang) -> str:
    """What a reload did, for admins (HTML)."""
    if result.problems:
        problems = html.escape("\n".join(str(p) for p in result.problems[:20]))
        head = telegram("admin_reload_failed", lang, version=result.version)
        return f"{head}\n<pre>{problems}</pre>"
    key = "admin_reloaded" if result.changed else "admin_unchanged"
    return telegram(key, lang, version=result.version)
