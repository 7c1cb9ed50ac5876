"""The JSON Schemas of faq/schema/: valid, declared by every FAQ file, bilingual, and never in
disagreement with `faqbot check`.

"What an editor sees" is computed here without bot/schema.py: the schema named on the file's
first line, run by jsonschema on the file as plain YAML, as yaml-language-server does.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import FAQ_DIR
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7
from test_kb import BROKEN

from bot import schema
from bot.cli import cli
from bot.kb import KBError
from bot.service import load_kb
from bot.yamlines import YAMLProblem, load

SCHEMA_DIR = FAQ_DIR / "schema"
FILE_KINDS = {
    "facts.yaml": "facts.json",
    "sources.yaml": "sources.json",
    "categories.yaml": "categories.json",
    "out-of-scope.yaml": "out-of-scope.json",
    "smalltalk.yaml": "smalltalk.json",
}
KEY_KINDS = {"facts": "facts.json", "sources": "sources.json", "categories": "categories.json"}
KEY_KINDS |= {"out_of_scope": "out-of-scope.json", "entries": "entries.json"}
FAQ_FILES = sorted(p.name for p in FAQ_DIR.glob("*.yaml"))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def editor_errors(text: str) -> list[str]:
    """What an editor flags in ``text``: its declared schema, straight from faq/schema/."""
    found = re.match(r"# yaml-language-server: \$schema=schema/(\S+)\n", text)
    assert found, text[:80]
    registry: Registry[Any] = Registry().with_resources(
        (p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=DRAFT7))
        for p in SCHEMA_DIR.glob("*.json")
    )
    validator = Draft7Validator(
        {"$ref": found.group(1)}, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER
    )
    return [e.message for e in validator.iter_errors(_plain(yaml.safe_load(text)))]


def test_one_schema_per_kind_of_file() -> None:
    names = sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    assert names == sorted(schema.SCHEMAS)
    for name in names:
        Draft7Validator.check_schema(json.loads((SCHEMA_DIR / name).read_text()))


@pytest.mark.parametrize("name", FAQ_FILES)
def test_every_faq_file_declares_its_schema(name: str) -> None:
    text = (FAQ_DIR / name).read_text()
    kind = FILE_KINDS.get(name, "entries.json")
    assert text.splitlines()[0] == f"# yaml-language-server: $schema=schema/{kind}"
    assert (FAQ_DIR / "schema" / kind).is_file()  # the path is relative to the file


@pytest.mark.parametrize("name", FAQ_FILES)
def test_the_schema_accepts_the_real_faq(name: str) -> None:
    assert editor_errors((FAQ_DIR / name).read_text()) == []


def _descriptions(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, spec in node.get("properties", {}).items():
            yield f"{where}/{key}", spec.get("description")
        for key, value in node.items():
            yield from _descriptions(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _descriptions(value, f"{where}/{i}")


@pytest.mark.parametrize("name", sorted(schema.SCHEMAS))
def test_every_key_has_a_french_and_an_english_description(name: str) -> None:
    data = json.loads((SCHEMA_DIR / name).read_text())
    for where, text in [("", data["description"]), *_descriptions(data)]:
        if {"if", "then", "else"} & set(where.split("/")):
            continue  # conditions narrow keys described elsewhere
        assert isinstance(text, str), f"{name}{where}: no description"
        french, english = text.split("\n\n")
        assert french.strip() and english.strip() and french != english, f"{name}{where}"


def _declared(name: str, text: str) -> str:
    """``text`` with a $schema line: its own, else the one of its first top-level key."""
    if schema.declared(text):
        return text
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    first = next(iter(doc), None) if isinstance(doc, dict) else None
    return schema.modeline(KEY_KINDS.get(str(first), "entries.json")) + "\n" + text


@pytest.mark.parametrize(("files", "expected"), BROKEN)
def test_schema_and_checker_agree_on_every_broken_example(
    make_faq: Callable[..., Path], files: dict[str, str], expected: str
) -> None:
    folder = make_faq({name: _declared(name, text) for name, text in files.items()})
    with pytest.raises(KBError) as info:
        load_kb(folder)
    reported = {str(p) for p in info.value.problems}
    for name in files:
        text = (folder / name).read_text()
        try:
            doc = load(text)
        except YAMLProblem:
            continue  # not YAML: the editor's parser and check both say where
        declared = schema.declared(text) or ""
        if not (SCHEMA_DIR / Path(declared).name).is_file():
            assert any("unknown schema" in p for p in reported)
            continue
        _, structural = schema.screen(text, doc)
        assert bool(editor_errors(text)) == bool(structural), (editor_errors(text), structural)
        for line, message in structural:
            assert f"{folder / name}:{line}: {message}" in reported


def _mutate(text: str, start: str, old: str, new: str) -> tuple[str, int]:
    """Replace the first line starting with ``old`` after the line ``start``; its number."""
    lines = text.splitlines(keepends=True)
    after = next(i for i, line in enumerate(lines) if line.startswith(start))
    at = next(i for i in range(after, len(lines)) if lines[i].startswith(old))
    lines[at] = lines[at].replace(old, new, 1)
    return "".join(lines), at + 1


def _line_of(text: str, prefix: str, after: int = 0) -> int:
    lines = text.splitlines()
    return next(i + 1 for i in range(after, len(lines)) if lines[i].startswith(prefix))


@pytest.mark.parametrize(
    ("mistake", "start", "old", "new", "expected"),
    [
        ("unknown key", "  - id:", "    reviewed:", "    reviewd:", "unknown key 'reviewd'"),
        ("missing language", "    answer:", "      en:", "      eng:", "answer: missing en text"),
        (
            "wrong type",
            "  - id:",
            "    related: [",
            "    related: x #[",
            "related: expected a list",
        ),
        ("missing answer", "  - id:", "    answer:", "    answers:", "answer is required"),
    ],
)
def test_structural_mistakes_give_the_line(
    tmp_path: Path, mistake: str, start: str, old: str, new: str, expected: str
) -> None:
    folder = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, folder)
    text, changed = _mutate((folder / "about.yaml").read_text(), start, old, new)
    (folder / "about.yaml").write_text(text)
    line = {
        "unknown key": changed,
        "missing language": _line_of(text, "    answer:"),
        "wrong type": changed,
        "missing answer": _line_of(text, "  - id:"),
    }[mistake]
    assert editor_errors(text), mistake
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 1
    assert f"{folder / 'about.yaml'}:{line}: entry what-is-sandbox: {expected}" in result.output


def test_a_quoted_review_date_is_a_date(make_faq: Callable[..., Path]) -> None:
    # Editors read YAML 1.2, where 2026-11-28 is text: quoted or not, it is the same date.
    calendar = (make_faq() / "calendar.yaml").read_text()
    folder = make_faq({"calendar.yaml": calendar.replace("2026-11-28", '"2026-11-28"')})
    assert load_kb(folder).by_id["deadline"].reviewed == dt.date(2026, 11, 28)
    bad = calendar.replace("2026-11-28", '"2026-02-30"')
    with pytest.raises(KBError, match="reviewed: expected the date"):
        load_kb(make_faq({"calendar.yaml": bad}))


def test_a_key_added_to_the_schema_is_accepted(
    make_faq: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The schema is the one place that lists an entry's keys.
    entries = json.loads((SCHEMA_DIR / "entries.json").read_text())
    entries["definitions"]["entry"]["properties"]["audience"] = {"type": "string"}
    original = schema.load.__wrapped__

    def patched(name: str) -> dict[str, Any]:
        return entries if name == "entries.json" else original(name)

    monkeypatch.setattr(schema, "load", patched)
    schema._validator.cache_clear()
    try:
        calendar = (make_faq() / "calendar.yaml").read_text()
        added = calendar.replace("    reviewed:", "    audience: public bodies\n    reviewed:")
        assert [e.id for e in load_kb(make_faq({"calendar.yaml": added})).entries] == ["deadline"]
    finally:
        schema._validator.cache_clear()


def test_the_package_carries_the_schemas() -> None:
    # An installed faqbot (pip, pre-commit's language: python) finds them in bot/schemas/.
    import tomllib

    setuptools = tomllib.loads((FAQ_DIR.parent / "pyproject.toml").read_text())["tool"][
        "setuptools"
    ]
    assert "bot.schemas" in setuptools["packages"]
    assert setuptools["package-dir"]["bot.schemas"] == "faq/schema"
    assert setuptools["package-data"]["bot.schemas"] == ["*.json"]
    assert schema.SCHEMA_DIR.resolve() == SCHEMA_DIR.resolve()  # this checkout: faq/schema/
