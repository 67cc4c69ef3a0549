"""A variant in another language: its translator's file compared with the source, then applied.

`translation_status` sorts every value into translated, missing, stale and
orphaned, each at a file:line:column (a stale entry also names where its
source changed). `translate_variant` swaps each translated value in; a
build stops on a missing or stale value unless it is a draft, which falls
back to the source text and counts what it left untranslated.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from pitch.errors import PitchError, Problem, Severity
from pitch.inputs.model import Pitch
from pitch.inputs.translations import (
    SourceText,
    TranslationFile,
    entries_in_order,
    read_translation_file,
    source_texts,
    translation_paths,
    warning,
)
from pitch.inputs.validate import CheckedInputs
from pitch.inputs.variant import Variant, base_variant, resolve_variant


@dataclass
class TranslationStatus:
    """Where one language stands against the source."""

    file: TranslationFile
    translated: dict[str, str] = field(default_factory=dict)
    missing: list[Problem] = field(default_factory=list)
    stale: list[Problem] = field(default_factory=list)
    orphaned: list[Problem] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        """Every missing, stale and orphaned value, and what is wrong with the file."""
        return self.file.problems + self.missing + self.stale + self.orphaned

    @property
    def untranslated(self) -> int:
        """How many values a build in this language would show in the source language."""
        return len(self.missing) + len(self.stale)

    def summary(self) -> str:
        """One line: the file, the language and its four counts."""
        return (f"{self.file.display}: {self.file.language}: {len(self.translated)} translated, "
                f"{len(self.missing)} missing, {len(self.stale)} stale, "
                f"{len(self.orphaned)} orphaned")


def translation_status(file: TranslationFile, sources: dict[str, SourceText],
                       severity: Severity = Severity.WARNING) -> TranslationStatus:
    """Compare a translator's file with the source texts; each finding at its place."""
    status = TranslationStatus(file)
    language = file.language
    for path, source in sources.items():
        entry = file.entries.get(path)
        if entry is None:
            funder = f" --funder {path.split('/')[1]}" if path.startswith("funders/") else ""
            status.missing.append(Problem(
                source.origin.file, source.origin.line, source.origin.column, path,
                f"not translated into {language}; pitch translate {language}{funder} adds it "
                f"to {file.display}", severity))
        elif not entry.text.strip():
            status.missing.append(warning(file, entry.text_at, path, (
                f"no {language} text yet (the source is at {source.origin})"), severity))
        elif entry.fingerprint != source.fingerprint:
            status.stale.append(warning(file, entry.text_at, path, (
                f"stale: the source at {source.origin} changed since this was translated; "
                f"revise the text, then run pitch translate {language} --revised {path}"),
                severity))
        else:
            status.translated[path] = entry.text
    for entry in entries_in_order(file):
        if entry.path not in sources:
            status.orphaned.append(warning(file, entry.key_at, entry.path, (
                "orphaned: no value has this path any more; move the text to the value's "
                "new path (pitch explain lists them) or delete the entry")))
    return status


def check_translations(inputs: CheckedInputs) -> list[TranslationStatus]:
    """Every language's status, for `pitch check` (findings are warnings)."""
    statuses = []
    for path in translation_paths(inputs.project.inputs):
        try:
            file = read_translation_file(path)
        except PitchError as error:
            file = TranslationFile(path.stem, None, problems=error.problems)
        # A file with mistakes is fixed first; what it lacks is counted once it reads.
        statuses.append(TranslationStatus(file) if file.problems else translation_status(
            file, translation_sources(inputs, file.language, funders_in(file, inputs))))
    return statuses


def funders_in(file: TranslationFile, inputs: CheckedInputs) -> tuple[str, ...]:
    """The funders whose own texts the file already translates (`funders/<id>/...`)."""
    named = {path.split("/")[1] for path in file.entries if path.startswith("funders/")}
    return tuple(sorted(named & set(inputs.pitch.funders)))


def translation_sources(inputs: CheckedInputs, language: str,
                        funders: tuple[str, ...] = ()) -> dict[str, SourceText]:
    """What a language's file translates: the pitch, and the own texts of the funders that
    want that language (or are named)."""
    sources = project_sources(inputs)
    for funder_id in sorted(inputs.pitch.funders):
        if funder_id in funders or inputs.pitch.funders[funder_id].language == language:
            variant = resolve_variant(inputs, funder_id)
            sources.update({key: source for key, source in project_sources(inputs, variant).items()
                            if key.startswith("funders/")})
    return sources


def project_sources(inputs: CheckedInputs, variant: Variant | None = None) -> dict[str, SourceText]:
    """The source texts of a variant (the pitch itself by default)."""
    organisations = {name: loaded for name, loaded in inputs.sources.items()
                     if name.startswith("organisations/")}
    return source_texts(variant or base_variant(inputs), organisations)


def variant_in_language(inputs: CheckedInputs, variant: Variant, language: str | None, *,
                        draft: bool = False) -> Variant:
    """The variant in `language` (else the funder's), when that is not the language the
    inputs are written in; a draft's footer counts what it left in the source language."""
    language = language or variant.pitch.info.language
    if language == inputs.pitch.info.language:
        if variant.pitch.info.language == language:
            return variant
        # The inputs' own language asked for over a funder's other one: no translation.
        info = variant.pitch.info.model_copy(update={"language": language})
        return dataclasses.replace(variant, pitch=dataclasses.replace(variant.pitch, info=info))
    translated, status = translate_variant(inputs, variant, language, draft=draft)
    if status.file.loaded is None:  # no file yet: one warning, not one per value
        translated.warnings = [*translated.warnings, no_translation_yet(status, draft=True)]
    else:
        translated.warnings = translated.warnings + status.missing + status.stale
    if status.untranslated:
        translated.draft_note = draft_note(inputs.project.templates, language, status.untranslated)
    return translated


def translate_variant(inputs: CheckedInputs, variant: Variant, language: str, *,
                      draft: bool = False) -> tuple[Variant, TranslationStatus]:
    """The variant in `language`; PitchError listing every missing and stale value unless `draft`."""
    path = inputs.project.inputs / "translations" / f"{language}.yaml"
    file = read_translation_file(path)
    severity = Severity.WARNING if draft else Severity.ERROR
    sources = project_sources(inputs, variant)
    status = translation_status(file, sources, severity)
    if file.problems:
        raise PitchError(file.problems)
    if status.untranslated and not draft:
        raise PitchError([no_translation_yet(status, draft=False)] if file.loaded is None
                         else status.missing + status.stale)
    info = variant.pitch.info.model_copy(update={"language": language})
    texts = {sources[key].target: text for key, text in status.translated.items()}
    pitch = translated_pitch(dataclasses.replace(variant.pitch, info=info), texts)
    return dataclasses.replace(variant, pitch=pitch), status


def no_translation_yet(status: TranslationStatus, *, draft: bool) -> Problem:
    """A language with no translator's file: one finding at the file to create."""
    language, count = status.file.language, status.untranslated
    values = f"{count} value{'s' if count != 1 else ''}"
    if draft:
        message = (f"there is no {language} translation yet, so this draft shows all {values} "
                   f"in the source language; pitch translate {language} creates the file")
    else:
        message = (f"there is no {language} translation yet: pitch translate {language} creates "
                   f"this file with the {values} to translate (--draft builds meanwhile, "
                   "with them in the source language)")
    return Problem(status.file.display, message=message,
                   severity=Severity.WARNING if draft else Severity.ERROR)


def draft_note(templates_dir: Path, language: str, untranslated: int) -> str:
    """The footer's mark of a draft, in its language: how many values are not translated."""
    from pitch.render.catalogues import load_catalogue  # the template words' catalogue

    words = load_catalogue(templates_dir, language)
    return words.ngettext("Draft: %(count)s value not yet translated",
                          "Draft: %(count)s values not yet translated",
                          untranslated) % {"count": untranslated}


def translated_pitch(pitch: Pitch, texts: dict[str, str]) -> Pitch:
    """A copy of the pitch with each value whose path `texts` names in its translation."""
    return dataclasses.replace(
        pitch,
        info=_translated(pitch.info, "pitch", texts),
        values=_translated(pitch.values, "values", texts),
        strategy=_translated(pitch.strategy, "strategy", texts),
        asks=_translated(pitch.asks, "asks", texts),
        organisations={slug: _translated(model, f"organisations/{slug}", texts)
                       for slug, model in pitch.organisations.items()},
        sections={section_id: _translated(section, f"sections[{section_id}]", texts)
                  for section_id, section in pitch.sections.items()},
    )


def _translated(value: Any, path: str, texts: dict[str, str]) -> Any:
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: _translated(getattr(value, name), f"{path}.{name}",
                                                          texts)
                                        for name in type(value).model_fields})
    if isinstance(value, list):
        return [_translated(item, f"{path}[{_label(item, index)}]", texts)
                for index, item in enumerate(value)]
    if isinstance(value, dict):
        return {key: _translated(item, f"{path}.{key}", texts) for key, item in value.items()}
    if isinstance(value, str):
        return texts.get(path, value)
    return value


def _label(item: Any, index: int) -> str | int:
    item_id = getattr(item, "id", None)
    return str(item_id) if item_id else index
