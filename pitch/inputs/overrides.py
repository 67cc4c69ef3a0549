"""Paths that name one value of the inputs, such as `strategy.pillars[equity].summary`.

A path starts with the file (pitch, values, strategy, asks, or an open
section as sections[id]), then keys
separated by dots; a list item is picked by its id in brackets, or by its
position counted from 0.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from pitch.inputs.load import FieldPath
from pitch.inputs.messages import did_you_mean, fields_at
from pitch.inputs.model import FILE_MODELS

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\]]+\])*)")
_SELECTOR = re.compile(r"\[([^\]]+)\]")


class OverridePathError(ValueError):
    """An override names a value that is not there."""


ParsedPath = tuple[str, tuple[str | int | tuple[str], ...]]


_SECTION_FILE = re.compile(r"sections\[([^\]]+)\]")


def parse_path(text: str, files: tuple[str, ...]) -> ParsedPath:
    """Split `file.key[selector].key` into the file and its steps.

    An open section is a file named `sections[id]`, as `pitch explain` prints it.
    """
    file, _, rest = text.partition(".")
    section = _SECTION_FILE.fullmatch(file)
    if section:
        file = f"sections/{section.group(1)}"
        sections = [name.split("/", 1)[1] for name in files if name.startswith("sections/")]
        if file not in files:
            raise OverridePathError(f"there is no section '{section.group(1)}' in sections/"
                                    f"{did_you_mean(section.group(1), sections)}")
    elif file not in files:
        raise OverridePathError(
            f"'{text}' must start with one of {', '.join(files)}{did_you_mean(file, list(files))}")
    steps: list[str | int | tuple[str]] = []
    for part in rest.split(".") if rest else []:
        match = _STEP.fullmatch(part)
        if not match:
            raise OverridePathError(f"'{part}' in '{text}' is not a key or key[id]")
        steps.append(match.group(1))
        for selector in _SELECTOR.findall(match.group(2)):
            steps.append(int(selector) if selector.isdigit() else (selector,))
    if not steps:
        raise OverridePathError(f"'{text}' names a whole file; name a value inside it")
    return file, tuple(steps)


def resolve_path(
    data: dict[str, Any], parsed: ParsedPath, model: type[BaseModel] | None = None
) -> tuple[str, FieldPath]:
    """The concrete path (keys and list positions) of a parsed path in the data.

    `model` is the file's model, when it is not one of FILE_MODELS (a section's kind).
    """
    file, steps = parsed
    model = model or FILE_MODELS[file]
    node: Any = data[file]
    path: list[str | int] = []
    for position, step in enumerate(steps):
        last = position == len(steps) - 1
        if isinstance(step, str):
            allowed = fields_at(model, tuple(path))
            if step not in allowed:
                where = format_where(file, path)
                raise OverridePathError(
                    f"there is no key '{step}' in {where}{did_you_mean(step, allowed)}")
            path.append(step)
            node = node.get(step) if isinstance(node, dict) else None
            if node is None and not last:
                raise OverridePathError(f"{format_where(file, path)} is not set in the inputs")
        else:
            index = _list_index(node, step, file, path)
            path.append(index)
            node = node[index]
    return file, tuple(path)


def _list_index(node: Any, step: int | tuple[str], file: str, path: list[str | int]) -> int:
    where = format_where(file, path)
    if not isinstance(node, list):
        raise OverridePathError(f"{where} is not a list")
    if isinstance(step, int):
        if step >= len(node):
            raise OverridePathError(f"{where} has {len(node)} items; there is no [{step}]")
        return step
    ids = [item.get("id") for item in node if isinstance(item, dict)]
    if step[0] not in ids:
        known = [str(item_id) for item_id in ids if item_id]
        raise OverridePathError(
            f"{where} has no item with id '{step[0]}'{did_you_mean(step[0], known)}")
    return ids.index(step[0])


def format_where(file: str, path: list[str | int]) -> str:
    """A readable name for a place in the inputs: `strategy.pillars[2]`, `sections[risks].body`."""
    text = f"sections[{file.split('/', 1)[1]}]" if file.startswith("sections/") else file
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text
