"""The published JSON Schemas are generated from the models and kept fresh."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pitch.cli import main
from pitch.inputs.model import FILE_MODELS
from pitch.inputs.schema import SCHEMA_KINDS, schema_file_name, schema_text

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("kind", sorted(SCHEMA_KINDS))
def test_published_schema_matches_the_models(kind: str) -> None:
    published = REPO_ROOT / "schemas" / schema_file_name(kind)
    assert published.read_text(encoding="utf-8") == schema_text(kind), (
        f"schemas/{published.name} is stale: run `make schemas`")


def test_every_field_has_a_description() -> None:
    undocumented = []
    for kind, model in FILE_MODELS.items():
        definitions = model.model_json_schema()
        for name, definition in [(kind, definitions), *definitions.get("$defs", {}).items()]:
            for field, spec in definition.get("properties", {}).items():
                if "description" not in spec:
                    undocumented.append(f"{name}.{field}")
    assert undocumented == []


def test_every_input_file_names_the_schema_that_exists() -> None:
    inputs = REPO_ROOT / "inputs"
    for path in sorted(inputs.rglob("*.yaml")):
        first_line = path.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first_line.split("$schema=", 1)[1]).resolve()
        assert target.is_file(), f"{path} points at a missing schema {target}"


def test_schema_command_prints_a_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "asks"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert {"currency", "total", "asks", "budget"} <= set(schema["required"])
    assert schema["additionalProperties"] is False


def test_schema_write_creates_every_schema_file(tmp_path: Path) -> None:
    assert main(["schema", "--write", "--project", str(tmp_path)]) == 0
    written = sorted(path.name for path in (tmp_path / "schemas").iterdir())
    assert written == sorted(schema_file_name(kind) for kind in SCHEMA_KINDS)
