"""Open sections: inputs/sections/<id>.yaml, their kinds, references and places."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitch.errors import PitchError
from pitch.inputs.sections import GovernanceSection, PersonnelSection, RisksSection
from pitch.inputs.validate import load_inputs
from pitch.project import Project
from tests.conftest import write_tree

LANDSCAPE = "title: Landscape analysis\nafter: need\nbody: Others do parts of this.\n"


def _problems(root: Path) -> list[str]:
    with pytest.raises(PitchError) as caught:
        load_inputs(Project(root))
    return [problem.format().replace(f"{root}/", "") for problem in caught.value.problems]


def test_a_section_file_needs_no_kind_and_is_read_by_its_file_name(minimal_project: Path) -> None:
    write_tree(minimal_project, {"inputs/sections/landscape.yaml": LANDSCAPE})
    section = load_inputs(Project(minimal_project)).pitch.sections["landscape"]
    assert (section.title, section.after, section.body) == (
        "Landscape analysis", "need", "Others do parts of this.")


def test_typed_kinds_are_read_into_their_own_shapes(minimal_project: Path) -> None:
    write_tree(minimal_project, {
        "inputs/sections/risks.yaml": "kind: risks\nrisks:\n  - risk: Staff leave\n"
        "    likelihood: medium\n    impact: high\n    mitigation: Two people per job.\n"
        "    owner: alpha\n",
        "inputs/sections/governance.yaml": "kind: governance\nlead_selection: Chosen by June.\n"
        "decision_making: By consensus.\nagreement: A memorandum, in draft.\n",
        "inputs/sections/people.yaml": "kind: personnel\npeople:\n  - role: Coordinator\n"
        "    organisation: beta\n    effort: 0.5 FTE\n",
    })
    sections = load_inputs(Project(minimal_project)).pitch.sections
    assert isinstance(sections["risks"], RisksSection)
    assert sections["risks"].title == "Risks and mitigation"
    assert isinstance(sections["governance"], GovernanceSection)
    assert isinstance(sections["people"], PersonnelSection)
    assert sections["people"].people[0].effort == "0.5 FTE"


def test_an_unknown_kind_suggests_the_closest(minimal_project: Path) -> None:
    write_tree(minimal_project, {"inputs/sections/risks.yaml": "kind: risk\ntitle: Risks\n"})
    assert _problems(minimal_project) == [(
        "inputs/sections/risks.yaml:1:7: error: kind: there is no kind of section 'risk' — "
        "did you mean 'risks'? (the kinds are: text, lay-summary, risks, governance, "
        "personnel, support, letters)")]


def test_a_typed_field_error_points_at_its_line(minimal_project: Path) -> None:
    write_tree(minimal_project, {"inputs/sections/people.yaml": (
        "kind: personnel\npeople:\n  - role: Coordinator\n    organisation: beta\n"
        "    effort: half time\n")})
    assert _problems(minimal_project) == [(
        "inputs/sections/people.yaml:5:13: error: people[0].effort: 'half time' is not an "
        "effort; write it as FTE or a percentage, such as 0.5 FTE or 20%")]


def test_governance_needs_a_lead_or_how_it_will_be_chosen(minimal_project: Path) -> None:
    write_tree(minimal_project, {"inputs/sections/governance.yaml": (
        "kind: governance\ndecision_making: By consensus.\nagreement: In draft.\n")})
    [problem] = _problems(minimal_project)
    assert problem.startswith("inputs/sections/governance.yaml:1:1: error:")
    assert "(lead_selection:)" in problem


def test_a_risk_owner_that_looks_like_an_id_must_be_an_organisation(minimal_project: Path) -> None:
    write_tree(minimal_project, {"inputs/sections/risks.yaml": (
        "kind: risks\nrisks:\n  - risk: Staff leave\n    likelihood: low\n    impact: low\n"
        "    mitigation: Cover.\n    owner: alfa\n  - risk: Funding gap\n    likelihood: low\n"
        "    impact: high\n    mitigation: Reserves.\n    owner: Coalition coordinator\n")})
    assert _problems(minimal_project) == [(
        "inputs/sections/risks.yaml:7:12: error: risks[0].owner: there is no organisation "
        "'alfa' — did you mean 'alpha'?; write a role with a capital or a space, such as "
        "Coalition coordinator")]


def test_a_letter_file_must_exist_inside_inputs(minimal_project: Path) -> None:
    write_tree(minimal_project, {
        "inputs/letters/ncsu.pdf": b"%PDF-1.4\n",
        "inputs/sections/letters.yaml": "kind: letters\nletters:\n  - who: A. Reader\n"
        "    organisation: A University\n    file: letters/ncsu.pdf\n  - who: B. Reader\n"
        "    organisation: B Institute\n    file: ../secret.pdf\n  - who: C. Reader\n"
        "    organisation: C Lab\n    file: letters/missing.pdf\n",
    })
    assert _problems(minimal_project) == [
        ("inputs/sections/letters.yaml:8:11: error: letters[1].file: '../secret.pdf' must be a "
         "path inside inputs/, such as letters/example.pdf"),
        ("inputs/sections/letters.yaml:11:11: error: letters[2].file: there is no file "
         "inputs/letters/missing.pdf; add the letter there")]


def test_a_section_may_not_take_a_built_in_id_nor_follow_a_missing_one(
    minimal_project: Path,
) -> None:
    write_tree(minimal_project, {
        "inputs/sections/budget.yaml": "title: More budget\nbody: Text.\n",
        "inputs/sections/landscape.yaml": "title: Landscape\nafter: nede\nbody: Text.\n",
    })
    problems = _problems(minimal_project)
    assert problems[0].startswith("inputs/sections/budget.yaml:1:1: error: 'budget' is a "
                                  "built-in section; give this file another name")
    assert problems[1] == ("inputs/sections/landscape.yaml:2:8: error: after: there is no "
                           "section 'nede' — did you mean 'need'?")


def test_sections_that_follow_each_other_in_a_loop_are_refused(minimal_project: Path) -> None:
    write_tree(minimal_project, {
        "inputs/sections/one.yaml": "title: One\nafter: two\nbody: Text.\n",
        "inputs/sections/two.yaml": "title: Two\nafter: one\nbody: Text.\n",
    })
    problems = _problems(minimal_project)
    assert len(problems) == 2 and "comes after it again" in problems[0]


def test_a_funder_may_name_open_sections_and_is_told_of_unknown_ones(
    minimal_project: Path,
) -> None:
    write_tree(minimal_project, {
        "inputs/sections/landscape.yaml": LANDSCAPE,
        "inputs/funders/small-fund.yaml": "name: Small\nsections: [summary, landscape]\n"
        "limits:\n  sections:\n    landscap: {words: 250}\n",
    })
    assert _problems(minimal_project) == [(
        "inputs/funders/small-fund.yaml:5:5: error: limits.sections.landscap: there is no "
        "section 'landscap' — did you mean 'landscape'?")]
