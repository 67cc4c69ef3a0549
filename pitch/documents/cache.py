"""A content-addressed cache of laid-out documents, in build/.pitch-cache/.

Laying out a PDF is the one slow step of a build, and most edits change
only one of the documents (or neither: a YAML comment, a funder file the
build does not use). A document is laid out again only when something that
goes into it changed: an entry's key is the sha256 of everything the layout
is given (the HTML, with its language, paper and content; the options, such
as the DOI) and of every tool that shapes the bytes (this package's
document code, post-processing steps included, the Python libraries and the
system's Pango and HarfBuzz; fontconfig only chooses among the packaged
fonts, whose files are hashed below). What the layout read besides
(stylesheets, fonts, images) is listed in the entry with each file's
sha256 and checked on every look-up, so a stylesheet edit is never missed;
a file it looked for and did not find is listed as missing, so adding it
later lays the document out again.

An entry that is corrupt, was written for another key, or whose files
changed is deleted and laid out again, never served. The folder stays under
`DEFAULT_LIMIT` bytes: the entries used longest ago go first.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from pitch import __version__
from pitch.errors import Problem, Severity

CACHE_FOLDER = ".pitch-cache"
DEFAULT_LIMIT = 64 * 1024 * 1024
MAGIC = b"pitch-layout-cache 1\n"
SUFFIX = ".entry"
MISSING = "missing"
"""An entry's dependency digest for a file the layout looked for and did not find."""
WRITING = ".writing-"
"""The prefix of an entry being written; one left by a killed build is removed by `trim`."""
ABANDONED_SECONDS = 3600

LIBRARIES = ("weasyprint", "pydyf", "tinycss2", "tinyhtml5", "cssselect2", "fonttools", "pillow",
             "pyphen", "pypdfium2", "python-docx", "lxml", "fontpkg-atkinson-hyperlegible",
             "fontpkg-noto-sans")
"""The Python distributions whose version is part of every key."""
SYSTEM_LIBRARIES = (("libpango-1.0.so.0", "pango_version_string"),
                    ("libharfbuzz.so.0", "hb_version_string"))
CODE_FOLDERS = ("documents", "word")
"""This package's folders whose modules shape a document's bytes: any module
in them (a new post-processing step too) is part of every key."""
CODE_FILES = ("fonts.py", "render/data_urls.py")


@dataclass(frozen=True)
class Entry:
    """What the cache holds for one key: the bytes, details to rebuild the result,
    and the files the layout read, each with its sha256 then."""

    payload: bytes
    details: dict[str, Any] = field(default_factory=dict)
    dependencies: dict[str, str] = field(default_factory=dict)


class LayoutCache:
    """The cache folder; `None` as the folder turns it off (`pitch build --no-cache`).

    An entry may name only files inside `readable` (the project, the packaged
    fonts): one naming any other is foreign, so a planted entry cannot make the
    build read a file outside the project, even only to hash it.
    """

    def __init__(self, folder: Path | None, readable: tuple[Path, ...] = (),
                 limit: int = DEFAULT_LIMIT) -> None:
        self.folder = folder
        self.readable = tuple(path.resolve() for path in readable)
        self.limit = limit
        self._kept: dict[str, Entry] = {}

    def keep(self, key: str, entry: Entry) -> None:
        """Hold `entry` for `store_kept`: a build that fails leaves nothing in build/."""
        if self.folder is not None:
            self._kept[key] = entry

    def store_kept(self) -> None:
        """Store every entry held by `keep` (the build succeeded)."""
        for key, entry in self._kept.items():
            self._write(key, entry)
        if self._kept:
            self.trim()
        self._kept.clear()

    def lookup(self, key: str) -> Entry | None:
        """The entry under `key`, or None; a bad or stale entry is deleted, never served."""
        if self.folder is None:
            return None
        path = self._path(key)
        try:
            content = path.read_bytes()
        except OSError:
            return None
        entry = _parse(content, key)
        if entry is None or not self._readable(entry) or not _unchanged(entry.dependencies):
            path.unlink(missing_ok=True)
            return None
        os.utime(path)  # used now: evicted last
        return entry

    def store(self, key: str, entry: Entry) -> None:
        """Keep `entry` under `key` (atomically), then trim the folder to the limit."""
        if self.folder is not None:
            self._write(key, entry)
            self.trim()

    def _write(self, key: str, entry: Entry) -> None:
        assert self.folder is not None
        header = {"key": key, "sha256": hashlib.sha256(entry.payload).hexdigest(),
                  "size": len(entry.payload), "details": entry.details,
                  "dependencies": entry.dependencies}
        content = MAGIC + json.dumps(header, sort_keys=True).encode("utf-8") + b"\n" \
            + entry.payload
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=WRITING)
        except OSError:
            return  # a cache that cannot be written only costs time
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
            os.replace(temporary, self._path(key))
        except OSError:
            Path(temporary).unlink(missing_ok=True)

    def trim(self) -> None:
        """Delete the entries used longest ago until the folder is under the limit."""
        if self.folder is None:
            return
        for writing in self.folder.glob(f"{WRITING}*"):
            with contextlib.suppress(OSError):
                if time.time() - writing.stat().st_mtime > ABANDONED_SECONDS:
                    writing.unlink()
        entries = []
        for path in self.folder.glob(f"*{SUFFIX}"):
            try:
                status = path.stat()
            except OSError:
                continue
            entries.append((status.st_mtime_ns, status.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.limit:
                break
            path.unlink(missing_ok=True)
            total -= size

    def _readable(self, entry: Entry) -> bool:
        """Whether every file the entry names lies in a folder the build may read."""
        for name in entry.dependencies:
            path = Path(name)
            if not path.is_absolute() or not any(
                    path.resolve().is_relative_to(folder) for folder in self.readable):
                return False
        return True

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{key}{SUFFIX}"


NO_CACHE = LayoutCache(None)
"""The cache that holds nothing and keeps nothing."""


def cache_key(kind: str, content: str | bytes, **options: Any) -> str:
    """The key of laying out `content` as `kind` with `options`, by these very tools."""
    digest = hashlib.sha256()
    data = content.encode("utf-8") if isinstance(content, str) else content
    # The folder the build runs in: the warnings an entry keeps name files relative to it.
    header = {"kind": kind, "options": options, "tools": tool_fingerprint(), "cwd": os.getcwd()}
    digest.update(json.dumps(header, sort_keys=True, default=str).encode("utf-8"))
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def problems_to_json(problems: list[Problem]) -> list[list[str | int]]:
    """Problems as JSON lists, for an entry's details."""
    return [[problem.file, problem.line, problem.column, problem.field_path, problem.message,
             problem.severity.value] for problem in problems]


def problems_from_json(items: Any) -> list[Problem]:
    """The problems `problems_to_json` wrote."""
    return [Problem(str(file), int(line), int(column), str(path), str(message),
                    Severity(severity)) for file, line, column, path, message, severity in items]


_TOOLS: dict[str, str] = {}
"""The tools' fingerprint, once computed here (or learnt from a worker)."""


def tool_fingerprint() -> dict[str, str]:
    """The version of everything that shapes a laid-out document's bytes."""
    if not _TOOLS:
        _TOOLS.update(read_tool_fingerprint())
    return _TOOLS


def learn_tool_fingerprint(tools: Mapping[str, str]) -> None:
    """Take the fingerprint from a process of the same installation that computed it.

    Computing it costs about 0.02 s (the packages' metadata, loading Pango and
    HarfBuzz to ask their versions): a build's first worker, which loads them
    anyway, sends it, and the parent spends that time on the pitch's HTML.
    """
    if not _TOOLS:
        _TOOLS.update(tools)


def read_tool_fingerprint() -> dict[str, str]:
    """The fingerprint, read from the installed packages, libraries and code."""
    tools = {"pitch": __version__, "python": sys.version.split()[0]}
    for name in LIBRARIES:
        try:
            tools[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            tools[name] = "absent"
    for library, function in SYSTEM_LIBRARIES:
        tools[library] = _system_library_version(library, function)
    tools["code"] = _code_digest()
    return tools


def _system_library_version(library: str, function: str) -> str:
    try:
        version = getattr(ctypes.CDLL(library), function)
    except (OSError, AttributeError):
        return "absent"
    version.restype = ctypes.c_char_p
    return str(version().decode("ascii"))


def _code_digest() -> str:
    package = Path(__file__).resolve().parent.parent
    files = [path for folder in CODE_FOLDERS for path in sorted((package / folder).glob("*.py"))]
    files += [package / name for name in CODE_FILES]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _parse(content: bytes, key: str) -> Entry | None:
    """The entry in `content` if it is whole and was written for `key`."""
    if not content.startswith(MAGIC):
        return None
    header_line, separator, payload = content[len(MAGIC):].partition(b"\n")
    try:
        header = json.loads(header_line) if separator else None
    except ValueError:
        return None
    if not isinstance(header, dict) or header.get("key") != key \
            or header.get("size") != len(payload) \
            or header.get("sha256") != hashlib.sha256(payload).hexdigest():
        return None
    details, dependencies = header.get("details"), header.get("dependencies")
    if not isinstance(details, dict) or not isinstance(dependencies, dict):
        return None
    return Entry(payload, details, dependencies)


def _unchanged(dependencies: Mapping[str, str]) -> bool:
    """Whether every file a layout read still has the bytes it had, and every file it
    looked for in vain is still missing."""
    for name, digest in dependencies.items():
        if digest == MISSING:
            if Path(name).exists():
                return False
            continue
        try:
            data = Path(name).read_bytes()
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != digest:
            return False
    return True
