"""A funder's own questions, in its wording and order, each answered by sections.

A portal asks questions ("Existing support", "Landscape analysis") with a
word or character limit each; a question names the section or sections
whose text answers it, so one source answers many funders' forms.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from pitch.inputs.base import InputModel
from pitch.inputs.types import Slug, Text, Unique


class Question(InputModel):
    """One question of a funder's form and the sections that answer it."""

    id: Slug = Field(description="A short id; the portal file is named after it.")
    label: Text | None = Field(
        None, description="The short name the form gives the question, such as "
        "Existing support; the wording's start when left out.")
    question: Text = Field(description="The question, worded as the funder's form shows it.")
    sections: Annotated[list[Slug], Unique] = Field(
        min_length=1, description="Ids of the sections whose text answers it, in order.")
    words: int | None = Field(None, gt=0, description="Most words the answer may have.")
    characters: int | None = Field(
        None, gt=0, description="Most characters of the answer, spaces included.")

    @property
    def heading(self) -> str:
        """The label, or the wording when the question has no label."""
        return self.label or self.question


SectionData = Annotated[
    dict[str, Any],
    WithJsonSchema({"type": "object",
                    "description": "A section, written as in inputs/sections/<id>.yaml "
                    "(see section.schema.json)."}),
]
"""A section written inside a funder file; checked by the section models in rules."""
