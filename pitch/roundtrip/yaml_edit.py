"""Replace one scalar of a YAML file in place, leaving every other byte as it was.

The node's start and end marks give its exact span; only that span is
rewritten. The style is the value's own when it can hold the new text,
else plain, quoted, or a literal block for several lines; each candidate is
parsed back, and one is used only when the file then holds exactly the old
data with just this value changed.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import yaml

from pitch.inputs.load import FieldPath, _Loader
from pitch.roundtrip.rewrap import rewrap_block

BLOCK_WIDTH = 88
_TRAILING_LINES = re.compile(r"\n[ \n]*\Z")


class EditError(ValueError):
    """The value cannot be found, or no YAML style holds the new text."""


def find_scalar(text: str, line: int, column: int) -> FieldPath:
    """The path, within the file, of the scalar that starts at line:column (1-based)."""
    for path, node in _scalars(_compose(text), ()):
        if (node.start_mark.line + 1, node.start_mark.column + 1) == (line, column):
            return path
    raise EditError(f"no single value starts at line {line}, column {column}")


def replace_value(text: str, path: FieldPath, value: str | Decimal) -> str:
    """The file's text with the scalar at `path` set to `value`; every other byte kept."""
    node = dict(_scalars(_compose(text), ())).get(path)
    if node is None:
        raise EditError("the value is not a single scalar in the file")
    expected = _with_value(_load(text), path, value)
    start, end = node.start_mark.index, node.end_mark.index
    original = text[start:end]
    trailing = _TRAILING_LINES.search(original) if node.style in ("|", ">") else None
    suffix = trailing.group() if trailing else ""
    indent = _line_indent(text, start) + 2
    rest = text[end:]
    if node.style in ("|", ">") and isinstance(value, str):
        edited = _rewrapped(text, start, end, suffix, value, path, node.style)
        if edited is not None:
            return edited
    for candidate in _candidates(value, node.style, indent):
        if candidate.endswith("\n") and rest.startswith("\n"):
            candidate = candidate[:-1]
        edited = text[:start] + candidate + ("" if candidate.endswith("\n") else suffix) + rest
        try:
            if _load(edited) == expected:
                return edited
        except yaml.YAMLError:
            continue
    raise EditError("no YAML style keeps this text as it is")


def _rewrapped(
    text: str, start: int, end: int, suffix: str, value: str, path: FieldPath, style: str,
) -> str | None:
    """The block kept in its own lines and style, when it then means the same Markdown."""
    body = text[start:end]
    if suffix:
        body = body[: len(body) - len(suffix)]
    block = rewrap_block(body, value)
    if block is None:
        return None
    edited = text[:start] + block + suffix + text[end:]
    try:
        data = _load(edited)
    except yaml.YAMLError:
        return None
    parsed = _value_at(data, path)
    if not isinstance(parsed, str) or _paragraphs(parsed) != _paragraphs(value):
        return None
    if data != _with_value(_load(text), path, parsed):
        return None
    return edited


def _paragraphs(text: str) -> list[str]:
    """Text as Markdown reads it: paragraphs, each with its whitespace collapsed."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip())]


def _value_at(data: Any, path: FieldPath) -> Any:
    for part in path:
        data = data[part]
    return data


def _candidates(value: str | Decimal, style: str | None, indent: int) -> list[str]:
    if isinstance(value, Decimal):
        whole = value == value.to_integral_value()
        return [str(value.quantize(Decimal(1))) if whole else str(value)]
    if "\n" in value:
        return [_literal_block(value, indent), json.dumps(value, ensure_ascii=False)]
    plain, single = value, "'" + value.replace("'", "''") + "'"
    double = json.dumps(value, ensure_ascii=False)
    order = {"'": [single, double], '"': [double, single]}.get(style or "", [plain, single, double])
    return [*order, double]


def format_scalar(value: str, indent: int) -> str:
    """A text as a YAML value after `key: `, in the plainest style that reads back as it is:
    plain, double-quoted, or a literal block indented by `indent` for several lines."""
    candidates = [_literal_block(value, indent).rstrip("\n")] if "\n" in value else [value]
    for candidate in [*candidates, json.dumps(value, ensure_ascii=False)]:
        try:
            if _load(f"key: {candidate}\n") == {"key": value}:
                return candidate
        except yaml.YAMLError:
            continue
    raise EditError("no YAML style keeps this text as it is")


def _literal_block(value: str, indent: int) -> str:
    """A literal block: each paragraph wrapped at the width, the value unchanged for Markdown."""
    pad = " " * indent
    lines = []
    for line in value.split("\n"):
        lines += _wrap(line, BLOCK_WIDTH - indent) if line else [""]
    body = "\n".join(f"{pad}{line}" if line else "" for line in lines)
    return f"|-\n{body}\n"


def _wrap(line: str, width: int) -> list[str]:
    """Wrap a Markdown line at spaces; a list item's later lines keep its indent."""
    prefix = "  " if re.match(r"^(- |\d+\. )", line) else ""
    words, lines, current = line.split(" "), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = prefix + word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current]


def _line_indent(text: str, index: int) -> int:
    line_start = text.rfind("\n", 0, index) + 1
    line = text[line_start:index]
    return len(line) - len(line.lstrip(" -")) if line.lstrip().startswith("-") else (
        len(line) - len(line.lstrip(" ")))


def _compose(text: str) -> yaml.Node:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if node is None:
        raise EditError("the file is empty")
    return node


def _load(text: str) -> Any:
    return yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader


def _scalars(node: yaml.Node, path: FieldPath) -> list[tuple[FieldPath, yaml.ScalarNode]]:
    if isinstance(node, yaml.ScalarNode):
        return [(path, node)]
    found: list[tuple[FieldPath, yaml.ScalarNode]] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += _scalars(value, (*path, str(key.value)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found += _scalars(item, (*path, index))
    return found


def _with_value(data: Any, path: FieldPath, value: str | Decimal) -> Any:
    """A copy of the data with one value replaced, to compare the edited file against."""
    if not path:
        return int(value) if isinstance(value, Decimal) and value == int(value) else (
            float(value) if isinstance(value, Decimal) else value)
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {key: _with_value(item, rest, value) if key == head else item
                for key, item in data.items()}
    return [_with_value(item, rest, value) if index == head else item
            for index, item in enumerate(data)]
