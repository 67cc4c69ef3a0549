"""Imports of a funder's DOCX, of edits to generated text, and of formatting Markdown cannot hold."""

from __future__ import annotations

import copy
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import RGBColor

from pitch.cli import main
from tests.roundtrip.reviewer import paragraph_with, replace_words, run_with, split_run

FUNDER_FILE = """\
name: The Small Fund
asks: [workshop]
limits:
  pitch_pages: 8
  sections:
    summary: {words: 100}
overrides:
  # What this fund cares about most.
  values.values[openness].statement: We share all we make with the fund.
"""


@pytest.fixture
def project(minimal_project: Path) -> Path:
    """The minimal project, not yet built."""
    return minimal_project


def test_a_funder_docx_edit_lands_in_the_funders_override(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    funder_file = project / "inputs" / "funders" / "small-fund.yaml"
    funder_file.write_text(FUNDER_FILE, encoding="utf-8")
    assert main(["build", "-q", "--funder", "small-fund", str(project)]) == 0
    capsys.readouterr()
    built = project / "build" / "small-fund" / "tiny-pitch-v0.1.0.docx"
    document = docx.Document(str(built))
    replace_words(document, "with the fund.", "with the whole fund.")
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    values_before = (project / "inputs" / "values.yaml").read_bytes()
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "inputs/funders/small-fund.yaml:9:38: changed in Word: " \
        "values.values[openness].statement" in out
    assert (project / "build" / "review-small-fund-reviewed.md").is_file()
    assert funder_file.read_text(encoding="utf-8") == FUNDER_FILE.replace(
        "with the fund.", "with the whole fund.")
    assert (project / "inputs" / "values.yaml").read_bytes() == values_before


def test_edits_to_generated_text_are_listed_as_not_importable(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "-q", str(project)]) == 0
    capsys.readouterr()
    document = docx.Document(str(project / "build" / "tiny-pitch-v0.1.0.docx"))
    heading = paragraph_with(document, "Shared values")
    heading.runs[0].text = "Our shared values"
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    before = {path: path.read_bytes() for path in (project / "inputs").rglob("*.yaml")}
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    out = capsys.readouterr().out
    assert ('templates/sections/values.html.j2: not importable: "Shared values" became '
            '"Our shared values"; it is text of templates/sections/values.html.j2, so change it '
            'there') in out
    assert "0 changes" in out
    assert before == {path: path.read_bytes() for path in (project / "inputs").rglob("*.yaml")}


def test_colour_and_size_are_listed_as_dropped_and_bold_comes_back_as_markdown(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "-q", str(project)]) == 0
    capsys.readouterr()
    document = docx.Document(str(project / "build" / "tiny-pitch-v0.1.0.docx"))
    run = run_with(paragraph_with(document, "We share what we make."), "what")
    _, word, _ = split_run(run, "what")
    word.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    word.bold = True
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "values.values[openness].statement: formatting Markdown cannot hold was dropped: " \
        "colour" in out
    assert "    statement: We share **what** we make.\n" in (
        project / "inputs" / "values.yaml").read_text(encoding="utf-8")


def test_a_docx_of_another_version_says_so_and_uses_its_own_text_as_base(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "-q", str(project)]) == 0
    capsys.readouterr()
    reviewed = project / "reviewed.docx"
    document = docx.Document(str(project / "build" / "tiny-pitch-v0.1.0.docx"))
    replace_words(document, "We share what we make.", "We share all we make.")
    document.save(str(reviewed))
    pitch_file = project / "inputs" / "pitch.yaml"
    pitch_file.write_text(pitch_file.read_text(encoding="utf-8").replace('"0.1.0"', '"0.2.0"'),
                          encoding="utf-8")
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "reviewed.docx: note: this DOCX was built from version 0.1.0, not the inputs' " \
        "version; it is compared with the text embedded in it" in out
    assert "statement: We share all we make.\n" in (
        project / "inputs" / "values.yaml").read_text(encoding="utf-8")


def test_misuse_of_the_command_line_exits_2(project: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["import", str(project / "no-such.docx"), str(project)])
    assert exit_info.value.code == 2


def test_an_edited_footer_is_listed_as_not_importable(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "-q", str(project)]) == 0
    capsys.readouterr()
    document = docx.Document(str(project / "build" / "tiny-pitch-v0.1.0.docx"))
    footer = document.sections[0].footer.paragraphs[0]
    footer.runs[0].text = footer.runs[0].text.replace("Version 0.1.0", "Draft")
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    assert main(["import", str(reviewed), str(project)]) == 0
    out = capsys.readouterr().out
    assert ('templates/reference.docx: not importable: the footer "Version 0.1.0 · 15 January 2026'
            ' · https://doi.org/10.1234/tiny.5678" became "Draft · 15 January 2026 · '
            'https://doi.org/10.1234/tiny.5678"; the build writes it from pitch.version') in out


def test_a_paragraph_added_outside_any_value_is_listed_not_guessed(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "-q", str(project)]) == 0
    capsys.readouterr()
    document = docx.Document(str(project / "build" / "tiny-pitch-v0.1.0.docx"))
    item = paragraph_with(document, "Every output is openly licensed.")
    added = document.add_paragraph("Every meeting has notes.", style=item.style)
    item._p.addnext(added._p)
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    out = capsys.readouterr().out
    assert ('templates/sections/values.html.j2: not importable: text added outside any value: '
            '"Every meeting has notes."; add it to the value it belongs to in the YAML') in out


def test_a_value_deleted_in_word_is_named_and_not_applied(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "-q", str(project)]) == 0
    capsys.readouterr()
    document = docx.Document(str(project / "build" / "tiny-pitch-v0.1.0.docx"))
    paragraph = paragraph_with(document, "The materials stay online after the grant.")
    paragraph._p.getparent().remove(paragraph._p)
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    out = capsys.readouterr().out
    assert "inputs/strategy.yaml:31:17: note: strategy.sustainability: its text was deleted in " \
        "Word (with its mark)" in out


def test_list_items_come_back_as_markdown_lists_and_a_list_items_own_value_stays_plain(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    strategy = project / "inputs" / "strategy.yaml"
    text = strategy.read_text(encoding="utf-8").replace(
        "sustainability: The materials stay online after the grant.",
        "sustainability: |\n  The materials stay online.\n\n  - Slides\n  - Notes")
    strategy.write_text(text, encoding="utf-8")
    assert main(["build", "-q", str(project)]) == 0
    capsys.readouterr()
    document = docx.Document(str(project / "build" / "tiny-pitch-v0.1.0.docx"))
    slides = paragraph_with(document, "Slides")
    handouts = copy.deepcopy(slides._p)
    for bookmark in handouts.findall(qn("w:bookmarkStart")) + handouts.findall(qn("w:bookmarkEnd")):
        handouts.remove(bookmark)
    slides._p.addnext(handouts)
    next(handouts.iter(qn("w:t"))).text = "Handouts"
    replace_words(document, "Every output is openly licensed.", "Every output is open.")
    reviewed = project / "reviewed.docx"
    document.save(str(reviewed))
    assert main(["import", str(reviewed), str(project), "--apply"]) == 0
    assert "sustainability: |\n  The materials stay online.\n\n  - Slides\n  - Handouts\n  - Notes" \
        in strategy.read_text(encoding="utf-8")
    assert "      - Every output is open.\n" in (
        project / "inputs" / "values.yaml").read_text(encoding="utf-8")
