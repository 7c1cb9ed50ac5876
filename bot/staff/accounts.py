"""Staff accounts, sessions, failed-login throttling and the audit log, in the SQLite file.

Passwords are stored as scrypt hashes (hashlib, n=2**14, r=8, p=1, 16-byte salt). Session
cookies carry a random token; only its SHA-256 is stored, so a copy of the database does
not let anyone log in. Every staff action goes to ``staff_audit``: who, what, when.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from bot.store import iso, utcnow

ACCOUNTS = "staff_accounts"
SESSIONS = "staff_sessions"
FAILURES = "staff_failures"
AUDIT = "staff_audit"

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SESSION_TTL = dt.timedelta(hours=8)  # a session ends 8 hours after login at most
IDLE_TTL = dt.timedelta(minutes=60)  # ... or after an hour without a request
FAILURE_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES = 5  # failed logins per account or per client address in FAILURE_WINDOW
MIN_PASSWORD = 12
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")


class AccountError(ValueError):
    """A staff account operation cannot be done; the message says why."""


def hash_password(password: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` (hex) for ``password``."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    """True if ``password`` matches the ``stored`` hash (constant-time comparison)."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            return False
        found = hashlib.scrypt(
            password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


# A hash to check against when the account does not exist, so that a wrong name takes as
# long as a wrong password (no account enumeration by timing).
_DUMMY_HASH = hash_password(secrets.token_hex(16))


@dataclass(frozen=True)
class Session:
    """A logged-in staff member."""

    username: str
    csrf: str
    expires: dt.datetime
    token_hash: str


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class StaffStore:
    """Accounts, sessions, failures and audit in the question log's database."""

    def __init__(self, db: sqlite_utils.Database, now: Callable[[], dt.datetime] = utcnow) -> None:
        self.db = db
        self.now = now
        self.db.table(ACCOUNTS).create(
            {"username": str, "password": str, "created": str}, pk="username", if_not_exists=True
        )
        self.db.table(SESSIONS).create(
            {"token_hash": str, "username": str, "csrf": str, "created": str, "seen": str},
            pk="token_hash",
            if_not_exists=True,
        )
        self.db.table(FAILURES).create(
            {"id": int, "ts": str, "username": str, "client": str}, pk="id", if_not_exists=True
        )
        self.db.table(FAILURES).create_index(["ts"], if_not_exists=True)
        self.db.table(AUDIT).create(
            {"id": int, "ts": str, "username": str, "action": str, "detail": str},
            pk="id",
            if_not_exists=True,
        )
        self.db.table(AUDIT).create_index(["ts"], if_not_exists=True)

    # -- accounts ------------------------------------------------------------------------------

    def add(self, username: str, password: str, by: str = "cli") -> None:
        """Create an account; raise AccountError if the name is taken or invalid."""
        if not _NAME.match(username):
            raise AccountError(
                f"{username!r}: 1 to 64 characters among letters, digits and . _ @ -"
            )
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"the password needs at least {MIN_PASSWORD} characters")
        if self.exists(username):
            raise AccountError(f"the account {username!r} already exists")
        with self.db.conn:
            self.db.table(ACCOUNTS).insert(
                {"username": username, "password": hash_password(password), "created": self._ts()}
            )
        self.audit(by, "account-add", username)

    def remove(self, username: str, by: str = "cli") -> None:
        """Delete an account and end its sessions."""
        if not self.exists(username):
            raise AccountError(f"no account {username!r}")
        with self.db.conn:
            self.db.execute(f"DELETE FROM {ACCOUNTS} WHERE username = ?", [username])
            self.db.execute(f"DELETE FROM {SESSIONS} WHERE username = ?", [username])
        self.audit(by, "account-remove", username)

    def accounts(self) -> list[tuple[str, str]]:
        """(username, created) of every account, by name."""
        cursor = self.db.execute(f"SELECT username, created FROM {ACCOUNTS} ORDER BY username")
        return [(str(u), str(c)) for u, c in cursor]

    def exists(self, username: str) -> bool:
        """True if ``username`` has an account."""
        row = self.db.execute(f"SELECT 1 FROM {ACCOUNTS} WHERE username = ?", [username])
        return row.fetchone() is not None

    def any_account(self) -> bool:
        """True once at least one account exists (the staff area is off before)."""
        return self.db.execute(f"SELECT 1 FROM {ACCOUNTS} LIMIT 1").fetchone() is not None

    # -- login and throttling ------------------------------------------------------------------

    def throttled(self, username: str, client: str) -> bool:
        """True when the account or the client address failed too often recently."""
        since = iso(self.now() - FAILURE_WINDOW)
        row = self.db.execute(
            f"SELECT sum(username = ?), sum(client = ?) FROM {FAILURES} WHERE ts >= ?",
            [username, client, since],
        ).fetchone()
        return max(row[0] or 0, row[1] or 0) >= MAX_FAILURES

    def password_hash(self, username: str) -> str:
        """The stored hash of ``username``, or a dummy one that no password matches (so a
        wrong name costs as much time as a wrong password)."""
        row = self.db.execute(
            f"SELECT password FROM {ACCOUNTS} WHERE username = ?", [username]
        ).fetchone()
        return str(row[0]) if row else _DUMMY_HASH

    def login(self, username: str, password: str, client: str) -> tuple[str, Session] | None:
        """A new session's (cookie token, session) if the password is right, else None."""
        ok = check_password(password, self.password_hash(username))
        return self.finish_login(username, ok, client)

    def finish_login(self, username: str, ok: bool, client: str) -> tuple[str, Session] | None:
        """After the password check (which may run in a thread): record a failure, which
        throttles further attempts, or open a session. Both are audited."""
        if not ok or not self.exists(username):
            with self.db.conn:
                self.db.table(FAILURES).insert(
                    {"ts": self._ts(), "username": username[:64], "client": client}
                )
                self.db.execute(
                    f"DELETE FROM {FAILURES} WHERE ts < ?", [iso(self.now() - FAILURE_WINDOW)]
                )
            self.audit(username[:64], "login-failed", client)
            return None
        token = secrets.token_urlsafe(32)
        now = self._ts()
        session = Session(
            username, secrets.token_urlsafe(32), self.now() + SESSION_TTL, _hash_token(token)
        )
        with self.db.conn:
            self.db.table(SESSIONS).insert(
                {
                    "token_hash": session.token_hash,
                    "username": username,
                    "csrf": session.csrf,
                    "created": now,
                    "seen": now,
                }
            )
            self.db.execute(
                f"DELETE FROM {FAILURES} WHERE username = ? OR client = ?", [username, client]
            )
        self.audit(username, "login", client)
        return token, session

    def session(self, token: str | None) -> Session | None:
        """The live session of a cookie token; None if unknown, expired or idle too long.

        A live session's idle clock restarts."""
        if not token:
            return None
        token_hash = _hash_token(token)
        row = self.db.execute(
            f"SELECT s.username, s.csrf, s.created, s.seen FROM {SESSIONS} s "
            f"JOIN {ACCOUNTS} a ON a.username = s.username WHERE s.token_hash = ?",
            [token_hash],
        ).fetchone()
        if row is None:
            return None
        username, csrf, created, seen = row
        now = self.now()
        expires = min(_parse(created) + SESSION_TTL, _parse(seen) + IDLE_TTL)
        if now >= expires:
            with self.db.conn:
                self.db.execute(f"DELETE FROM {SESSIONS} WHERE token_hash = ?", [token_hash])
            return None
        with self.db.conn:
            self.db.execute(
                f"UPDATE {SESSIONS} SET seen = ? WHERE token_hash = ?", [iso(now), token_hash]
            )
        return Session(
            str(username), str(csrf), min(_parse(created) + SESSION_TTL, now + IDLE_TTL), token_hash
        )

    def logout(self, session: Session) -> None:
        """End a session."""
        with self.db.conn:
            self.db.execute(f"DELETE FROM {SESSIONS} WHERE token_hash = ?", [session.token_hash])
        self.audit(session.username, "logout", "")

    # -- audit ---------------------------------------------------------------------------------

    def audit(self, username: str, action: str, detail: str = "") -> None:
        """Record a staff action: who, what, when."""
        with self.db.conn:
            self.db.table(AUDIT).insert(
                {"ts": self._ts(), "username": username, "action": action, "detail": detail[:500]}
            )

    def audit_log(self, limit: int = 200) -> list[dict[str, Any]]:
        """The latest audited actions, newest first."""
        cursor = self.db.execute(
            f"SELECT ts, username, action, detail FROM {AUDIT} ORDER BY id DESC LIMIT ?", [limit]
        )
        return [dict(zip(("ts", "username", "action", "detail"), r, strict=True)) for r in cursor]

    def _ts(self) -> str:
        return iso(self.now())


def _parse(ts: str) -> dt.datetime:
    return dt.datetime.strptime(ts, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
