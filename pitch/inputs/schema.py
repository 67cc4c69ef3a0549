"""The JSON Schema of each kind of input file, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Union

from pydantic import TypeAdapter

from pitch.inputs.model import FILE_MODELS
from pitch.inputs.sections import SECTION_MODELS
from pitch.inputs.translations import TRANSLATION_FILE_DESCRIPTION, TranslationEntry

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


SCHEMA_KINDS: tuple[str, ...] = (*FILE_MODELS, "section", "translation")
"""Every kind of input file with a published schema; a section file is one of several kinds."""


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema for one kind of input file (pitch, values, asks, section, ...)."""
    if kind == "section":
        adapter: TypeAdapter[Any] = TypeAdapter(
            Union[tuple(SECTION_MODELS.values())])  # type: ignore[arg-type]  # noqa: UP007
        schema = adapter.json_schema(mode="validation")
        schema["title"] = "Section"
        schema["description"] = "sections/<id>.yaml: one open section; `kind` says which shape."
    elif kind == "translation":
        entries: TypeAdapter[Any] = TypeAdapter(dict[str, TranslationEntry])
        schema = entries.json_schema(mode="validation")
        schema["title"] = "Translation"
        schema["description"] = TRANSLATION_FILE_DESCRIPTION
    else:
        schema = FILE_MODELS[kind].model_json_schema(mode="validation")
    return {"$schema": SCHEMA_DIALECT, **schema}


def schema_text(kind: str) -> str:
    """The schema as the text of its published file."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def schema_file_name(kind: str) -> str:
    """The file name under schemas/ that the inputs point at."""
    return f"{kind}.schema.json"


def write_schemas(folder: Path) -> list[Path]:
    """Write every kind's schema into `folder`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in SCHEMA_KINDS:
        path = folder / schema_file_name(kind)
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
