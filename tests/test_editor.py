"""What staff's editors show, from the real yaml-language-server (VS Code's Red Hat YAML,
Neovim's yamlls...): nothing on the real FAQ; on every broken example of the test suite,
the very lines `faqbot check` reports for the file's structure; bilingual hovers.

`make test` installs the server (tests/editor/package.json) with npm.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import FAQ_DIR
from test_kb import BROKEN
from test_schema import FAQ_FILES, _declared
from yamlls import SERVER, YamlLanguageServer

from bot import schema
from bot.yamlines import YAMLProblem, load

if not SERVER.is_dir() and not os.environ.get("CI"):
    pytest.skip("yaml-language-server not installed: run make test", allow_module_level=True)


@pytest.fixture(scope="module")
def editor() -> Iterator[YamlLanguageServer]:
    server = YamlLanguageServer(FAQ_DIR.parent)
    yield server
    server.close()


@pytest.mark.parametrize("name", FAQ_FILES)
def test_the_editor_underlines_nothing_in_the_real_faq(
    editor: YamlLanguageServer, name: str
) -> None:
    assert editor.diagnostics(FAQ_DIR / name) == []


@pytest.mark.parametrize(("files", "expected"), BROKEN)
def test_editor_and_checker_flag_the_same_lines(
    editor: YamlLanguageServer,
    make_faq: Callable[..., Path],
    files: dict[str, str],
    expected: str,
) -> None:
    folder = make_faq({name: _declared(name, text) for name, text in files.items()})
    shutil.copytree(FAQ_DIR / "schema", folder / "schema", dirs_exist_ok=True)
    for name in files:
        text = (folder / name).read_text()
        try:
            doc = load(text)
        except YAMLProblem:
            continue  # YAML syntax: the editor's parser, not the schema
        _, structural = schema.screen(text, doc)
        underlined = editor.diagnostics(folder / name)
        if "unknown schema" in expected:
            assert underlined and structural[0][0] == 1
            continue
        assert {line for line, _ in underlined} == {line for line, _ in structural}, (
            underlined,
            structural,
        )


def test_hover_explains_a_key_in_french_and_english(editor: YamlLanguageServer) -> None:
    path = FAQ_DIR / "calendar.yaml"
    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.startswith("    reviewed:"))
    shown = editor.hover(path, line, 6)
    assert "relecture" in shown and "last checked" in shown


def test_the_editor_completes_an_entrys_keys(editor: YamlLanguageServer, tmp_path: Path) -> None:
    shutil.copytree(FAQ_DIR / "schema", tmp_path / "schema")
    path = tmp_path / "new.yaml"
    path.write_text(schema.modeline("entries.json") + "\nentries:\n  - id: new-entry\n    \n")
    offered = editor.complete(path, 4, 4)
    assert {"category", "questions", "answer", "sources", "related", "reviewed"} <= set(offered)
