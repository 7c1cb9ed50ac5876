"""`faqbot run` without a Telegram token: the web channel alone, as its own process.
Shared by the browser tests and benchmarks/web.py (which put tests/ on their path)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

from botprocess import FAQBOT, ROOT, free_port


class WebProcess:
    """One `faqbot run` process serving the web chat on 127.0.0.1:``port``."""

    def __init__(self, db: Path, port: int | None = None, **env: str) -> None:
        self.db, self.port = db, port or free_port()
        self.env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "PORT")}
        self.env.update(
            FAQBOT_DB=str(db),
            FAQBOT_FAQ_DIR=str(ROOT / "faq"),
            FAQBOT_TODAY="2026-11-28",
            PORT=str(self.port),
            **env,
        )
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> WebProcess:
        """Start and wait until /healthz answers."""
        self.process = subprocess.Popen(
            [FAQBOT, "run"], env=self.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"faqbot run exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return self
            except OSError:
                time.sleep(0.2)
        raise TimeoutError("faqbot run did not answer /healthz")

    def stop(self) -> None:
        """SIGTERM, then wait (SIGKILL after 20 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> WebProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
