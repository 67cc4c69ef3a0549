"""Where a value path lives now: its file, line and column in the inputs or a funder's file.

The same paths as `pitch explain` and funder overrides; for a funder's
variant the origin is the funder file's entry when the value came from
there. Organisation files are named `organisations/<id>.<key>`.
"""

from __future__ import annotations

from typing import Any

from pitch.inputs.load import FieldPath
from pitch.inputs.overrides import OverridePathError, parse_path
from pitch.inputs.validate import CheckedInputs
from pitch.inputs.variant import Origin, Variant, resolve_in

ORGANISATIONS = "organisations/"


def locate_value(inputs: CheckedInputs, variant: Variant, path: str) -> Origin:
    """The file, line and column of the value at `path` (the file's start when it is gone)."""
    found = resolve_value(inputs, variant, path)
    if found is None:
        return Origin(_file_of(inputs, path), 1, 1)
    file, field_path = found
    if file.startswith(ORGANISATIONS):
        line, column = inputs.sources[file].locate(field_path)
        return Origin(inputs.sources[file].display, line, column)
    for end in range(len(field_path), -1, -1):
        origin = variant.origins.get((file, field_path[:end]))
        if origin is not None:
            return origin
    return Origin(inputs.sources[file].display, 1, 1)


def resolve_value(inputs: CheckedInputs, variant: Variant, path: str) -> tuple[str, FieldPath] | None:
    """The source name and concrete path of a value path, or None when it is not there."""
    try:
        if path.startswith(ORGANISATIONS):
            name = path.split(".", 1)[0]
            if name not in inputs.sources:
                return None
            parsed = parse_path(path, (name,))
            return name, _resolve_plain(inputs.sources[name].data, parsed[1])
        return resolve_in(variant.data, path)
    except (OverridePathError, KeyError, IndexError, TypeError):
        return None


def _resolve_plain(data: Any, steps: tuple[str | int | tuple[str], ...]) -> FieldPath:
    path: list[str | int] = []
    node = data
    for step in steps:
        if isinstance(step, tuple):
            ids = [item.get("id") if isinstance(item, dict) else None for item in node]
            index = ids.index(step[0]) if step[0] in ids else -1
            if index < 0:
                raise KeyError(step[0])
            step = index
        node = node[step]
        path.append(step)
    return tuple(path)


def _file_of(inputs: CheckedInputs, path: str) -> str:
    name = path.split(".", 1)[0]
    source = inputs.sources.get(name)
    return source.display if source else f"inputs/{name}.yaml"
