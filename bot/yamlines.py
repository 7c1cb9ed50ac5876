"""YAML loading that remembers line numbers, so staff get ``path:line: message`` errors.

Pure: takes text, returns values. Mappings become :class:`LineDict`, sequences
:class:`LineList`; both know the line of each of their items.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class LineDict(dict[Any, Any]):
    """A dict that knows its own line, the line of each value and of each key."""

    line: int
    lines: dict[Any, int]
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        """Line of ``key``'s value, or of the mapping itself when the key is absent."""
        return self.lines.get(key, self.line)

    def line_of_key(self, key: Any) -> int:
        """Line of ``key`` itself (its value may start on a later line)."""
        key_lines: dict[Any, int] = getattr(self, "key_lines", {})
        return key_lines.get(key, self.line_of(key))


class LineList(list[Any]):
    """A list that knows its own line and the line of each item."""

    line: int
    lines: list[int]

    def line_of(self, index: int) -> int:
        """Line of item ``index``."""
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class YAMLProblem(ValueError):
    """Broken YAML: ``line`` is 1-based, ``message`` is for people."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{line}: {message}")
        self.line = line
        self.message = message


class _PyLoader(yaml.SafeLoader):
    """The pure-Python loader: slower, but its error messages say where a block started."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            _refuse(self.peek_event())  # type: ignore[no-untyped-call]
        return super().compose_node(parent, index)


def _refuse(event: Any) -> None:
    # An alias (*name) repeats a node; a chain of them expands a few hundred bytes into
    # gigabytes ("billion laughs"). Staff never need them: refused.
    raise YAMLProblem(
        event.start_mark.line + 1,
        f"YAML alias *{event.anchor} is not allowed in FAQ files: write the value out",
    )


# libyaml parses the FAQ ten times faster; the pure loader explains the errors.
_Loader: type[Any] = getattr(yaml, "CSafeLoader", _PyLoader)
if _Loader is not _PyLoader:

    class _CLoader(_Loader):  # type: ignore[misc]
        pass

    _Loader = _CLoader


def _mapping(loader: Any, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | bool | float) and key is not None:
            raise YAMLProblem(key_node.start_mark.line + 1, "a key must be a plain word")
        if key in result:
            raise YAMLProblem(
                key_node.start_mark.line + 1,
                f"duplicate key {key!r} (first at line {result.key_lines[key]})",
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = value_node.start_mark.line + 1
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: Any, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


for _loader in (_PyLoader, _Loader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load(text: str) -> Any:
    """Parse one YAML document; raise :class:`YAMLProblem` with a line number if broken."""
    try:
        if _Loader is not _PyLoader:  # libyaml composes in C: look for aliases in its events
            for event in yaml.parse(text, Loader=_Loader):
                if isinstance(event, yaml.AliasEvent):
                    _refuse(event)
        return yaml.load(text, Loader=_Loader)
    except YAMLProblem:
        raise
    except yaml.MarkedYAMLError:
        pass  # parse again with the pure loader, whose messages are the ones explained
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as e:
        raise YAMLProblem(1, f"YAML: {e}") from None
    try:
        return yaml.load(text, Loader=_PyLoader)
    except YAMLProblem:
        raise
    except yaml.MarkedYAMLError as e:
        line, message = explain(text, e)
        raise YAMLProblem(line, message) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as e:
        raise YAMLProblem(1, f"YAML: {e}") from None


_KEY_LINE = re.compile(r"\n[ \t]*(?:- )?[\w-]+:(?:[ \t]|\n|$)")
_OPENERS = {"flow sequence": "[", "flow mapping": "{"}


def explain(text: str, error: yaml.MarkedYAMLError) -> tuple[int, str]:
    """Where a YAML syntax error starts, and what it is, in plain words.

    PyYAML stops where it gives up, often far below the cause; its context ("while
    parsing ... line 7") and the tokens read so far say where the problem started.
    """
    problem = error.problem or ""
    context = error.context or ""
    at = error.problem_mark.line + 1 if error.problem_mark else 1
    since = error.context_mark.line + 1 if error.context_mark else at
    tab = _first_tab(text, at)
    if tab is not None and ("\\t" in problem or "tab" in problem or "'\\t'" in problem):
        return tab, "tab character: indent with spaces, never tabs"
    if "quoted scalar" in context:
        quote = _quote_at(text, error.context_mark)
        return since, f"a quote ({quote}) opened on line {since} is never closed"
    runaway = _runaway_quote(text, at)
    if runaway is not None:
        start, quote, stop = runaway
        return start, (
            f"a quote ({quote}) opened on line {start} is never closed: "
            f"the text runs on to line {stop}"
        )
    for what, opener in _OPENERS.items():
        if what in context:
            closer = "]" if opener == "[" else "}"
            return since, f"a '{opener}' opened on line {since} is never closed with '{closer}'"
    if tab is not None:
        return tab, "tab character: indent with spaces, never tabs"
    if "mapping values are not allowed" in problem:
        if _deeper_than_previous(text, at):
            return at, (
                f"indentation: line {at} is indented further than the line above it, "
                "which already has a value"
            )
        return at, "a ': ' inside a value: put the whole value in quotes"
    if "block" in context or "block end" in problem or "indentation" in problem:
        return at, (
            f"indentation: line {at} is not aligned with the lines above it "
            f"(the block starting on line {since})"
        )
    return at, f"YAML syntax: {problem or context}"


def _deeper_than_previous(text: str, number: int) -> bool:
    """True when line ``number`` starts a key, indented more than a line that has a value."""
    lines = text.splitlines()
    if not 1 < number <= len(lines) or not _KEY_LINE.match("\n" + lines[number - 1]):
        return False
    previous = next((ln for ln in reversed(lines[: number - 1]) if ln.strip()), "")

    def indent(line: str) -> int:
        return len(line) - len(line.lstrip(" "))

    has_value = not previous.rstrip().endswith(":")  # "key:" alone opens a block
    return has_value and indent(lines[number - 1]) > indent(previous)


def _first_tab(text: str, upto: int) -> int | None:
    """The first line, up to ``upto``, indented with a tab."""
    for number, line in enumerate(text.splitlines()[:upto], 1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number
    return None


def _quote_at(text: str, mark: Any) -> str:
    """The quote character at a mark (``"`` by default)."""
    index = getattr(mark, "index", None)
    if isinstance(index, int) and 0 <= index < len(text) and text[index] in "'\"":
        return text[index]
    return '"'


def _runaway_quote(text: str, upto: int) -> tuple[int, str, int] | None:
    """A quoted text running over several lines up to the error, or over YAML keys:
    (start line, quote, end line)."""
    found = None
    try:
        for token in yaml.scan(text, Loader=_PyLoader):
            if token.start_mark.line + 1 > upto:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ("'", '"')
                and token.end_mark.line > token.start_mark.line
                and (
                    token.end_mark.line + 1 == upto  # the error is where the quote closed
                    or _KEY_LINE.search(text[token.start_mark.index : token.end_mark.index])
                )
            ):
                found = (token.start_mark.line + 1, token.style, token.end_mark.line + 1)
                break
    except yaml.YAMLError:
        pass
    return found
