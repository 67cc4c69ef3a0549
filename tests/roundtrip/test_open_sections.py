"""`pitch import` of an open section: only the reviewer's words change, the body's Markdown stays."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import docx
import pytest

from pitch.cli import main
from tests.conftest import copy_minimal_project
from tests.roundtrip.reviewer import replace_words, through_libreoffice

DOCX = "build/tiny-pitch-v0.1.0.docx"
SECTION = """\
# An open section with every piece of Markdown that Word shows another way.
title: Risks and what we do about them
after: need
body: |
  Two risks matter most.

  ## Money

  | Risk | Likelihood |
  | --- | --- |
  | A grant ends early | Low |

  We keep three months of costs in reserve.[^reserve]

  [^reserve]: The reserve policy of the lead organisation, 2025.
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project with one open section, built once."""
    root = copy_minimal_project(tmp_path_factory.mktemp("sections") / "project")
    (root / "inputs" / "sections").mkdir()
    (root / "inputs" / "sections" / "risks.yaml").write_text(SECTION, encoding="utf-8")
    assert main(["build", "-q", str(root)]) == 0
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built project."""
    root = tmp_path / "project"
    shutil.copytree(built, root)
    return root


def _diff(project: Path) -> str:
    after = (project / "inputs" / "sections" / "risks.yaml").read_text(encoding="utf-8")
    lines = difflib.unified_diff(SECTION.splitlines(True), after.splitlines(True), n=0)
    return "".join(line for line in lines if not line.startswith(("---", "+++")))


def _review(project: Path) -> Path:
    document = docx.Document(str(project / DOCX))
    replace_words(document, "three months", "six months")
    replace_words(document, "Two risks matter most.", "Two risks matter most to us.")
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    return reviewed


EXPECTED = """\
@@ -5 +5 @@
-  Two risks matter most.
+  Two risks matter most to us.
@@ -13 +13 @@
-  We keep three months of costs in reserve.[^reserve]
+  We keep six months of costs in reserve.[^reserve]
"""


def test_an_edit_in_an_open_sections_body_keeps_its_headings_table_and_notes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reviewed = _review(project)
    assert main(["import", str(reviewed), str(project)]) == 0
    out = capsys.readouterr().out
    assert "/inputs/sections/risks.yaml:4:7: changed in Word: sections[risks].body" in out
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    assert _diff(project) == EXPECTED


def test_the_open_section_edit_survives_a_libreoffice_round_trip(
    project: Path, tmp_path: Path
) -> None:
    reviewed = through_libreoffice(_review(project), tmp_path)
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    assert _diff(project) == EXPECTED


def test_an_edit_to_a_notes_number_is_named_and_not_guessed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = docx.Document(str(project / DOCX))
    replace_words(document, "Notes", "Sources")
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    out = capsys.readouterr().out
    assert ("/inputs/sections/risks.yaml:4:7: note: sections[risks].body: changed in Word where "
            "the Markdown says it another way") in out
    assert _diff(project) == ""
