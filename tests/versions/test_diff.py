"""`pitch diff`: changes between versions in the writers' terms, and its errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pitch.cli import main
from pitch.errors import PitchError
from pitch.project import Project
from pitch.versions.compare import Change
from pitch.versions.diff import diff_versions, format_changes
from pitch.versions.release import released_versions

NEW_VALUE = """  - id: care
    name: Care
    statement: We look after each other.
    in_practice:
      - Meetings end on time.
"""


@pytest.fixture
def project(minimal_project: Path) -> Path:
    """The minimal project with its inputs released as 0.1.0, ready to edit."""
    shutil.copytree(minimal_project / "inputs", minimal_project / "releases" / "0.1.0" / "inputs")
    return minimal_project


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace text in one working input file (the text must be there)."""
    path = root / "inputs" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def raise_the_workshop_to_3500(root: Path) -> None:
    edit(root, "asks.yaml", "total: 3000", "total: 3500")
    edit(root, "asks.yaml", "amount: 3000", "amount: 3500")
    edit(root, "asks.yaml", "amount: 2000", "amount: 2500")


def test_an_amount_change_is_reported_as_money(project: Path) -> None:
    raise_the_workshop_to_3500(project)
    changes = diff_versions(Project(project), "0.1.0").changes
    assert Change("amount", "asks: asks[workshop].amount", "USD 3,000", "USD 3,500") in changes
    assert Change("amount", "asks: total", "USD 3,000", "USD 3,500") in changes
    assert Change("amount", "asks: budget[workshop · Travel for speakers].amount",
                  "USD 2,000", "USD 2,500") in changes
    text = format_changes(diff_versions(Project(project), "0.1.0"))
    assert "asks: asks[workshop].amount changed from USD 3,000 to USD 3,500\n" in text
    assert text.endswith("3 changes\n")


def test_an_added_value_is_matched_by_its_id(project: Path) -> None:
    (project / "inputs" / "values.yaml").write_text(
        (project / "inputs" / "values.yaml").read_text() + NEW_VALUE)
    changes = diff_versions(Project(project), "0.1.0").changes
    assert changes == [Change("added", "values: values[care]", None,
                              "Care — We look after each other.")]
    assert "values: values[care] added: Care — We look after each other." in \
        format_changes(diff_versions(Project(project), "0.1.0"))


def test_a_removed_value_is_reported_with_its_name(project: Path) -> None:
    edit(project / "releases" / "0.1.0", "values.yaml", "values:\n", "values:\n" + NEW_VALUE)
    changes = diff_versions(Project(project), "0.1.0").changes
    assert changes == [Change("removed", "values: values[care]",
                              "Care — We look after each other.", None)]


def test_moving_an_item_is_a_reorder_not_a_rewrite(project: Path) -> None:
    edit(project / "releases" / "0.1.0", "values.yaml", "values:\n", "values:\n" + NEW_VALUE)
    (project / "inputs" / "values.yaml").write_text(
        (project / "inputs" / "values.yaml").read_text() + NEW_VALUE)
    changes = diff_versions(Project(project), "0.1.0").changes
    assert changes == [Change("reordered", "values: values", "care, openness", "openness, care")]


def test_a_changed_sentence_is_shown_old_and_new(project: Path) -> None:
    edit(project, "strategy.yaml", "summary: One workshop, run together.",
         "summary: Two workshops, run together. They are free.")
    diff = diff_versions(Project(project), "0.1.0")
    assert diff.changes == [Change("text", "strategy: pillars[workshops].summary",
                                   "One workshop, run together.",
                                   "Two workshops, run together. They are free.")]
    assert ("strategy: pillars[workshops].summary: 1 sentence changed, 1 added\n"
            "  - One workshop, run together.\n"
            "  + Two workshops, run together.\n"
            "  + They are free.\n") in format_changes(diff)


def test_list_items_are_compared_one_by_one(project: Path) -> None:
    edit(project, "strategy.yaml", "actions: [Plan the workshop]",
         "actions: [Plan the workshops, Book a room]")
    text = format_changes(diff_versions(Project(project), "0.1.0"))
    assert ("strategy: pillars[workshops].actions: 1 item changed, 1 added\n"
            "  - Plan the workshop\n  + Plan the workshops\n  + Book a room\n") in text


def test_items_without_an_id_are_matched_by_name_or_title(project: Path) -> None:
    edit(project, "pitch.yaml", "ada@example.org", "ada@alpha.example.org")
    edit(project, "strategy.yaml", "title: Workshop held", "title: Workshop run")
    changes = diff_versions(Project(project), "0.1.0").changes
    assert Change("changed", "pitch: contacts[Ada Example].email",
                  "ada@example.org", "ada@alpha.example.org") in changes
    assert Change("removed", "strategy: milestones[Workshop held]",
                  "Workshop held", None) in changes
    assert Change("added", "strategy: milestones[Workshop run]", None, "Workshop run") in changes


def test_version_and_date_are_written_as_a_writer_reads_them(project: Path) -> None:
    edit(project, "pitch.yaml", 'version: "0.1.0"', 'version: "0.2.0"')
    edit(project, "pitch.yaml", "date: 2026-01-15", "date: 2026-03-01")
    diff = diff_versions(Project(project), "0.1.0")
    assert diff.changes == [
        Change("changed", "pitch: version", "0.1.0", "0.2.0"),
        Change("date", "pitch: date", "15 January 2026", "1 March 2026"),
    ]
    assert format_changes(diff).startswith(
        "Changes from version 0.1.0 (15 January 2026) to the working inputs "
        "(version 0.2.0, 1 March 2026)\n\n"
        "pitch: version changed from 0.1.0 to 0.2.0\n"
        "pitch: date changed from 15 January 2026 to 1 March 2026\n")


def test_an_organisation_file_added_is_one_change(project: Path) -> None:
    (project / "inputs" / "organisations" / "gamma.yaml").write_text(
        "name: Gamma Lab\nwebsite: https://gamma.example.org\nfounded: 2020\n"
        "mission: Gamma builds tools.\nbrings: [Tools]\n")
    changes = diff_versions(Project(project), "0.1.0").changes
    assert changes == [Change("added", "organisations/gamma", None,
                              "Gamma Lab — Gamma builds tools.")]


def test_a_change_of_emphasis_only_is_formatting(project: Path) -> None:
    edit(project, "pitch.yaml", "**USD 3,000**", "*USD 3,000*")
    assert [change.kind for change in diff_versions(Project(project), "0.1.0").changes] == ["formatting"]


def test_two_releases_can_be_compared(project: Path) -> None:
    shutil.copytree(project / "releases" / "0.1.0", project / "releases" / "0.10.0")
    shutil.copytree(project / "releases" / "0.1.0", project / "releases" / "0.2.0")
    edit(project / "releases" / "0.2.0", "asks.yaml", "Room, travel", "Rooms, travel")
    assert released_versions(Project(project)) == ["0.1.0", "0.2.0", "0.10.0"]
    changes = diff_versions(Project(project), "0.1.0", "0.2.0").changes
    assert [change.where for change in changes] == ["asks: asks[workshop].funds"]


def test_no_changes_prints_so_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "0.1.0", "--project", str(project)]) == 0
    assert capsys.readouterr().out.startswith("No changes from version 0.1.0")
    assert not (project / "build").exists()


def test_an_unknown_version_is_misuse_that_lists_the_released_ones(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "9.9.9", "--project", str(project)]) == 2
    err = capsys.readouterr().err
    assert "no released version '9.9.9'" in err
    assert "released versions: 0.1.0; or 'working' for the current inputs" in err
    assert "Traceback" not in err


def test_a_version_that_is_a_path_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "../../inputs", "--project", str(project)]) == 2
    assert "no released version '../../inputs'" in capsys.readouterr().err


def test_a_project_without_releases_says_none_yet(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "1.0.0", "--project", str(minimal_project)]) == 2
    assert "released versions: none yet (pitch release makes one)" in capsys.readouterr().err


def test_a_release_without_its_inputs_is_a_problem(project: Path) -> None:
    (project / "releases" / "0.0.9").mkdir()
    with pytest.raises(PitchError) as error:
        diff_versions(Project(project), "0.0.9")
    assert "release 0.0.9 holds no copy of its inputs" in str(error.value)


def test_a_broken_release_is_reported_at_its_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "releases" / "0.1.0" / "inputs" / "asks.yaml").write_text("currency: USD\n")
    assert main(["diff", "0.1.0", "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert "releases/0.1.0/inputs/asks.yaml:1:1: error: total: missing required key" in err
    assert "Traceback" not in err


def test_a_new_paragraph_break_alone_is_formatting(project: Path) -> None:
    edit(project / "releases" / "0.1.0", "strategy.yaml", "summary: One workshop, run together.",
         "summary: One workshop. Run together.")
    edit(project, "strategy.yaml", "summary: One workshop, run together.",
         "summary: \"One workshop.\\n\\nRun together.\"")
    assert [change.kind for change in diff_versions(Project(project), "0.1.0").changes] == ["formatting"]


def test_emphasis_added_to_a_list_item_is_formatting(project: Path) -> None:
    edit(project, "strategy.yaml", "actions: [Plan the workshop]", "actions: [Plan the *workshop*]")
    text = format_changes(diff_versions(Project(project), "0.1.0"))
    assert "strategy: pillars[workshops].actions: formatting or links changed" in text


def test_staff_time_units_and_rates_are_not_shown_as_money(project: Path) -> None:
    edit(project, "asks.yaml", "total: 3000", "total: 3000\nindirect: {rate: 20%}")
    edit(project, "asks.yaml", "    description: Room hire\n    amount: 1000",
         "    description: Room hire\n    fte: 0.5\n    quantity: 2\n    unit_cost: 250")
    changes = diff_versions(Project(project), "0.1.0").changes
    assert Change("added", "asks: budget[workshop · Room hire].fte", None, "0.5") in changes
    assert Change("added", "asks: budget[workshop · Room hire].quantity", None, "2") in changes
    assert Change("added", "asks: indirect", None, "rate: 20%, base: direct") in changes
    assert Change("amount", "asks: budget[workshop · Room hire].amount",
                  "USD 1,000", "USD 500") in changes
