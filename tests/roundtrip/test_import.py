"""`pitch import`: a reviewer's edits in the DOCX come back into the YAML, exactly."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from pitch.cli import main
from tests.conftest import MINIMAL_PROJECT, copy_minimal_project
from tests.roundtrip.reviewer import (
    bold_word,
    comment_on,
    replace_words,
    split_paragraph,
    through_libreoffice,
    track_insert,
    track_replace,
)

DOCX = "build/tiny-pitch-v0.1.0.docx"
VALUES = """\
# The shared values. Keep each statement to one sentence.
values:
  - id: openness
    name: Openness
    # Reviewed by all five members.
    statement: We share what we make.

    in_practice:
      - Every output is openly licensed.
      - 'Reviews are public: anyone can read them.'
  - id: care
    name: Care
    statement: >
      We look after the people
      who do the work.
    in_practice: [Mentors are paid.]
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal project with commented values, built once."""
    root = copy_minimal_project(tmp_path_factory.mktemp("roundtrip") / "project")
    (root / "inputs" / "values.yaml").write_text(VALUES, encoding="utf-8")
    assert main(["build", "-q", str(root)]) == 0
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built project, to review and import into."""
    root = tmp_path / "project"
    shutil.copytree(built, root)
    return root


def review(project: Path) -> Path:
    """The reviewer's pass over the DOCX: every kind of edit the issue names."""
    document = docx.Document(str(project / DOCX))
    replace_words(document, "We share what we make.", "We share everything we make.")
    replace_words(document, "who do the work.", "who do the work. We pay them too.")
    split_paragraph(document, "for a little money")
    bold_word(document, "online")
    replace_words(document, "Room, travel and coffee.", "Room, travel, coffee and lunch.")
    track_insert(document, "struggle alone", " every year", "Rita Reviewer")
    track_replace(document, "everyone", "all", "Rita Reviewer")
    comment_on(document, "We share", "Is this true of our budget too?", "Dana Director")
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    return reviewed


def yaml_diff(project: Path, name: str) -> str:
    """The unified diff of one input file against the copy that was built."""
    before = (MINIMAL_PROJECT / "inputs" / name).read_text(encoding="utf-8")
    if name == "values.yaml":
        before = VALUES
    after = (project / "inputs" / name).read_text(encoding="utf-8")
    lines = difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
    return "".join(line for line in lines if not line.startswith(("---", "+++")))


EXPECTED_DIFFS = {
    "values.yaml": """\
@@ -6 +6 @@
-    statement: We share what we make.
+    statement: We share everything we make.
@@ -15 +15 @@
-      who do the work.
+      who do the work. We pay them too.
""",
    "pitch.yaml": """\
@@ -9 +9,4 @@
-purpose: Two small groups ask for a little money to do one useful thing together.
+purpose: |-
+  Two small groups ask for a little money
+
+  to do one useful thing together.
""",
    "strategy.yaml": """\
@@ -31 +31 @@
-sustainability: The materials stay online after the grant.
+sustainability: The materials stay **online** after the grant.
""",
    "asks.yaml": """\
@@ -10 +10 @@
-    funds: Room, travel and coffee.
+    funds: Room, travel, coffee and lunch.
""",
}


def test_report_names_each_change_comment_and_proposal_at_its_location(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reviewed = review(project)
    assert main(["import", str(reviewed), str(project)]) == 0
    out = capsys.readouterr().out
    assert f"{project.name}/inputs/values.yaml:6:16: changed in Word: values.values[openness].statement" \
        in out.replace(str(project.parent) + "/", "")
    assert "We share [-what-] {+everything+} we make." in out
    assert "inputs/pitch.yaml:9:10: changed in Word: pitch.purpose" in out
    assert "inputs/strategy.yaml:31:17: changed in Word: strategy.sustainability" in out
    assert "Two small groups ask for a little money {+¶+} to do one useful thing together." in out
    assert "inputs/asks.yaml:10:12: changed in Word: asks.asks[workshop].funds" in out
    assert ('inputs/values.yaml:6:16: comment by Dana Director (' in out
            and '): "Is this true of our budget too?"' in out)
    assert ('inputs/strategy.yaml:2:12: tracked insertion by Rita Reviewer (2026-12-01) in '
            'strategy.need.summary: "every year" (a proposal; --accept-changes applies it)') in out
    assert 'tracked deletion by Rita Reviewer (2026-12-01) in pitch.acknowledgements: "everyone"' in out
    review_file = (project / "build" / "review-reviewed.md").read_text(encoding="utf-8")
    assert '- [ ] ' in review_file and "Is this true of our budget too?" in review_file
    assert all(yaml_diff(project, name) == "" for name in EXPECTED_DIFFS)


def test_apply_changes_only_the_edited_values_and_keeps_every_other_byte(project: Path) -> None:
    reviewed = review(project)
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    for name, expected in EXPECTED_DIFFS.items():
        assert yaml_diff(project, name) == expected, name
    # Tracked changes without --accept-changes: the text before them stays.
    assert "summary: Small groups struggle alone.\n" in (
        project / "inputs" / "strategy.yaml").read_text(encoding="utf-8")


def test_accept_changes_applies_the_tracked_insertion_and_deletion(project: Path) -> None:
    reviewed = review(project)
    assert main(["import", str(reviewed), str(project), "--apply", "--accept-changes"]) == 0
    assert yaml_diff(project, "strategy.yaml").startswith("""\
@@ -2 +2 @@
-  summary: Small groups struggle alone.
+  summary: Small groups struggle alone every year.
""")
    assert "+acknowledgements: Thanks to all who read a draft.\n" in yaml_diff(project, "pitch.yaml")


def test_the_same_review_imports_the_same_after_a_libreoffice_round_trip(
    project: Path, built: Path, tmp_path: Path
) -> None:
    reviewed = review(project)
    direct = tmp_path / "direct"
    shutil.copytree(built, direct)
    assert main(["import", str(reviewed), str(direct), "--apply", "--accept-changes"]) == 0
    converted = through_libreoffice(reviewed, tmp_path)
    assert main(["import", str(converted), str(project), "--apply", "--accept-changes"]) == 0
    for name in EXPECTED_DIFFS:
        assert (project / "inputs" / name).read_bytes() == (direct / "inputs" / name).read_bytes()
    assert yaml_diff(project, "values.yaml") == EXPECTED_DIFFS["values.yaml"]


def test_after_apply_the_rebuilt_pdf_and_docx_carry_the_edits(project: Path) -> None:
    reviewed = review(project)
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    assert main(["build", "-q", str(project)]) == 0
    pdf_text = " ".join("".join(page.extract_text() for page in PdfReader(
        project / "build" / "tiny-pitch-v0.1.0.pdf").pages).split())
    assert "We share everything we make." in pdf_text
    assert "coffee and lunch" in pdf_text
    docx_text = "\n".join(p.text for p in docx.Document(str(project / DOCX)).paragraphs)
    assert "We look after the people who do the work. We pay them too." in docx_text
    assert main(["import", str(project / DOCX), str(project)]) == 0


def test_a_value_changed_in_word_and_in_the_yaml_is_a_conflict_and_not_applied(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reviewed = review(project)
    values = project / "inputs" / "values.yaml"
    values.write_text(VALUES.replace("We share what we make.", "We publish what we make."),
                      encoding="utf-8")
    assert main(["import", str(reviewed), str(project), "--apply"]) == 1
    out = capsys.readouterr().out
    assert ("inputs/values.yaml:6:16: conflict: values.values[openness].statement: changed in "
            "Word and in the YAML since this DOCX was built; not applied") in out
    assert "in Word:     We share everything we make." in out
    assert "in the YAML: We publish what we make." in out
    assert "statement: We publish what we make.\n" in values.read_text(encoding="utf-8")


def test_an_amount_edited_in_a_table_cell_is_checked_and_nothing_is_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = docx.Document(str(project / DOCX))
    replace_words(document, "Room, travel and coffee.", "Room, travel, coffee and lunch.")
    for table in document.tables:
        for row in table.rows:
            if row.cells[0].text.startswith("One joint workshop"):
                row.cells[-1].paragraphs[0].runs[0].text = "3,500"
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    before = {path.name: path.read_bytes() for path in (project / "inputs").glob("*.yaml")}
    assert main(["import", str(reviewed), str(project), "--apply"]) == 1
    captured = capsys.readouterr()
    assert "changed in Word: asks.asks[workshop].amount (the number 3500)" in captured.out
    assert "inputs/asks.yaml:6:13: error: asks[0].amount: the ask is USD 3,500 but its budget " \
        "lines add up to USD 3,000" in captured.err
    assert "nothing was written" in captured.err
    assert before == {path.name: path.read_bytes() for path in (project / "inputs").glob("*.yaml")}
