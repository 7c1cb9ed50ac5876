"""The FAQ files' structure, checked against the JSON Schemas of ``faq/schema/``.

The same schema files serve the staff's editors (through the first line of each FAQ file,
``# yaml-language-server: $schema=schema/entries.json``) and ``faqbot check``, so the two
never disagree: a key, a language or a type is added in the schema and nowhere else.
What a schema cannot express (ids used in ``related``, placeholders, Telegram HTML,
duplicate phrasings) stays in :mod:`bot.kb`.

:func:`screen` validates one loaded file and returns it without the items the schema
rejects, with one ``(line, message)`` per problem, so :mod:`bot.kb` builds the knowledge
base from well-formed items only and reports each problem once.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence, Sized
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator, ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from bot.yamlines import LineDict, LineList

# An installed package carries the schemas in bot/schemas/; a source checkout reads faq/schema/.
_PACKAGED = Path(__file__).parent / "schemas"
SCHEMA_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).parent.parent / "faq" / "schema"

# The schema of a file without a `$schema` line, by its top-level key.
KINDS: Mapping[str, str] = {
    "entries": "entries.json",
    "facts": "facts.json",
    "sources": "sources.json",
    "categories": "categories.json",
    "out_of_scope": "out-of-scope.json",
}
SCHEMAS = (*KINDS.values(), "smalltalk.json")
MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")
_KIND_NAMES = {"facts": "fact", "sources": "source", "categories": "category"}
_NOUNS = {"object": "a mapping", "array": "a list", "string": "a text", "number": "a number"}


def declared(text: str) -> str | None:
    """The schema named by a ``# yaml-language-server: $schema=...`` line of the leading comments."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            return None
        found = MODELINE.match(stripped)
        if found:
            return found.group(1)
    return None


def modeline(name: str) -> str:
    """The first line that points editors at schema ``name``: ``# yaml-language-server: ...``."""
    return f"# yaml-language-server: $schema=schema/{name}"


@cache
def load(name: str) -> dict[str, Any]:
    """Schema ``name`` (``entries.json``...), as JSON."""
    data: dict[str, Any] = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    return data


@cache
def _validator(name: str | None) -> Draft7Validator:
    registry: Registry[Any] = Registry().with_resources(
        (n, Resource.from_contents(load(n), default_specification=DRAFT7)) for n in SCHEMAS
    )
    if name is None:  # no $schema line: each top-level key by the schema of its kind
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {k: {"$ref": f"{n}#/properties/{k}"} for k, n in KINDS.items()},
        }
    else:
        schema = {"$ref": name}
    return Draft7Validator(schema, registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)


def screen(text: str, doc: Any) -> tuple[Any, list[tuple[int, str]]]:
    """Validate loaded file ``doc`` (of source ``text``) against its schema.

    Returns the document without the items that break the schema (a value of facts,
    sources or categories is replaced by a neutral one, so its name stays known) and
    one ``(line, message)`` per problem.
    """
    if doc is None:
        return None, []
    name = declared(text)
    if name is not None and Path(name).name not in SCHEMAS:
        known = ", ".join(f"schema/{n}" for n in SCHEMAS)
        line = next(i for i, t in enumerate(text.splitlines(), 1) if MODELINE.search(t))
        return doc, [(line, f"unknown schema {name!r} (one of {known})")]
    validator = _validator(Path(name).name if name else None)
    problems: list[tuple[int, str]] = []
    bad: set[tuple[Any, ...]] = set()
    for error in validator.iter_errors(_plain(doc)):
        for path, line, message in _explain(doc, error, name):
            problems.append((line, message))
            if path is not None:
                bad.add(path)
    return _without(doc, bad), sorted(set(problems))


def _plain(value: Any) -> Any:
    """The data a YAML editor sees: dates as ``YYYY-MM-DD`` text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _explain(
    doc: Any, error: ValidationError, schema_name: str | None
) -> Iterator[tuple[tuple[Any, ...] | None, int, str]]:
    """The item to drop, the line and the message of each problem ``error`` stands for."""
    path: tuple[Any, ...] = tuple(error.absolute_path)
    instance: Any = error.instance
    schema = error.schema if isinstance(error.schema, Mapping) else {}
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(schema.get("properties", {}))
        for key in error.instance:
            if key in allowed:
                continue
            if set(allowed) == {"fr", "en"}:
                message = f"unknown language {key!r} (use fr and en)"
            else:
                message = f"unknown key {key!r} (expected {', '.join(allowed)})"
            line = _line(doc, path, key=key)
            yield _unit((*path, key)), line, _prefix(doc, path) + message
        return
    if "propertyNames" in error.relative_schema_path:  # a name, not a value, is wrong
        message = _prefix(doc, (*path, instance)) + _message(error, path, schema)
        yield _unit((*path, instance)), _line(doc, path, key=instance), message
        return
    if error.validator == "required" and isinstance(instance, dict):
        missing = [k for k in _as_list(error.validator_value) if k not in instance]
        # on the line of the key that holds the mapping, as editors do, else the mapping's
        holder = bool(path) and isinstance(_at(doc, path[:-1]), LineDict)
        line = _line(doc, path[:-1], key=path[-1]) if holder else _line(doc, path)
        for key in missing:
            if key in ("fr", "en"):
                what = "phrasings" if path and path[-1] == "questions" else "text"
                message = f"missing {key} {what} (fr and en are both required)"
            else:
                message = f"{key} is required"
            # a file without its main key is still read; anything deeper is unusable
            yield (_unit(path) if path else None), line, _prefix(doc, path) + message
        return
    if not path and error.validator == "type":
        keys = ", ".join(KINDS if schema_name is None else _top_keys(schema_name))
        yield (), getattr(doc, "line", 1), f"expected a mapping with keys among {keys}"
        return
    yield _unit(path), _line(doc, path), _prefix(doc, path) + _message(error, path, schema)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _top_keys(schema_name: str) -> list[str]:
    return list(load(Path(schema_name).name).get("properties", {}))


def _message(error: ValidationError, path: tuple[Any, ...], schema: Mapping[str, Any]) -> str:
    custom = schema.get("errorMessage")
    if isinstance(custom, str):
        return custom
    count = len(error.instance) if isinstance(error.instance, Sized) else 0
    if error.validator == "minItems":
        noun = " phrasings" if len(path) > 1 and path[-2] == "questions" else ""
        return f"needs at least {error.validator_value}{noun}, has {count}"
    if error.validator == "maxItems":
        return f"at most {error.validator_value}, has {count}"
    if error.validator == "type":
        return f"expected {_NOUNS.get(str(error.validator_value), error.validator_value)}"
    return error.message


def _prefix(doc: Any, path: tuple[Any, ...]) -> str:
    """Where, for people: ``entry deadline: answer: `` or ``fact 'when': ``."""
    if not path:
        return ""
    head, rest = path[0], [str(p) for p in path[2:]]
    if head == "entries" and len(path) > 1:
        item = _at(doc, path[:2])
        ident = item.get("id") if isinstance(item, dict) else None
        name = ident if isinstance(ident, str) else f"at line {_line(doc, path[:2])}"
        words = [f"entry {name}", *rest]
    elif head in ("facts", "sources", "categories") and len(path) > 1:
        words = [f"{_KIND_NAMES[head]} {path[1]!r}", *rest]
    else:
        words = [str(p) for p in path]
    return ": ".join(words) + ": "


def _unit(path: tuple[Any, ...]) -> tuple[Any, ...]:
    """The item a problem at ``path`` makes unusable: an entry, a fact, a language list..."""
    return path[:2]


def _at(doc: Any, path: Sequence[Any]) -> Any:
    node = doc
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _line(doc: Any, path: Sequence[Any], key: Any = None) -> int:
    """Line of the value at ``path`` (or of its ``key``), else of the deepest mapping or list
    that holds it."""
    node, line = doc, getattr(doc, "line", 1)
    for part in path:
        if isinstance(node, LineDict):
            line, node = node.line_of(part), node.get(part)
        elif isinstance(node, LineList) and isinstance(part, int):
            line, node = node.line_of(part), node[part] if part < len(node) else None
        else:
            return line
    if key is not None and isinstance(node, LineDict):
        return node.line_of_key(key)
    return line


def _without(doc: Any, bad: set[tuple[Any, ...]]) -> Any:
    """``doc`` less the rejected items: a whole file, a top-level key or one of its items."""
    if () in bad:
        return None
    if not isinstance(doc, LineDict):
        return doc
    result = _copy_dict(doc)
    for key, value in doc.items():
        drop = {p[1] for p in bad if len(p) == 2 and p[0] == key}
        if (key,) in bad:
            del result[key]
        elif drop:
            result[key] = _mend(key, value, drop)
    return result


def _mend(kind: Any, value: Any, drop: set[Any]) -> Any:
    """``value`` without the items ``drop``; facts, sources and categories keep their name.

    A neutral value keeps the name known, so a broken fact does not also give "unknown
    placeholder" in every answer that uses it.
    """
    if isinstance(value, LineList):
        kept = [i for i in range(len(value)) if i not in drop]
        result = LineList(value[i] for i in kept)
        result.line, result.lines = value.line, [value.lines[i] for i in kept]
        return result
    if not isinstance(value, LineDict):
        return value
    mended = _copy_dict(value)
    for name in drop:
        if kind == "facts" and _fact_name(name):
            mended[name] = ""
        elif kind == "sources":
            neutral = LineDict(title=str(name))
            neutral.line, neutral.lines = value.line_of(name), {}
            mended[name] = neutral
        elif kind == "categories":
            mended[name] = str(name)
        else:
            mended.pop(name, None)
    return mended


def _fact_name(name: Any) -> bool:
    pattern = load("facts.json")["properties"]["facts"]["propertyNames"]["pattern"]
    return isinstance(name, str) and re.search(pattern, name) is not None


def _copy_dict(value: LineDict) -> LineDict:
    result = LineDict(value)
    result.line, result.lines = value.line, dict(value.lines)
    result.key_lines = dict(getattr(value, "key_lines", {}))
    return result


def min_phrasings(category: str) -> dict[str, int]:
    """Phrasings each language needs, as the schema says (small talk needs fewer)."""
    entry = load("entries.json")["definitions"]["entry"]
    branch = entry["then" if category == "smalltalk" else "else"]
    counts = branch["properties"]["questions"]["properties"]
    return {lang: int(counts[lang]["minItems"]) for lang in ("fr", "en")}


def entry_skeleton(
    entry_id: str, category: str, sources: Sequence[str], today: dt.date
) -> dict[str, Any]:
    """A complete, valid entry to fill in: every key of the schema, in its order.

    Phrasings and answers are marked "À REMPLACER" / "TO REPLACE"; a key the generator
    does not know takes the schema's ``default``.
    """
    needed = min_phrasings(category)
    fr = [f"À REMPLACER : la question telle qu'un candidat la pose ({entry_id}) ?"]
    fr += [f"À REMPLACER : formulation {n} ({entry_id})" for n in range(2, needed["fr"] + 1)]
    en = [f"TO REPLACE: the question as an applicant asks it ({entry_id})?"]
    en += [f"TO REPLACE: phrasing {n} ({entry_id})" for n in range(2, needed["en"] + 1)]
    known: dict[str, Any] = {
        "id": entry_id,
        "category": category,
        "questions": {"fr": fr, "en": en},
        "answer": {
            "fr": "À REMPLACER : 2 à 5 phrases, uniquement des faits de la fiche de l'appel.",
            "en": "TO REPLACE: 2 to 5 sentences, only facts from the call's fact sheet.",
        },
        "sources": list(sources),
        "related": [],
        "reviewed": today,
    }
    properties = load("entries.json")["definitions"]["entry"]["properties"]
    return {
        key: known[key] if key in known else spec.get("default")
        for key, spec in properties.items()
        if key in known or "default" in spec
    }


class _Dumper(yaml.SafeDumper):
    """Lists indented under their key, as in the FAQ files."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def as_list_item(entry: Mapping[str, Any], indent: str = "  ") -> str:
    """``entry`` as one item of a YAML list (``- id: ...``), to paste under ``entries:``."""
    text = yaml.dump([dict(entry)], Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    return "".join(f"{indent}{line}\n" for line in text.splitlines())
