"""Input values that know their path, so the rendered HTML says where each text came from.

Before rendering, every text and number of the validated pitch is swapped
for a copy that carries its value path (the path `pitch explain` prints and
funder overrides take, such as `values.values[openness].statement`). Such a
value prints itself wrapped in private-use markers; `resolve_marks` turns
the markers into `<span data-path>` in the body's text and drops them inside
tags and the head, where no element may go. Computed values (totals, labels
looked up in code) are new objects and carry no path: the DOCX marks only
what one input value says.
"""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal
from typing import Any, Self

from markupsafe import Markup, escape
from pydantic import BaseModel

from pitch.inputs.model import Pitch

OPEN, SEPARATOR, CLOSE = "\ue000", "\ue001", "\ue002"
PATH_ATTRIBUTE = "data-path"
_MARKER = re.compile(f"{OPEN}([^{SEPARATOR}]*){SEPARATOR}|{CLOSE}")
_OPEN_ONLY = re.compile(f"{OPEN}([^{SEPARATOR}]*){SEPARATOR}")
_TAG = re.compile(r"<[^>]*>")


class MarkedText(str):
    """Text from one input value, printing itself with its path."""

    value_path: str

    def __new__(cls, text: str, value_path: str) -> Self:
        """Text `text` from the value at `value_path`."""
        instance = super().__new__(cls, text)
        instance.value_path = value_path
        return instance

    def __html__(self) -> Markup:
        """Escaped, between the markers that become a <span data-path>."""
        return mark_html(Markup(escape(str(self))), self.value_path)

    def __reduce__(self) -> tuple[Any, ...]:
        return (MarkedText, (str(self), self.value_path))


class MarkedAmount(Decimal):
    """A number from one input value; arithmetic on it gives plain Decimals."""

    value_path: str

    def __new__(cls, amount: Decimal | int, value_path: str) -> Self:
        """The amount `amount` from the value at `value_path`."""
        instance = super().__new__(cls, amount)
        instance.value_path = value_path
        return instance

    def __html__(self) -> Markup:
        """The bare number between path markers (templates format amounts with filters)."""
        return mark_html(Markup(escape(str(Decimal(self)))), self.value_path)

    def __reduce__(self) -> tuple[Any, ...]:
        return (MarkedAmount, (Decimal(self), self.value_path))


def value_path_of(value: object) -> str | None:
    """The path a value came from, or None for computed and template text."""
    return getattr(value, "value_path", None)


def mark_html(html: Markup, value_path: str | None) -> Markup:
    """Inline HTML between the markers of `value_path` (unchanged when there is none)."""
    if value_path is None:
        return html
    return Markup(f"{OPEN}{value_path}{SEPARATOR}{html}{CLOSE}")


def mark_pitch(pitch: Pitch) -> Pitch:
    """A copy of the pitch whose every text and number carries its value path."""
    organisations = {slug: _mark(model, f"organisations/{slug}")
                     for slug, model in pitch.organisations.items()}
    return dataclasses.replace(
        pitch,
        info=_mark(pitch.info, "pitch"),
        values=_mark(pitch.values, "values"),
        strategy=_mark(pitch.strategy, "strategy"),
        asks=_mark(pitch.asks, "asks"),
        organisations=organisations,
        sections={section_id: _mark(section, f"sections[{section_id}]")
                  for section_id, section in pitch.sections.items()},
    )


def value_texts(pitch: Pitch) -> dict[str, str]:
    """Each value path of the pitch and its text, as the YAML gives it."""
    texts: dict[str, str] = {}
    _collect(mark_pitch(pitch), texts)
    return texts


def _collect(value: Any, texts: dict[str, str]) -> None:
    if isinstance(value, Pitch):
        for part in (value.info, value.values, value.strategy, value.asks,
                     *value.organisations.values(), *value.sections.values()):
            _collect(part, texts)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _collect(getattr(value, name), texts)
    elif isinstance(value, list):
        for item in value:
            _collect(item, texts)
    elif isinstance(value, MarkedText):
        texts[value.value_path] = str(value)
    elif isinstance(value, MarkedAmount):
        texts[value.value_path] = str(Decimal(value))


def _mark(value: Any, path: str) -> Any:
    if isinstance(value, BaseModel):
        fields = type(value).model_fields
        return value.model_copy(update={
            name: _mark(getattr(value, name), f"{path}.{name}") for name in fields})
    if isinstance(value, list):
        return [_mark(item, f"{path}[{_label(item, index)}]") for index, item in enumerate(value)]
    if isinstance(value, str) and not isinstance(value, MarkedText):
        return MarkedText(value, path)
    if isinstance(value, Decimal) and not isinstance(value, MarkedAmount):
        return MarkedAmount(value, path)
    return value


def _label(item: Any, index: int) -> str | int:
    """A list item is named by its id when it has one, as in `pitch explain`."""
    item_id = getattr(item, "id", None)
    return str(item_id) if item_id else index


def resolve_marks(html: str) -> str:
    """Markers in the body's text become <span data-path>; elsewhere they are dropped."""
    body_start = max(html.find("<body"), 0)
    head = strip_marks(html[:body_start])
    body = _TAG.sub(lambda tag: strip_marks(tag.group()), html[body_start:])
    return head + _MARKER.sub(_span, body)


def strip_marks(text: str) -> str:
    """The text without any path markers."""
    return _OPEN_ONLY.sub("", text).replace(CLOSE, "")


def _span(match: re.Match[str]) -> str:
    if match.group(0) == CLOSE:
        return "</span>"
    return f'<span {PATH_ATTRIBUTE}="{escape(match.group(1))}">'
