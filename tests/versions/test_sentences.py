"""Prose cut into sentences and diffed word by word, for `pitch diff`."""

from __future__ import annotations

from pitch.versions.sentences import (
    Segment,
    UnitChange,
    plain_text,
    split_sentences,
    unit_changes,
    word_segments,
)


def test_markdown_is_compared_as_the_text_it_renders_to() -> None:
    assert plain_text("We ask for **USD 3,000** to run [one](https://example.org) workshop.") == \
        "We ask for USD 3,000 to run one workshop."


def test_each_paragraph_and_list_item_starts_a_line() -> None:
    assert plain_text("First paragraph.\n\n- one\n- two") == "First paragraph.\none\ntwo"


def test_sentences_end_at_a_stop_before_a_capital_or_digit() -> None:
    assert split_sentences("We grew. 2027 is next! Is it “ready?” Yes, e.g. this stays.") == \
        ["We grew.", "2027 is next!", "Is it “ready?”", "Yes, e.g. this stays."]


def test_alike_sentences_are_paired_and_unalike_ones_are_not() -> None:
    old = ["One workshop, run together.", "Coffee is served.", "It ends at five."]
    new = ["Two workshops, run together.", "We publish the notes online.", "It ends at five."]
    assert unit_changes(old, new) == [
        UnitChange("One workshop, run together.", "Two workshops, run together."),
        UnitChange("Coffee is served.", None),
        UnitChange(None, "We publish the notes online."),
        UnitChange("It ends at five.", "It ends at five."),
    ]


def test_words_are_marked_deleted_and_inserted_within_a_sentence() -> None:
    old, new = "We ask for USD 450,000 in total.", "We ask for USD 480,000 in total."
    assert word_segments(old, new) == [
        Segment("equal", "We ask for USD"),
        Segment("delete", "450,000"),
        Segment("insert", "480,000"),
        Segment("equal", "in total."),
    ]
