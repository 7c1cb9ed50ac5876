"""Staff and analysts: exports, stats, review queue, retention, erasure — on a real SQLite file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from logrows import NOW, fill

from bot import analytics
from bot.cli import cli
from bot.review import build_groups, key_of, suggestion_yaml
from bot.store import QuestionLog


def run(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_csv_cells_that_look_like_formulas_come_out_inert(db: Path, env: dict[str, str]) -> None:
    evil = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
    fill(db, [{"question": q, "outcome": "unanswered"} for q in evil])
    out = run(env, "export", "--format", "csv")
    cells = [row["question"] for row in csv.DictReader(io.StringIO(out))]
    assert sorted(cells) == sorted("'" + q for q in evil)
    assert all(not c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def test_excel_csv_has_bom_and_semicolons(db: Path, env: dict[str, str], tmp_path: Path) -> None:
    fill(db, [{"question": "qui peut candidater ?"}])
    target = tmp_path / "out.csv"
    run(env, "export", "--excel", "-o", str(target))
    raw = target.read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"id;ts;channel" in raw
    assert b"qui peut candidater ?" in raw


@pytest.mark.parametrize("fmt", ["json", "ndjson"])
def test_json_exports(db: Path, env: dict[str, str], fmt: str) -> None:
    fill(db, [{"question": "date limite ?"}, {"question": "passeport", "outcome": "unanswered"}])
    out = run(env, "export", "--format", fmt)
    rows = json.loads(out) if fmt == "json" else [json.loads(line) for line in out.splitlines()]
    assert [r["question"] for r in rows] == ["date limite ?", "passeport"]
    assert "user" not in rows[0]


def test_user_only_with_the_flag(db: Path, env: dict[str, str]) -> None:
    fill(db, [{"question": "x"}])
    assert json.loads(run(env, "export", "--format", "json", "--with-user"))[0]["user"] == "user0"


def test_filters(db: Path, env: dict[str, str]) -> None:
    fill(
        db,
        [
            {"question": "today", "at": NOW},
            {"question": "yesterday", "at": NOW - dt.timedelta(days=1), "outcome": "unanswered"},
            {"question": "last week", "at": NOW - dt.timedelta(days=7)},
        ],
    )
    out = run(env, "export", "--format", "ndjson", "--since", "2026-11-27", "--until", "2026-11-27")
    assert [json.loads(x)["question"] for x in out.splitlines()] == ["yesterday"]
    out = run(env, "export", "--format", "ndjson", "--outcome", "answered")
    assert sorted(json.loads(x)["question"] for x in out.splitlines()) == ["last week", "today"]


@pytest.mark.parametrize(
    "args",
    [
        ["--outcome", "answered' OR 1=1 --"],
        ["--since", "2026-01-01' OR '1'='1"],
        ["--until", "1; DROP TABLE questions"],
        ["--format", "csv; DROP TABLE questions"],
    ],
)
def test_sql_fragments_in_filters_are_refused(
    db: Path, env: dict[str, str], args: list[str]
) -> None:
    fill(db, [{"question": "x"}])
    result = CliRunner().invoke(cli, ["export", *args], env=env)
    assert result.exit_code == 2 and "Invalid value" in result.output
    assert QuestionLog(db).count() == 1


def test_aggregate_suppresses_small_groups(db: Path, env: dict[str, str]) -> None:
    rows = [{"question": f"q{i}", "at": NOW} for i in range(6)]
    rows += [{"question": "rare", "entry_id": "winners", "at": NOW} for _ in range(4)]
    fill(db, rows)
    out = json.loads(run(env, "export", "--aggregate", "--format", "json"))
    assert out == [
        {
            "day": "2026-11-28",
            "entry_id": "deadline",
            "outcome": "answered",
            "questions": 6,
            "counted": 6,
        }
    ]


def test_stats(db: Path, env: dict[str, str]) -> None:
    log = fill(
        db,
        [
            {"question": "a", "lang": "en"},
            {"question": "b"},
            {"question": "passeport ?", "outcome": "unanswered", "entry_id": "contact"},
            {"question": "bonjour", "outcome": "smalltalk", "entry_id": "hello"},
        ],
    )
    log.set_feedback(1, 1)
    log.set_feedback(2, -1)
    figures = analytics.stats(log.db, analytics.Filters())
    assert figures.questions == 4 and figures.answer_rate == pytest.approx(2 / 3)
    assert figures.feedback_ratio == 0.5 and figures.by_lang == {"en": 1, "fr": 3}
    out = run(env, "stats")
    assert "Answer rate: 67%" in out and "passeport ?" in out and "deadline (2)" in out


def test_views_for_datasette(db: Path) -> None:
    log = fill(db, [{"question": "x", "outcome": "unanswered"}, {"question": "y"}])
    assert [r["question"] for r in log.db.query("select * from unanswered")] == ["x"]
    [day] = log.db.query("select * from daily_stats")
    assert day["questions"] == 2 and day["answered"] == 1 and day["unanswered"] == 1


def test_review_groups_near_duplicates() -> None:
    rows = [
        {
            "question": q,
            "outcome": "unanswered",
            "ts": f"2026-11-2{i}T10:00:00Z",
            "lang": lang,
            "entry_id": "contact",
            "score": 0.3,
        }
        for i, (q, lang) in enumerate(
            [
                ("Combien coûte le bac à sable ?", "fr"),
                ("combien coute le bac a sable", "fr"),
                ("le bac à sable, combien ça coûte ?", "fr"),
                ("how much does the sandbox cost", "en"),
            ]
        )
    ]
    rows.append({"question": "date limite", "outcome": "answered", "confidence": 3.0, "ts": "x"})
    rows.append(
        {
            "question": "bad answer",
            "outcome": "answered",
            "feedback": -1,
            "ts": "x",
            "entry_id": "winners",
        }
    )
    groups = build_groups(rows, {})
    assert [g.count for g in groups] == [3, 1, 1]
    first = groups[0]
    assert first.first.startswith("2026-11-20") and first.last.startswith("2026-11-22")
    assert first.closest == "contact" and first.status == "new"
    assert {g.reasons.most_common(1)[0][0] for g in groups} == {"unanswered", "thumbs-down"}


def test_review_mark_and_suggest(db: Path, env: dict[str, str]) -> None:
    fill(
        db,
        [
            {
                "question": "combien coute le bac a sable",
                "outcome": "unanswered",
                "entry_id": "contact",
            }
        ]
        * 3
        + [
            {
                "question": "the answer about winners was wrong",
                "entry_id": "winners",
            }
        ],
    )
    log = QuestionLog(db)
    log.set_feedback(4, -1)
    listing = run(env, "review")
    group_id = listing.split()[0]
    assert "3×" in listing and "combien coute" in listing
    yaml_text = run(env, "review", "--suggest")
    assert "- id: new-" in yaml_text and "add to entry winners" in yaml_text
    assert "faq/results.yaml" in yaml_text or "results.yaml" in yaml_text
    run(env, "review", "--mark", group_id, "dismissed")
    assert group_id not in run(env, "review")
    assert "dismissed" in run(env, "review", "--all")
    bad = CliRunner().invoke(cli, ["review", "--mark", group_id, "done"], env=env)
    assert bad.exit_code == 2


def test_suggestion_yaml_is_valid_yaml() -> None:
    import yaml

    rows = [
        {"question": 'il a dit "oui": d\'accord', "outcome": "unanswered", "ts": "t", "lang": "fr"}
    ]
    [group] = build_groups(rows, {})
    parsed = yaml.safe_load(suggestion_yaml(group, dt.date(2026, 11, 28)))
    assert parsed[0]["questions"]["fr"] == ['il a dit "oui": d\'accord']
    assert key_of("Les Candidatures!") == key_of("candidature les")


def test_purge_at_the_retention_boundary(db: Path) -> None:
    log = fill(
        db,
        [
            {"question": "old", "at": NOW - dt.timedelta(days=180, seconds=1)},
            {"question": "boundary", "at": NOW - dt.timedelta(days=180)},
            {"question": "new", "at": NOW},
        ],
    )
    assert log.purge(NOW - dt.timedelta(days=180)) == 1
    assert [r["question"] for r in log.rows()] == ["boundary", "new"]


def test_purge_command(db: Path, env: dict[str, str]) -> None:
    fill(
        db,
        [
            {"question": "ancient", "at": dt.datetime(2020, 1, 1, tzinfo=dt.UTC)},
            {"question": "now", "at": dt.datetime.now(dt.UTC)},
        ],
    )
    assert "1 question(s) older than 180 days deleted" in run(env, "purge")


def test_forget_command(db: Path, env: dict[str, str]) -> None:
    from bot.store import Pseudonymizer

    pseudonym = Pseudonymizer(b"k" * 32)("telegram", 99)
    fill(db, [{"question": "a", "user": pseudonym}, {"question": "b", "user": "other"}])
    assert "1 question(s) of Telegram id 99 erased" in run(
        env, "forget", "--telegram-id", "99", "--yes"
    )
    assert "0 question(s) of user" in run(env, "forget", "--user", pseudonym)
    assert "1 question(s) of user other erased" in run(env, "forget", "--user", "other", "--yes")
