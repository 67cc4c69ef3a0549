"""The one Jinja2 environment factory, its filters, and template mistakes as problems.

The environment is sandboxed, escapes everything it prints, and refuses
undefined names; it is built fresh for each build, so a watch loop sees
template edits. A watch loop may keep the compiled templates between renders
(CompiledTemplates): Jinja2 takes them only while the source's checksum
matches. Template mistakes come back as problems that point at
templates/<name>:<line>.
"""

from __future__ import annotations

import datetime
import gettext
import os
import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from types import TracebackType

import jinja2
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from pitch.errors import Problem, display_path
from pitch.inputs.facts import DOI_SOURCE
from pitch.inputs.types import URL_PATTERN
from pitch.render.charts import chart_image
from pitch.render.context import doi_url, locale_for
from pitch.render.markdown import render_inline, render_markdown
from pitch.render.marks import mark_html, value_path_of
from pitch.render.section_context import place_open_sections
from pitch.render.section_markdown import render_section_markdown

CURRENCY_SIGN = re.compile("¤+")


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory from one render to the next.

    Jinja2 stores each template's code under the sha1 of its source and
    compiles it again when the source differs, so an edited template is seen.
    """

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give `bucket` the code kept for its template (Jinja2 drops it if stale)."""
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code just compiled for `bucket`'s template, in place of the old."""
        self._code[bucket.key] = bucket.bytecode_to_string()


class StoredTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept on disk for the next build (build/.pitch-cache/templates-*/).

    Jinja2 checks each one against the sha1 of its template's source and
    compiles it again when they differ. The folder's name holds the versions
    of Python, Jinja2 and this module (which sets the environment's options),
    so code compiled under others is never taken. A file that cannot be read
    back is compiled again. What a build compiles is written only by
    `store_kept`, once the build succeeded, so a failed build leaves build/
    as it was; a file that cannot be written is skipped.
    """

    def __init__(self, cache_folder: Path) -> None:
        self.folder = cache_folder / f"templates-{_compiler_fingerprint()}"
        super().__init__(str(self.folder))
        self._kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Give `bucket` the stored code, or nothing when it is unreadable."""
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file: compile again (any error unpickling it)
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep the code just compiled until the build succeeds."""
        self._kept[self._get_cache_filename(bucket)] = bucket.bytecode_to_string()

    def store_kept(self) -> None:
        """Write what this build compiled, each file atomically, if the folder allows;
        drop the folders of other compilers (an upgrade's leftovers)."""
        try:
            for other in self.folder.parent.glob("templates-*"):
                if other != self.folder:
                    shutil.rmtree(other, ignore_errors=True)
            if not self._kept:
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            for name, code in self._kept.items():
                with tempfile.NamedTemporaryFile(dir=self.folder, suffix=".writing",
                                                 delete=False) as staged:
                    staged.write(code)
                os.replace(staged.name, name)
        except OSError:
            pass  # a read-only build folder: the next build compiles again
        self._kept.clear()


def _compiler_fingerprint() -> str:
    """What compiled code depends on besides the template: Python, Jinja2, this module."""
    import hashlib
    import sys

    digest = hashlib.sha256(f"{sys.version}\0{jinja2.__version__}\0".encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def make_environment(
    templates_dir: Path, translations: gettext.NullTranslations | None = None,
    compiled: jinja2.BytecodeCache | None = None,
) -> SandboxedEnvironment:
    """A sandboxed, autoescaping, strict Jinja2 environment with every filter, whose
    {% trans %} and _() words come from `translations` (English without them);
    templates compiled before come from `compiled` when given."""
    environment = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=compiled,
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(
        markdown=render_markdown,
        inline=render_inline,
        money=money,
        number=number,
        long_date=long_date,
        month_year=month_year,
        doi_url=doi_url,
        section_markdown=render_section_markdown,
        place_open_sections=_place_open_sections,
        source_note=source_note,
        chart_image=chart_image,
    )
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        translations or gettext.NullTranslations(), newstyle=True)
    return environment


def source_note(source: str) -> Markup:
    """A fact's source as a note: a web address or a DOI as a link, a citation as inline
    Markdown (so <https://...> and [title](https://...) in it are links too)."""
    if URL_PATTERN.match(source):
        return Markup('<a href="{0}">{0}</a>').format(source)
    if DOI_SOURCE.match(source):
        bare = source.split(":", 1)[-1].strip() if source.lower().startswith("doi:") else source
        return Markup('<a href="https://doi.org/{0}">https://doi.org/{0}</a>').format(bare)
    return render_inline(source)


@jinja2.pass_context
def _place_open_sections(context: Context, order: list[str]) -> list[str]:
    """The template's order of built-in sections, with the open sections put in place."""
    sections = context.get("open_sections", {})
    return place_open_sections(order, {key: value["after"] for key, value in sections.items()})


@jinja2.pass_context
def money(context: Context, amount: Decimal | int, currency: str) -> Markup:
    """An amount with its ISO code, such as USD 1,355,200 (no decimals when whole).

    The code, not a symbol: "$" means different money to different funders.
    """
    pattern = _amount_pattern(context, amount)
    pattern = CURRENCY_SIGN.sub("¤¤", pattern)
    pattern = re.sub(r"¤¤(?=[#0])", "¤¤\u00a0", re.sub(r"(?<=[#0])¤¤", "\u00a0¤¤", pattern))
    return _marked(_format(context, amount, currency, pattern), amount)


@jinja2.pass_context
def number(context: Context, amount: Decimal | int) -> Markup:
    """An amount without currency, for table cells whose header names it."""
    pattern = CURRENCY_SIGN.sub("", _amount_pattern(context, amount)).strip("\u00a0 ")
    return _marked(_format(context, amount, "XXX", pattern), amount)


def _marked(text: str, amount: Decimal | int) -> Markup:
    """The formatted amount, marked with the value it came from (if it came from one)."""
    return mark_html(escape(text), value_path_of(amount))


def _amount_pattern(context: Context, amount: Decimal | int) -> str:
    pattern = str(_locale(context).currency_formats["standard"].pattern).split(";")[0]
    return pattern.replace(".00", "") if _is_whole(amount) else pattern


def _format(context: Context, amount: Decimal | int, currency: str, pattern: str) -> str:
    return format_currency(
        amount, currency, format=pattern, locale=_locale(context), currency_digits=False
    )


def _is_whole(amount: Decimal | int) -> bool:
    return Decimal(amount) == Decimal(amount).to_integral_value()


def _locale(context: Context) -> Locale:
    return locale_for(context.get("language", "en"))


@jinja2.pass_context
def long_date(context: Context, date: datetime.date) -> str:
    """A date written out in the pitch's language, such as 24 November 2026."""
    return format_date(date, "long", locale=_locale(context))


@jinja2.pass_context
def month_year(context: Context, date: datetime.date) -> str:
    """A month and year in the pitch's language, such as November 2026."""
    return format_skeleton("yMMMM", date, locale=_locale(context))


def template_problem(error: jinja2.TemplateError, templates_dir: Path, name: str) -> Problem:
    """Turn a Jinja2 error into a problem located at the template and line."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        where = error.filename or str(templates_dir / (error.name or name))
        return _problem(where, error.lineno, error.message or str(error))
    location = _innermost_template_frame(error.__traceback__, templates_dir)
    if isinstance(error, jinja2.TemplateNotFound):
        message = f"template '{error.name}' not found in {templates_dir.name}/"
        where, line = location or (str(templates_dir / name), 0)
        return _problem(where, line, message)
    where, line = location or (str(templates_dir / name), 0)
    return _problem(where, line, error.message or str(error))


def _problem(filename: str, line: int, message: str) -> Problem:
    return Problem(file=display_path(Path(filename)), line=line, message=message)


def _innermost_template_frame(
    traceback: TracebackType | None, templates_dir: Path
) -> tuple[str, int] | None:
    """The deepest traceback frame inside a template (Jinja2 rewrites them so)."""
    root = templates_dir.resolve()
    found: tuple[str, int] | None = None
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if _is_inside(Path(filename), root):
            found = (filename, traceback.tb_lineno)
        traceback = traceback.tb_next
    return found


def _is_inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError):
        return False
    return True
