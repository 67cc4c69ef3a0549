"""The template words' catalogues: complete for every shipped language, and current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from pitch.render.catalogues import SHIPPED_LANGUAGES, catalogue_path, load_catalogue
from tests.conftest import REPO_ROOT

LOCALE = REPO_ROOT / "templates" / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def message_ids(path: Path) -> set[str]:
    with path.open("rb") as file:
        return {message.id if isinstance(message.id, str) else message.id[0]
                for message in read_po(file) if message.id}


@pytest.mark.parametrize("language", [name for name in SHIPPED_LANGUAGES if name != "en"])
def test_every_template_word_is_translated_with_the_same_placeholders(language: str) -> None:
    with (LOCALE / f"{language}.po").open("rb") as file:
        catalogue = read_po(file, locale=language)
    assert {message.id if isinstance(message.id, str) else message.id[0]
            for message in catalogue if message.id} == message_ids(LOCALE / "messages.pot")
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"{language}: '{ids[0]}' is not translated"
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) <= wanted | {"num"}, (language, string)


def test_the_message_template_holds_every_word_the_code_and_templates_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO_ROOT)
    extracted = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", "babel.cfg", "-k", "N_",
                                "--no-location", "--sort-output", "--omit-header",
                                "-o", str(extracted), "."])
    assert message_ids(extracted) == message_ids(LOCALE / "messages.pot"), (
        "run make catalogues, then translate the new words")


def test_a_regional_tag_uses_its_language_s_catalogue_and_english_needs_none() -> None:
    templates = REPO_ROOT / "templates"
    assert catalogue_path(templates, "es-MX") == LOCALE / "es.po"
    assert load_catalogue(templates, "pt-BR").gettext("The ask") == "O pedido"
    assert load_catalogue(templates, "fr").gettext("How to cite") == "Comment citer"
    assert load_catalogue(templates, "de").gettext("How to cite") == "How to cite"
