"""One import: read the returned DOCX, load the project and the variant it was built for, compare."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pitch.errors import PitchError, Problem, display_path
from pitch.inputs.validate import Project, load_project
from pitch.inputs.variant import Variant, base_variant, resolve_variant
from pitch.roundtrip.compare import Comparison, compare
from pitch.roundtrip.docx_file import UnsafeDocx, open_reviewed


@dataclass
class ImportResult:
    """What an import found, with the project and variant it was compared against."""

    project: Project
    variant: Variant
    comparison: Comparison


def read_import(docx: Path, root: Path, *, accept_changes: bool) -> ImportResult:
    """Compare a reviewed DOCX with the inputs; raise PitchError for a file that cannot be read."""
    try:
        reviewed = open_reviewed(docx)
    except UnsafeDocx as error:
        raise PitchError([Problem(display_path(docx), message=str(error))]) from None
    project = load_project(root)
    funder = reviewed.record.funder
    if funder is None:
        variant = base_variant(project)
    elif funder in project.pitch.funders:
        variant = resolve_variant(project, funder)
    else:
        raise PitchError([Problem(display_path(docx), message=(
            f"this DOCX was built for the funder '{funder}', which the inputs no longer have"))])
    comparison = compare(reviewed, project, variant, accept_changes=accept_changes)
    return ImportResult(project, variant, comparison)
