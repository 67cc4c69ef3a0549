"""Read one YAML input safely, keeping the line and column of every value.

pyyaml composes the file into nodes that carry marks; the data is built from
those nodes here (not by pyyaml's constructor) so that only plain data gets
through, duplicate keys are caught, and alias bombs stop early.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pitch.errors import PitchError, Problem, Severity, display_path

MAX_FILE_BYTES = 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64

FieldPath = tuple[str | int, ...]
Position = tuple[int, int]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_SEQUENCE_TAG = "tag:yaml.org,2002:seq"
_MAPPING_TAG = "tag:yaml.org,2002:map"
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


class _Loader(yaml.SafeLoader):
    """A safe loader that leaves dates as text, for pydantic to check."""

    yaml_implicit_resolvers = {  # noqa: RUF012  (pyyaml reads this class attribute)
        first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


_LIBYAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser, where pyyaml was built with it (the wheels are); else pyyaml's own."""


class _FastLoader(_LIBYAML_LOADER):  # type: ignore[misc]  # a base only known at run time
    """_Loader's resolvers on libyaml's parser: the same nodes and marks, ten times faster.

    Only a file that parses is composed by it: on a syntax error the file is
    parsed again by _Loader, whose messages the writer is shown.
    """

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


@dataclass
class LoadedFile:
    """One input file's data, with where each value and key stands in it."""

    path: Path
    display: str
    data: Any
    positions: dict[FieldPath, Position] = field(default_factory=dict)
    key_positions: dict[FieldPath, Position] = field(default_factory=dict)

    def locate(self, field_path: FieldPath, *, key: bool = False) -> Position:
        """The position of a value (or of its key), or of its nearest parent."""
        if key and field_path in self.key_positions:
            return self.key_positions[field_path]
        for end in range(len(field_path), -1, -1):
            position = self.positions.get(field_path[:end])
            if position:
                return position
        return (1, 1)

    def problem(
        self, field_path: FieldPath, message: str, *, key: bool = False,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        """A problem at a field of this file."""
        line, column = self.locate(field_path, key=key)
        return Problem(self.display, line, column, format_field_path(field_path), message, severity)


def format_field_path(field_path: FieldPath) -> str:
    """Write a path the way a writer reads it: `asks[1].amount`."""
    text = ""
    for part in field_path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


class ComposedFiles:
    """The nodes of each file composed before, reused while the file's text stays the same.

    A watch loop keeps one, so that a save composes only the file that changed.
    """

    def __init__(self) -> None:
        self._nodes: dict[Path, tuple[str, yaml.Node | None]] = {}

    def compose(self, path: Path, text: str, display: str) -> yaml.Node | None:
        """The node of `text` (the file at `path`): kept, or composed and kept."""
        kept = self._nodes.get(path)
        if kept is not None and kept[0] == text:
            return kept[1]
        node = _compose(text, display)
        self._nodes[path] = (text, node)
        return node


def load_yaml_file(path: Path, composed: ComposedFiles | None = None) -> LoadedFile:
    """Read, decode and parse one input file; raise PitchError on any problem.

    `composed` keeps the files' nodes from one load to the next (a watch loop's)."""
    display = display_path(path)
    text = _read_text(path, display)
    tab_problems = [
        Problem(display, *_position_of(text, match.end() - 1), message=(
            "a tab is used for indentation; YAML needs spaces"))
        for match in _TAB_INDENT.finditer(text)
    ]
    if tab_problems:
        raise PitchError(tab_problems)
    node = _compose(text, display) if composed is None else composed.compose(path, text, display)
    if node is None:
        raise PitchError([Problem(display, 1, 1, message="the file is empty")])
    loaded = LoadedFile(path=path, display=display, data=None)
    builder = _Builder(loaded)
    loaded.data = builder.build(node, ())
    if builder.problems:
        raise PitchError(builder.problems)
    return loaded


def _read_text(path: Path, display: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PitchError([Problem(display, message=(
                f"the file is {-(-size // 1024):,} KB; an input file may be at most "
                f"{MAX_FILE_BYTES // 1024:,} KB"))])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise PitchError([Problem(display, message="the file is missing")]) from None
    except IsADirectoryError:
        raise PitchError([Problem(display, message="this is a folder, not a file")]) from None
    except OSError as error:
        raise PitchError([Problem(display, message=f"cannot read the file: {error.strerror}")]) from None
    if b"\x00" in raw:
        raise PitchError([Problem(display, message="this is a binary file, not YAML text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position_of(raw[: error.start].decode("utf-8", "replace"), error.start)
        raise PitchError([Problem(display, line, column, message=(
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}); "
            "save it as UTF-8 in your editor"))]) from None


def _position_of(text: str, offset: int) -> Position:
    """1-based line and column of a character offset."""
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _compose(text: str, display: str) -> yaml.Node | None:
    # libyaml accepts a tab inside plain text, which pyyaml refuses: text with a tab
    # goes to pyyaml, so a stray tab is still reported where it is.
    if "\t" not in text:
        try:
            fast = _FastLoader(text)
            try:
                node: yaml.Node | None = fast.get_single_node()
                return node
            finally:
                fast.dispose()
        except yaml.YAMLError:
            pass  # parsed again below, for pyyaml's own message and position
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line, column = _position_of(text, error.position)
        code = error.character if isinstance(error.character, int) else ord(error.character)
        raise PitchError([Problem(display, line, column, message=(
            f"the file holds a control character (U+{code:04X}) that YAML does not allow; "
            "delete it"))]) from None
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _friendly_yaml_message(error)
        raise PitchError([Problem(display, line, column, message=message)]) from None
    except yaml.YAMLError as error:
        raise PitchError([Problem(display, message=f"YAML error: {error}")]) from None
    finally:
        loader.dispose()


_YAML_HINTS = {
    "mapping values are not allowed here": (
        "a ':' where YAML does not expect one; put text that contains ': ' in quotes"),
    "could not find expected ':'": "a line is missing its ':' or is indented wrongly",
    "expected a single document": "the file holds more than one YAML document ('---'); keep one",
    "found undefined alias": "an alias (*name) points at no anchor (&name)",
    "found duplicate anchor": "the same anchor (&name) is defined twice",
}


def _friendly_yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or error.context or "invalid YAML").strip()
    for start, hint in _YAML_HINTS.items():
        if problem.startswith(start) or (error.context or "").startswith(start):
            return f"YAML syntax: {hint}"
    return f"YAML syntax: {problem}"


class _Builder:
    """Turns composed nodes into plain data, recording each value's position."""

    def __init__(self, loaded: LoadedFile) -> None:
        self.loaded = loaded
        self.problems: list[Problem] = []
        self.count = 0
        self.constructor = _Loader("")

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES or len(path) > MAX_DEPTH:
            return self._too_large(node)
        self.loaded.positions.setdefault(path, _mark(node))
        if isinstance(node, yaml.MappingNode) and node.tag == _MAPPING_TAG:
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQUENCE_TAG:
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _PLAIN_TAGS:
            return self.constructor.construct_object(node)
        self._add(node, path, f"the tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not "
                  "allowed; inputs hold plain text, numbers, lists and keys")
        return None

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._add(key_node, path, "merge keys (<<) are not supported; write the keys out")
                continue
            if not (isinstance(key_node, yaml.ScalarNode) and key_node.tag in _PLAIN_TAGS):
                self._add(key_node, path, "a key must be plain text")
                continue
            key = str(key_node.value)
            if key in result:
                first_line = self.loaded.key_positions[(*path, key)][0]
                self._add(key_node, (*path, key), f"duplicate key '{key}' (first given on line {first_line})")
                continue
            self.loaded.key_positions[(*path, key)] = _mark(key_node)
            result[key] = self.build(value_node, (*path, key))
        return result

    def _too_large(self, node: yaml.Node) -> None:
        self._add(node, (), f"the file expands to more than {MAX_NODES:,} values or nests "
                  f"deeper than {MAX_DEPTH} levels (aliases repeated inside aliases?)")
        raise PitchError(self.problems)

    def _add(self, node: yaml.Node, path: FieldPath, message: str) -> None:
        line, column = _mark(node)
        self.problems.append(Problem(self.loaded.display, line, column, format_field_path(path), message))


def _mark(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1
