"""A minimal Language Server Protocol client for yaml-language-server, the engine of the
editors staff use (VS Code's Red Hat YAML extension, Neovim's yamlls, Helix, Zed...).

It opens a file the way an editor does and returns the diagnostics the editor would
underline, so tests compare them with `faqbot check`.
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "tests" / "editor" / "node_modules" / "yaml-language-server" / "bin"
SETTINGS = {
    "validate": True,
    "hover": True,
    "completion": True,
    "schemaStore": {"enable": False},  # no network; the $schema line is all it needs
}


class YamlLanguageServer:
    """yaml-language-server over stdio: ``diagnostics(path)``, ``hover(path, line, column)``."""

    def __init__(self, root: Path) -> None:
        self.process = subprocess.Popen(
            ["node", str(SERVER / "yaml-language-server"), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.last_id = 0
        self.version = 0
        assert self.process.stdout
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.request("initialize", {"processId": None, "rootUri": root.as_uri(), "capabilities": {
            "workspace": {"configuration": True},
            "textDocument": {
                "hover": {"contentFormat": ["plaintext", "markdown"]},
                "completion": {"completionItem": {"snippetSupport": True}},
            },
        }})  # fmt: skip
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": {"yaml": SETTINGS}})

    def _read(self, stream: IO[bytes]) -> None:
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self.messages.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(data), data))
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.last_id += 1
        wanted = self.last_id
        self._send({"id": wanted, "method": method, "params": params})
        return self._wait(lambda m: m.get("id") == wanted and "method" not in m).get("result")

    def _wait(self, match: Any, timeout: float = 60) -> dict[str, Any]:
        while True:
            message = self.messages.get(timeout=timeout)
            if "method" in message and "id" in message:  # the server asks us something
                result = None
                if message["method"] == "workspace/configuration":
                    items = message["params"]["items"]
                    result = [SETTINGS if i.get("section") == "yaml" else None for i in items]
                self._send({"id": message["id"], "result": result})
            elif match(message):
                return message

    def open(self, path: Path) -> str:
        """Open (or reopen) ``path`` as an editor does; its URI."""
        uri = path.resolve().as_uri()
        self.version += 1
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": self.version, "text": path.read_text(),
        }})  # fmt: skip
        return uri

    def diagnostics(self, path: Path) -> list[tuple[int, str]]:
        """(1-based line, message) of what the editor underlines in ``path``."""
        uri = self.open(path)
        found = self._wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"].get("version", self.version) == self.version
            )
        )
        return [
            (d["range"]["start"]["line"] + 1, d["message"]) for d in found["params"]["diagnostics"]
        ]

    def hover(self, path: Path, line: int, column: int) -> str:
        """The text shown on hover at 1-based ``line`` and 0-based ``column``."""
        self.diagnostics(path)  # opened and its schema loaded
        result = self.request("textDocument/hover", {
            "textDocument": {"uri": path.resolve().as_uri()},
            "position": {"line": line - 1, "character": column},
        })  # fmt: skip
        contents = (result or {}).get("contents", "")
        return str(contents.get("value", "") if isinstance(contents, dict) else contents)

    def complete(self, path: Path, line: int, column: int) -> list[str]:
        """The labels the editor offers to complete at 1-based ``line``, 0-based ``column``."""
        self.diagnostics(path)
        result = self.request("textDocument/completion", {
            "textDocument": {"uri": path.resolve().as_uri()},
            "position": {"line": line - 1, "character": column},
        })  # fmt: skip
        items = result.get("items", []) if isinstance(result, dict) else result or []
        return [str(item["label"]) for item in items]

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
