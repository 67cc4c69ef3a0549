"""One stage of the build on its own, for the benchmark: `stage.py pdf|docx`.

Checks and renders the coalition's pitch, then lays out only the pitch PDF
or only the DOCX, in memory (nothing is written).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pitch.documents.pdf import write_pdf
from pitch.documents.word_document import docx_bytes
from pitch.inputs.validate import load_inputs
from pitch.inputs.variant import base_variant
from pitch.project import Project
from pitch.render.html import render_html

ROOT = Path(__file__).resolve().parent.parent


def main(stage: str) -> int:
    project = Project(ROOT)
    variant = base_variant(load_inputs(project))
    html = render_html(variant.pitch, project.templates, "pitch")
    if stage == "pdf":
        write_pdf(html, templates_dir=project.templates, readable=[project.inputs],
                  doi=variant.pitch.info.doi)
    else:
        docx_bytes(project, variant, html, None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
