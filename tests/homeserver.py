"""A real Synapse homeserver for the Matrix tests: SQLite, 127.0.0.1, a free port.

Started once per test session (about 5 s), stopped by its pid at the end; it can be
stopped and started again on the same port and database (the reconnection test). Users
are registered with the shared secret (Synapse's admin register API, an HMAC), with
fresh names each run.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SERVER_NAME = "localhost"
_FAST = {"per_second": 1000, "burst_count": 1000}
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class Account:
    """A registered user: what a client needs to log in without a password."""

    user_id: str
    access_token: str
    device_id: str
    password: str


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def config(folder: Path, port: int, secret: str) -> dict[str, Any]:
    """A minimal homeserver.yaml: no federation, no stats, rate limits out of the way."""
    return {
        "server_name": SERVER_NAME,
        "pid_file": str(folder / "homeserver.pid"),
        "listeners": [
            {
                "port": port,
                "bind_addresses": ["127.0.0.1"],
                "type": "http",
                "tls": False,
                "x_forwarded": False,
                "resources": [{"names": ["client"], "compress": False}],
            }
        ],
        "database": {"name": "sqlite3", "args": {"database": str(folder / "homeserver.db")}},
        "log_config": str(folder / "log.yaml"),
        "media_store_path": str(folder / "media"),
        "signing_key_path": str(folder / "signing.key"),
        "registration_shared_secret": secret,
        "report_stats": False,
        "enable_metrics": False,
        "trusted_key_servers": [],
        "federation_domain_whitelist": [],
        "suppress_key_server_warning": True,
        "rc_message": _FAST,
        "rc_registration": _FAST,
        "rc_login": {"address": _FAST, "account": _FAST, "failed_attempts": _FAST},
        "rc_joins": {"local": _FAST, "remote": _FAST},
        "rc_invites": {"per_room": _FAST, "per_user": _FAST},
        "rc_key_requests": _FAST,
    }


class Synapse:
    """One Synapse process, its folder and its admin user."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.secret = secrets.token_hex(16)
        self.process: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "homeserver.yaml").write_text(
            json.dumps(config(folder, self.port, self.secret), indent=1)  # JSON is YAML
        )
        log = {
            "version": 1,
            "formatters": {"f": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
            "handlers": {
                "file": {
                    "class": "logging.FileHandler",
                    "filename": str(folder / "homeserver.log"),
                    "formatter": "f",
                }
            },
            "root": {"level": "WARNING", "handlers": ["file"]},
            "disable_existing_loggers": False,
        }
        (folder / "log.yaml").write_text(json.dumps(log))
        from signedjson.key import generate_signing_key, write_signing_keys

        with (folder / "signing.key").open("w") as f:
            write_signing_keys(f, [generate_signing_key("a")])

    def start(self) -> None:
        """Start the server and wait until its client API answers."""
        out = (self.folder / "stdout.txt").open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "synapse.app.homeserver", "-c", "homeserver.yaml"],
            cwd=self.folder,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"synapse exited: see {self.folder / 'stdout.txt'}")
            try:
                with urllib.request.urlopen(f"{self.url}/_matrix/client/versions", timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"synapse did not answer within {START_TIMEOUT} s")

    def stop(self) -> None:
        """Stop the server by its pid (SIGTERM, then SIGKILL after 10 s)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def request(
        self, method: str, path: str, body: dict[str, Any] | None = None, token: str | None = None
    ) -> dict[str, Any]:
        """A JSON request to the server."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        req = urllib.request.Request(self.url + path, data, headers, method=method)
        with urllib.request.urlopen(req, timeout=30) as response:
            result: dict[str, Any] = json.loads(response.read())
            return result

    def register(self, prefix: str, admin: bool = False) -> Account:
        """A fresh user, registered with the shared secret (the admin register API)."""
        name = f"{prefix}-{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(12)
        nonce = self.request("GET", "/_synapse/admin/v1/register")["nonce"]
        mac = hmac.new(self.secret.encode(), digestmod=hashlib.sha1)
        mac.update(b"\x00".join([nonce.encode(), name.encode(), password.encode()]))
        mac.update(b"\x00admin" if admin else b"\x00notadmin")
        found = self.request(
            "POST",
            "/_synapse/admin/v1/register",
            {
                "nonce": nonce,
                "username": name,
                "password": password,
                "admin": admin,
                "mac": mac.hexdigest(),
            },
        )
        return Account(found["user_id"], found["access_token"], found["device_id"], password)

    def room_event_types(self, room_id: str, admin: Account) -> list[str]:
        """The types of a room's events as the server stores them (admin API)."""
        path = f"/_synapse/admin/v1/rooms/{room_id}/messages?dir=f&limit=1000"
        try:
            chunk = self.request("GET", path, token=admin.access_token)["chunk"]
        except urllib.error.HTTPError as e:
            raise RuntimeError(e.read().decode()) from e
        return [str(event["type"]) for event in chunk]
