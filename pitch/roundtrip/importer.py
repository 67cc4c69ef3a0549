"""One import: read the returned DOCX, load the project and the variant it was built for, compare."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pitch.errors import PitchError, Problem, display_path
from pitch.inputs.validate import CheckedInputs, load_inputs
from pitch.inputs.variant import Variant, base_variant, resolve_variant
from pitch.project import Project
from pitch.roundtrip.compare import Comparison, compare
from pitch.roundtrip.docx_file import UnsafeDocx, open_reviewed


@dataclass
class ImportResult:
    """What an import found, with the project and variant it was compared against."""

    inputs: CheckedInputs
    variant: Variant
    comparison: Comparison


def read_import(docx: Path, project: Project, *, accept_changes: bool) -> ImportResult:
    """Compare a reviewed DOCX with the inputs; raise PitchError for a file that cannot be read."""
    try:
        reviewed = open_reviewed(docx)
    except UnsafeDocx as error:
        raise PitchError([Problem(display_path(docx), message=str(error))]) from None
    inputs = load_inputs(project)
    funder = reviewed.record.funder
    if funder is None:
        variant = base_variant(inputs)
    elif funder in inputs.pitch.funders:
        variant = resolve_variant(inputs, funder)
    else:
        raise PitchError([Problem(display_path(docx), message=(
            f"this DOCX was built for the funder '{funder}', which the inputs no longer have"))])
    comparison = compare(reviewed, inputs, variant, accept_changes=accept_changes)
    return ImportResult(inputs, variant, comparison)
