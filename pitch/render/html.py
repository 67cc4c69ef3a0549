"""Render the pitch and its summary to HTML: the one source of both outputs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import jinja2

from pitch.errors import PitchError
from pitch.inputs.model import Funder, Paper, Pitch
from pitch.render.catalogues import load_catalogue
from pitch.render.context import build_context
from pitch.render.marks import mark_pitch, resolve_marks
from pitch.render.templates import make_environment, template_problem

Document = Literal["pitch", "summary"]


def render_html(
    pitch: Pitch, templates_dir: Path, document: Document, *, paper: Paper | None = None,
    sections: Sequence[str] | None = None, layout: str = "pitch", funder: Funder | None = None,
    draft_note: str | None = None, compiled: jinja2.BytecodeCache | None = None,
) -> str:
    """Render one document (the full pitch or the one-page summary) to HTML.

    `sections` picks and orders the pitch's sections (a funder's choice); all by default.
    The template words are in the pitch's language (its catalogue in templates/locale/).
    `compiled` keeps compiled templates between renders (a watch loop's).
    """
    translations = load_catalogue(templates_dir, pitch.info.language)
    environment = make_environment(templates_dir, translations, compiled)
    context = build_context(mark_pitch(pitch), paper=paper, sections=sections, layout=layout,
                            funder=funder, draft_note=draft_note,
                            gettext=translations.gettext)
    name = f"{document}.html.j2"
    try:
        return resolve_marks(environment.get_template(name).render(context))
    except jinja2.TemplateError as error:
        raise PitchError([template_problem(error, templates_dir, name)]) from None
