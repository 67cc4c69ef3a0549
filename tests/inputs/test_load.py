"""Reading one YAML file: plain data only, with the position of every value."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitch.errors import PitchError
from pitch.inputs.load import ComposedFiles, load_yaml_file


def _load(tmp_path: Path, text: str) -> object:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml_file(path)


def _messages(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(PitchError) as error:
        _load(tmp_path, text)
    return [problem.format().split(": ", 1)[1] for problem in error.value.problems]


def test_every_value_keeps_its_line_and_column(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "asks:\n  - id: a\n    amount: 10\n")
    assert loaded.data == {"asks": [{"id": "a", "amount": 10}]}
    assert loaded.locate(("asks", 0, "amount")) == (3, 13)
    assert loaded.locate(("asks", 0, "amount"), key=True) == (3, 5)


def test_a_missing_value_is_located_at_its_nearest_parent(tmp_path: Path) -> None:
    loaded = _load(tmp_path, "asks:\n  - id: a\n")
    assert loaded.locate(("asks", 0, "title")) == (2, 5)


def test_dates_stay_text_so_impossible_dates_are_reported_not_crashed(tmp_path: Path) -> None:
    assert _load(tmp_path, "date: 2026-02-30\n").data == {"date": "2026-02-30"}


def test_a_recursive_alias_is_stopped(tmp_path: Path) -> None:
    messages = _messages(tmp_path, "a: &a [*a]\n")
    assert any("aliases repeated inside aliases" in message for message in messages)


def test_merge_keys_are_refused_with_advice(tmp_path: Path) -> None:
    messages = _messages(tmp_path, "base: &b {x: 1}\nother:\n  <<: *b\n")
    assert messages == ["error: other: merge keys (<<) are not supported; write the keys out"]


def test_two_documents_in_one_file_are_refused(tmp_path: Path) -> None:
    messages = _messages(tmp_path, "a: 1\n---\nb: 2\n")
    assert messages == ["error: YAML syntax: the file holds more than one YAML document ('---'); keep one"]


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfname: Alpha\n")
    assert load_yaml_file(path).data == {"name": "Alpha"}


def test_a_folder_where_a_file_should_be_is_reported(tmp_path: Path) -> None:
    (tmp_path / "file.yaml").mkdir()
    with pytest.raises(PitchError) as error:
        load_yaml_file(tmp_path / "file.yaml")
    assert "this is a folder, not a file" in str(error.value)


def test_composed_files_compose_again_only_a_file_whose_text_changed(tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    path.write_text("title: First\n", encoding="utf-8")
    composed = ComposedFiles()
    first = load_yaml_file(path, composed)
    assert composed.compose(path, "title: First\n", "file.yaml") is composed.compose(
        path, "title: First\n", "file.yaml")
    path.write_text("title: Second\nsubtitle: x\n", encoding="utf-8")
    second = load_yaml_file(path, composed)
    assert (first.data, second.data) == ({"title": "First"}, {"title": "Second", "subtitle": "x"})
    assert second.locate(("subtitle",)) == (2, 11)
