"""Compare a reviewed DOCX three ways: the text as built, the text in Word now, the YAML now.

A value whose text in Word differs from its text as built was edited by the
reviewer. It is a change when the YAML still says what the DOCX was built
from, and a conflict when the YAML moved on too: both texts are shown and
nothing is applied. Tracked changes count only with `accept_changes`;
otherwise the text before them is used and they are listed as proposals.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from difflib import SequenceMatcher

from pitch.inputs.validate import CheckedInputs
from pitch.inputs.variant import Origin, Variant
from pitch.render.marks import value_texts
from pitch.roundtrip.docx_file import Comment, ReviewedDocx
from pitch.roundtrip.locate import locate_value
from pitch.word.reading import MarkedText, TrackedChange
from pitch.word.record import RecordedMark

_TYPOGRAPHY = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
               "\u2014": "---", "\u2013": "--", "\u2026": "..."}
_NUMBER = re.compile(r"^[A-Z]{3}\s*|\s*[A-Z]{3}$")


@dataclass(frozen=True)
class ValueEdit:
    """One value the reviewer changed: where it lives, and its text before and after."""

    path: str
    origin: Origin
    before: str
    after: str | Decimal
    built: str
    reviewed: str
    dropped: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Conflict:
    """A value changed in Word and in the YAML since the DOCX was built."""

    path: str
    origin: Origin
    in_word: str
    in_yaml: str
    reason: str


@dataclass(frozen=True)
class Note:
    """A comment or a tracked change, at the value it sits on (or on generated text)."""

    kind: str
    origin: Origin | None
    path: str | None
    author: str
    date: str
    text: str


@dataclass(frozen=True)
class GeneratedEdit:
    """An edit to text the templates or the data make; never imported."""

    section: str | None
    before: str
    after: str


@dataclass
class Comparison:
    """Everything an import found, ready to report or apply."""

    edits: list[ValueEdit] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    generated: list[GeneratedEdit] = field(default_factory=list)
    lost: list[tuple[str, Origin]] = field(default_factory=list)
    unplaced: list[tuple[str, Origin, str, str]] = field(default_factory=list)
    other_version: str | None = None


def compare(reviewed: ReviewedDocx, inputs: CheckedInputs, variant: Variant, *,
            accept_changes: bool) -> Comparison:
    """What the reviewer changed, value by value, against the YAML now."""
    result = Comparison()
    if reviewed.record.version != variant.pitch.info.version:
        result.other_version = reviewed.record.version
    now = value_texts(variant.pitch)
    by_path: dict[str, list[tuple[RecordedMark, MarkedText]]] = defaultdict(list)
    for recorded in reviewed.record.marks:
        mark = reviewed.document.marks.get(recorded.number)
        if mark is not None:
            by_path[recorded.path].append((recorded, mark))
    missing = {mark.path for mark in reviewed.record.marks} - set(by_path)
    result.lost = [(path, locate_value(inputs, variant, path)) for path in sorted(missing)]
    for path, occurrences in by_path.items():
        origin = locate_value(inputs, variant, path)
        _compare_value(result, path, origin, occurrences, now.get(path), accept_changes)
    result.notes += _comments(reviewed, inputs, variant)
    result.generated = _generated_edits(reviewed)
    return result


def _compare_value(
    result: Comparison, path: str, origin: Origin, occurrences: list[tuple[RecordedMark, MarkedText]],
    yaml_now: str | None, accept_changes: bool,
) -> None:
    edited: dict[str, tuple[RecordedMark, MarkedText]] = {}
    for recorded, mark in occurrences:
        result.notes += [_proposal(change, origin, path) for change in mark.changes]
        text = mark.markdown(accept_changes=accept_changes, block=recorded.block)
        if text != recorded.built:
            edited[text] = (recorded, mark)
    if not edited:
        return
    source = occurrences[0][0].source
    if len(edited) > 1:
        result.conflicts.append(Conflict(path, origin, "\n".join(edited), yaml_now or "",
                                         "edited differently in several places of the DOCX"))
        return
    (text, (recorded, mark)), = edited.items()
    if yaml_now != source:
        result.conflicts.append(Conflict(path, origin, text, yaml_now or "(no longer there)",
                                         "changed in Word and in the YAML since this DOCX was built"))
        return
    after = _as_source(text, source) if _reads_back(recorded.built, source) else (
        _transplant(recorded.built, text, source))
    if after is None:
        result.unplaced.append((path, origin, recorded.built, text))
        return
    result.edits.append(ValueEdit(path, origin, source, after, recorded.built,
                                  text, frozenset(mark.dropped())))


def _as_source(reviewed: str, source: str) -> str | Decimal:
    """The reviewed text in the form the YAML holds it: a number, or Markdown as typed."""
    if _is_number(source):
        number = _parse_number(reviewed)
        if number is not None:
            return number
    return _as_typed(reviewed, source)


def _as_typed(reviewed: str, source: str) -> str:
    """Typographic quotes and dashes back as typed, unless the source has them itself."""
    text = reviewed
    for typeset, typed in _TYPOGRAPHY.items():
        if typeset not in source:
            text = text.replace(typeset, typed)
    return text


def _reads_back(built: str, source: str) -> bool:
    """Whether the DOCX, read back as Markdown, gives the value exactly as the YAML types it.

    It does not when the Markdown holds what Word shows differently: an open
    section's sub-headings, tables and footnotes. Such a value takes only the
    reviewer's changes, so its other markup stays as typed.
    """
    return _is_number(source) or _as_typed(built, source) == source


def _transplant(built: str, reviewed: str, source: str) -> str | None:
    """`source` with the changes that turn `built` into `reviewed`, or None where one cannot go.

    Each change must fall inside text that `built` and `source` share
    verbatim; a change to what only Word shows (a note's number, a table's
    borders) has no place in the Markdown and is not guessed.
    """
    shared = [block for block in SequenceMatcher(None, built, source, autojunk=False)
              .get_matching_blocks() if block.size]
    pieces: list[str] = []
    cursor = 0
    changes = SequenceMatcher(None, built, reviewed, autojunk=False).get_opcodes()
    for tag, start, end, new_start, new_end in changes:
        if tag == "equal":
            continue
        block = next((b for b in shared if b.a <= start and end <= b.a + b.size), None)
        if block is None:
            return None
        offset = block.b - block.a
        pieces += [source[cursor:start + offset], _as_typed(reviewed[new_start:new_end], source)]
        cursor = end + offset
    return "".join([*pieces, source[cursor:]])


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except InvalidOperation:
        return False
    return True


def _parse_number(text: str) -> Decimal | None:
    digits = _NUMBER.sub("", text.replace("\u00a0", " ").strip()).replace(",", "").replace(" ", "")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def _proposal(change: TrackedChange, origin: Origin, path: str) -> Note:
    kind = "tracked insertion" if change.kind == "ins" else "tracked deletion"
    return Note(kind, origin, path, change.author, change.date, change.text)


def _comments(reviewed: ReviewedDocx, inputs: CheckedInputs, variant: Variant) -> list[Note]:
    notes = []
    paths = {mark.number: mark.path for mark in reviewed.record.marks}
    for identifier, comment in sorted(reviewed.comments.items(), key=lambda item: _order(item[0])):
        start, end = reviewed.document.comment_ranges.get(identifier, (-1, -1))
        on = [mark for mark in reviewed.document.marks.values()
              if mark.number in paths and _overlaps(mark.start, mark.end, start, end)]
        mark = min(on, key=lambda m: m.end - m.start, default=None)
        path = paths[mark.number] if mark else None
        origin = locate_value(inputs, variant, path) if path else None
        notes.append(_comment_note(comment, origin, path))
    return notes


def _overlaps(mark_start: int, mark_end: int, start: int, end: int) -> bool:
    """Whether a comment's range lies on a mark; an empty range counts where it stands."""
    if start == end:
        return mark_start <= start <= mark_end and mark_start < mark_end
    return mark_start < end and mark_end > start


def _comment_note(comment: Comment, origin: Origin | None, path: str | None) -> Note:
    return Note("comment", origin, path, comment.author, comment.date, comment.text)


def _order(identifier: str) -> tuple[int, str]:
    return (int(identifier), "") if identifier.isdigit() else (1 << 30, identifier)


def _generated_edits(reviewed: ReviewedDocx) -> list[GeneratedEdit]:
    built, now = reviewed.record.unmarked, reviewed.document.unmarked
    matcher = SequenceMatcher(None, [text for _, text in built], [text for _, text in now],
                              autojunk=False)
    edits = [GeneratedEdit("footer", reviewed.record.footer, footer)
             for footer in reviewed.footers if footer != reviewed.record.footer]
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        section = (built[i1:i2] or now[j1:j2])[0][0]
        edits.append(GeneratedEdit(section, " / ".join(text for _, text in built[i1:i2]),
                                   " / ".join(text for _, text in now[j1:j2])))
    return edits
