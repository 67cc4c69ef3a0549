"""Checking a whole project: every problem of every file in one run."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitch.errors import PitchError
from pitch.inputs.validate import load_inputs
from pitch.project import Project


def _problems(root: Path) -> list[str]:
    with pytest.raises(PitchError) as error:
        load_inputs(Project(root))
    return [problem.format() for problem in error.value.problems]


def test_the_minimal_project_is_valid(minimal_project: Path) -> None:
    project = load_inputs(Project(minimal_project))
    assert project.pitch.info.slug == "tiny-pitch"
    assert sorted(project.pitch.organisations) == ["alpha", "beta"]
    assert list(project.pitch.funders) == ["small-fund"]
    assert len(project.input_files) == 7


def test_problems_in_several_files_are_reported_together(minimal_project: Path) -> None:
    inputs = minimal_project / "inputs"
    (inputs / "values.yaml").write_text("values:\n  - id: Openness\n", encoding="utf-8")
    (inputs / "organisations" / "beta.yaml").write_text("name: Beta\n", encoding="utf-8")
    problems = _problems(minimal_project)
    files = {line.split(":", 1)[0] for line in problems}
    assert files == {str(inputs / "values.yaml"), str(inputs / "organisations" / "beta.yaml")}
    assert any("values[0].id: 'Openness' is not a valid id" in line for line in problems)
    assert any("missing required key 'founded'" in line for line in problems)


def test_an_unquoted_version_number_asks_for_quotes(minimal_project: Path) -> None:
    pitch_file = minimal_project / "inputs" / "pitch.yaml"
    pitch_file.write_text(pitch_file.read_text().replace('"0.1.0"', "1.0"), encoding="utf-8")
    assert any(line.endswith("version: expected text, got the number 1.0; put it in quotes")
               for line in _problems(minimal_project))


def test_an_ask_whose_lines_disagree_says_by_how_much(minimal_project: Path) -> None:
    asks_file = minimal_project / "inputs" / "asks.yaml"
    text = asks_file.read_text().replace("amount: 2000", "amount: 1500")
    asks_file.write_text(text, encoding="utf-8")
    problems = _problems(minimal_project)
    assert any("asks[0].amount: the ask is USD 3,000 but its budget lines add up to USD 2,500 "
               "(a difference of USD 500)" in line for line in problems)


def test_a_funder_naming_an_unknown_ask_suggests_the_right_one(minimal_project: Path) -> None:
    funder = minimal_project / "inputs" / "funders" / "small-fund.yaml"
    funder.write_text("name: Small\namounts:\n  worksop: 100\n", encoding="utf-8")
    assert _problems(minimal_project) == [
        f"{funder}:3:3: error: amounts.worksop: there is no ask 'worksop' — did you mean 'workshop'?"
    ]


def test_ids_used_twice_are_reported_at_the_second(minimal_project: Path) -> None:
    values = minimal_project / "inputs" / "values.yaml"
    one = "  - id: openness\n    name: O\n    statement: S\n    in_practice: [P]\n"
    values.write_text("values:\n" + one + one, encoding="utf-8")
    assert _problems(minimal_project) == [
        f"{values}:6:9: error: values[1].id: the id 'openness' is used twice; ids must differ"
    ]


def test_an_organisation_file_name_must_be_an_id(minimal_project: Path) -> None:
    organisations = minimal_project / "inputs" / "organisations"
    (organisations / "beta.yaml").rename(organisations / "Beta Network.yaml")
    problems = _problems(minimal_project)
    assert any("the file name 'Beta Network.yaml' is used as an id" in line for line in problems)


def test_a_summary_stating_another_total_is_warned(minimal_project: Path) -> None:
    pitch_file = minimal_project / "inputs" / "pitch.yaml"
    pitch_file.write_text(pitch_file.read_text().replace("USD 3,000", "USD 3,500"))
    project = load_inputs(Project(minimal_project))
    assert [problem.format() for problem in project.warnings] == [
        f"{pitch_file}:10:33: warning: executive_summary: mentions USD 3,500, but the total is "
        "USD 3,000 and nothing in the budget is that amount"
    ]
