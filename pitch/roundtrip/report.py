"""An import's findings as lines an editor jumps to, and as a review file to work through.

Every line starts with file:line:column where the value lives now; edits
are followed by a word diff in git's `[-old-]{+new+}` form.
"""

from __future__ import annotations

from decimal import Decimal
from difflib import SequenceMatcher

from pitch.roundtrip.compare import Comparison, Conflict, GeneratedEdit, Note, ValueEdit

CONTEXT_WORDS = 6


def report_lines(comparison: Comparison, docx_name: str, *, accept_changes: bool) -> list[str]:
    """One line per finding (edits also get their word diff on the next line)."""
    lines = []
    if comparison.other_version:
        lines.append(f"{docx_name}: note: this DOCX was built from version "
                     f"{comparison.other_version}, not the inputs' version; it is compared with "
                     "the text embedded in it")
    for edit in comparison.edits:
        lines += _edit_lines(edit)
    for conflict in comparison.conflicts:
        lines += _conflict_lines(conflict)
    for path, origin, built, reviewed in comparison.unplaced:
        lines += [f"{origin}: note: {path}: changed in Word where the Markdown says it another "
                  "way (a note's number, a table's layout); not applied, make this change in the YAML",
                  f"    {word_diff(built, reviewed)}"]
    lines += [_note_line(note, docx_name, accept_changes) for note in comparison.notes]
    lines += [_generated_line(edit) for edit in comparison.generated]
    lines += [f"{origin}: note: {path}: its text was deleted in Word (with its mark), so it "
              "cannot be told apart from a slip; not applied, delete it in the YAML if meant"
              for path, origin in comparison.lost]
    return lines


def summary(comparison: Comparison) -> str:
    """How many of each finding, in one sentence."""
    counts = {
        "change": len(comparison.edits),
        "conflict": len(comparison.conflicts),
        "comment": sum(note.kind == "comment" for note in comparison.notes),
        "tracked change": sum(note.kind != "comment" for note in comparison.notes),
        "edit of generated text": len(comparison.generated),
    }
    parts = [f"{number} {name}{'s' if number != 1 else ''}" for name, number in counts.items()]
    return ", ".join(parts).replace("edit of generated texts", "edits of generated text")


def review_file(comparison: Comparison, docx_name: str, *, accept_changes: bool) -> str:
    """The findings as a Markdown checklist for the writer."""
    lines = [f"# Review of {docx_name}", "", summary(comparison), ""]
    for line in report_lines(comparison, docx_name, accept_changes=accept_changes):
        lines.append(f"    {line}" if line.startswith(" ") else f"- [ ] {line}")
    return "\n".join(lines) + "\n"


def _edit_lines(edit: ValueEdit) -> list[str]:
    lines = [f"{edit.origin}: changed in Word: {edit.path}",
             f"    {word_diff(edit.built, edit.reviewed)}"]
    if edit.dropped:
        lines.append(f"{edit.origin}: note: {edit.path}: formatting Markdown cannot hold was "
                     f"dropped: {', '.join(sorted(edit.dropped))}")
    if isinstance(edit.after, Decimal):
        lines[0] += f" (the number {edit.after})"
    return lines


def _conflict_lines(conflict: Conflict) -> list[str]:
    return [f"{conflict.origin}: conflict: {conflict.path}: {conflict.reason}; not applied",
            f"    in Word:     {_one_line(conflict.in_word)}",
            f"    in the YAML: {_one_line(conflict.in_yaml)}"]


def _note_line(note: Note, docx_name: str, accept_changes: bool) -> str:
    where = str(note.origin) if note.origin else docx_name
    by = f"{note.kind} by {note.author}" + (f" ({note.date})" if note.date else "")
    text = f'"{_one_line(note.text)}"'
    if note.kind == "comment":
        on = "" if note.path else " on text the templates make"
        return f"{where}: {by}{on}: {text}"
    state = "accepted" if accept_changes else "a proposal; --accept-changes applies it"
    return f"{where}: {by} in {note.path}: {text} ({state})"


def _generated_line(edit: GeneratedEdit) -> str:
    if edit.section == "footer":
        return (f"templates/reference.docx: not importable: the footer \"{_one_line(edit.before)}\" "
                f"became \"{_one_line(edit.after)}\"; the build writes it from pitch.version, "
                "pitch.date and pitch.doi, so change those in inputs/pitch.yaml")
    template = f"templates/sections/{edit.section}.html.j2" if edit.section else "templates/pitch.html.j2"
    if not edit.before:
        return (f"{template}: not importable: text added outside any value: "
                f"\"{_one_line(edit.after)}\"; add it to the value it belongs to in the YAML")
    made_by = ("a figure computed from inputs/asks.yaml (totals, counts, dates)"
               if any(character.isdigit() for character in edit.before) else
               f"text of {template}")
    return (f"{template}: not importable: \"{_one_line(edit.before)}\" became "
            f"\"{_one_line(edit.after)}\"; it is {made_by}, so change it there")


def word_diff(before: str, after: str) -> str:
    """The change from `before` to `after` as words, with a little context around each edit."""
    old, new = _words(before), _words(after)
    pieces: list[str] = []
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = old[i1:i2]
            if len(words) > 2 * CONTEXT_WORDS:
                head = words[:CONTEXT_WORDS] if index else []
                tail = words[-CONTEXT_WORDS:] if index < len(opcodes) - 1 else []
                words = [*head, "…", *tail] if head or tail else ["…"]
            pieces += words
            continue
        if i2 > i1:
            pieces.append("[-" + " ".join(old[i1:i2]) + "-]")
        if j2 > j1:
            pieces.append("{+" + " ".join(new[j1:j2]) + "+}")
    return " ".join(pieces)


def _words(text: str) -> list[str]:
    """Words, with each paragraph break as a ¶ of its own."""
    return " ¶ ".join(" ".join(block.split()) for block in text.split("\n\n")).split()


def _one_line(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 200 else flat[:199] + "…"
