"""A translator's file per language: what pitch translate writes, and what pitch check reports."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pitch.cli import main
from pitch.inputs.translations import fingerprint
from pitch.roundtrip.yaml_edit import replace_value

SPANISH = Path("inputs/translations/es.yaml")


@pytest.fixture(autouse=True)
def in_the_project(minimal_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in the reports are relative to the project, as a writer sees them."""
    monkeypatch.chdir(minimal_project)


def translate(project: Path, *extra: str) -> int:
    return main(["translate", "es", str(project), *extra])


def entries(project: Path) -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load((project / SPANISH).read_text())
    return data


def set_text(project: Path, path: str, text: str) -> None:
    file = project / SPANISH
    file.write_text(replace_value(file.read_text(), (path, "text"), text), encoding="utf-8")


def line_of(project: Path, needle: str) -> int:
    lines = (project / SPANISH).read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def test_translate_writes_every_prose_value_with_its_source_and_an_empty_text(
    minimal_project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert translate(minimal_project) == 0
    written = entries(minimal_project)
    assert written["pitch.title"] == {"source": "A Tiny Pitch",
                                      "fingerprint": fingerprint("A Tiny Pitch"), "text": ""}
    assert written["values.values[openness].statement"]["source"] == "We share what we make."
    assert "organisations/beta.short_name" in written
    assert "pitch.slug" not in written and "pitch.contacts[0].email" not in written  # not prose
    assert "es.yaml: es: 0 translated, 40 missing, 0 stale, 0 orphaned" in capsys.readouterr().out


def test_check_reports_missing_values_where_their_entry_waits_and_counts_each_kind(
    minimal_project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    translate(minimal_project)
    set_text(minimal_project, "pitch.title", "Una propuesta pequeña")
    capsys.readouterr()
    assert main(["check", str(minimal_project)]) == 0
    out, err = capsys.readouterr()
    assert "es.yaml: es: 1 translated, 39 missing, 0 stale, 0 orphaned" in out
    coalition_line = line_of(minimal_project, "pitch.coalition:") + 3
    assert (f"inputs/translations/es.yaml:{coalition_line}:9: warning: pitch.coalition: no es "
            "text yet (the source is at inputs/pitch.yaml:7:12)") in err


def test_a_changed_source_makes_its_translation_stale_naming_where_the_source_changed(
    minimal_project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    translate(minimal_project)
    set_text(minimal_project, "pitch.title", "Una propuesta pequeña")
    pitch_file = minimal_project / "inputs/pitch.yaml"
    pitch_file.write_text(pitch_file.read_text().replace("A Tiny Pitch", "A Small Pitch"))
    capsys.readouterr()
    main(["check", str(minimal_project)])
    out, err = capsys.readouterr()
    text_line = line_of(minimal_project, "Una propuesta pequeña")
    assert (f"inputs/translations/es.yaml:{text_line}:9: warning: pitch.title: stale: the source "
            "at inputs/pitch.yaml:1:8 changed since this was translated; revise the text, then "
            "run pitch translate es --revised pitch.title") in err
    assert "0 translated, 39 missing, 1 stale, 0 orphaned" in out


def test_translate_keeps_translations_and_comments_and_records_a_revision_when_asked(
    minimal_project: Path,
) -> None:
    translate(minimal_project)
    set_text(minimal_project, "pitch.title", "Una propuesta pequeña")
    file = minimal_project / SPANISH
    file.write_text("# Reviewed by Ana, 2 December.\n" + file.read_text(), encoding="utf-8")
    pitch_file = minimal_project / "inputs/pitch.yaml"
    pitch_file.write_text(pitch_file.read_text().replace("A Tiny Pitch", "A Small Pitch")
                          .replace("Tiny Coalition", "Small Coalition"))
    assert translate(minimal_project) == 0
    refreshed = entries(minimal_project)
    assert refreshed["pitch.title"]["text"] == "Una propuesta pequeña"
    assert refreshed["pitch.title"]["source"] == "A Tiny Pitch"  # still stale: kept as it was
    assert refreshed["pitch.coalition"]["source"] == "Small Coalition"  # untranslated: brought up
    assert file.read_text().startswith("# Reviewed by Ana, 2 December.\n")
    assert translate(minimal_project, "--revised", "pitch.title") == 0
    revised = entries(minimal_project)["pitch.title"]
    assert revised == {"source": "A Small Pitch", "fingerprint": fingerprint("A Small Pitch"),
                       "text": "Una propuesta pequeña"}


def test_revised_names_only_a_stale_entry(minimal_project: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    translate(minimal_project)
    assert translate(minimal_project, "--revised", "pitch.title") == 2
    assert "has no stale entry with that path" in capsys.readouterr().err


def test_a_new_value_gets_its_entry_in_source_order_and_a_removed_one_is_orphaned(
    minimal_project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    translate(minimal_project)
    set_text(minimal_project, "values.values[openness].in_practice[0]", "Todo es abierto.")
    values = minimal_project / "inputs/values.yaml"
    values.write_text(values.read_text().replace("openness", "open-by-default"))
    translate(minimal_project)
    paths = list(entries(minimal_project))
    assert paths.index("values.values[open-by-default].statement") < paths.index(
        "strategy.need.summary")
    capsys.readouterr()
    main(["check", str(minimal_project)])
    out, err = capsys.readouterr()
    orphan_line = line_of(minimal_project, "values.values[openness].in_practice[0]:")
    assert (f"inputs/translations/es.yaml:{orphan_line}:1: warning: "
            "values.values[openness].in_practice[0]: orphaned: no value has this path any more"
            ) in err
    assert "0 translated, 40 missing, 0 stale, 3 orphaned" in out


def test_rewrapping_a_paragraph_keeps_its_fingerprint() -> None:
    assert fingerprint("One line\nwrapped  here.\n\nTwo.") == fingerprint("One line wrapped here.\n\nTwo.")
    assert fingerprint("One.\n\nTwo.") != fingerprint("One. Two.")


def test_translate_refuses_an_unknown_language_and_the_pitch_s_own(
    minimal_project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["translate", "klingon", str(minimal_project)]) == 2
    assert main(["translate", "en", str(minimal_project)]) == 2
    err = capsys.readouterr().err
    assert "'klingon' is not a known language tag" in err
    assert "the pitch is written in en" in err
    assert not (minimal_project / "inputs/translations").exists()
