"""Rendering answers: placeholders from facts, date-aware status, Telegram HTML checks.

Pure: today's date is an argument.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.kb import Entry, FactValue, Lang, Source

MONTHS = {
    "fr": """
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    """.split(),
    "en": """
    January February March April May June July August September October November
    December
    """.split(),
}
# Tags of Telegram's HTML parse mode (https://core.telegram.org/bots/api#html-style).
ALLOWED_TAGS = {
    "b": set(), "strong": set(), "i": set(), "em": set(), "u": set(), "ins": set(),
    "s": set(), "strike": set(), "del": set(), "a": {"href"}, "code": {"class"}, "pre": set(),
    "tg-spoiler": set(), "span": {"class"}, "blockquote": {"expandable"}, "tg-emoji": {"emoji-id"},
}  # fmt: skip
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_FORMATTER = string.Formatter()


def format_date(day: dt.date, lang: Lang) -> str:
    """``30 septembre 2023`` / ``30 September 2023`` (``1er`` in French)."""
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{number} {MONTHS[lang][day.month - 1]} {day.year}"


def deadline_status(deadline: dt.date, today: dt.date, lang: Lang) -> str:
    """Whether a call with this last day is open or closed on ``today``, in words."""
    when = format_date(deadline, lang)
    left = (deadline - today).days
    if left < 0:
        return f"clos depuis le {when}" if lang == "fr" else f"closed since {when}"
    if left == 0:
        return (
            f"ouvert jusqu'au {when} inclus (dernier jour aujourd'hui)"
            if lang == "fr"
            else f"open until {when} inclusive (today is the last day)"
        )
    if lang == "fr":
        return f"ouvert jusqu'au {when} inclus (encore {left} jour{'s' if left > 1 else ''})"
    return f"open until {when} inclusive ({left} day{'s' if left > 1 else ''} left)"


def call_status(opens: dt.date, closes: dt.date, today: dt.date, lang: Lang) -> str:
    """A call with an opening day: not yet open, open until its last day, or closed."""
    if today < opens:
        when = format_date(opens, lang)
        return (
            f"pas encore ouvert (ouverture le {when})"
            if lang == "fr"
            else f"not open yet (opens on {when})"
        )
    return deadline_status(closes, today, lang)


def period_text(opens: dt.date, closes: dt.date, lang: Lang) -> str:
    """``du 13 novembre 2024 au 31 décembre 2024`` / ``from 13 November 2024 to 31 December 2024``."""
    start, end = format_date(opens, lang), format_date(closes, lang)
    return f"du {start} au {end}" if lang == "fr" else f"from {start} to {end}"


@dataclass(frozen=True)
class Dated:
    """A fact worded in the past from ``day`` on, in the future before it.

    ``past`` and ``future`` may contain ``{date}``, the day in the reply language:
    ``Dated(day, {"en": "were announced on {date}"}, {"en": "will be announced on {date}"})``.
    """

    day: dt.date
    past: Mapping[Lang, str]
    future: Mapping[Lang, str]

    def text(self, today: dt.date, lang: Lang) -> str:
        """The wording that is true on ``today``."""
        words = self.past if today >= self.day else self.future
        return words[lang].replace("{date}", format_date(self.day, lang))


@dataclass(frozen=True)
class Period:
    """A call open from ``opens`` to ``closes`` inclusive: gives ``{name}`` and ``{name_status}``."""

    opens: dt.date
    closes: dt.date


def placeholders(facts: Mapping[str, FactValue], lang: Lang, today: dt.date) -> dict[str, str]:
    """Every ``{name}`` an answer may use, rendered for ``lang`` on ``today``, HTML-escaped."""
    values: dict[str, str] = {"today": format_date(today, lang)}
    for name, value in facts.items():
        if isinstance(value, Dated):
            values[name] = value.text(today, lang)
        elif isinstance(value, Period):
            values[name] = period_text(value.opens, value.closes, lang)
            values[f"{name}_status"] = call_status(value.opens, value.closes, today, lang)
        elif isinstance(value, dt.date):
            values[name] = format_date(value, lang)
            values[f"{name}_status"] = deadline_status(value, today, lang)
        elif isinstance(value, Mapping):
            values[name] = str(value[lang])
        elif isinstance(value, float):
            values[name] = f"{value:g}".replace(".", ",") if lang == "fr" else f"{value:g}"
        else:
            values[name] = str(value)
    return {k: html.escape(v, quote=False) for k, v in values.items()}


def placeholder_names(facts: Mapping[str, FactValue]) -> set[str]:
    """Names an answer may use as ``{name}``."""
    return set(placeholders(facts, "en", dt.date(2000, 1, 1)))


def check_template(text: str, facts: Mapping[str, FactValue]) -> list[str]:
    """Problems with the ``{placeholders}`` of ``text`` (unknown name, stray brace...)."""
    try:
        fields = [f for _, f, spec, conv in _FORMATTER.parse(text) if f is not None]
    except ValueError as e:
        return [f"braces: {e} (write a literal brace as {{{{ or }}}})"]
    known = placeholder_names(facts)
    problems = []
    for name in fields:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"did you mean {{{close[0]}}}?" if close else "no fact of that name"
            problems.append(f"unknown placeholder {{{name}}}: {hint}")
    return problems


class _TagChecker(HTMLParser):
    """Telegram's rules for its HTML (https://core.telegram.org/bots/api#html-style and
    #formatting-options): its tags only; ``<span>`` only as ``class="tg-spoiler"``; a
    language class only on a ``<code>`` right inside ``<pre>``; nothing inside ``<code>``
    or ``<pre>``; links, code and pre never contain each other; no blockquote in a
    blockquote; every tag closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(
                f"tag <{tag}> is not allowed by Telegram (allowed: b, i, u, s, a, code, pre, blockquote...)"
            )
            return
        values = dict(attrs)
        for name, _ in attrs:
            if name not in ALLOWED_TAGS[tag]:
                self.problems.append(f"attribute {name!r} is not allowed on <{tag}>")
        if tag == "a" and not values.get("href"):
            self.problems.append("<a> needs an href")
        if tag == "span" and values.get("class") != "tg-spoiler":
            self.problems.append('<span> needs class="tg-spoiler" (Telegram has no other span)')
        if tag == "tg-emoji" and not values.get("emoji-id"):
            self.problems.append("<tg-emoji> needs an emoji-id")
        parent = self.stack[-1] if self.stack else None
        if tag == "code" and "class" in values:
            if not (values["class"] or "").startswith("language-"):
                self.problems.append('<code class> must be "language-..."')
            elif parent != "pre":
                self.problems.append("a language class is only allowed on <code> inside <pre>")
        verbatim = [t for t in self.stack if t in ("code", "pre")]
        if verbatim and not (tag == "code" and verbatim == ["pre"] and parent == "pre"):
            self.problems.append(
                f"<{tag}> inside <{verbatim[-1]}>: Telegram allows no markup there"
            )
        elif tag in ("a", "code", "pre") and "a" in self.stack:
            self.problems.append(f"<{tag}> inside a link: Telegram does not nest them")
        if tag == "blockquote" and "blockquote" in self.stack:
            self.problems.append("a blockquote inside a blockquote: Telegram does not nest them")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag not in ALLOWED_TAGS:
            return
        if not self.stack or self.stack[-1] != tag:
            expected = f"</{self.stack[-1]}>" if self.stack else "no closing tag"
            self.problems.append(f"unbalanced HTML: </{tag}> where {expected} was expected")
            if tag in self.stack:
                del self.stack[self.stack.index(tag) :]
            return
        self.stack.pop()


def check_html(text: str) -> list[str]:
    """Problems with ``text`` as Telegram HTML: unknown tags, unbalanced tags, bare & or <."""
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    problems = checker.problems
    problems += [f"unclosed <{tag}>" for tag in checker.stack]
    for match in re.finditer(r"&", text):
        if not _ENTITY.match(text, match.start()):
            problems.append("a bare & must be written &amp;")
            break
    if re.search(r"<(?![a-zA-Z/])", text):
        problems.append("a bare < must be written &lt;")
    return problems


def answer_html(
    entry: Entry,
    lang: Lang,
    facts: Mapping[str, FactValue],
    sources: Mapping[str, Source],
    today: dt.date,
    values: Mapping[str, str] | None = None,
) -> str:
    """The entry's answer in ``lang`` with facts filled in and its sources cited.

    ``values``: :func:`placeholders` for ``lang`` and ``today``, when already computed.
    """
    body = entry.answer[lang].format_map(
        placeholders(facts, lang, today) if values is None else values
    )
    cited = [sources[key] for key in entry.sources if key in sources]
    if not cited:
        return body
    return f"{body}\n\n{sources_line(cited, lang)}"


def sources_line(cited: Sequence[Source], lang: Lang) -> str:
    """``<i>Sources : a; b</i>``: the sources of one or several answers, once each."""
    label = ("Source" if len(cited) == 1 else "Sources") + (" :" if lang == "fr" else ":")
    links = "; ".join(source_html(s, lang) for s in cited)
    return f"<i>{label} {links}</i>"


def source_html(source: Source, lang: Lang) -> str:
    """A source as an HTML link when its URL is known, else its title."""
    title = html.escape(source.title[lang], quote=False)
    if source.url:
        return f'<a href="{html.escape(source.url)}">{title}</a>'
    return title


class _TextExtractor(HTMLParser):
    def __init__(self, links: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.links = links  # write each link's URL after its title
        self.parts: list[str] = []
        self.href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.href and self.links:
            self.parts.append(f" ({self.href})")
            self.href = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(text: str, links: bool = True) -> str:
    """Plain text for terminals and other platforms: tags dropped, links as ``title (url)``."""
    extractor = _TextExtractor(links)
    extractor.feed(text)
    extractor.close()
    return "".join(extractor.parts)


def visible_length(text: str) -> int:
    """Length Telegram counts for an HTML message: the text once tags and entities are parsed."""
    return len(html_to_text(text, links=False))


def escape(text: str) -> str:
    """Escape user text before echoing it inside an HTML message."""
    return html.escape(text, quote=False)


def split_html(text: str, limit: int = 4096) -> list[str]:
    """Split a message under Telegram's ``limit``, at paragraph, then line, then word breaks.

    Tags are never cut: a break only falls between lines of the answer, and a single
    over-long line is split as plain text (its tags dropped).
    """
    if visible_length(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if visible_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        if visible_length(line) <= limit:
            current = line
            continue
        plain = html_to_text(line)
        chunks, current = _split_words(plain, limit), ""
        parts += [escape(c) for c in chunks[:-1]]
        current = escape(chunks[-1]) if chunks else ""
    if current:
        parts.append(current)
    return parts


def _split_words(text: str, limit: int) -> list[str]:
    """Plain text in pieces of at most ``limit`` characters, at spaces when possible."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        cut = cut if cut > limit // 2 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip(" ")
    return [*pieces, text] if text else pieces
