"""Compare two checked pitches in the writers' terms, not as YAML lines.

Items in lists are matched by id (or by name or title where they have none),
so moving an ask is not "everything changed"; amounts are compared as money,
prose as sentences (see pitch/sentences.py), everything else as a value.
Each difference is one `Change`, with a readable path that uses ids.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from babel.dates import format_date
from babel.numbers import format_decimal
from pydantic import BaseModel

from pitch.inputs.model import Funder, Pitch
from pitch.render.context import locale_for
from pitch.versions.sentences import is_markdown, plain_text, split_sentences

ChangeKind = Literal[
    "added", "removed", "changed", "amount", "date", "text", "items", "reordered", "formatting"
]
KEY_FIELDS = ("id", "name", "title", "statement")
LABEL_FIELDS = ("name", "title", "statement", "description")
PROSE_FIELDS = ("statement", "summary", "description", "funds", "mission")


@dataclass(frozen=True)
class Change:
    """One difference between two versions.

    `where` reads "file: path" (`asks: asks[workshop].amount`); `old` and `new`
    are shown as a writer reads them (USD 3,000; 15 January 2026), None where
    the thing is absent. For "text" and "items" they hold the whole field.
    """

    kind: ChangeKind
    where: str
    old: str | None = None
    new: str | None = None

    @property
    def file(self) -> str:
        """The input the change is in: pitch, asks, organisations/alpha, ..."""
        return self.where.partition(": ")[0]

    @property
    def path(self) -> str:
        """The field inside that file, such as pillars[workshops].summary."""
        return self.where.partition(": ")[2]


@dataclass(frozen=True)
class _Scope:
    """Where a comparison stands: the file, its currencies, the language."""

    file: str
    old_currency: str
    new_currency: str
    language: str

    def where(self, path: str) -> str:
        """`file: path`, or the file alone for a whole file."""
        return f"{self.file}: {path}" if path else self.file


def compare_pitches(old: Pitch, new: Pitch) -> list[Change]:
    """Every change from `old` to `new`, file by file, in the order of the inputs."""
    language = new.info.language
    old_currency, new_currency = old.asks.currency, new.asks.currency
    changes: list[Change] = []
    for file, before, after in (("pitch", old.info, new.info), ("values", old.values, new.values),
                                ("strategy", old.strategy, new.strategy),
                                ("asks", old.asks, new.asks)):
        scope = _Scope(file, old_currency, new_currency, language)
        changes += _compare_models(scope, "", before, after)
    organisations = _Scope("organisations", old_currency, new_currency, language)
    changes += _compare_folder(organisations, old.organisations, new.organisations)
    for funder_id in sorted(set(old.funders) | set(new.funders)):
        old_funder, new_funder = old.funders.get(funder_id), new.funders.get(funder_id)
        scope = _Scope("funders", _funder_currency(old_funder, old_currency),
                       _funder_currency(new_funder, new_currency), language)
        changes += _compare_folder(scope, _only(funder_id, old_funder),
                                   _only(funder_id, new_funder))
    return changes


def _funder_currency(funder: Funder | None, default: str) -> str:
    return getattr(funder, "currency", None) or default


def _only(key: str, model: BaseModel | None) -> dict[str, BaseModel]:
    return {key: model} if model is not None else {}


def _compare_folder(
    scope: _Scope, old: Mapping[str, BaseModel], new: Mapping[str, BaseModel]
) -> list[Change]:
    """Files in organisations/ or funders/, matched by file name."""
    changes: list[Change] = []
    for key in sorted(set(old) | set(new)):
        file_scope = _Scope(f"{scope.file}/{key}", scope.old_currency, scope.new_currency,
                            scope.language)
        if key not in new:
            changes.append(Change("removed", file_scope.file,
                                  old=describe_item(old[key], scope, old=True)))
        elif key not in old:
            changes.append(Change("added", file_scope.file, new=describe_item(new[key], scope)))
        else:
            changes += _compare_models(file_scope, "", old[key], new[key])
    return changes


def _compare_models(scope: _Scope, path: str, old: BaseModel, new: BaseModel) -> list[Change]:
    changes: list[Change] = []
    for name, info in type(old).model_fields.items():
        field_path = f"{path}.{name}" if path else name
        changes += _compare(scope, field_path, getattr(old, name), getattr(new, name),
                            prose=is_markdown(info))
    return changes


def _compare(scope: _Scope, path: str, old: Any, new: Any, *, prose: bool = False) -> list[Change]:
    """The changes between two values of one field."""
    if old == new:
        return []
    where = scope.where(path)
    if path.rsplit(".", 1)[-1] in NOT_MONEY:
        return [_plain_number_change(where, path, old, new)]
    if old is None or new is None:
        kind: ChangeKind = "added" if old is None else "removed"
        return [Change(kind, where, show(old, scope, old=True), show(new, scope))]
    if isinstance(old, BaseModel):
        return _compare_models(scope, path, old, new)
    if isinstance(old, list):
        return _compare_lists(scope, path, old, new)
    if isinstance(old, dict):
        return _compare_dicts(scope, path, old, new)
    if isinstance(old, Decimal | datetime.date):
        kind = "amount" if isinstance(old, Decimal) else "date"
        return [Change(kind, where, show(old, scope, old=True), show(new, scope))]
    if isinstance(old, str) and prose:
        same_words = split_sentences(plain_text(old)) == split_sentences(plain_text(new))
        kind = "formatting" if same_words else "text"
        return [Change(kind, where, old, new)]
    return [Change("changed", where, show(old, scope, old=True), show(new, scope))]


# Numbers in the inputs that are not money: staff time, units, rates.
NOT_MONEY = frozenset({"fte", "quantity", "rate", "max_indirect"})
PERCENTAGES = frozenset({"rate", "max_indirect"})


def _plain_number_change(where: str, path: str, old: Any, new: Any) -> Change:
    """A change of staff time, units or a rate: numbers, not money."""
    suffix = "%" if path.rsplit(".", 1)[-1] in PERCENTAGES else ""
    shown = [None if value is None else f"{value}{suffix}" for value in (old, new)]
    kind: ChangeKind = "added" if old is None else "removed" if new is None else "changed"
    return Change(kind, where, shown[0], shown[1])


def _compare_lists(scope: _Scope, path: str, old: list[Any], new: list[Any]) -> list[Change]:
    if not any(isinstance(item, BaseModel) for item in [*old, *new]):
        lines = ["\n".join(" ".join(str(item).split()) for item in items) for items in (old, new)]
        return [Change("items", scope.where(path), lines[0] or None, lines[1] or None)]
    return _compare_keyed(scope, path, keyed(old), keyed(new))


def _compare_keyed(
    scope: _Scope, path: str, old: dict[str, Any], new: dict[str, Any]
) -> list[Change]:
    """Items matched by key: removed ones, then added or changed in the new order."""
    changes = [Change("removed", scope.where(f"{path}[{key}]"),
                      old=describe_item(item, scope, old=True))
               for key, item in old.items() if key not in new]
    for key, item in new.items():
        if key not in old:
            changes.append(Change("added", scope.where(f"{path}[{key}]"),
                                  new=describe_item(item, scope)))
        else:
            changes += _compare(scope, f"{path}[{key}]", old[key], item)
    kept_old = [key for key in old if key in new]
    kept_new = [key for key in new if key in old]
    if kept_old != kept_new:
        changes.append(Change("reordered", scope.where(path), ", ".join(kept_old),
                              ", ".join(kept_new)))
    return changes


def _compare_dicts(
    scope: _Scope, path: str, old: dict[Any, Any], new: dict[Any, Any]
) -> list[Change]:
    changes: list[Change] = []
    for key in [*old, *(key for key in new if key not in old)]:
        changes += _compare(scope, f"{path}[{key}]", old.get(key), new.get(key))
    return changes


def keyed(items: list[Any]) -> dict[str, Any]:
    """Items by their id, or name, title or statement; repeats get (2), (3)."""
    result: dict[str, Any] = {}
    for item in items:
        key = item_key(item)
        candidate, count = key, 1
        while candidate in result:
            count += 1
            candidate = f"{key} ({count})"
        result[candidate] = item
    return result


def item_key(item: BaseModel) -> str:
    """What identifies an item in a list: its id, or a budget line's ask and text."""
    if hasattr(item, "ask") and hasattr(item, "description"):
        return f"{item.ask} · {item.description}"
    for name in KEY_FIELDS:
        value = getattr(item, name, None)
        if isinstance(value, str):
            return value
    return "item"


def describe_item(item: BaseModel, scope: _Scope, old: bool = False) -> str:
    """An item in one line: its name, its amount, and its main sentence."""
    parts = [next((str(getattr(item, name)) for name in LABEL_FIELDS
                   if isinstance(getattr(item, name, None), str)), None) or _settings(item)]
    if isinstance(getattr(item, "amount", None), Decimal):
        parts[0] += f", {show(item.amount, scope, old=old)}"  # type: ignore[attr-defined]
    for name in PROSE_FIELDS:
        value = getattr(item, name, None)
        if isinstance(value, str) and value not in parts[0]:
            parts.append(" ".join(plain_text(value).split()))
            break
    return " — ".join(parts)


def _settings(item: BaseModel) -> str:
    """A model without a name, as its plain settings: `words: 300, characters: 2000`."""
    return ", ".join(f"{name.replace('_', ' ')}: {value}{'%' if name in PERCENTAGES else ''}"
                     for name, value in item.model_dump(exclude_none=True).items()
                     if isinstance(value, str | int | float | Decimal)) or item_key(item)


def show(value: Any, scope: _Scope, *, old: bool = False) -> str | None:
    """A value as a writer reads it: money with its currency, dates written out."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return money(value, scope.old_currency if old else scope.new_currency, scope.language)
    if isinstance(value, datetime.date):
        return written_date(value, scope.language)
    if isinstance(value, BaseModel):
        return describe_item(value, scope, old)
    if isinstance(value, list):
        return ", ".join(str(show(item, scope, old=old)) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {show(item, scope, old=old)}" for key, item in value.items())
    return str(value)


def money(amount: Decimal, currency: str, language: str = "en") -> str:
    """An amount with its ISO code, such as USD 450,000 (cents only when there are any)."""
    whole = amount == amount.to_integral_value()
    number = format_decimal(amount, "#,##0" if whole else "#,##0.00", locale=locale_for(language))
    return f"{currency} {number}"


def written_date(date: datetime.date, language: str = "en") -> str:
    """A date written out in the pitch's language, such as 15 January 2026."""
    return format_date(date, "long", locale=locale_for(language))
