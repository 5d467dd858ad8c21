"""Check a canonical RKT JSON document against the project's JSON Schema.

The schema (``extract/schema/rkt.schema.json``) is written from the contract
``shared/spec/rkt-json.md``; this module loads it once and turns ``jsonschema`` errors into
short messages that start with the JSON path of the offending value, e.g.
``$.programs[0].budget.amount: expected integer, got string``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

# Resolved next to this module rather than through importlib.resources: `extract` may be a
# namespace package (no __init__.py) and is installed editable, and both keep this path valid.
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "rkt.schema.json"

# Longest rendering of an offending value inside a message; a whole record is unreadable.
_MAX_VALUE_CHARS = 80

_JSON_TYPE_NAMES = {
    dict: "object",
    list: "array",
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    type(None): "null",
}


class SchemaError(ValueError):
    """A document that does not follow the schema; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        shown = "\n".join(f"  {e}" for e in self.errors[:20])
        more = f"\n  ... and {len(self.errors) - 20} more" if len(self.errors) > 20 else ""
        super().__init__(f"{len(self.errors)} schema error(s):\n{shown}{more}")


@cache
def load_schema() -> dict[str, Any]:
    """The RKT JSON Schema as a dict (read once per process)."""
    with SCHEMA_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema())


def validate_document(data: dict[str, Any]) -> list[str]:
    """Every way ``data`` breaks the schema, as ``"<json path>: <problem>"``; empty when valid."""
    messages: list[str] = []
    for error in _validator().iter_errors(data):
        messages.extend(_describe(error))
    messages.extend(_semantic_errors(data))
    # Sorted and de-duplicated so that output is stable across runs and jsonschema versions.
    return sorted(set(messages), key=_path_sort_key)


def assert_valid(data: dict[str, Any]) -> None:
    """Raise :class:`SchemaError` listing every problem when ``data`` breaks the schema."""
    errors = validate_document(data)
    if errors:
        raise SchemaError(errors)


def _describe(error: ValidationError) -> Iterator[str]:
    # A nullable record is `anyOf: [null, {$ref}]`; its own message ("... is not valid under any
    # of the given schemas") hides the real problem, so report the non-null branch's errors.
    if error.validator in ("anyOf", "oneOf") and error.context:
        branch_errors = [
            sub
            for sub in error.context
            if not (sub.validator == "type" and sub.validator_value == "null")
        ]
        if branch_errors:
            for sub in branch_errors:
                yield from _describe(sub)
            return
    yield f"{error.json_path}: {_problem(error)}"


def _problem(error: ValidationError) -> str:
    kind = error.validator
    if kind == "type":
        expected = error.validator_value
        names = expected if isinstance(expected, list) else [expected]
        return f"expected {' or '.join(names)}, got {_json_type(error.instance)}"
    if kind == "required":
        return error.message
    if kind == "additionalProperties":
        return error.message
    if kind in ("enum", "const"):
        allowed = error.validator_value if kind == "enum" else [error.validator_value]
        return f"{_short(error.instance)} is not one of {', '.join(map(json.dumps, allowed))}"
    if kind == "pattern":
        return f"{_short(error.instance)} does not match {error.validator_value}"
    return _shorten(error.message)


def _semantic_errors(data: dict[str, Any]) -> Iterator[str]:
    """Rules of the contract that a JSON Schema cannot express."""
    if not isinstance(data, dict):
        return
    source = data.get("source")
    doc_id = data.get("document_id")
    if isinstance(source, dict) and isinstance(doc_id, str):
        sha = source.get("sha256")
        if isinstance(sha, str) and len(sha) == 64 and doc_id != sha[:16]:
            yield f"$.document_id: {doc_id!r} is not the first 16 hex of source.sha256"
    document = data.get("document")
    periods = document.get("periods") if isinstance(document, dict) else None
    if isinstance(periods, dict):
        for key, span in periods.items():
            if (
                isinstance(span, list)
                and len(span) == 2
                and all(isinstance(y, int) for y in span)
                and span[0] > span[1]
            ):
                yield f"$.document.periods.{key}: period {span} ends before it starts"


def _json_type(value: Any) -> str:
    return _JSON_TYPE_NAMES.get(type(value), type(value).__name__)


def _short(value: Any) -> str:
    return _shorten(json.dumps(value, ensure_ascii=False, default=str))


def _shorten(text: str) -> str:
    if len(text) <= _MAX_VALUE_CHARS:
        return text
    return text[: _MAX_VALUE_CHARS - 3] + "..."


def _path_sort_key(message: str) -> tuple[str, str]:
    path, _, problem = message.partition(": ")
    return path, problem
