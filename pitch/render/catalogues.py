"""The template words in a language: one gettext catalogue per language, read with Babel.

Every word a template or the render stage prints (headings, table headers,
"The ask", "Version", "How to cite", the footer, the preview's wording)
is an English message id, translated through templates/locale/<lang>.po.
The .po file is read directly (Babel's read_po, compiled in memory), so no
compiled .mo file lives in git and no install step can forget to make one:
the catalogue a translator edits is the one the build reads, and the
manifest hashes it with the other templates. `make catalogues` extracts the
message ids (babel.cfg) and updates every catalogue.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_FOLDER = "locale"
SHIPPED_LANGUAGES = ("en", "es", "pt", "fr")
Gettext = Callable[[str], str]


def N_(message: str) -> str:  # the name gettext's extractors look for
    """Mark a message for extraction where it is defined; it is translated where it is used."""
    return message


def catalogue_path(templates_dir: Path, language: str) -> Path | None:
    """The catalogue of a language tag (es-MX falls back to es), or None when there is none."""
    locale = Locale.parse(language, sep="-")
    for name in dict.fromkeys((str(locale), locale.language)):
        path = templates_dir / LOCALE_FOLDER / f"{name}.po"
        if path.is_file():
            return path
    return None


def load_catalogue(templates_dir: Path, language: str) -> gettext.NullTranslations:
    """The translations of a language; without a catalogue, the English message ids."""
    path = catalogue_path(templates_dir, language)
    if path is None:
        return gettext.NullTranslations()
    with path.open("rb") as file:
        catalogue = read_po(file, locale=path.stem)
    compiled = BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled)
