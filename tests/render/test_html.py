"""Rendering HTML: the sections, the numbers, safety, and template mistakes."""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import jinja2
import pytest

from pitch.errors import PitchError
from pitch.inputs.model import Pitch
from pitch.inputs.validate import load_inputs
from pitch.project import Project
from pitch.render.context import SECTIONS, build_context
from pitch.render.html import render_html
from pitch.render.templates import CompiledTemplates, make_environment

WriteTree = Callable[[Path, dict[str, str | bytes]], Path]


def _pitch(root: Path) -> Pitch:
    return load_inputs(Project(root)).pitch


def _set_field(root: Path, name: str, text: str) -> None:
    """Replace one top-level field of pitch.yaml with a literal block."""
    path = root / "inputs" / "pitch.yaml"
    lines = [line for line in path.read_text().splitlines() if not line.startswith(f"{name}:")]
    block = "\n".join(f"  {line}" for line in text.splitlines())
    path.write_text("\n".join(lines) + f"\n{name}: |\n{block}\n", encoding="utf-8")


def _template_problem(root: Path, template: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(root)
    with pytest.raises(PitchError) as error:
        render_html(_pitch(root), root / "templates", template)  # type: ignore[arg-type]
    [problem] = error.value.problems
    return problem.format()


def test_the_pitch_has_every_section_once_in_order(project_root: Path) -> None:
    pitch = _pitch(project_root)
    html = render_html(pitch, project_root / "templates", "pitch")
    found = re.findall(r'<section id="([^"]+)"', html)
    assert [section for section in found if section in SECTIONS] == list(SECTIONS)
    assert sorted(found) == sorted([*SECTIONS, *pitch.sections])


def test_moving_a_section_in_the_template_moves_it_in_the_pdf_and_the_docx(
    minimal_project: Path,
) -> None:
    import docx

    from pitch.documents.word_document import docx_bytes
    from pitch.inputs.variant import base_variant

    template = minimal_project / "templates" / "pitch.html.j2"
    template.write_text(template.read_text().replace('  "summary",\n  "need",\n',
                                                     '  "need",\n  "summary",\n'))
    pitch = _pitch(minimal_project)
    html = render_html(pitch, minimal_project / "templates", "pitch")
    assert re.findall(r'<section id="([^"]+)"', html)[:2] == ["need", "summary"]
    variant = base_variant(load_inputs(Project(minimal_project)))
    word = docx.Document(io.BytesIO(docx_bytes(Project(minimal_project), variant, html, None)))
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["The need", "Executive summary"]


def test_the_pitch_states_the_total_ask_and_links_the_doi(project_root: Path) -> None:
    pitch = _pitch(project_root)
    html = render_html(pitch, project_root / "templates", "pitch")
    total = sum(ask.amount for ask in pitch.asks.asks)
    assert f"We ask for <strong>{pitch.asks.currency}\u00a0{total:,.0f}</strong>" in html
    link = f"https://doi.org/{pitch.info.doi}"
    assert f'<a href="{link}">{link}</a>' in html
    assert '<header class="cover">' in html and 'data-docx="skip"' in html


def test_the_head_carries_the_pdf_metadata(project_root: Path) -> None:
    pitch = _pitch(project_root)
    html = render_html(pitch, project_root / "templates", "summary")
    assert f'<html lang="{pitch.info.language}" class="paper-a4">' in html
    assert f"<title>{pitch.info.title}: summary</title>" in html
    assert '<meta name="author" content="The Carpentries">' in html
    assert f'<meta name="dcterms.created" content="{pitch.info.date.isoformat()}">' in html
    assert '<link rel="stylesheet" href="pitch.css">' in html


def test_letter_paper_adds_a_page_size_rule(minimal_project: Path) -> None:
    html = render_html(_pitch(minimal_project), minimal_project / "templates", "pitch",
                       paper="letter")
    assert 'class="paper-letter"' in html and "@page { size: letter; }" in html


def test_budget_totals_sit_in_the_table_footers(minimal_project: Path) -> None:
    html = render_html(_pitch(minimal_project), minimal_project / "templates", "pitch")
    footers = re.findall(r"<tfoot>(.*?)</tfoot>", html, flags=re.DOTALL)
    assert len(footers) == 3
    assert all('<td class="num">3,000</td>' in footer for footer in footers)


def test_raw_html_in_a_yaml_prose_field_is_escaped(minimal_project: Path) -> None:
    _set_field(minimal_project, "executive_summary",
               "We ask <script>alert('x')</script> for <b>money</b>.")
    html = render_html(_pitch(minimal_project), minimal_project / "templates", "pitch")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;money&lt;/b&gt;" in html


def test_html_in_a_plain_text_field_is_escaped_by_the_template(minimal_project: Path) -> None:
    path = minimal_project / "inputs" / "pitch.yaml"
    path.write_text(path.read_text().replace("title: A Tiny Pitch", 'title: "A <i>Tiny</i> Pitch"'))
    html = render_html(_pitch(minimal_project), minimal_project / "templates", "pitch")
    assert "<i>" not in html and "A &lt;i&gt;Tiny&lt;/i&gt; Pitch" in html


def test_a_javascript_link_in_a_yaml_prose_field_is_dropped(minimal_project: Path) -> None:
    _set_field(minimal_project, "acknowledgements",
               "Thanks to [Wildly Open](javascript:alert(1)) and [them](https://example.org).")
    html = render_html(_pitch(minimal_project), minimal_project / "templates", "pitch")
    assert "javascript:" not in html
    assert "Thanks to Wildly Open and " in html
    assert '<a href="https://example.org">them</a>' in html


def test_an_undefined_name_points_at_the_template_line(
    minimal_project: Path, tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(minimal_project, {"templates/pitch.html.j2": "<h1>{{ pitch.title }}</h1>\n\n"
                             "<p>{{ pillar.name }}</p>\n"})
    assert _template_problem(minimal_project, "pitch", monkeypatch) == (
        "templates/pitch.html.j2:3: error: 'pillar' is undefined"
    )


def test_an_undefined_name_in_a_partial_points_at_the_partial(
    minimal_project: Path, tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(minimal_project, {"templates/sections/need.html.j2": "<section id=\"need\">\n"
                             "{{ strategy.need.sumary }}\n</section>\n"})
    assert _template_problem(minimal_project, "pitch", monkeypatch) == (
        "templates/sections/need.html.j2:2: error: 'pitch.inputs.model.Need object' "
        "has no attribute 'sumary'"
    )


def test_a_syntax_error_points_at_its_line(
    minimal_project: Path, tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(minimal_project, {"templates/summary.html.j2": "<p>ok</p>\n{% if %}\n"})
    problem = _template_problem(minimal_project, "summary", monkeypatch)
    assert problem.startswith("templates/summary.html.j2:2: error: ")


def test_a_missing_partial_is_named(
    minimal_project: Path, tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(minimal_project, {"templates/pitch.html.j2": "<p>a</p>\n{% include 'nope.html.j2' %}\n"})
    assert _template_problem(minimal_project, "pitch", monkeypatch) == (
        "templates/pitch.html.j2:2: error: template 'nope.html.j2' not found in templates/"
    )


def test_the_sandbox_refuses_python_internals(
    minimal_project: Path, tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree(minimal_project, {"templates/pitch.html.j2": "{{ pitch.__class__.__mro__ }}\n"})
    problem = _template_problem(minimal_project, "pitch", monkeypatch)
    assert problem.startswith("templates/pitch.html.j2:1: error: ")
    assert "__class__" in problem


@pytest.mark.parametrize(
    "language, amount, expected",
    [
        ("en", Decimal("1355200"), "USD\u00a01,355,200"),
        ("en", Decimal("1234.5"), "USD\u00a01,234.50"),
        ("fr", Decimal("1355200"), "1\u202f355\u202f200\u00a0USD"),
        ("de", Decimal("42"), "42\u00a0USD"),
    ],
)
def test_money_shows_the_currency_code_and_no_needless_decimals(
    language: str, amount: Decimal, expected: str
) -> None:
    environment = make_environment(Path("templates"))
    result = environment.from_string("{{ amount | money('USD') }}").render(
        language=language, amount=amount
    )
    assert result == expected


@pytest.mark.parametrize(
    "language, expected",
    [("en", "24 November 2026 / November 2026"), ("en-US", "November 24, 2026 / November 2026"),
     ("fr", "24 novembre 2026 / novembre 2026")],
)
def test_dates_follow_the_pitch_language(language: str, expected: str) -> None:
    environment = make_environment(Path("templates"))
    result = environment.from_string("{{ day | long_date }} / {{ day | month_year }}").render(
        language=language, day=datetime.date(2026, 11, 24)
    )
    assert result == expected


def test_the_context_computes_totals_version_and_citation(project_root: Path) -> None:
    pitch = _pitch(project_root)
    context = build_context(pitch)
    assert context["asks"]["total"] == sum(ask.amount for ask in pitch.asks.asks)
    assert context["budget"]["total"] == context["asks"]["total"]
    assert [entry["id"] for entry in context["organisations"]][:5] == pitch.info.authors
    assert context["version_line"].startswith(f"Version {pitch.info.version} · ")
    assert context["version_line"].endswith(f" · https://doi.org/{pitch.info.doi}")
    assert context["citation"].startswith("The Carpentries, Open Life Science, ")


class _CountedTemplates(CompiledTemplates):
    """Compiled templates that count how often a template was compiled."""

    compilations = 0

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compilations += 1
        super().dump_bytecode(bucket)


def test_compiled_templates_are_kept_until_their_source_changes(tmp_path: Path) -> None:
    template = tmp_path / "page.html.j2"
    template.write_text("{{ 'one' }}", encoding="utf-8")
    compiled = _CountedTemplates()

    def render() -> str:
        return make_environment(tmp_path, compiled=compiled).get_template("page.html.j2").render()

    assert (render(), render(), compiled.compilations) == ("one", "one", 1)
    template.write_text("{{ 'two' }}", encoding="utf-8")
    assert (render(), compiled.compilations) == ("two", 2)
