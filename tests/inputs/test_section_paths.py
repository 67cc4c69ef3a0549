"""Open sections by path: `pitch explain` prints sections[id]..., funder overrides take it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitch.cli import main
from pitch.errors import PitchError
from pitch.inputs.explain import resolved_values
from pitch.inputs.validate import load_inputs
from pitch.inputs.variant import base_variant, resolve_variant
from pitch.project import Project
from tests.conftest import write_tree

RISKS = ("kind: risks\nrisks:\n  - risk: Staff leave\n    likelihood: medium\n    impact: high\n"
         "    mitigation: Two people per job.\n    owner: Coalition coordinator\n")


def _project(root: Path, funder: str) -> Path:
    return write_tree(root, {
        "inputs/sections/landscape.yaml": "title: Landscape\nafter: need\nbody: The base text.\n",
        "inputs/sections/risks.yaml": RISKS,
        "inputs/funders/small-fund.yaml": "name: Small\n" + funder,
    })


def test_explain_prints_section_values_by_the_path_overrides_take(minimal_project: Path) -> None:
    _project(minimal_project, "")
    values = {value.path: value for value in resolved_values(base_variant(load_inputs(Project(minimal_project))))}
    assert values["sections[landscape].body"].value == "The base text."
    assert str(values["sections[landscape].body"].origin).endswith(
        "inputs/sections/landscape.yaml:3:7")
    assert values["sections[risks].risks[0].owner"].value == "Coalition coordinator"


def test_an_override_by_that_path_changes_the_section_for_one_funder(minimal_project: Path) -> None:
    _project(minimal_project, "overrides:\n  sections[landscape].body: Shorter, for Small.\n"
             "  sections[risks].risks[0].owner: beta\n")
    variant = resolve_variant(load_inputs(Project(minimal_project)), "small-fund")
    assert variant.pitch.sections["landscape"].body == "Shorter, for Small."
    assert variant.pitch.sections["risks"].risks[0].owner == "beta"  # type: ignore[attr-defined]
    values = {value.path: value for value in resolved_values(variant)}
    assert values["sections[landscape].body"].from_funder
    assert str(values["sections[landscape].body"].origin).endswith("small-fund.yaml:3:29")


def test_an_override_of_a_section_that_is_not_there_suggests_one(minimal_project: Path) -> None:
    _project(minimal_project, "overrides:\n  sections[landscap].body: Text.\n"
             "  sections[risks].risks[0].owners: beta\n")
    with pytest.raises(PitchError) as caught:
        resolve_variant(load_inputs(Project(minimal_project)), "small-fund")
    messages = [problem.message for problem in caught.value.problems]
    assert messages == [
        "there is no section 'landscap' in sections/ — did you mean 'landscape'?",
        "there is no key 'owners' in sections[risks].risks[0] — did you mean 'owner'?"]


def test_an_override_that_breaks_a_reference_is_reported_at_the_funder(
    minimal_project: Path,
) -> None:
    _project(minimal_project, "overrides:\n  sections[risks].risks[0].owner: gama\n")
    with pytest.raises(PitchError) as caught:
        resolve_variant(load_inputs(Project(minimal_project)), "small-fund")
    [problem] = caught.value.problems
    assert problem.file.endswith("small-fund.yaml") and problem.line == 3
    assert "there is no organisation 'gama'" in problem.message


def test_a_funder_addition_is_a_section_of_its_variant_only(
    minimal_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(minimal_project, "additions:\n  dei:\n    title: Diversity, equity and inclusion\n"
             "    body: Written for Small alone.\n")
    project = load_inputs(Project(minimal_project))
    assert "dei" not in base_variant(project).pitch.sections
    variant = resolve_variant(project, "small-fund")
    assert variant.pitch.sections["dei"].body == "Written for Small alone."
    assert main(["explain", str(minimal_project), "--funder", "small-fund"]) == 0
    assert "sections[dei].body = Written for Small alone." in capsys.readouterr().out


def test_an_addition_is_checked_like_a_section_file(minimal_project: Path) -> None:
    _project(minimal_project, "additions:\n  need:\n    title: Twice\n    body: Text.\n"
             "  team:\n    kind: personnel\n    people:\n      - role: Lead\n"
             "        organisation: alfa\n")
    with pytest.raises(PitchError) as caught:
        load_inputs(Project(minimal_project))
    messages = [(problem.line, problem.message) for problem in caught.value.problems]
    assert messages == [
        (3, ("there is already a section 'need'; change it with overrides: or give the "
             "addition another id")),
        (10, "there is no organisation 'alfa' — did you mean 'alpha'?")]


def test_amounts_in_section_bodies_are_checked_like_other_prose(
    minimal_project: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    write_tree(minimal_project, {
        "inputs/sections/landscape.yaml": "title: Landscape\nbody: |\n  Others raised USD 9,999.\n",
        "inputs/funders/small-fund.yaml": "name: Small\noverrides:\n"
        "  sections[landscape].body: For Small, USD 7,777.\n",
    })
    assert main(["check", str(minimal_project)]) == 0
    warnings = " ".join(capsys.readouterr().err.replace(f"{minimal_project}/", "").split())
    assert ("inputs/sections/landscape.yaml:3:17: warning: body: mentions USD 9,999, but the "
            "total is USD 3,000") in warnings
    assert ("inputs/funders/small-fund.yaml:3:40: warning: sections[landscape].body: mentions "
            "USD 7,777") in warnings
