"""Settings: one frozen dataclass built from the environment, failing fast by variable name."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

T = TypeVar("T")

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# "Today" for deadlines is the CNIL's day: Paris time, not UTC (tzdata ships the zone
# database where the system has none).
PARIS = ZoneInfo("Europe/Paris")


class SettingsError(ValueError):
    """A configuration value is wrong; the message starts with the variable's name."""


@dataclass(frozen=True)
class Settings:
    """Everything the process reads from its environment, validated once at start."""

    telegram_bot_token: str | None = None
    telegram_api_base_url: str = DEFAULT_API_BASE_URL
    webhook_url: str | None = None
    webhook_secret: str | None = None
    port: int = 8080
    db_path: Path = Path("data/faqbot.db")
    faq_dir: Path = Path("faq")
    today: dt.date | None = None
    admin_ids: frozenset[int] = field(default_factory=frozenset)
    api_token: str | None = None
    pseudonym_key: str | None = None
    retention_days: int = 180
    max_sends_per_second: int = 30
    datasette_url: str | None = None  # staff console: link to a Datasette serving FAQBOT_DB
    cache_dir: Path | None = None
    trusted_proxies: tuple[Network, ...] = ()
    web_origins: tuple[str, ...] = ()
    matrix: MatrixSettings | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``env`` (default: ``os.environ``)."""
        env = os.environ if env is None else env

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        return cls(
            telegram_bot_token=get("TELEGRAM_BOT_TOKEN"),
            telegram_api_base_url=_url(
                "TELEGRAM_API_BASE_URL", get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE_URL
            ),
            webhook_url=_opt(_url, "FAQBOT_WEBHOOK_URL", get("FAQBOT_WEBHOOK_URL")),
            webhook_secret=_opt(_secret, "FAQBOT_WEBHOOK_SECRET", get("FAQBOT_WEBHOOK_SECRET")),
            port=_int("PORT", get("PORT") or "8080", 1, 65535),
            db_path=Path(get("FAQBOT_DB") or "data/faqbot.db"),
            faq_dir=Path(get("FAQBOT_FAQ_DIR") or "faq"),
            today=_opt(_date, "FAQBOT_TODAY", get("FAQBOT_TODAY")),
            admin_ids=_ids("FAQBOT_ADMIN_IDS", get("FAQBOT_ADMIN_IDS") or ""),
            api_token=get("FAQBOT_API_TOKEN"),
            pseudonym_key=_key("FAQBOT_PSEUDONYM_KEY", env.get("FAQBOT_PSEUDONYM_KEY")),
            retention_days=_int(
                "FAQBOT_RETENTION_DAYS", get("FAQBOT_RETENTION_DAYS") or "180", 1, 36500
            ),
            max_sends_per_second=_int(
                "FAQBOT_MAX_SENDS_PER_SECOND", get("FAQBOT_MAX_SENDS_PER_SECOND") or "30", 0, 1000
            ),
            datasette_url=_opt(_url, "FAQBOT_DATASETTE_URL", get("FAQBOT_DATASETTE_URL")),
            cache_dir=_opt(lambda _, v: Path(v), "FAQBOT_CACHE_DIR", get("FAQBOT_CACHE_DIR")),
            trusted_proxies=_networks(
                "FAQBOT_TRUSTED_PROXIES", get("FAQBOT_TRUSTED_PROXIES") or ""
            ),
            web_origins=_origins("FAQBOT_WEB_ORIGINS", get("FAQBOT_WEB_ORIGINS") or ""),
            matrix=_matrix(get, Path(get("FAQBOT_DB") or "data/faqbot.db")),
        )

    @property
    def pseudonym_key_file(self) -> Path:
        """Where the generated pseudonym key lives when FAQBOT_PSEUDONYM_KEY is unset."""
        return self.db_path.parent / "pseudonym.key"

    @property
    def embedding_cache(self) -> Path:
        """The embedding cache file: in FAQBOT_CACHE_DIR, else ``cache/`` beside the database."""
        return (self.cache_dir or self.db_path.parent / "cache") / "embeddings.sqlite"

    def retention_cutoff(self) -> dt.datetime:
        """Questions logged before this moment are past FAQBOT_RETENTION_DAYS."""
        return dt.datetime.now(dt.UTC) - dt.timedelta(days=self.retention_days)

    def current_date(self, now: dt.datetime | None = None) -> dt.date:
        """Today's date in Paris (the CNIL's day), or ``FAQBOT_TODAY`` when set (tests, demos).

        ``now`` (aware, any zone) stands for the current moment.
        """
        return self.today or (now or dt.datetime.now(dt.UTC)).astimezone(PARIS).date()


@dataclass(frozen=True)
class MatrixSettings:
    """The Matrix (Tchap) channel: set when FAQBOT_MATRIX_HOMESERVER and its companions are."""

    homeserver: str
    user_id: str
    access_token: str
    device_id: str
    store: Path  # the encryption keys (matrix-nio's store), a persistent folder
    allowed_servers: frozenset[str]  # servers whose users' invites are accepted

    @property
    def server_name(self) -> str:
        """The bot's own server: ``agent.tchap.gouv.fr`` for ``@faqbot:agent.tchap.gouv.fr``."""
        return self.user_id.split(":", 1)[1]


MATRIX_REQUIRED = (
    "FAQBOT_MATRIX_HOMESERVER",
    "FAQBOT_MATRIX_USER_ID",
    "FAQBOT_MATRIX_ACCESS_TOKEN",
    "FAQBOT_MATRIX_DEVICE_ID",
)


def _matrix(get: Callable[[str], str | None], db_path: Path) -> MatrixSettings | None:
    """The Matrix settings: none set, or all four required ones (a half setup fails fast)."""
    values = {name: get(name) for name in MATRIX_REQUIRED}
    if not any(values.values()) and not get("FAQBOT_MATRIX_STORE"):
        return None
    for name, value in values.items():
        if value is None:
            raise SettingsError(f"{name}: required with the other FAQBOT_MATRIX_* settings")
    homeserver, user_id, token, device = (values[n] or "" for n in MATRIX_REQUIRED)
    _url("FAQBOT_MATRIX_HOMESERVER", homeserver)
    if not re.fullmatch(r"@[^:\s]+:[^:\s]+(:\d+)?", user_id):
        raise SettingsError(f"FAQBOT_MATRIX_USER_ID: expected @name:server, got {user_id!r}")
    server = user_id.split(":", 1)[1]
    allowed = frozenset(
        part.strip().lower()
        for part in (get("FAQBOT_MATRIX_ALLOWED_SERVERS") or server).split(",")
        if part.strip()
    )
    return MatrixSettings(
        homeserver=homeserver.rstrip("/"),
        user_id=user_id,
        access_token=token,
        device_id=device,
        store=Path(get("FAQBOT_MATRIX_STORE") or db_path.parent / "matrix-store"),
        allowed_servers=allowed or frozenset({server.lower()}),
    )


def _opt(parse: Callable[[str, str], T], name: str, value: str | None) -> T | None:
    return None if value is None else parse(name, value)


def _url(name: str, value: str) -> str:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(f"{name}: expected an http(s) URL, got {value!r}")
    return value


def _secret(name: str, value: str) -> str:
    # Telegram's rule for secret_token: 1-256 characters, A-Z a-z 0-9 _ -
    ok = 1 <= len(value) <= 256 and all(c.isascii() and (c.isalnum() or c in "_-") for c in value)
    if not ok:
        raise SettingsError(f"{name}: 1 to 256 characters among A-Z, a-z, 0-9, _ and -")
    return value


def _key(name: str, value: str | None) -> str | None:
    # Set but blank is a mistake, not "unset": refused rather than silently replaced.
    if value is not None and len(value.strip().encode()) < 32:
        raise SettingsError(
            f"{name}: at least 32 bytes are needed (empty, blank or short keys can be guessed)"
        )
    return None if value is None else value.strip()


def _int(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{name}: expected an integer, got {value!r}") from None
    if not low <= number <= high:
        raise SettingsError(f"{name}: expected {low}..{high}, got {number}")
    return number


def _date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SettingsError(f"{name}: expected a date YYYY-MM-DD, got {value!r}") from None


def _networks(name: str, value: str) -> tuple[Network, ...]:
    networks = []
    for part in value.replace(";", ",").split(","):
        if part.strip():
            try:
                networks.append(ipaddress.ip_network(part.strip(), strict=False))
            except ValueError:
                raise SettingsError(
                    f"{name}: expected IP addresses or networks (10.0.0.1, 10.0.0.0/8), "
                    f"got {part.strip()!r}"
                ) from None
    return tuple(networks)


def _origins(name: str, value: str) -> tuple[str, ...]:
    # An origin is scheme://host[:port], exactly as browsers send it in the Origin header.
    origins = []
    for part in value.replace(";", ",").split(","):
        part = part.strip().rstrip("/")
        if not part:
            continue
        parsed = urlparse(part)
        if parsed.scheme not in ("http", "https") or not parsed.netloc or parsed.path:
            raise SettingsError(
                f"{name}: expected origins like https://www.example.fr (no path), got {part!r}"
            )
        origins.append(f"{parsed.scheme}://{parsed.netloc}".lower())
    return tuple(origins)


def _ids(name: str, value: str) -> frozenset[int]:
    ids = set()
    for part in value.replace(";", ",").split(","):
        if part.strip():
            ids.add(_int(name, part.strip(), -(2**63), 2**63 - 1))
    return frozenset(ids)
