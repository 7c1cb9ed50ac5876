"""Settings from the environment: defaults, and a clear error naming the wrong variable."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.settings import Settings, SettingsError


def test_defaults() -> None:
    s = Settings.from_env({})
    assert s.telegram_bot_token is None
    assert s.telegram_api_base_url == "https://api.telegram.org/bot"
    assert str(s.db_path) == "data/faqbot.db" and str(s.faq_dir) == "faq"
    assert s.retention_days == 180 and s.port == 8080 and s.admin_ids == frozenset()


def test_values() -> None:
    s = Settings.from_env(
        {
            "FAQBOT_TODAY": "2023-09-01",
            "FAQBOT_ADMIN_IDS": "1, 22;333",
            "PORT": "9000",
            "FAQBOT_WEBHOOK_URL": "https://bot.example.org/tg/hook",
            "FAQBOT_WEBHOOK_SECRET": "abc_DEF-123",
        }
    )
    assert s.current_date() == dt.date(2023, 9, 1)
    assert s.admin_ids == frozenset({1, 22, 333})
    assert s.port == 9000


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FAQBOT_TODAY", "30/09/2023"),
        ("PORT", "http"),
        ("PORT", "70000"),
        ("FAQBOT_RETENTION_DAYS", "0"),
        ("FAQBOT_ADMIN_IDS", "12,bob"),
        ("FAQBOT_WEBHOOK_URL", "bot.example.org/hook"),
        ("TELEGRAM_API_BASE_URL", "ftp://x"),
        ("FAQBOT_WEBHOOK_SECRET", "has space"),
    ],
)
def test_wrong_value_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=f"^{name}:"):
        Settings.from_env({name: value})


def test_settings_are_frozen() -> None:
    s = Settings.from_env({})
    with pytest.raises(AttributeError):
        s.port = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("utc", "paris_day"),
    [
        # 30 September 2023, 22:30 UTC is already 1 October in Paris (summer time, UTC+2).
        (dt.datetime(2023, 9, 30, 22, 30, tzinfo=dt.UTC), dt.date(2023, 10, 1)),
        (dt.datetime(2023, 9, 30, 21, 59, tzinfo=dt.UTC), dt.date(2023, 9, 30)),
        # 31 December 2024, 23:30 UTC is 1 January in Paris (winter time, UTC+1).
        (dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC), dt.date(2025, 1, 1)),
        (dt.datetime(2024, 12, 31, 22, 59, tzinfo=dt.UTC), dt.date(2024, 12, 31)),
    ],
)
def test_today_is_the_date_in_paris(utc: dt.datetime, paris_day: dt.date) -> None:
    settings = Settings.from_env({})
    assert settings.current_date(now=utc) == paris_day
    pinned = Settings.from_env({"FAQBOT_TODAY": "2023-08-01"})
    assert pinned.current_date(now=utc) == dt.date(2023, 8, 1)
