"""Every resolved value of a variant, with the file and line it came from.

Paths are written the way a funder file's `overrides` takes them (list
items by id where they have one), so a writer can copy a path from here
into an override.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pitch.inputs.load import FieldPath
from pitch.inputs.variant import Origin, Variant

PREVIEW_LENGTH = 70


@dataclass(frozen=True)
class ResolvedValue:
    """One leaf value of the variant and where it was decided."""

    path: str
    value: str
    origin: Origin
    from_funder: bool


def resolved_values(variant: Variant) -> list[ResolvedValue]:
    """Every leaf value of the variant's inputs, in file order."""
    funder_file = variant.funder_source.display if variant.funder_source else None
    values = []
    for file in variant.data:
        name = f"sections[{file.split('/', 1)[1]}]" if file.startswith("sections/") else file
        for path, readable, value in _leaves(variant.data[file], (), name):
            origin = _origin(variant, file, path)
            values.append(ResolvedValue(readable, _preview(value), origin,
                                        origin.file == funder_file))
    return values


def _leaves(node: Any, path: FieldPath, readable: str) -> Iterator[tuple[FieldPath, str, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key), f"{readable}.{key}")
    elif isinstance(node, list) and node:
        for index, item in enumerate(node):
            label = item.get("id") if isinstance(item, dict) and "id" in item else index
            yield from _leaves(item, (*path, index), f"{readable}[{label}]")
    else:
        yield path, readable, node


def _origin(variant: Variant, file: str, path: FieldPath) -> Origin:
    for end in range(len(path), -1, -1):
        origin = variant.origins.get((file, path[:end]))
        if origin:
            return origin
    return Origin(f"inputs/{file}.yaml", 1, 1)


def _preview(value: Any) -> str:
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= PREVIEW_LENGTH else text[: PREVIEW_LENGTH - 1] + "…"
