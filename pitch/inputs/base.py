"""The base of every input model: unknown keys are refused, text is trimmed."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class InputModel(BaseModel):
    """Base for every input: unknown keys are refused, text is trimmed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
