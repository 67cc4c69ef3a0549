"""Warnings about figures in prose, each at the figure's own file:line:column.

pitch/inputs/prose.py finds the figures; this module walks a project's (or a
funder variant's) files and turns what it finds into problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from pitch.errors import Problem, Severity
from pitch.inputs.costs import money
from pitch.inputs.load import LoadedFile, format_field_path
from pitch.inputs.model import AsksFile, Funder, Pitch
from pitch.inputs.prose import (
    Figure,
    known_amounts,
    money_figures,
    prose_values,
    sentence_has_footnote,
    unsourced_figures,
)

# A funder file's own prose is notes and the funder's wording, not the pitch;
# only text it adds to the pitch is checked (overrides are checked per variant).
FUNDER_PROSE = ("additions",)
# Files whose figures are the data themselves, not claims about the world.
DATA_FILES = frozenset({"asks"})
# Fields that state plans (what the coalition will do or reach), not claims
# about the world: their figures are commitments and need no source.
PLAN_FIELDS = frozenset({"target", "milestones", "theory_of_change", "actions", "outcomes",
                         "goals"})


@dataclass(frozen=True)
class ProseValue:
    """One prose value: its text, where it starts, and the file text around it."""

    file: str
    field_path: str
    path: tuple[str | int, ...]
    text: str
    line: int
    column: int
    source_text: str
    sourced: bool = False
    """Whether the value sits beside a `source:` (a metric's baseline, a fact)."""

    def problem(self, snippet: str, message: str, at: int = 0) -> Problem:
        """A warning at the snippet's place in the file (the value's, if not found).

        `at` is where in the value's text the snippet stands, so a figure that
        also appears earlier in the value is placed at its own occurrence.
        """
        pattern = _snippet_pattern(snippet)
        earlier = len(pattern.findall(self.text[:at])) if pattern else 0
        line, column = _find(self.source_text, self.line, self.column, snippet, earlier)
        return Problem(self.file, line, column, self.field_path, message, Severity.WARNING)


def project_prose(pitch: Pitch, sources: dict[str, LoadedFile],
                  ) -> Iterator[tuple[str, ProseValue]]:
    """(file name, value) of every prose value in the project's own inputs: each file
    walked by the model it was validated as (so open sections are walked by their kind)."""
    for name, loaded in sources.items():
        model = _model_of(pitch, name)
        if model is None:
            continue
        data = loaded.data
        if isinstance(model, Funder):
            data = {key: data[key] for key in FUNDER_PROSE if isinstance(data, dict) and key in data}
        text = loaded.path.read_text(encoding="utf-8-sig")
        for path, value in prose_values(type(model), data):
            line, column = loaded.locate(path)
            yield name, ProseValue(loaded.display, format_field_path(path), path, value,
                                   line, column, text, _beside_a_source(data, path))


def _beside_a_source(data: Any, path: tuple[str | int, ...]) -> bool:
    """Whether the mapping that holds a value also gives a source for it."""
    for part in path[:-1]:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return False
    return isinstance(data, dict) and bool(data.get("source"))


def _model_of(pitch: Pitch, name: str) -> BaseModel | None:
    """The validated model of one source file: pitch.info, pitch.organisations[id], ..."""
    if "/" not in name:
        found = getattr(pitch, "info" if name == "pitch" else name, None)
    else:
        folder, key = name.split("/", 1)
        found = getattr(pitch, folder, {}).get(key)
    return found if isinstance(found, BaseModel) else None


def amount_problems(values: Iterable[ProseValue], asks: AsksFile) -> list[Problem]:
    """Amounts of money in prose that the budget does not have."""
    known = known_amounts(asks)
    problems = []
    for value in values:
        for figure in money_figures(value.text):
            if sentence_has_footnote(value.text, figure.offset):
                continue
            message = mismatch(figure, asks, known)
            if message:
                problems.append(value.problem(figure.text, message, figure.offset))
    return problems


def mismatch(figure: Figure, asks: AsksFile, known: AbstractSet[Decimal]) -> str | None:
    """Why an amount in prose does not match the budget, or None if it does."""
    if figure.currency is None:
        return (f"writes {figure.text} with a currency sign; write the code, such as "
                f"{money(figure.amount or Decimal(0), asks.currency)}, so the build can check it against the budget")
    if figure.currency != asks.currency:
        return f"mentions {figure.text}, but the asks are in {asks.currency}"
    if not any(figure.matches(amount) for amount in known):
        return (f"mentions {figure.text}, but the total is {money(asks.total, asks.currency)} "
                "and nothing in the budget is that amount")
    return None


def figure_problems(values: Iterable[tuple[str, ProseValue]]) -> list[Problem]:
    """Percentages and counts in prose that cite no source."""
    return [value.problem(figure.text, (
                f"'{figure.text}' needs a source: cite one with a footnote such as "
                "[^source-id] in the same paragraph"), figure.offset)
            for name, value in values
            if not value.sourced
            and name not in DATA_FILES and not PLAN_FIELDS.intersection(map(str, value.path))
            for figure in unsourced_figures(value.text)]


def _snippet_pattern(snippet: str) -> re.Pattern[str] | None:
    """The snippet's words with any run of spaces or line breaks between them."""
    words = [re.escape(word) for word in snippet.split()]
    return re.compile(r"\s+".join(words)) if words else None


def _find(source_text: str, line: int, column: int, snippet: str,
          skip: int = 0) -> tuple[int, int]:
    """Where the snippet stands in the file, after the value's start and `skip` earlier copies."""
    lines = source_text.splitlines(keepends=True)
    offset = sum(len(text) for text in lines[: line - 1]) + column - 1
    pattern = _snippet_pattern(snippet)
    match = None
    for _ in range(skip + 1):
        match = pattern.search(source_text, offset) if pattern else None
        if match is None:
            break
        offset = match.end()
    if match is None:
        return line, column
    before = source_text[: match.start()]
    return before.count("\n") + 1, match.start() - (before.rfind("\n") + 1) + 1
