"""`pitch translate LANG`: create or refresh a translator's file, in place.

A new file gets one entry per prose value, in source order, each with the
source text beside an empty `text:`. An existing file keeps every byte it
has (comments, order, the translator's texts) except: an untranslated
entry whose source moved on gets the new source; an entry named with
`--revised` (a stale one the translator has revised) records the source it
now translates; and each value without an entry gets one, placed before
the entry that follows it in source order. Edits go through the same
in-place scalar replacement as `pitch import --apply` (yaml_edit); the
result is parsed back and must hold exactly the expected entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from babel import Locale

from pitch.errors import UsageError
from pitch.inputs.load import _Loader
from pitch.inputs.translated import TranslationStatus
from pitch.inputs.translations import SourceText, TranslationFile
from pitch.roundtrip.yaml_edit import EditError, format_scalar, replace_value

ENTRY_INDENT = 2


@dataclass
class Refresh:
    """What `pitch translate` did to the file."""

    text: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)


def refreshed_file(existing: str | None, status: TranslationStatus,
                   sources: dict[str, SourceText], revised: list[str]) -> Refresh:
    """The translator's file with every value present and untranslated sources current."""
    file = status.file
    stale = {problem.field_path for problem in status.stale}
    for path in revised:
        if path not in stale:
            raise UsageError(f"--revised {path}: {file.display} has no stale entry with that path"
                             " (pitch check lists the stale ones)")
    refresh = Refresh(existing if existing is not None else header(file.language))
    for entry in file.entries.values():
        source = sources.get(entry.path)
        if source is None or entry.fingerprint == source.fingerprint:
            continue
        if entry.text.strip() and entry.path not in revised:
            continue  # stale: the translator revises it, then names it with --revised
        refresh.text = _set_source(refresh.text, entry.path, source)
        (refresh.revised if entry.path in revised else refresh.updated).append(entry.path)
    missing = [path for path in sources if path not in file.entries]
    refresh.text = _insert_entries(refresh.text, [sources[path] for path in missing], sources)
    refresh.added = missing
    _check_result(refresh.text, sources, file)
    return refresh


def header(language: str) -> str:
    """The comment a new translator's file starts with."""
    name = Locale.parse(language, sep="-").get_display_name("en")
    return ("# yaml-language-server: $schema=../../schemas/translation.schema.json\n"
            f"# {name} ({language}) translation of the pitch: one entry per value, under the path\n"
            "# pitch explain prints. Write each `text:`; leave `source:` and `fingerprint:` as\n"
            "# pitch translate writes them. When a source changes, pitch check reports its entry\n"
            f"# as stale: revise the text, then run  pitch translate {language} --revised PATH\n")


def _set_source(text: str, path: str, source: SourceText) -> str:
    try:
        text = replace_value(text, (path, "source"), source.text)
        return replace_value(text, (path, "fingerprint"), source.fingerprint)
    except EditError as error:
        raise UsageError(f"cannot update {path} in place: {error}") from None


def entry_block(source: SourceText) -> str:
    """One new entry: the path, the source text, its fingerprint and an empty text."""
    pad = " " * ENTRY_INDENT
    key = format_scalar(source.path, ENTRY_INDENT)
    value = format_scalar(source.text, ENTRY_INDENT * 2)
    digest = format_scalar(source.fingerprint, ENTRY_INDENT * 2)  # quoted if it reads as a number
    return (f"{key}:\n{pad}source: {value}\n{pad}fingerprint: {digest}\n"
            f'{pad}text: ""\n')


def _insert_entries(text: str, new: list[SourceText], sources: dict[str, SourceText]) -> str:
    """Each new entry before the first existing entry that follows it in source order."""
    if not new:
        return text
    order = {path: position for position, path in enumerate(sources)}
    starts = _entry_offsets(text)
    later = sorted((order[path], offset) for path, offset in starts.items() if path in order)
    insertions: dict[int, list[str]] = {}
    for source in new:
        following = [offset for position, offset in later if position > order[source.path]]
        at = following[0] if following else len(text)
        insertions.setdefault(at, []).append(entry_block(source))
    if not text.endswith("\n"):
        text += "\n"
    for at in sorted(insertions, reverse=True):
        text = text[:at] + "".join(insertions[at]) + text[at:]
    return text


def _entry_offsets(text: str) -> dict[str, int]:
    """Where each top-level entry's line starts in the text."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(key.value): key.start_mark.index - key.start_mark.column for key, _ in node.value}


def _check_result(text: str, sources: dict[str, SourceText], file: TranslationFile) -> None:
    data: Any = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    if not isinstance(data, dict) or any(path not in data for path in sources):
        raise AssertionError(f"the refreshed {file.display} lost entries")  # a bug, not an input
