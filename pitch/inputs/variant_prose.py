"""Figures in prose, checked on one funder's variant of the pitch.

Text the funder's file sets (an override) is checked like the inputs' own
text, at the funder file's line. Text that comes from the inputs is checked
only for amounts this funder's budget no longer has (the inputs' own check
already reports the rest), and the warning points at the funder file.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Set as AbstractSet
from decimal import Decimal
from typing import Any, Protocol

from pitch.errors import Problem, Severity
from pitch.inputs.load import FieldPath, LoadedFile, format_field_path
from pitch.inputs.model import FILE_MODELS, Pitch
from pitch.inputs.overrides import format_where
from pitch.inputs.prose import known_amounts, money_figures, prose_values
from pitch.inputs.prose_checks import ProseValue, amount_problems, figure_problems, mismatch
from pitch.inputs.sections import section_model_for


class Located(Protocol):
    """Where a value of the variant came from."""

    @property
    def file(self) -> str:
        """The file, as displayed."""

    @property
    def line(self) -> int:
        """Its line, from 1."""

    @property
    def column(self) -> int:
        """Its column, from 1."""


def variant_prose_problems(
    base: Pitch, variant: Pitch, data: dict[str, Any], source: LoadedFile,
    origin_of: Callable[[str, FieldPath], Located],
) -> list[Problem]:
    """Warnings about the figures in a variant's prose, each where a writer fixes it."""
    base_known, known = known_amounts(base.asks), known_amounts(variant.asks)
    funder_text = source.path.read_text(encoding="utf-8-sig")
    problems: list[Problem] = []
    added: list[tuple[str, ProseValue]] = []
    for name, file_data in data.items():
        model = section_model_for(file_data) if name.startswith("sections/") else FILE_MODELS[name]
        for path, text in prose_values(model, file_data):
            origin = origin_of(name, path)
            if origin.file == source.display:
                value = ProseValue(origin.file, format_where(name, list(path)), path, text,
                                   origin.line, origin.column, funder_text)
                problems += amount_problems([value], variant.asks)
                added.append((name, value))
            else:
                problems += _stale_amounts(name, path, text, (base, base_known),
                                           (variant, known), source)
    return problems + figure_problems(added)


def _stale_amounts(
    name: str, path: FieldPath, text: str, base: tuple[Pitch, AbstractSet[Decimal]],
    variant: tuple[Pitch, AbstractSet[Decimal]], source: LoadedFile,
) -> list[Problem]:
    """Amounts in the inputs' own text that held for the inputs, not for this funder."""
    problems = []
    for figure in money_figures(text):
        message = mismatch(figure, variant[0].asks, variant[1])
        if message and not mismatch(figure, base[0].asks, base[1]):
            field = format_field_path(path)
            problems.append(source.problem((), (
                f"for this funder, {name}.yaml's {field} {message}; override "
                f"{format_where(name, list(path))} here"), severity=Severity.WARNING))
    return problems
