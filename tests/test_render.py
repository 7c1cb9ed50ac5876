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
