"""Loading and validating the knowledge base: every problem reported as path:line: message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot import render
from bot.cli import cli
from bot.kb import KBError, KnowledgeBase
from bot.service import load_kb

ENTRY = """
entries:
  - id: {id}
    category: calendar
    questions:
      fr: [{q}, fr deux, fr trois, fr quatre, fr cinq, fr six]
      en: [en one {id}, en two {id}, en three {id}, en four {id}]
    answer:
      fr: "{answer}"
      en: "English answer."
    sources: [call]
    related: [{related}]
    reviewed: 2026-11-28
"""


def entry(
    id: str = "other", q: str = "autre question", answer: str = "Réponse.", related: str = ""
) -> str:
    return (
        ENTRY.format(id=id, q=q, answer=answer, related=related)
        .replace("fr deux", f"fr deux {id}")
        .replace("fr trois", f"fr trois {id}")
        .replace("fr quatre", f"fr quatre {id}")
        .replace("fr cinq", f"fr cinq {id}")
        .replace("fr six", f"fr six {id}")
    )


def problems(folder: Path) -> list[str]:
    with pytest.raises(KBError) as info:
        load_kb(folder)
    return [str(p) for p in info.value.problems]


def test_the_real_faq_is_valid(kb: KnowledgeBase) -> None:
    assert len([e for e in kb.entries if not e.smalltalk]) >= 30
    for e in kb.entries:
        if not e.smalltalk:
            assert len(e.questions["fr"]) >= 6 and len(e.questions["en"]) >= 4, e.id
            assert e.sources, e.id


def test_minimal_faq_loads(make_faq: Callable[..., Path]) -> None:
    kb = load_kb(make_faq())
    assert [e.id for e in kb.entries] == ["deadline"]
    assert kb.facts["deadline"] == dt.date(2023, 9, 30)
    assert len(kb.version) == 12


def test_an_entry_about_a_thing(make_faq: Callable[..., Path], kb: KnowledgeBase) -> None:
    thing = entry().replace("related: []", "related: []\n    entity: true")
    kb_thing = load_kb(make_faq({"extra.yaml": thing}))
    assert kb_thing.by_id["other"].entity and not kb_thing.by_id["deadline"].entity
    assert {e.id for e in kb.entries if e.entity} >= {"edition-seniors", "project-albert"}


def test_version_changes_with_content(make_faq: Callable[..., Path]) -> None:
    before = load_kb(make_faq()).version
    after = load_kb(make_faq({"extra.yaml": entry()})).version
    assert before != after


# Broken FAQ files and a problem each must give. tests/test_schema.py runs the JSON Schemas
# on them too: the schema rejects a file exactly when check reports a structural problem.
BROKEN: list[tuple[dict[str, str], str]] = [
    ({"bad.yaml": "entries: [\n  - id: x\n"}, "bad.yaml:2: YAML syntax"),
    ({"bad.yaml": "facts:\n  a: 1\n  a: 2\n"}, "bad.yaml:3: duplicate key 'a'"),
    ({"bad.yaml": "- just a list\n"}, "bad.yaml:1: expected a mapping"),
    ({"bad.yaml": "entrys: []\n"}, "bad.yaml:1: unknown key 'entrys'"),
    ({"bad.yaml": entry().replace("reviewed", "reviewd")}, "unknown key 'reviewd'"),
    ({"bad.yaml": entry().replace("    category: calendar\n", "")}, "category is required"),
    (
        {"bad.yaml": entry().replace('      en: "English answer."\n', "")},
        "answer: missing en text",
    ),
    (
        {"bad.yaml": entry().replace(", fr six other", "").replace(", fr cinq other", "")},
        "fr: needs at least 6 phrasings, has 4",
    ),
    ({"bad.yaml": entry(id="deadline")}, "entry deadline: duplicate id"),
    ({"bad.yaml": entry(id="Bad Id")}, "id: up to 48 lowercase letters"),
    ({"bad.yaml": entry(q="date limite")}, "phrasing 'date limite' also in entry other"),
    ({"bad.yaml": entry(q="'DATE LIMITÉ ?'")}, "phrasing 'date limite' also in entry other"),
    ({"bad.yaml": entry(answer="Le {deadlin}.")}, "unknown placeholder {deadlin}"),
    ({"bad.yaml": entry(answer="Un { seul")}, "braces"),
    ({"bad.yaml": entry(related="nowhere")}, "related 'nowhere' is not an entry id"),
    ({"bad.yaml": entry(answer="<div>x</div>")}, "tag <div> is not allowed"),
    ({"bad.yaml": entry(answer="<b>x</i>")}, "unbalanced HTML"),
    ({"bad.yaml": entry(answer="<b>x")}, "unclosed <b>"),
    ({"bad.yaml": entry(answer="A & B")}, "a bare & must be written &amp;"),
    (
        {"bad.yaml": entry(answer="x" * 4100)},
        "characters once rendered (Telegram's limit is 4096)",
    ),
    ({"bad.yaml": entry().replace("[call]", "[nope]")}, "unknown source 'nope'"),
    ({"bad.yaml": entry().replace("[call]", "[]")}, "cite at least one source"),
    ({"bad.yaml": entry().replace("2026-11-28", "soon")}, "reviewed: expected the date"),
    (
        {"bad.yaml": entry().replace("category: calendar", "category: cooking")},
        "unknown category 'cooking'",
    ),
    (
        {"bad.yaml": "sources:\n  x:\n    url: ftp://x\n    title: X\n"},
        "url: must start with https://",
    ),
    ({"bad.yaml": "facts:\n  deadline: 2024-01-01\n"}, "facts: 'deadline' already defined at"),
    ({"bad.yaml": "facts:\n  when: [1, 2]\n"}, "fact 'when': expected a date"),
    ({"bad.yaml": "out_of_scope:\n  fr: [date limite]\n"}, "is also listed in out_of_scope"),
    ({"bad.yaml": "out_of_scope:\n  de: [was]\n"}, "unknown language 'de'"),
    ({"bad.yaml": entry().replace("related: []", "related: other")}, "related: expected a list"),
    ({"bad.yaml": entry().replace("related: []", "entity: yes please")}, "entity"),
    ({"bad.yaml": entry().replace("    answer:\n", "    answr:\n")}, "other: answer is required"),
    (
        {"bad.yaml": entry().replace("      en: [en one", "      de: [x]\n      en: [en one")},
        "questions: unknown language 'de'",
    ),
    ({"bad.yaml": entry().replace('"Réponse."', "'  '")}, "answer: fr: expected a non-empty text"),
    ({"bad.yaml": "categories:\n  x: {fr: X}\n"}, "category 'x': expected a text or {fr"),
    ({"bad.yaml": "facts:\n  Bad-Name: 1\n"}, "fact 'Bad-Name': fact names use a-z"),
    ({"bad.yaml": "sources:\n  x:\n    title: X\n    link: y\n"}, "source 'x': unknown key 'link'"),
    (
        {"bad.yaml": "# yaml-language-server: $schema=schema/smalltalk.json\n" + entry()},
        "bad.yaml:5: entry other: category: always smalltalk",
    ),
    (
        {"bad.yaml": "# yaml-language-server: $schema=schema/facts.json\n" + entry()},
        "unknown key 'entries' (expected facts)",
    ),
    (
        {"bad.yaml": "facts:\n  x: {opens: 2024-01-01, closes: 2024-02-01, during: y}\n"},
        "fact 'x': unknown key 'during' (expected opens, closes)",
    ),
    (
        {"bad.yaml": "facts:\n  x:\n    date: 2024-01-01\n    past: [a]\n"},
        "fact 'x': past: expected",
    ),
    (
        {"bad.yaml": "# yaml-language-server: $schema=schema/nope.json\nfacts: {}\n"},
        "bad.yaml:1: unknown schema 'schema/nope.json'",
    ),
]


@pytest.mark.parametrize(("files", "expected"), BROKEN)
def test_problems_are_located(
    make_faq: Callable[..., Path], files: dict[str, str], expected: str
) -> None:
    found = problems(make_faq(files))
    assert any(expected in p for p in found), found
    assert all(p.split(":")[1].isdigit() for p in found), found


def test_every_problem_at_once(make_faq: Callable[..., Path]) -> None:
    found = problems(
        make_faq({"b.yaml": entry(related="nowhere", answer="{x}"), "c.yaml": "facts: [1]\n"})
    )
    assert len(found) == 3, found


def test_a_broken_file_comes_first_without_its_consequences(
    make_faq: Callable[..., Path],
) -> None:
    # b.yaml's entry points at "deadline", defined in calendar.yaml, which no longer parses.
    broken = 'entries:\n  - id: deadline\n    category: "calendar\n    reviewed: 2026-11-28\n'
    folder = make_faq({"calendar.yaml": broken, "a.yaml": entry(related="deadline")})
    found = problems(folder)
    assert found == [f'{folder / "calendar.yaml"}:3: a quote (") opened on line 3 is never closed']


YAML_ERRORS = [
    # a quote never closed swallows the next lines, PyYAML gives up far below (line 9)
    (
        'entries:\n  - id: a\n    questions:\n      fr:\n        - "date limite\n'
        '        - fin de l\'appel\n        - delai\n      en:\n        - "deadline"\n',
        5,
        'a quote (") opened on line 5 is never closed: the text runs on to line 9',
    ),
    ('facts:\n  a: "open\n', 2, 'a quote (") opened on line 2 is never closed'),
    ("facts:\n  a: 1\n\tb: 2\n", 3, "tab character: indent with spaces, never tabs"),
    (
        "facts:\n  a: 1\n b: 2\n  c: 3\n",
        3,
        "indentation: line 3 is not aligned with the lines above it (the block starting on line 1)",
    ),
    (
        "facts:\n  a: 1\n    b: 2\n",
        3,
        "indentation: line 3 is indented further than the line above it, which already has a value",
    ),
    ("facts:\n  a: [1, 2\n  b: 3\n", 2, "a '[' opened on line 2 is never closed with ']'"),
    ("facts:\n  a: x: y\n", 2, "a ': ' inside a value: put the whole value in quotes"),
    (
        "sources:\n  a:\n    title: x\n  a:\n    title: y\n",
        4,
        "duplicate key 'a' (first at line 2)",
    ),
]


@pytest.mark.parametrize(("text", "line", "message"), YAML_ERRORS)
def test_yaml_errors_point_where_the_problem_starts(
    make_faq: Callable[..., Path], text: str, line: int, message: str
) -> None:
    folder = make_faq({"bad.yaml": text})
    assert problems(folder) == [f"{folder / 'bad.yaml'}:{line}: {message}"]


def test_unknown_placeholder_is_located_and_a_close_name_suggested(
    make_faq: Callable[..., Path],
) -> None:
    text = entry().replace(
        'en: "English answer."', "en: >\n        Many\n        {projects_sougth} here."
    )
    folder = make_faq({"bad.yaml": text})
    lines = text.splitlines()
    expected = next(i for i, ln in enumerate(lines, 1) if "{projects_sougth}" in ln)
    assert problems(folder) == [
        f"{folder / 'bad.yaml'}:{expected}: entry other: answer en: "
        "unknown placeholder {projects_sougth}: did you mean {projects_sought}?"
    ]


def test_binary_file_is_reported(make_faq: Callable[..., Path]) -> None:
    folder = make_faq()
    (folder / "junk.yaml").write_bytes(b"\xff\xfe\x00garbage")
    assert "not UTF-8" in problems(folder)[0]


def test_check_command_reports_and_exits_1(make_faq: Callable[..., Path]) -> None:
    folder = make_faq({"bad.yaml": entry(related="nowhere") + "\n  - oops: [\n"})
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    assert "bad.yaml:" in result.output
    assert "Traceback" not in result.output


def test_check_command_ok(make_faq: Callable[..., Path]) -> None:
    result = CliRunner().invoke(cli, ["check", str(make_faq())])
    assert result.exit_code == 0, result.output
    assert "OK:" in result.output and "version" in result.output


def test_check_missing_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert "FAQ folder not found" in result.output


@pytest.mark.parametrize(
    ("answer", "warned"),
    [
        ("Non. Ce n'est pas un bac à sable réglementaire.", True),
        ("<b>Non.</b> Ce n'est pas un bac à sable réglementaire.", True),
        ("Oui, sous condition.", True),
        ("Yes: public bodies are eligible.", True),
        ("No", True),
        ("Non seulement les organismes publics...", False),
        ("Nobody is exempt from the law.", False),
        ("Le bac à sable ne dispense pas du RGPD.", False),
    ],
)
def test_bare_yes_no_opening_is_a_warning(
    make_faq: Callable[..., Path], answer: str, warned: bool
) -> None:
    folder = make_faq({"extra.yaml": entry(answer=answer.replace('"', "'"))})
    kb = load_kb(folder)  # a warning is not an error: the FAQ loads
    found = [str(w) for w in kb.warnings]
    assert bool(found) == warned, found
    if warned:
        assert "extra.yaml:" in found[0] and ": warning: entry other: answer fr opens" in found[0]
        result = CliRunner().invoke(cli, ["check", str(folder)])
        assert result.exit_code == 0
        assert ": warning: " in result.output and "1 warning(s)" in result.output


def test_timed_facts_load(make_faq: Callable[..., Path]) -> None:
    facts = """
    facts:
      opening: 2024-11-13
      closing: 2024-12-31
      seniors_call: {opens: opening, closes: closing}
      report_published:
        date: closing
        past: {fr: "a été publié le {date}", en: "was published on {date}"}
        future: {fr: "sera publié le {date}", en: "will be published on {date}"}
    """
    kb = load_kb(make_faq({"more-facts.yaml": facts}))
    assert kb.facts["seniors_call"] == render.Period(dt.date(2024, 11, 13), dt.date(2024, 12, 31))
    dated = kb.facts["report_published"]
    assert isinstance(dated, render.Dated) and dated.day == dt.date(2024, 12, 31)


@pytest.mark.parametrize(
    ("fact", "expected"),
    [
        ("x: {opens: nowhere, closes: 2024-01-01}", "fact 'x': opens: expected a date or the name"),
        ("x: {opens: 2024-02-01, closes: 2024-01-01}", "closes (2024-01-01) is before opens"),
        ("x: {opens: 2024-01-01, closes: 2024-02-01, during: y}", "unknown key 'during'"),
        ("x: {date: 2024-01-01, past: {fr: a, en: b}}", "fact 'x': future is required"),
        (
            "x: {date: 2024-01-01, past: 'le {jour}', future: 'le {date}'}",
            "only {date} may be used here, not {jour}",
        ),
    ],
)
def test_timed_fact_problems(make_faq: Callable[..., Path], fact: str, expected: str) -> None:
    found = problems(make_faq({"more-facts.yaml": f"facts:\n  {fact}\n"}))
    assert any(expected in p for p in found), found
