"""Packaging metadata that pip and setuptools accept without deprecation banners."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_license_is_an_spdx_string() -> None:
    # A `license = { text = ... }` table makes setuptools >= 77 print a deprecation banner
    # on every `pip install`; an SPDX expression is the current form.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "MIT"
    assert any(
        r.startswith("setuptools>=") and int(r.split(">=")[1].split(".")[0]) >= 77
        for r in project["build-system"]["requires"]
    )
