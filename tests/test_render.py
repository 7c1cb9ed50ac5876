"""Rendering: dates, status, Telegram HTML checks, splitting, and bilingual messages."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import render
from bot.messages import MESSAGES, TELEGRAM


@pytest.mark.parametrize(
    ("today", "lang", "expected"),
    [
        (dt.date(2026, 11, 28), "fr", "clos depuis le 30 septembre 2023"),
        (dt.date(2026, 11, 28), "en", "closed since 30 September 2023"),
        (dt.date(2023, 10, 1), "en", "closed since 30 September 2023"),
        (
            dt.date(2023, 9, 30),
            "en",
            "open until 30 September 2023 inclusive (today is the last day)",
        ),
        (dt.date(2023, 9, 29), "fr", "ouvert jusqu'au 30 septembre 2023 inclus (encore 1 jour)"),
        (dt.date(2023, 9, 18), "en", "open until 30 September 2023 inclusive (12 days left)"),
    ],
)
def test_deadline_status(today: dt.date, lang: str, expected: str) -> None:
    assert render.deadline_status(dt.date(2023, 9, 30), today, lang) == expected  # type: ignore[arg-type]


def test_first_of_the_month_in_french() -> None:
    assert render.format_date(dt.date(2024, 11, 1), "fr") == "1er novembre 2024"


def test_placeholders_are_escaped() -> None:
    values = render.placeholders({"name": "A & <B>"}, "fr", dt.date(2026, 1, 1))
    assert values["name"] == "A &amp; &lt;B&gt;"


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<b>ok</b> <a href='x'>l</a> &amp; &lt;", None),
        ("<script>x</script>", "not allowed"),
        ("<a>x</a>", "needs an href"),
        ('<b onclick="x">x</b>', "attribute 'onclick'"),
        ("<i>x", "unclosed <i>"),
        ("x & y", "bare &"),
        ("1 < 2", "bare <"),
    ],
)
def test_check_html(html: str, problem: str | None) -> None:
    found = render.check_html(html)
    assert (problem is None and not found) or any(problem and problem in p for p in found)


def test_split_html_keeps_parts_under_the_limit_and_loses_nothing() -> None:
    lines = [f"<b>ligne {i}</b> &amp; " + "mot " * 30 for i in range(300)]
    parts = render.split_html("\n".join(lines), 4096)
    assert len(parts) > 1
    assert all(render.visible_length(p) <= 4096 for p in parts)
    assert all(not render.check_html(p) for p in parts)
    assert sum(p.count("ligne") for p in parts) == 300


def test_split_html_cuts_one_huge_line_at_spaces() -> None:
    parts = render.split_html("mot " * 3000, 4096)
    assert all(len(p) <= 4096 for p in parts) and len(parts) == 3


def test_short_text_is_not_split() -> None:
    assert render.split_html("<b>court</b>") == ["<b>court</b>"]


def test_html_to_text_keeps_links() -> None:
    assert render.html_to_text('<b>Voir</b> <a href="https://www.cnil.fr">cnil.fr</a>') == (
        "Voir cnil.fr (https://www.cnil.fr)"
    )


@pytest.mark.parametrize("table", [MESSAGES, TELEGRAM])
def test_every_message_exists_in_french_and_english(table: dict) -> None:  # type: ignore[type-arg]
    for key, texts in table.items():
        assert set(texts) == {"fr", "en"}, key
        assert all(t.strip() for t in texts.values()), key
        assert not any(render.check_html(t) for t in texts.values()), key


def test_visible_length_counts_text_that_looks_like_a_link() -> None:
    assert render.visible_length('<a href="https://x.fr">x</a> (https://y)') == len("x (https://y)")


# --- tense that follows the date -------------------------------------------------------

ANNOUNCED = render.Dated(
    dt.date(2023, 11, 22),
    past={"fr": "ont été annoncés le {date}", "en": "were announced on {date}"},
    future={"fr": "seront annoncés le {date}", "en": "will be announced on {date}"},
)


@pytest.mark.parametrize(
    ("today", "lang", "expected"),
    [
        (dt.date(2023, 8, 1), "en", "will be announced on 22 November 2023"),
        (dt.date(2023, 11, 21), "fr", "seront annoncés le 22 novembre 2023"),
        (dt.date(2023, 11, 22), "en", "were announced on 22 November 2023"),
        (dt.date(2026, 11, 30), "fr", "ont été annoncés le 22 novembre 2023"),
    ],
)
def test_dated_wording_follows_today(today: dt.date, lang: str, expected: str) -> None:
    values = render.placeholders({"results_announced": ANNOUNCED}, lang, today)  # type: ignore[arg-type]
    assert values["results_announced"] == expected


SENIORS = render.Period(dt.date(2024, 11, 13), dt.date(2024, 12, 31))


@pytest.mark.parametrize(
    ("today", "lang", "expected"),
    [
        (dt.date(2023, 8, 1), "en", "not open yet (opens on 13 November 2024)"),
        (dt.date(2024, 11, 12), "fr", "pas encore ouvert (ouverture le 13 novembre 2024)"),
        (dt.date(2024, 11, 13), "en", "open until 31 December 2024 inclusive (48 days left)"),
        (
            dt.date(2024, 12, 31),
            "fr",
            "ouvert jusqu'au 31 décembre 2024 inclus (dernier jour aujourd'hui)",
        ),
        (dt.date(2025, 1, 1), "en", "closed since 31 December 2024"),
        (dt.date(2026, 11, 30), "fr", "clos depuis le 31 décembre 2024"),
    ],
)
def test_call_with_an_opening_day(today: dt.date, lang: str, expected: str) -> None:
    values = render.placeholders({"seniors_call": SENIORS}, lang, today)  # type: ignore[arg-type]
    assert values["seniors_call_status"] == expected
    assert values["seniors_call"] == (
        "du 13 novembre 2024 au 31 décembre 2024"
        if lang == "fr"
        else "from 13 November 2024 to 31 December 2024"
    )


def _answer(entry_id: str, lang: str, today: dt.date) -> str:
    from conftest import FAQ_DIR

    from bot.service import load_kb

    kb = load_kb(FAQ_DIR, today)
    entry = kb.by_id[entry_id]
    return render.html_to_text(render.answer_html(entry, lang, kb.facts, kb.sources, today))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("entry_id", "lang", "today", "present", "absent"),
    [
        # During the 3rd call: open, results and report still to come.
        ("deadline", "en", dt.date(2023, 8, 1), "open until 30 September 2023", "closed"),
        ("deadline", "fr", dt.date(2023, 8, 1), "seront annoncés le 22 novembre 2023", "ont été"),
        ("deadline", "en", dt.date(2026, 11, 30), "were announced on 22 November 2023", "will be"),
        ("results-date", "en", dt.date(2023, 10, 1), "will be announced on 22 November", "were"),
        ("results-date", "fr", dt.date(2023, 11, 22), "ont été annoncés le 22 novembre", "seront"),
        ("results-date", "en", dt.date(2023, 8, 1), "open until 30 September 2023", "closed"),
        ("results-date", "fr", dt.date(2026, 12, 3), "clos depuis le 30 septembre 2023", "ouvert"),
        ("final-report", "en", dt.date(2023, 8, 1), "will be published on 11 April 2025", "was"),
        ("final-report", "fr", dt.date(2026, 11, 30), "a été publié le 11 avril 2025", "sera"),
        # The 4th edition before, during and after its call.
        ("edition-seniors", "fr", dt.date(2023, 8, 1), "pas encore ouvert", "clos depuis"),
        ("edition-seniors", "en", dt.date(2024, 11, 20), "open until 31 December 2024", "not open"),
        (
            "edition-seniors",
            "en",
            dt.date(2026, 11, 30),
            "closed since 31 December 2024",
            "open until",
        ),
        (
            "next-call",
            "en",
            dt.date(2024, 11, 1),
            "not open yet (opens on 13 November 2024)",
            "a call launched on",
        ),
        ("call-launched", "en", dt.date(2026, 11, 30), "was launched on 25 July 2023", "will be"),
    ],
)
def test_real_answers_read_right_on_each_date(
    entry_id: str, lang: str, today: dt.date, present: str, absent: str
) -> None:
    text = _answer(entry_id, lang, today)
    assert present in text
    assert absent not in text


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fr", ("Qui les lit", "aucun autre service", "IA générative")),
        ("en", ("Who reads them", "no other service", "generative AI")),
    ],
)
def test_the_privacy_notice_says_who_reads_the_questions(lang: str, words: tuple[str, ...]) -> None:
    """The notice says who reads what it keeps, and that nobody else gets it."""
    notice = TELEGRAM["privacy"][lang]
    assert all(word in notice for word in words)
