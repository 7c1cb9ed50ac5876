"""YAML loading that remembers line numbers, so staff get ``path:line: message`` errors.

Pure: takes text, returns values. Mappings become :class:`LineDict`, sequences
:class:`LineList`; both know the line of each of their items.
"""

from __future__ import annotations

from typing import Any

import yaml


class LineDict(dict[Any, Any]):
    """A dict that knows its own line and the line of each value."""

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


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
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
                f"duplicate key {key!r} (first at line {result.lines[key]})",
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = value_node.start_mark.line + 1
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


def load(text: str) -> Any:
    """Parse one YAML document; raise :class:`YAMLProblem` with a line number if broken."""
    try:
        return yaml.load(text, Loader=_Loader)
    except YAMLProblem:
        raise
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        raise YAMLProblem(line, f"YAML syntax: {e.problem or e.context}") from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as e:
        raise YAMLProblem(1, f"YAML: {e}") from None
