"""Every text from one input value is marked in the DOCX with the path `pitch explain` prints."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openxml_audit import OpenXmlValidator

from pitch.inputs.explain import resolved_values
from pitch.inputs.validate import load_inputs
from pitch.inputs.variant import base_variant
from pitch.project import Project
from pitch.roundtrip.docx_file import open_reviewed
from tests.roundtrip.reviewer import through_libreoffice

DOCX = "build/tiny-pitch-v0.1.0.docx"
HTML = "build/tiny-pitch-v0.1.0.html"


def test_each_mark_names_a_path_that_explain_prints(built_minimal: Path) -> None:
    reviewed = open_reviewed(built_minimal / DOCX)
    explained = {value.path for value in resolved_values(base_variant(load_inputs(Project(built_minimal))))}
    paths = {mark.path for mark in reviewed.record.marks}
    assert {"values.values[openness].statement", "strategy.pillars[workshops].summary",
            "asks.asks[workshop].amount", "asks.asks[workshop].funds", "pitch.executive_summary",
            "strategy.need.challenges[funding].title"} <= paths
    assert {path for path in paths if not path.startswith("organisations/")} <= explained
    assert "organisations/alpha.name" in paths


def test_the_record_holds_the_yaml_value_and_the_text_as_built(built_minimal: Path) -> None:
    reviewed = open_reviewed(built_minimal / DOCX)
    record = {mark.path: mark for mark in reviewed.record.marks}
    assert record["pitch.executive_summary"].source == (
        "We ask for **USD 3,000** to run one joint workshop.")
    assert record["pitch.executive_summary"].built == (
        "We ask for **USD 3,000** to run one joint workshop.")
    assert record["asks.asks[workshop].amount"].source == "3000"
    assert record["asks.asks[workshop].amount"].built == "3,000"
    assert reviewed.record.version == "0.1.0"
    assert reviewed.record.sources["inputs/values.yaml"]
    assert ("budget", "Total") in reviewed.record.unmarked


def test_computed_totals_carry_no_mark(built_minimal: Path) -> None:
    html = (built_minimal / HTML).read_text(encoding="utf-8")
    assert '<td class="num"><span data-path="asks.asks[workshop].amount">3,000</span></td>' in html
    assert '<tr class="total"><th scope="row">Total</th><td></td><td class="num">3,000</td>' in html


def test_the_html_keeps_marks_out_of_the_head_and_out_of_attributes(built_minimal: Path) -> None:
    html = (built_minimal / HTML).read_text(encoding="utf-8")
    head, body = html.split("<body", 1)
    assert "data-path" not in head and "\ue000" not in html and "\ue002" not in html
    assert '<title>A Tiny Pitch' in head
    assert 'href="mailto:ada@example.org"' in body


def test_the_marked_docx_is_valid_ooxml(built_minimal: Path) -> None:
    result = OpenXmlValidator().validate(str(built_minimal / DOCX))
    assert result.is_valid, [str(error) for error in result.errors]
    with zipfile.ZipFile(built_minimal / DOCX) as archive:
        assert "customXml/itemProps2.xml" in archive.namelist()


def test_every_mark_survives_a_libreoffice_round_trip(built_minimal: Path, tmp_path: Path) -> None:
    source = tmp_path / "pitch.docx"
    source.write_bytes((built_minimal / DOCX).read_bytes())
    converted = open_reviewed(through_libreoffice(source, tmp_path))
    marks = converted.document.marks
    unchanged = [mark for mark in converted.record.marks if mark.number in marks
                 and marks[mark.number].markdown(accept_changes=True, block=mark.block) == mark.built]
    assert len(unchanged) == len(converted.record.marks) > 20
    assert converted.document.unmarked == converted.record.unmarked
    assert converted.footers == [converted.record.footer]


@pytest.mark.parametrize("name", ["word/document.xml"])
def test_marks_are_hidden_bookmarks(built_minimal: Path, name: str) -> None:
    with zipfile.ZipFile(built_minimal / DOCX) as archive:
        xml = archive.read(name).decode("utf-8")
    assert '<w:bookmarkStart w:id="0" w:name="_pitch0"/>' in xml
    assert "w:sdt" not in xml
