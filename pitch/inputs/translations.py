"""A translator's file per language, keyed by value path, and where each entry stands.

inputs/translations/<lang>.yaml holds one entry per prose value of the
pitch, under the path `pitch explain` prints:

    values.values[openness].statement:
      source: We work in the open by default.   # the text it was translated from
      fingerprint: 5c1e0b9a73d2                 # of that text; stale when the source moves on
      text: Trabajamos en abierto por defecto.

An entry is translated (its fingerprint is the source's now), stale (the
source changed since), missing (no entry, or no text yet) or orphaned (no
value has its path any more). The file name is the language.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pitch.errors import PitchError, Problem, Severity, display_path
from pitch.inputs.load import FieldPath, LoadedFile, load_yaml_file
from pitch.inputs.messages import did_you_mean
from pitch.inputs.model import FILE_MODELS
from pitch.inputs.prose import prose_values
from pitch.inputs.sections import section_model_for
from pitch.inputs.types import LANGUAGE_PATTERN
from pitch.inputs.variant import Origin, Variant

TRANSLATIONS_FOLDER = "translations"
ENTRY_KEYS = ("source", "fingerprint", "text")
FINGERPRINT_LENGTH = 12
_FINGERPRINT = re.compile(rf"^[0-9a-f]{{{FINGERPRINT_LENGTH}}}$")


class TranslationEntry(BaseModel):
    """One value's translation, under the value's path (the schema editors check entries by)."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(description="The source text this translation was made from, as "
                        "pitch translate wrote it.")
    fingerprint: str = Field(pattern=_FINGERPRINT.pattern, description=(
        "The fingerprint of that source text; pitch check calls the entry stale when the "
        "source's fingerprint is no longer this one."))
    text: str | None = Field(None, description="The translation (Markdown where the source "
                             "is); empty while it is missing.")


TRANSLATION_FILE_DESCRIPTION = ("translations/<lang>.yaml: a translator's file, one entry per "
                                "value path as pitch explain prints it.")


@dataclass(frozen=True)
class SourceText:
    """One prose value in the source language: its path, its text, and where it is."""

    path: str
    text: str
    origin: Origin
    value_path: str = ""
    """The value's path in the pitch, when the entry's key is not it (a funder's own text)."""

    @property
    def target(self) -> str:
        """The path of the value this text translates, as the models name it."""
        return self.value_path or self.path

    @property
    def fingerprint(self) -> str:
        """The fingerprint a translation of this text records."""
        return fingerprint(self.text)


@dataclass(frozen=True)
class Entry:
    """One entry of a translator's file, and where its parts are."""

    path: str
    source: str
    fingerprint: str
    text: str
    key_at: tuple[int, int]
    text_at: tuple[int, int]


@dataclass
class TranslationFile:
    """A translator's file: its language, its entries, and what is wrong with it."""

    language: str
    loaded: LoadedFile | None
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def display(self) -> str:
        """The file as the writer opens it."""
        return self.loaded.display if self.loaded else f"inputs/{TRANSLATIONS_FOLDER}/{self.language}.yaml"


def fingerprint(text: str) -> str:
    """A short hash of a text as Markdown reads it: rewrapping a paragraph keeps it."""
    paragraphs = [" ".join(block.split()) for block in re.split(r"\n\s*\n", text.strip())]
    return hashlib.sha256("\n\n".join(paragraphs).encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def source_texts(variant: Variant, organisations: dict[str, LoadedFile]) -> dict[str, SourceText]:
    """Every prose value of a variant, by value path, in file order (the things to translate).

    A value a funder's file decides (an override, an addition) is the funder's own text:
    its key is `funders/<id>/<path>`, so it is translated apart from the pitch's.
    """
    funder_file = variant.funder_source.display if variant.funder_source else None
    texts: dict[str, SourceText] = {}
    files: list[tuple[str, str, Any, type[BaseModel]]] = []
    for name, data in variant.data.items():
        if name.startswith("sections/"):
            files.append((name, f"sections[{name.split('/', 1)[1]}]", data, section_model_for(data)))
        else:
            files.append((name, name, data, FILE_MODELS[name]))
    for name, loaded in organisations.items():
        files.append((name, name, loaded.data, FILE_MODELS["organisation"]))
    for name, readable, data, model in files:
        for path, text in prose_values(model, data):
            value_path = readable + readable_steps(data, path)
            origin = _origin(variant, organisations, name, path)
            key = value_path
            if origin.file == funder_file:
                key = f"funders/{variant.funder_id}/{value_path}"
            texts[key] = SourceText(key, text, origin, value_path)
    return texts


def readable_steps(data: Any, path: FieldPath) -> str:
    """A concrete path written as `pitch explain` writes it: list items by their id."""
    text = ""
    for step in path:
        if isinstance(step, int):
            item = data[step]
            text += f"[{item['id']}]" if isinstance(item, dict) and item.get("id") else f"[{step}]"
        else:
            text += f".{step}"
        data = data[step]
    return text


def _origin(variant: Variant, organisations: dict[str, LoadedFile], name: str,
            path: FieldPath) -> Origin:
    if name in organisations:
        loaded = organisations[name]
        return Origin(loaded.display, *loaded.locate(path))
    for end in range(len(path), -1, -1):
        origin = variant.origins.get((name, path[:end]))
        if origin:
            return origin
    return Origin(f"inputs/{name}.yaml", 1, 1)


def translation_paths(inputs_dir: Path) -> list[Path]:
    """The translators' files of a project, by language."""
    return sorted((inputs_dir / TRANSLATIONS_FOLDER).glob("*.yaml"))


def read_translation_file(path: Path) -> TranslationFile:
    """A translator's file, its entries checked; a file that cannot be read raises PitchError."""
    language = path.stem
    if not known_language(language):
        raise PitchError([Problem(display_path(path), 1, 1, message=(
            f"'{language}' is not a known language tag, so this file translates into no "
            f"language; name the file by its language's tag{_tag_hint(language)}"))])
    if not path.is_file():
        return TranslationFile(language, None)
    loaded = load_yaml_file(path)
    file = TranslationFile(language, loaded)
    if loaded.data is None:
        return file
    if not isinstance(loaded.data, dict):
        file.problems.append(loaded.problem((), "the file should hold one entry per value "
                                            "path (path: {source, fingerprint, text})"))
        return file
    for value_path, entry in loaded.data.items():
        _read_entry(file, loaded, str(value_path), entry)
    file.problems.sort(key=lambda problem: (problem.line, problem.column))
    return file


def _kind_of(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a map" if isinstance(value, dict) else (
        f"the {type(value).__name__} {value!r}")


def _tag_hint(name: str) -> str:
    """`, such as es.yaml for Spanish`, when the file is named by a language's English name."""
    from babel import Locale

    names = {str(label).lower(): code for code, label in Locale.parse("en").languages.items()
             if "_" not in code}
    code = names.get(name.lower().replace("-", " ").replace("_", " "))
    if code:
        return f": {code}.yaml for {Locale.parse(code).get_display_name('en')}"
    return ", such as es.yaml, pt-BR.yaml or fr.yaml"


def known_language(tag: str) -> bool:
    """Whether Babel knows the language tag (es, pt-BR, fr)."""
    from babel import Locale, UnknownLocaleError  # Babel's data loads on first use

    try:
        return bool(LANGUAGE_PATTERN.match(tag)) and Locale.parse(tag, sep="-") is not None
    except (UnknownLocaleError, ValueError):
        return False


def _read_entry(file: TranslationFile, loaded: LoadedFile, value_path: str, entry: Any) -> None:
    where: FieldPath = (value_path,)
    if not isinstance(entry, dict):
        file.problems.append(loaded.problem(where, "an entry holds source, fingerprint and "
                                            "text, each on its own line below the path"))
        return
    problems = [loaded.problem((*where, key), f"unknown key '{key}' in a translation entry"
                               f"{did_you_mean(str(key), list(ENTRY_KEYS))}", key=True)
                for key in entry if key not in ENTRY_KEYS]
    remake = (f"restore it as pitch translate wrote it, or delete the entry and run "
              f"pitch translate {file.language} to make it anew")
    problems += [loaded.problem(where, f"'{key}' is missing; {remake}", key=True)
                 for key in ENTRY_KEYS[:2] if key not in entry]
    for key in ENTRY_KEYS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            problems.append(loaded.problem((*where, key), (
                f"'{key}' should be one text, not {_kind_of(entry[key])}; write a list or "
                "paragraphs as Markdown in a block (text: |)")))
    if isinstance(entry.get("fingerprint"), str) and not _FINGERPRINT.match(entry["fingerprint"]):
        problems.append(loaded.problem((*where, "fingerprint"), (
            f"'{entry['fingerprint']}' is not a fingerprint ({FINGERPRINT_LENGTH} hex digits); "
            f"{remake}")))
    file.problems += problems
    if problems:
        return
    text_at = loaded.locate((*where, "text")) if "text" in entry else loaded.locate(where)
    file.entries[value_path] = Entry(value_path, entry["source"], entry["fingerprint"],
                                     entry.get("text") or "", loaded.locate(where, key=True),
                                     text_at)


def entries_in_order(file: TranslationFile) -> Iterator[Entry]:
    """The file's entries in the order they stand in it."""
    yield from sorted(file.entries.values(), key=lambda entry: entry.key_at)


def warning(file: TranslationFile, at: tuple[int, int], path: str, message: str,
            severity: Severity = Severity.WARNING) -> Problem:
    """A problem at a line and column of a translator's file."""
    return Problem(file.display, at[0], at[1], path, message, severity)
