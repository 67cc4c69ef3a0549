"""The redline of `pitch diff`: HTML with <ins> and <del>, and its PDF."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from pitch.cli import main
from pitch.project import Project
from pitch.versions.diff import diff_versions
from pitch.versions.redline import field_label, redline_templates, render_redline_html

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(minimal_project: Path) -> Path:
    """The minimal project released as 0.1.0, then edited: amount, sentence, version."""
    shutil.copytree(minimal_project / "inputs", minimal_project / "releases" / "0.1.0" / "inputs")
    inputs = minimal_project / "inputs"
    for name, old, new in [
        ("asks.yaml", "total: 3000", "total: 3500"),
        ("asks.yaml", "amount: 3000", "amount: 3500"),
        ("asks.yaml", "amount: 2000", "amount: 2500"),
        ("strategy.yaml", "summary: One workshop, run together.",
         "summary: Two workshops, run together. They are free."),
        ("pitch.yaml", 'version: "0.1.0"', 'version: "0.2.0"'),
    ]:
        path = inputs / name
        path.write_text(path.read_text().replace(old, new))
    return minimal_project


def test_changed_words_are_marked_with_ins_and_del(project: Path) -> None:
    html = render_redline_html(diff_versions(Project(project), "0.1.0"), redline_templates(Project(project)))
    assert "<del>One workshop,</del> <ins>Two workshops,</ins> run together. " \
        "<ins>They are free.</ins>" in html
    assert "<del>USD 3,000</del> <ins>USD 3,500</ins>" in html
    assert "<del>0.1.0</del> <ins>0.2.0</ins>" in html


def test_the_header_names_both_versions_their_dates_and_the_doi(project: Path) -> None:
    html = render_redline_html(diff_versions(Project(project), "0.1.0"), redline_templates(Project(project)))
    assert "<td>Version 0.1.0 · 15 January 2026</td>" in html
    assert "<td>Version 0.2.0 · 15 January 2026 (working draft, not yet released)</td>" in html
    assert '<a href="https://doi.org/10.1234/tiny.5678">' in html


def test_prose_in_the_redline_is_escaped(project: Path) -> None:
    path = project / "inputs" / "values.yaml"
    path.write_text(path.read_text().replace("We share what we make.",
                                             "We share <script>x</script>."))
    html = render_redline_html(diff_versions(Project(project), "0.1.0"), redline_templates(Project(project)))
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>" not in html


def test_a_project_without_the_redline_template_uses_the_tools_own(tmp_path: Path) -> None:
    assert redline_templates(Project(tmp_path)) == REPO_ROOT / "templates"


def test_field_paths_read_as_words() -> None:
    assert field_label("pillars[workshops].summary") == "Pillar “workshops” › summary"
    assert field_label("need.challenges[funding].description") == \
        "Need › Challenge “funding” › description"
    assert field_label("theory_of_change.inputs") == "Theory of change › inputs"
    assert field_label("") == "The whole file"


def test_pitch_diff_writes_the_redline_html_and_pdf(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "0.1.0", "--project", str(project)]) == 0
    out = capsys.readouterr().out
    html, pdf = (project / "build" / f"diff-0.1.0-to-working.{suffix}"
                 for suffix in ("html", "pdf"))
    assert out.endswith(f"5 changes\n{html}\n{pdf}\n")
    assert "asks: asks[workshop].amount changed from USD 3,000 to USD 3,500\n" in out
    assert "<ins>Two workshops,</ins>" in html.read_text()
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Changes to A Tiny Pitch" in text
    assert "One workshop, Two workshops, run together. They are free." in text
    assert "USD 3,000 USD 3,500" in text
    assert not list((project / "build").glob(".pitch-staging-*"))


def test_pitch_diff_writes_where_it_is_told(project: Path, tmp_path: Path) -> None:
    html, pdf = tmp_path / "out" / "redline.html", tmp_path / "out" / "redline.pdf"
    assert main(["-q", "diff", "0.1.0", "working", "--project", str(project),
                 "--html", str(html), "--pdf", str(pdf)]) == 0
    assert html.read_text().startswith("<!DOCTYPE html>")
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert not (project / "build").exists()
