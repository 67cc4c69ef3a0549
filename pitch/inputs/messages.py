"""Writer-friendly wording for validation errors, keyed on pydantic's error type."""

from __future__ import annotations

import types
import typing
from difflib import get_close_matches
from typing import Any, Literal

from pydantic import BaseModel


def describe_value(value: Any) -> str:
    """Name a YAML value the way a writer sees it in the file."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of keys"
    return f"'{value}'" if len(str(value)) <= 60 else f"'{str(value)[:57]}...'"


def _expected_number(detail: dict[str, Any], choices: list[str]) -> str:
    return f"expected a number, got {describe_value(detail['input'])}"


def _minimum(detail: dict[str, Any], choices: list[str]) -> str:
    bound = detail["ctx"].get("ge", detail["ctx"].get("gt"))
    relation = "at least" if "ge" in detail["ctx"] else "more than"
    return f"must be {relation} {bound}, got {describe_value(detail['input'])}"


def _maximum(detail: dict[str, Any], choices: list[str]) -> str:
    bound = detail["ctx"].get("le", detail["ctx"].get("lt"))
    return f"must be at most {bound}, got {describe_value(detail['input'])}"


def _too_short(detail: dict[str, Any], choices: list[str]) -> str:
    if isinstance(detail["input"], str):
        return "must not be empty"
    count = detail["ctx"]["min_length"]
    return f"needs at least {count} item{'s' if count != 1 else ''}"


def _too_long(detail: dict[str, Any], choices: list[str]) -> str:
    limit = detail["ctx"]["max_length"]
    if isinstance(detail["input"], str):
        return f"is {len(detail['input'])} characters long; at most {limit} are allowed"
    return f"has {len(detail['input'])} items; at most {limit} are allowed"


def _unknown_key(detail: dict[str, Any], choices: list[str]) -> str:
    key = str(detail["loc"][-1])
    return f"unknown key '{key}'{did_you_mean(key, choices)}"


def _not_a_choice(detail: dict[str, Any], choices: list[str]) -> str:
    value = str(detail["input"])
    listed = ", ".join(choices)
    return f"'{value}' is not one of: {listed}{did_you_mean(value, choices)}"


def _expected(kind: str, advice: str = "") -> typing.Callable[[dict[str, Any], list[str]], str]:
    def describe(detail: dict[str, Any], choices: list[str]) -> str:
        return f"expected {kind}, got {describe_value(detail['input'])}{advice}"

    return describe


def _not_a_date(detail: dict[str, Any], choices: list[str]) -> str:
    value = detail["input"]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return f"'{value}' is not a real date"
    return f"expected a date as YYYY-MM-DD, got {describe_value(value)}"


_MESSAGES: dict[str, typing.Callable[[dict[str, Any], list[str]], str]] = {
    "missing": lambda detail, choices: f"missing required key '{detail['loc'][-1]}'",
    "extra_forbidden": _unknown_key,
    "literal_error": _not_a_choice,
    "int_parsing": _expected_number,
    "int_type": _expected_number,
    "int_from_float": lambda detail, choices: f"expected a whole number, got {detail['input']}",
    "float_parsing": _expected_number,
    "float_type": _expected_number,
    "decimal_parsing": _expected_number,
    "decimal_type": _expected_number,
    "finite_number": lambda detail, choices: "expected a number, not infinity or .nan",
    "decimal_max_places": lambda detail, choices: "use at most 2 decimal places",
    "decimal_max_digits": lambda detail, choices: "the number is too large",
    "greater_than_equal": _minimum,
    "greater_than": _minimum,
    "less_than_equal": _maximum,
    "less_than": _maximum,
    "too_short": _too_short,
    "too_long": _too_long,
    "string_too_short": _too_short,
    "string_too_long": _too_long,
    "string_type": _expected("text", "; put it in quotes"),
    "list_type": _expected("a list (lines starting with '- ')"),
    "dict_type": _expected("a group of keys (key: value)"),
    "model_type": _expected("a group of keys (key: value)"),
    "model_attributes_type": _expected("a group of keys (key: value)"),
    "bool_parsing": _expected("true or false"),
    "bool_type": _expected("true or false"),
    "date_from_datetime_parsing": _not_a_date,
    "date_parsing": _not_a_date,
    "date_type": _not_a_date,
}


def describe_error(detail: dict[str, Any], choices: list[str]) -> str:
    """A short message for one pydantic error; our own error types carry theirs."""
    describe = _MESSAGES.get(detail["type"])
    return describe(detail, choices) if describe else str(detail["msg"])


def closest(word: str, choices: list[str]) -> str | None:
    """The choice closest to a misspelt word, ignoring case, if any is close."""
    lowered = {choice.lower(): choice for choice in choices}
    match = get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(word: str, choices: list[str]) -> str:
    """` — did you mean 'x'?` for the closest choice, or nothing."""
    match = closest(word, choices)
    return f" — did you mean '{match}'?" if match else ""


def annotation_at(model_class: type[BaseModel], location: tuple[str | int, ...]) -> Any:
    """The type annotation at a path inside a model, or None if it has none."""
    annotation: Any = model_class
    for part in location:
        annotation = _step(_unwrap(annotation), part)
        if annotation is None:
            return None
    return _unwrap(annotation)


def fields_at(model_class: type[BaseModel], location: tuple[str | int, ...]) -> list[str]:
    """The keys allowed at a path inside a model (for 'did you mean')."""
    annotation = annotation_at(model_class, location)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    if typing.get_origin(annotation) is dict:
        return literal_choices(typing.get_args(annotation)[0])
    return []


def literal_choices(annotation: Any) -> list[str]:
    """The values a Literal annotation allows."""
    annotation = _unwrap(annotation)
    return [str(arg) for arg in typing.get_args(annotation)] if typing.get_origin(annotation) is Literal else []


def _step(annotation: Any, part: str | int) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(str(part))
        return field.annotation if field else None
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict:
        return args[1]
    return None


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type that matters."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation
