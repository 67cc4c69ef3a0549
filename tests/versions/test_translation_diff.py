"""pitch diff shows what translators changed, beside the source's changes."""

from __future__ import annotations

from pathlib import Path

from pitch.versions.diff import compare_translations, describe_change

ENTRY = "{path}:\n  source: {source}\n  fingerprint: dd2a3a7e0c26\n  text: {text}\n"


def translations(root: Path, entries: dict[str, str]) -> Path:
    folder = root / "inputs" / "translations"
    folder.mkdir(parents=True)
    (folder / "es.yaml").write_text("".join(
        ENTRY.format(path=path, source="Source.", text=text) for path, text in entries.items()),
        encoding="utf-8")
    return root / "inputs"


def test_a_changed_added_and_removed_translation_are_each_a_change(tmp_path: Path) -> None:
    old = translations(tmp_path / "old", {"pitch.title": "Una propuesta.",
                                          "pitch.coalition": "Una coalición."})
    new = translations(tmp_path / "new", {"pitch.title": "Una propuesta pequeña.",
                                          "pitch.purpose": "Un propósito."})
    changes = compare_translations(old, new)
    assert [(change.kind, change.where) for change in changes] == [
        ("text", "translations/es: pitch.title"),
        ("removed", "translations/es: pitch.coalition"),
        ("added", "translations/es: pitch.purpose"),
    ]
    assert [line.text for line in describe_change(changes[0])] == [
        "translations/es: pitch.title: 1 sentence changed",
        "  - Una propuesta.", "  + Una propuesta pequeña."]
