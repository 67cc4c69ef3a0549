"""The JSON Schema of each kind of input file, generated from the models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pitch.inputs.model import FILE_MODELS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema for one kind of input file (pitch, values, asks, ...)."""
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
    for kind in FILE_MODELS:
        path = folder / schema_file_name(kind)
        path.write_text(schema_text(kind), encoding="utf-8")
        written.append(path)
    return written
