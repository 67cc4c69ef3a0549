"""One stage of the build on its own, for the benchmark: `stage.py pdf|docx`.

Checks and renders the coalition's pitch, then lays out only the pitch PDF
or only the DOCX, in memory (nothing is written).
"""

from __future__ import annotations

import sys
from pathlib import Path

from pitch.documents.compose import docx_bytes
from pitch.documents.pdf import write_pdf
from pitch.inputs.validate import load_project
from pitch.render.html import render_html

ROOT = Path(__file__).resolve().parent.parent


def main(stage: str) -> int:
    project = load_project(ROOT)
    html = render_html(project.pitch, ROOT / "templates", "pitch")
    if stage == "pdf":
        write_pdf(html, project_root=ROOT, templates_dir=ROOT / "templates",
                  doi=project.pitch.info.doi)
    else:
        docx_bytes(ROOT, project.pitch, html, None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
