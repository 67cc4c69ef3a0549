"""Funder variants: one funder's view of the pitch, resolved from one source.

A funder file chooses and orders the asks, overrides amounts, currency,
paper and language, puts pillars first, picks sections, and may override
any other value by path. The variant is made on the raw YAML data, every
value keeping the file and line it came from, and then checked by the same
models and rules as the inputs themselves.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from pitch.errors import PitchError, Problem, Severity, UsageError
from pitch.inputs.budget import BudgetLine
from pitch.inputs.costs import indirect_rule, scale_lines
from pitch.inputs.funder_rules import check_budget_rules
from pitch.inputs.load import FieldPath, LoadedFile
from pitch.inputs.messages import describe_error
from pitch.inputs.model import (
    FILE_MODELS,
    Ask,
    Funder,
    Limits,
    Paper,
    Pitch,
    choose_paper,
)
from pitch.inputs.overrides import OverridePathError, format_where, parse_path, resolve_path
from pitch.inputs.rules import check_rules
from pitch.inputs.sections import SectionBase, section_model_for
from pitch.inputs.validate import CheckedInputs, error_location
from pitch.inputs.variant_prose import variant_prose_problems
from pitch.project import SINGLE_FILES

BASE_FILES = tuple(name.removesuffix(".yaml") for name in SINGLE_FILES)
# What names a version of the pitch; no funder may change it (see pitch release).
IDENTITY_FIELDS = {("version",), ("date",), ("doi",), ("slug",), ("version_doi",)}


@dataclass(frozen=True)
class Origin:
    """Where a resolved value came from: file, line and column."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass
class Variant:
    """The pitch as one funder will see it."""

    funder_id: str | None
    pitch: Pitch
    sections: tuple[str, ...] | None = None
    limits: Limits = field(default_factory=lambda: Limits())
    origins: dict[tuple[str, FieldPath], Origin] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    funder_source: LoadedFile | None = None
    layout: str = "pitch"
    funder: Funder | None = None
    warnings: list[Problem] = field(default_factory=list)
    draft_note: str | None = None
    """In a draft build that is not fully translated, what the footer says about it."""


def paper_for(variant: Variant, requested: Paper | None = None) -> Paper:
    """The paper a variant is laid out on: the command line's, else the funder's or the pitch's.

    A funder's `paper:` is already in the variant's pitch (the resolver sets it).
    """
    return choose_paper(requested, variant.pitch.info)


def data_files(inputs: CheckedInputs) -> tuple[str, ...]:
    """The files a variant is made of: the four base files, then each open section's."""
    return BASE_FILES + tuple(f"sections/{section_id}" for section_id in sorted(inputs.pitch.sections))


def base_variant(inputs: CheckedInputs) -> Variant:
    """The pitch as the inputs state it, with no funder applied."""
    data = {name: inputs.sources[name].data for name in data_files(inputs)}
    return Variant(None, inputs.pitch, origins=_base_origins(inputs), data=data)


def resolve_variant(inputs: CheckedInputs, funder_id: str) -> Variant:
    """Apply one funder's file to the inputs; raise PitchError on any problem."""
    if funder_id not in inputs.pitch.funders:
        known = ", ".join(sorted(inputs.pitch.funders)) or "none"
        raise UsageError(f"no funder '{funder_id}' in inputs/funders/ (the funders are: {known})")
    funder = inputs.pitch.funders[funder_id]
    source = inputs.sources[f"funders/{funder_id}"]
    resolver = _Resolver(inputs, source, funder)
    resolver.apply(funder)
    pitch = resolver.validated()
    broken = check_budget_rules(pitch.asks, funder.budget_rules, source)
    if broken:
        raise PitchError(broken)
    return Variant(funder_id, pitch, tuple(funder.sections) if funder.sections else None,
                   funder.limits, resolver.origins, resolver.data, source, funder.layout, funder,
                   resolver.prose_warnings(pitch))


def check_funders(inputs: CheckedInputs) -> list[Problem]:
    """Every problem and warning of every funder's variant, for `pitch check`."""
    problems: list[Problem] = []
    for funder_id in sorted(inputs.pitch.funders):
        try:
            problems += resolve_variant(inputs, funder_id).warnings
        except PitchError as error:
            problems += error.problems
    return problems


def resolve_in(data: dict[str, Any], text: str) -> tuple[str, FieldPath]:
    """The file and concrete path of a value path in a variant's data (OverridePathError if none)."""
    parsed = parse_path(text, tuple(data))
    model = section_model_for(data[parsed[0]]) if parsed[0].startswith("sections/") else None
    return resolve_path(data, parsed, model)


def _base_origins(inputs: CheckedInputs) -> dict[tuple[str, FieldPath], Origin]:
    origins = {}
    for name in data_files(inputs):
        loaded = inputs.sources[name]
        for path, (line, column) in loaded.positions.items():
            origins[(name, path)] = Origin(loaded.display, line, column)
    return origins


class _Resolver:
    """Applies a funder's choices to a deep copy of the base data."""

    def __init__(self, inputs: CheckedInputs, source: LoadedFile, funder: Funder) -> None:
        self.inputs = inputs
        self.source = source
        self.funder = funder
        self.asks_overridden = False
        self.data = {name: copy.deepcopy(inputs.sources[name].data)
                     for name in data_files(inputs)}
        self.origins = _base_origins(inputs)
        self.problems: list[Problem] = []
        self._add_sections(funder)

    def _add_sections(self, funder: Funder) -> None:
        """The funder's additions become section files of this variant, at their lines."""
        for section_id, section in funder.additions.items():
            name, prefix = f"sections/{section_id}", ("additions", section_id)
            self.data[name] = copy.deepcopy(section)
            for path, (line, column) in self.source.positions.items():
                if path[:2] == prefix:
                    self.origins[(name, path[2:])] = Origin(self.source.display, line, column)

    def set(self, file: str, path: FieldPath, value: Any, funder_path: FieldPath) -> None:
        """Set one value and record that the funder file decided it."""
        container = self.data[file]
        for part in path[:-1]:
            container = container[part]
        container[path[-1]] = value
        line, column = self.source.locate(funder_path)
        self._forget_below(file, path)
        self.origins[(file, path)] = Origin(self.source.display, line, column)

    def _forget_below(self, file: str, path: FieldPath) -> None:
        for key in [key for key in self.origins if key[0] == file and key[1][: len(path)] == path]:
            del self.origins[key]

    def apply(self, funder: Funder) -> None:
        for key, file_key in (("paper", "paper"), ("language", "language")):
            if getattr(funder, key) is not None:
                self.set("pitch", (file_key,), getattr(funder, key), (key,))
        if funder.asks is not None:
            self._choose_asks(funder.asks)
        self._override_amounts(funder)
        if funder.emphasis:
            self._put_first(funder.emphasis)
        for text, value in funder.overrides.items():
            self._override(text, value)
        if self.problems:
            raise PitchError(self.problems)
        self._recompute_total(funder)

    def reorder(self, file: str, path: FieldPath, order: list[int], funder_path: FieldPath) -> None:
        """Keep and reorder a list's items; each item keeps the origins of its values."""
        items = self.data[file]
        for part in path:
            items = items[part]
        moved = {}
        for new_index, old_index in enumerate(order):
            old_prefix, new_prefix = (*path, old_index), (*path, new_index)
            for (name, key), origin in self.origins.items():
                if name == file and key[: len(old_prefix)] == old_prefix:
                    moved[(file, new_prefix + key[len(old_prefix):])] = origin
        self.set(file, path, [items[index] for index in order], funder_path)
        self.origins.update(moved)

    def _choose_asks(self, chosen: list[str]) -> None:
        asks = [ask["id"] for ask in self.data["asks"]["asks"]]
        self.reorder("asks", ("asks",), [asks.index(ask_id) for ask_id in chosen], ("asks",))
        budget = self.data["asks"]["budget"]
        kept = [index for index, line in enumerate(budget) if line["ask"] in chosen]
        self.reorder("asks", ("budget",), kept, ("asks",))

    def _override_amounts(self, funder: Funder) -> None:
        asks = self.data["asks"]["asks"]
        if funder.currency is not None:
            missing = [ask["id"] for ask in asks if ask["id"] not in funder.amounts]
            if missing:
                self.problems.append(self.source.problem(("currency",), (
                    f"amounts in {funder.currency} are needed for every ask; "
                    f"add them under amounts: for {', '.join(missing)}")))
                return
            self.set("asks", ("currency",), funder.currency, ("currency",))
        for index, ask in enumerate(asks):
            if ask["id"] in funder.amounts:
                self._scale_ask(index, ask, funder.amounts[ask["id"]])

    def _scale_ask(self, index: int, ask: dict[str, Any], amount: Decimal) -> None:
        """Set an ask's amount and scale its budget lines so they (and the computed
        indirect costs) still add up; a line keeps its years, not its unit cost."""
        funder_path: FieldPath = ("amounts", ask["id"])
        self.set("asks", ("asks", index, "amount"), amount, funder_path)
        asks = self.inputs.pitch.asks
        lines = [(i, line) for i, line in enumerate(self.data["asks"]["budget"])
                 if line["ask"] == ask["id"]]
        models = [BudgetLine.model_validate(line) for _, line in lines]
        rule = indirect_rule(asks, Ask.model_validate(ask))
        scaled = scale_lines(models, rule, amount)
        if scaled is None:
            self.problems.append(self.source.problem(funder_path, (
                f"{amount:,} cannot be split into whole-unit budget lines plus "
                f"{rule.rate if rule else 0}% indirect costs; try {amount + 1:,}")))
            return
        for (line_index, line), cells in zip(lines, scaled, strict=True):
            for key in ("quantity", "unit_cost"):
                line.pop(key, None)
            if line.get("years"):
                line.pop("amount", None)
                for year, value in zip(list(line["years"]), cells, strict=True):
                    self.set("asks", ("budget", line_index, "years", year), value, funder_path)
            else:
                self.set("asks", ("budget", line_index, "amount"), cells[0], funder_path)

    def _put_first(self, emphasis: list[str]) -> None:
        pillars = self.data["strategy"]["pillars"]
        rank = {pillar_id: position for position, pillar_id in enumerate(emphasis)}
        order = sorted(range(len(pillars)), key=lambda i: rank.get(pillars[i]["id"], len(rank)))
        self.reorder("strategy", ("pillars",), order, ("emphasis",))

    def _override(self, text: str, value: Any) -> None:
        try:
            file, path = resolve_in(self.data, text)
            if file == "pitch" and path[:1] in IDENTITY_FIELDS:
                raise OverridePathError(
                    f"pitch.{path[0]} is the same for every funder: it names this version "
                    "of the pitch; change it in pitch.yaml")
        except OverridePathError as error:
            self.problems.append(self.source.problem(("overrides", text), str(error), key=True))
            return
        self.set(file, path, value, ("overrides", text))
        self.asks_overridden |= (file, path[:1]) == ("asks", ("asks",))

    def _recompute_total(self, funder: Funder) -> None:
        """The total of the chosen asks; left to the models when an override broke them."""
        if funder.asks is None and not funder.amounts and not self.asks_overridden:
            return
        try:
            amounts = [Decimal(str(ask["amount"])) for ask in self.data["asks"]["asks"]]
        except (TypeError, KeyError, ArithmeticError):
            return
        if not all(amount.is_finite() and amount >= 0 for amount in amounts):
            return
        total = sum(amounts, Decimal(0))
        self.set("asks", ("total",), total, _first_key(funder, ("asks", "amounts", "overrides")))

    def validated(self) -> Pitch:
        """Check the resolved data with the models and the cross-file rules."""
        models: dict[str, Any] = {}
        for name in BASE_FILES:
            try:
                models[name] = FILE_MODELS[name].model_validate(self.data[name])
            except ValidationError as error:
                self.problems += [self._problem(name, detail) for detail in error.errors()]
        sections = self._validated_sections()
        if self.problems:
            raise PitchError(self.problems)
        pitch = Pitch(info=models["pitch"], values=models["values"], strategy=models["strategy"],
                      asks=models["asks"], organisations=self.inputs.pitch.organisations,
                      funders=self.inputs.pitch.funders, sections=sections)
        # Funder files were checked against the inputs; other funders' choices
        # need not hold in this funder's variant.
        own = dataclasses.replace(pitch, funders={})
        problems = [problem for problem in check_rules(own, self.inputs.sources)
                    if problem.severity is Severity.ERROR]
        if problems:
            where = _first_key(self.funder, ("overrides", "amounts", "asks", "currency"))
            raise PitchError([self.source.problem(where, f"with this funder's choices: {p.message}")
                              for p in problems])
        return pitch

    def _validated_sections(self) -> dict[str, SectionBase]:
        """Every section of the variant (the open ones and the funder's), checked by its kind."""
        sections: dict[str, SectionBase] = {}
        for name in [name for name in self.data if name.startswith("sections/")]:
            model = section_model_for(self.data[name])
            try:
                sections[name.split("/", 1)[1]] = model.model_validate(self.data[name])
            except ValidationError as error:
                self.problems += [self._problem(name, detail) for detail in error.errors()]
        return sections

    def prose_warnings(self, pitch: Pitch) -> list[Problem]:
        """Figures in prose that this funder's budget no longer matches, and figures
        without a source in text the funder's file adds."""
        return variant_prose_problems(self.inputs.pitch, pitch, self.data, self.source,
                                      self.origin_of)

    def _problem(self, file: str, detail: Any) -> Problem:
        path = error_location(detail)
        origin = self.origin_of(file, path)
        readable = format_where(file, list(path))
        return Problem(origin.file, origin.line, origin.column, readable,
                       describe_error(detail, []))

    def origin_of(self, file: str, path: FieldPath) -> Origin:
        """Where the value at a path, or its nearest parent, came from."""
        for end in range(len(path), -1, -1):
            origin = self.origins.get((file, path[:end]))
            if origin:
                return origin
        return Origin(self.source.display, 1, 1)


def _first_key(funder: Funder, keys: tuple[str, ...]) -> FieldPath:
    """The first of these keys that the funder's file sets, to point a problem at."""
    for key in keys:
        if key in funder.model_fields_set:
            return (key,)
    return ()
