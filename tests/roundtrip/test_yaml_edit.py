"""One value replaced in place: every other byte of the file stays, and the YAML stays valid."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pitch.roundtrip.yaml_edit import EditError, find_scalar, replace_value

FILE = """\
# The values.   Spacing and comments are the writer's.
values:
  - id: openness   # an id
    statement: We share what we make.

    quoted: "Lessons: open"
    folded: >-
      Knowledge, code and lessons are more useful when anyone can read,
      reuse and improve them.
    literal: |
      First paragraph.

      - one
      - two
amount: 583000  # USD
"""


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    """The lines that differ (the files keep their line count in these tests)."""
    return [(old, new) for old, new in zip(before.splitlines(), after.splitlines(), strict=True) if old != new]


def test_a_plain_value_stays_plain_and_nothing_else_moves() -> None:
    path = find_scalar(FILE, 4, 16)
    edited = replace_value(FILE, path, "We share all we make.")
    assert edited == FILE.replace("We share what we make.", "We share all we make.")


def test_text_that_plain_yaml_cannot_hold_is_quoted() -> None:
    edited = replace_value(FILE, ("values", 0, "statement"), "We share: always")
    assert "    statement: 'We share: always'\n" in edited
    edited = replace_value(FILE, ("values", 0, "quoted"), 'Lessons "open"')
    assert '    quoted: "Lessons \\"open\\""\n' in edited


def test_a_folded_block_keeps_its_lines_except_the_one_edited() -> None:
    edited = replace_value(FILE, ("values", 0, "folded"), (
        "Knowledge, code and lessons are more useful when anyone can read, "
        "reuse, translate and improve them."))
    assert changed_lines(FILE, edited) == [
        ("      reuse and improve them.", "      reuse, translate and improve them.")]


def test_a_new_list_item_gets_its_own_line_in_a_literal_block() -> None:
    edited = replace_value(FILE, ("values", 0, "literal"), "First paragraph.\n\n- one\n- two\n- three")
    assert edited == FILE.replace("      - two\n", "      - two\n      - three\n")


def test_a_split_paragraph_turns_a_plain_value_into_a_literal_block() -> None:
    edited = replace_value(FILE, ("values", 0, "statement"), "We share.\n\nWhat we make.")
    assert "    statement: |-\n      We share.\n\n      What we make.\n\n    quoted:" in edited


def test_a_number_is_written_as_a_number_and_its_comment_stays() -> None:
    assert replace_value(FILE, ("amount",), Decimal(590000)).endswith("amount: 590000  # USD\n")


def test_a_position_that_holds_no_value_is_an_error() -> None:
    with pytest.raises(EditError, match="no single value starts at line 2, column 3"):
        find_scalar(FILE, 2, 3)
