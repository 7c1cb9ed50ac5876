"""The knowledge base: its model, and loading + validating it from YAML texts.

Pure: :func:`parse` takes ``(path, text)`` pairs and returns a :class:`KnowledgeBase`, or
raises :class:`KBError` listing every problem as ``path:line: message``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from bot import render, schema
from bot.text import fold
from bot.yamlines import LineDict, LineList, YAMLProblem, load

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, Lang] = ("fr", "en")
SMALLTALK = "smalltalk"
MAX_MESSAGE = 4096  # Telegram's limit for one message, in characters after entity parsing
MIN_PHRASINGS: Mapping[Lang, int] = {"fr": 6, "en": 4}
MAX_RELATED = 3

FactValue = dt.date | int | float | str | Mapping[Lang, str] | render.Dated | render.Period

# Ids travel in Telegram's 64-byte callback data ("e:fr:<id>"): at most 48 characters.
_ID = re.compile(r"^(?=.{1,48}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOP_KEYS = ("entries", "facts", "sources", "categories", "out_of_scope")
_DATED_KEYS = {"date", "past", "future"}
_PERIOD_KEYS = {"opens", "closes"}
# An answer that opens with a bare yes/no reads wrong after a phrasing of the opposite
# polarity ("Does the GDPR still apply?" -> "No."): tags around it do not change that.
_BARE_YES_NO = re.compile(
    r"^\s*(?:<[^>]+>\s*)*(oui|non|yes|no)(?:\s*</[^>]+>)*\s*(?:[.,;:!\u2014\u2013-]|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the knowledge base, located for the staff member who fixes it."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class KBError(ValueError):
    """The knowledge base is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Source:
    """A cited source: a title per language and, when known, a URL."""

    key: str
    title: Mapping[Lang, str]
    url: str | None = None


@dataclass(frozen=True)
class Entry:
    """One question-and-answer entry of the FAQ."""

    id: str
    category: str
    questions: Mapping[Lang, tuple[str, ...]]
    answer: Mapping[Lang, str]
    sources: tuple[str, ...]
    related: tuple[str, ...]
    reviewed: dt.date
    entity: bool = False  # about one named thing: follow-ups about "it" go here
    path: str = ""
    line: int = 0
    answer_lines: Mapping[Lang, int] = field(default_factory=dict, compare=False, repr=False)

    @property
    def smalltalk(self) -> bool:
        """Small talk (hello, thanks...) is answered but never counted as a real question."""
        return self.category == SMALLTALK


@dataclass(frozen=True)
class KnowledgeBase:
    """A validated knowledge base: entries, facts, sources, categories and declines."""

    entries: tuple[Entry, ...]
    facts: Mapping[str, FactValue]
    sources: Mapping[str, Source]
    categories: Mapping[str, Mapping[Lang, str]]
    out_of_scope: Mapping[Lang, tuple[str, ...]]
    version: str
    warnings: tuple[Problem, ...] = ()
    by_id: Mapping[str, Entry] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {e.id: e for e in self.entries})

    def in_category(self, category: str) -> list[Entry]:
        """Entries of ``category``, in file order."""
        return [e for e in self.entries if e.category == category]


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, path: str, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def warn(self, path: str, line: int, message: str) -> None:
        self.warnings.append(Problem(path, line, f"warning: {message}"))


def version_of(files: Iterable[tuple[str, str]]) -> str:
    """The version of a knowledge base: a hash of its files' paths and texts."""
    digest = hashlib.sha256()
    for path, text in sorted(files):
        digest.update(path.encode() + b"\0" + text.encode() + b"\0")
    return digest.hexdigest()[:12]


def parse(files: Iterable[tuple[str, str]], *, today: dt.date | None = None) -> KnowledgeBase:
    """Parse and validate ``(path, text)`` pairs into a knowledge base.

    Every problem is collected before raising, so staff fix them all in one go.
    ``today`` only serves the length check of date-dependent answers.
    """
    out = _Collector()
    files = sorted(files)
    entries: list[tuple[str, LineDict]] = []
    facts: dict[str, tuple[str, int, Any]] = {}
    sources: dict[str, tuple[str, int, Any]] = {}
    categories: dict[str, tuple[str, int, Any]] = {}
    declines: list[tuple[str, int, Any]] = []
    broken: set[str] = set()  # files that could not be read at all: reported first
    for path, text in files:
        try:
            doc = load(text)
        except YAMLProblem as e:
            out.add(path, e.line, e.message)
            broken.add(path)
            continue
        doc, found = schema.screen(text, doc)  # structure: the JSON Schemas of faq/schema/
        out.problems += [Problem(path, line, message) for line, message in found]
        if doc is None:
            broken.update([path] if found else [])  # not a mapping: nothing in it is usable
            continue
        if not isinstance(doc, LineDict):
            out.add(path, 1, f"expected a mapping with keys among {', '.join(_TOP_KEYS)}")
            broken.add(path)
            continue
        for key, value in doc.items():
            line = doc.line_of(key)
            if key == "entries":
                if not isinstance(value, LineList):
                    out.add(path, line, "entries: expected a list of entries")
                    continue
                for i, item in enumerate(value):
                    if isinstance(item, LineDict):
                        entries.append((path, item))
                    else:
                        out.add(path, value.line_of(i), "entries: each entry must be a mapping")
            elif key in ("facts", "sources", "categories"):
                if not isinstance(value, LineDict):
                    out.add(path, line, f"{key}: expected a mapping of name: value")
                    continue
                target = {"facts": facts, "sources": sources, "categories": categories}[key]
                for name, item in value.items():
                    where = value.line_of(name)
                    if name in target:
                        first = target[name]
                        out.add(
                            path, where, f"{key}: {name!r} already defined at {first[0]}:{first[1]}"
                        )
                    else:
                        target[name] = (path, where, item)
            elif key == "out_of_scope":
                declines.append((path, line, value))
            else:
                out.add(path, line, f"unknown key {key!r} (expected one of {', '.join(_TOP_KEYS)})")

    timed = {n for n, (_, _, v) in facts.items() if _is_timed(v)}
    kb_facts = {name: _fact(out, *spec, name) for name, spec in facts.items() if name not in timed}
    for name in timed:
        kb_facts[name] = _timed_fact(out, *facts[name], name, kb_facts)
    kb_sources = {name: _source(out, *spec, name) for name, spec in sources.items()}
    kb_categories = {
        name: _bilingual(out, p, ln, v, f"category {name!r}")
        for name, (p, ln, v) in categories.items()
    }
    kb_out = _out_of_scope(out, declines)
    built = [_entry(out, path, item) for path, item in entries]
    kb_entries = tuple(e for e in built if e is not None)
    _cross_check(
        out,
        kb_entries,
        kb_facts,
        kb_sources,
        kb_categories,
        kb_out,
        today,
        # With a file unreadable, its ids, facts and sources are missing: references to
        # them would be reported as errors everywhere else. Check them once it is fixed.
        references=not broken,
        texts=dict(files),
    )
    if out.problems:
        raise KBError(sorted(out.problems, key=lambda p: (p.path not in broken, p.path, p.line)))
    return KnowledgeBase(
        entries=kb_entries,
        facts=kb_facts,
        sources=kb_sources,
        categories=kb_categories,
        out_of_scope=kb_out,
        version=version_of(files),
        warnings=tuple(sorted(out.warnings, key=lambda p: (p.path, p.line))),
    )


def bare_yes_no(answer: str) -> str | None:
    """The bare yes/no word an answer opens with (``<b>Non.</b> ...`` -> ``Non``), else None."""
    match = _BARE_YES_NO.match(answer)
    return match.group(1) if match else None


def _is_timed(value: Any) -> bool:
    return isinstance(value, LineDict) and bool(set(value) & (_DATED_KEYS | _PERIOD_KEYS))


def _day_of(
    out: _Collector, path: str, line: int, ref: Any, facts: Mapping[str, FactValue], what: str
) -> dt.date | None:
    """A date given as a YAML date or as the name of a date fact."""
    if isinstance(ref, dt.date):
        return ref
    value = facts.get(ref) if isinstance(ref, str) else None
    if isinstance(value, dt.date):
        return value
    dates = ", ".join(sorted(n for n, v in facts.items() if isinstance(v, dt.date)))
    out.add(path, line, f"{what}: expected a date or the name of a date fact ({dates})")
    return None


def _timed_fact(
    out: _Collector,
    path: str,
    line: int,
    value: LineDict,
    name: str,
    facts: Mapping[str, FactValue],
) -> FactValue:
    """``{opens, closes}`` -> a call period; ``{date, past, future}`` -> tense-aware wording."""
    what = f"fact {name!r}"
    if set(value) & _PERIOD_KEYS:
        for extra in set(value) - _PERIOD_KEYS:
            out.add(path, value.line_of(extra), f"{what}: unknown key {extra!r} (opens, closes)")
        days = [
            _day_of(out, path, value.line_of(k), value.get(k), facts, f"{what}: {k}")
            for k in ("opens", "closes")
        ]
        opens, closes = days
        if opens is None or closes is None:
            return ""
        if closes < opens:
            out.add(path, line, f"{what}: closes ({closes}) is before opens ({opens})")
        return render.Period(opens, closes)
    for extra in set(value) - _DATED_KEYS:
        out.add(path, value.line_of(extra), f"{what}: unknown key {extra!r} (date, past, future)")
    day = _day_of(out, path, value.line_of("date"), value.get("date"), facts, f"{what}: date")
    words: dict[str, Mapping[Lang, str]] = {}
    for tense in ("past", "future"):
        words[tense] = _bilingual(
            out, path, value.line_of(tense), value.get(tense), f"{what} {tense}"
        )
        for lang, text in words[tense].items():
            try:
                fields = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
            except ValueError as e:
                out.add(path, value.line_of(tense), f"{what} {tense} {lang}: braces: {e}")
                continue
            if fields - {"date"}:
                out.add(
                    path,
                    value.line_of(tense),
                    f"{what} {tense} {lang}: only {{date}} may be used here, not "
                    + ", ".join(f"{{{f}}}" for f in sorted(fields - {"date"})),
                )
    if day is None:
        return ""
    return render.Dated(day, words["past"], words["future"])


def _fact(out: _Collector, path: str, line: int, value: Any, name: str) -> FactValue:
    if not re.fullmatch(r"[a-z][a-z0-9_]*", str(name)):
        out.add(path, line, f"fact {name!r}: names use a-z, 0-9 and _")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date | int | float | str) and not isinstance(value, bool):
        return value
    if isinstance(value, LineDict):
        return _bilingual(out, path, line, value, f"fact {name!r}")
    out.add(path, line, f"fact {name!r}: expected a date, a number, a text or {{fr: ..., en: ...}}")
    return ""


def _bilingual(out: _Collector, path: str, line: int, value: Any, what: str) -> Mapping[Lang, str]:
    """A text per language; a plain string serves both languages."""
    if isinstance(value, str) and value.strip():
        return {"fr": value.strip(), "en": value.strip()}
    if not isinstance(value, LineDict):
        out.add(path, line, f"{what}: expected a text or {{fr: ..., en: ...}}")
        return {"fr": "", "en": ""}
    result: dict[Lang, str] = {}
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            out.add(path, value.line_of(lang), f"{what}: missing {lang} text")
            text = ""
        result[lang] = text.strip()
    for extra in set(value) - set(LANGS):
        out.add(path, value.line_of(extra), f"{what}: unknown language {extra!r} (use fr and en)")
    return result


def _source(out: _Collector, path: str, line: int, value: Any, key: str) -> Source:
    if not isinstance(value, LineDict):
        out.add(path, line, f"source {key!r}: expected a mapping with title and optional url")
        return Source(key, {"fr": key, "en": key})
    for extra in set(value) - {"title", "url"}:
        out.add(path, value.line_of(extra), f"source {key!r}: unknown key {extra!r} (title, url)")
    url = value.get("url")
    if url is not None and not (isinstance(url, str) and re.fullmatch(r"https?://\S+", url)):
        out.add(
            path, value.line_of("url"), f"source {key!r}: url must start with https:// or http://"
        )
        url = None
    title = _bilingual(
        out, path, value.line_of("title"), value.get("title"), f"source {key!r} title"
    )
    return Source(key, title, url)


def _out_of_scope(
    out: _Collector, declines: list[tuple[str, int, Any]]
) -> Mapping[Lang, tuple[str, ...]]:
    result: dict[Lang, list[str]] = {"fr": [], "en": []}
    for path, line, value in declines:
        if not isinstance(value, LineDict):
            out.add(path, line, "out_of_scope: expected {fr: [...], en: [...]}")
            continue
        for lang, items in value.items():
            if lang not in LANGS:
                out.add(path, value.line_of(lang), f"out_of_scope: unknown language {lang!r}")
            elif not isinstance(items, LineList) or not all(isinstance(q, str) for q in items):
                out.add(
                    path, value.line_of(lang), f"out_of_scope: {lang}: expected a list of questions"
                )
            else:
                result[lang].extend(q.strip() for q in items if q.strip())
    return {lang: tuple(qs) for lang, qs in result.items()}


def _entry(out: _Collector, path: str, item: LineDict) -> Entry | None:
    ok = True

    def bad(key: str, message: str) -> None:
        nonlocal ok
        ok = False
        out.add(path, item.line_of(key), f"entry {ident}: {message}")

    ident = str(item.get("id", f"at line {item.line}"))
    entry_id = item.get("id")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        bad(
            "id",
            "id is required: up to 48 lowercase letters, digits and dashes, e.g. deadline-extension",
        )
    category = item.get("category")
    if not isinstance(category, str) or not category:
        bad("category", "category is required")
    questions: dict[Lang, tuple[str, ...]] = {}
    qs = item.get("questions")
    if not isinstance(qs, LineDict):
        bad("questions", "questions: expected {fr: [...], en: [...]}")
    else:
        for extra in set(qs) - set(LANGS):
            out.add(
                path, qs.line_of(extra), f"entry {ident}: questions: unknown language {extra!r}"
            )
            ok = False
        for lang in LANGS:
            items = qs.get(lang)
            if not isinstance(items, LineList) or not all(
                isinstance(q, str) and q.strip() for q in items
            ):
                out.add(
                    path,
                    qs.line_of(lang),
                    f"entry {ident}: questions: missing {lang} list of phrasings",
                )
                ok = False
                continue
            needed = 1 if category == SMALLTALK else MIN_PHRASINGS[lang]
            if len(items) < needed:
                out.add(
                    path,
                    qs.line_of(lang),
                    f"entry {ident}: questions: {lang} needs at least {needed} phrasings, has {len(items)}",
                )
                ok = False
            questions[lang] = tuple(q.strip() for q in items)
    answer: dict[Lang, str] = {}
    ans = item.get("answer")
    if not isinstance(ans, LineDict):
        bad("answer", "answer: expected {fr: ..., en: ...}")
    else:
        for extra in set(ans) - set(LANGS):
            out.add(path, ans.line_of(extra), f"entry {ident}: answer: unknown language {extra!r}")
            ok = False
        for lang in LANGS:
            text = ans.get(lang)
            if not isinstance(text, str) or not text.strip():
                out.add(path, ans.line_of(lang), f"entry {ident}: answer: missing {lang} text")
                ok = False
            else:
                answer[lang] = text.strip()
                word = bare_yes_no(answer[lang])
                if word:
                    out.warn(
                        path,
                        ans.line_of(lang),
                        f"entry {ident}: answer {lang} opens with a bare {word!r}; unless every "
                        "phrasing asks the same way round, state the fact instead",
                    )
    sources = _str_list(item.get("sources", LineList()))
    if sources is None:
        bad("sources", "sources: expected a list of source names, e.g. [call-2023]")
    elif not sources and category != SMALLTALK:
        bad("sources", "sources: cite at least one source (a name from sources.yaml)")
    related = _str_list(item.get("related", LineList()))
    if related is None:
        bad("related", "related: expected a list of entry ids")
    elif len(related) > MAX_RELATED:
        bad("related", f"related: at most {MAX_RELATED} entries (one button each)")
    reviewed = item.get("reviewed")
    if isinstance(reviewed, str):  # quoted: a text to YAML, a date to the schema and editors
        reviewed = dt.date.fromisoformat(reviewed)
    if not isinstance(reviewed, dt.date):
        bad("reviewed", "reviewed: the date a person last checked this entry, as YYYY-MM-DD")
    if (
        not ok
        or not isinstance(entry_id, str)
        or not isinstance(category, str)
        or not isinstance(reviewed, dt.date)
    ):
        return None
    return Entry(
        id=entry_id,
        category=category,
        questions=questions,
        answer=answer,
        sources=tuple(sources or ()),
        related=tuple(related or ()),
        reviewed=reviewed,
        entity=item.get("entity") is True,
        path=path,
        line=item.line,
        answer_lines={lang: ans.line_of(lang) for lang in answer}
        if isinstance(ans, LineDict)
        else {},
    )


def _str_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _cross_check(
    out: _Collector,
    entries: Sequence[Entry],
    facts: Mapping[str, FactValue],
    sources: Mapping[str, Source],
    categories: Mapping[str, Mapping[Lang, str]],
    declines: Mapping[Lang, tuple[str, ...]],
    today: dt.date | None,
    *,
    references: bool = True,
    texts: Mapping[str, str] | None = None,
) -> None:
    """Checks across entries: duplicates, references, placeholders, rendered length, HTML.

    Without ``references`` (a file is unreadable), what may point into that file (related
    ids, sources, categories, placeholders, rendered length) is not checked.
    """
    seen_ids: dict[str, Entry] = {}
    seen_phrasings: dict[str, tuple[Entry, str]] = {}
    for entry in entries:
        where = (entry.path, entry.line)
        if entry.id in seen_ids:
            first = seen_ids[entry.id]
            out.add(*where, f"entry {entry.id}: duplicate id (first at {first.path}:{first.line})")
        seen_ids.setdefault(entry.id, entry)
        if categories and entry.category not in categories:
            out.add(
                *where,
                f"entry {entry.id}: unknown category {entry.category!r} (add it to categories)",
            )
        for lang, phrasings in entry.questions.items():
            for q in phrasings:
                key = " ".join(fold(q).split()).strip(" ?!.")
                if key in seen_phrasings and seen_phrasings[key][0].id != entry.id:
                    other = seen_phrasings[key][0]
                    out.add(
                        *where,
                        f"entry {entry.id}: phrasing {q!r} also in entry {other.id} ({other.path}:{other.line})",
                    )
                elif key in seen_phrasings:
                    out.add(*where, f"entry {entry.id}: phrasing {q!r} written twice")
                seen_phrasings[key] = (entry, lang)
    for qs in declines.values():
        for q in qs:
            key = " ".join(fold(q).split()).strip(" ?!.")
            if key in seen_phrasings:
                other = seen_phrasings[key][0]
                out.add(
                    other.path,
                    other.line,
                    f"entry {other.id}: phrasing {q!r} is also listed in out_of_scope",
                )
    probe_days = _probe_days(facts, today)
    values: dict[tuple[Lang, dt.date], Mapping[str, str]] = {}  # placeholders per language, day
    for entry in entries:
        where = (entry.path, entry.line)
        for lang, text in entry.answer.items():
            for problem in render.check_html(text):
                out.add(*where, f"entry {entry.id}: answer {lang}: {problem}")
        if not references:
            continue
        for src in entry.sources:
            if src not in sources:
                out.add(
                    *where, f"entry {entry.id}: unknown source {src!r} (define it under sources)"
                )
        for rel in entry.related:
            if rel not in seen_ids:
                out.add(*where, f"entry {entry.id}: related {rel!r} is not an entry id")
            elif rel == entry.id:
                out.add(*where, f"entry {entry.id}: related to itself")
        for lang, text in entry.answer.items():
            for problem in render.check_template(text, facts):
                line = _line_of_placeholder(
                    (texts or {}).get(entry.path, ""),
                    entry.answer_lines.get(lang, entry.line),
                    problem,
                )
                out.add(entry.path, line, f"entry {entry.id}: answer {lang}: {problem}")
            rendered = set()
            for day in probe_days:
                try:
                    if (lang, day) not in values:
                        values[lang, day] = render.placeholders(facts, lang, day)
                    html = render.answer_html(entry, lang, facts, sources, day, values[lang, day])
                except (KeyError, ValueError, IndexError):
                    break  # already reported by check_template
                if html in rendered:
                    continue  # most answers do not change with the date
                rendered.add(html)
                length = render.visible_length(html)
                if length > MAX_MESSAGE:
                    out.add(
                        *where,
                        f"entry {entry.id}: answer {lang} is {length} characters once rendered (Telegram's limit is {MAX_MESSAGE})",
                    )
                    break


def _line_of_placeholder(text: str, start: int, problem: str) -> int:
    """The line, from ``start`` on, of the ``{placeholder}`` a problem names (else ``start``)."""
    named = re.search(r"\{[^{}]*\}", problem)
    if not named:
        return start
    for number, line in enumerate(text.splitlines()[start - 1 :], start):
        if named.group() in line:
            return number
    return start


def _probe_days(facts: Mapping[str, FactValue], today: dt.date | None) -> list[dt.date]:
    """Days on which to render answers: before and after every date fact, and today."""
    days = [today or dt.date(2000, 1, 1)]
    for value in facts.values():
        found = (
            [value.day]
            if isinstance(value, render.Dated)
            else [value.opens, value.closes]
            if isinstance(value, render.Period)
            else [value]
            if isinstance(value, dt.date)
            else []
        )
        for day in found:
            days += [day - dt.timedelta(days=1), day + dt.timedelta(days=1)]
    return days
