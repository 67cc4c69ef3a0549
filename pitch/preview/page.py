"""Turn rendered HTML into the page a browser shows in the live preview.

Only the served copy changes: a toolbar (pitch, summary, links to the PDFs),
a small script (live.js) that swaps in the new page when the watcher
re-renders, an overlay listing problems, stylesheet links that name their
file's version (so the script reloads when a stylesheet changes), and
`font:` URLs (which only WeasyPrint's fetcher understands) rewritten to
/fonts/. Build outputs never get any of this.
"""

from __future__ import annotations

import gettext
import hashlib
import re
from html import escape
from importlib import resources
from pathlib import Path
from urllib.parse import quote

from pitch.errors import Problem
from pitch.preview.state import PdfStatus, Snapshot
from pitch.render.catalogues import N_, load_catalogue

Words = gettext.NullTranslations

FONT_URL = re.compile(r"""url\(\s*(['"]?)font:""")
HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
BODY_START = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
TITLES = {"pitch": N_("Pitch"), "summary": N_("Summary")}
PATHS = {"pitch": "/", "summary": "/summary"}

PREVIEW_STYLE = """<style id="pitch-preview-style">
@media screen {
  html { background: #d5dbe0; }
  body { max-width: 210mm; margin: 0 auto 12mm; background: #fff;
         box-shadow: 0 1px 8px rgba(0, 0, 0, .3); }
  .running-footer { display: none; }
  header.cover { background: var(--cover, #0c2f3a); height: 297mm; }
  body.document-pitch > section { padding: 0 22mm; }
  body.document-pitch > section:last-of-type { padding-bottom: 24mm; }
  body.document-pitch > section.page-break { margin-top: 14mm; padding-top: 14mm;
    border-top: 1px dashed #b9c6c9; }
  header.cover + section.page-break { margin-top: 0; border-top: 0; }
  body.document-summary { padding-bottom: 16mm; }
  body.document-summary > :not(nav):not(#pitch-preview-overlay) { margin-inline: 18mm; }
  body.document-summary > header { margin-top: 16mm; }
}
#pitch-preview-bar { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap;
  gap: 4px 16px; align-items: baseline; padding: 8px 14px; background: #1b2230; color: #fff;
  font: 14px/1.4 system-ui, sans-serif; }
#pitch-preview-bar a { color: #fff; }
#pitch-preview-bar a.current { font-weight: 700; text-decoration: none; }
#pitch-preview-bar .failed { color: #ffb4a8; font-weight: 700; }
#pitch-preview-bar details { flex-basis: 100%; }
#pitch-preview-overlay { position: fixed; inset: 0; z-index: 20; overflow: auto;
  background: rgba(15, 20, 30, .88); padding: 6vh 4vw; }
#pitch-preview-overlay .box { max-width: 60em; margin: 0 auto; background: #fff; color: #1b2230;
  border-left: 8px solid #b3261e; padding: 20px 28px; font: 16px/1.5 system-ui, sans-serif; }
#pitch-preview-overlay .heading { font-size: 20px; font-weight: 700; color: #b3261e;
  margin: 0 0 12px; }
.pitch-preview-problems { margin: 0 0 12px; padding: 0; list-style: none; }
.pitch-preview-problems li { font: 14px/1.5 ui-monospace, "DejaVu Sans Mono", monospace;
  white-space: pre-wrap; overflow-wrap: anywhere; padding: 6px 0;
  border-bottom: 1px solid #dde4e6; }
</style>"""

LIVE_SCRIPT = resources.files("pitch.preview").joinpath("live.js").read_text(encoding="utf-8")
STYLESHEET = re.compile(r'(<link rel="stylesheet" href=")([\w.-]+\.css)(")')


def browser_css(css: str) -> str:
    """A stylesheet with its `font:` URLs pointing at the preview's /fonts/ route."""
    return FONT_URL.sub(r"url(\1/fonts/", css)


def preview_words(templates: Path, snapshot: Snapshot) -> Words:
    """The preview's own words in the language of the pages it shows."""
    return load_catalogue(templates, snapshot.language)


def preview_page(snapshot: Snapshot, document: str, words: Words | None = None,
                 templates: Path | None = None) -> str:
    """The served page for `document`: the last good render with the preview's additions.

    Stylesheets found in `templates` are linked with a hash of their text."""
    words = words or gettext.NullTranslations()
    _ = words.gettext
    script = LIVE_SCRIPT.replace("GENERATION", str(snapshot.generation))
    head = f'{PREVIEW_STYLE}<script id="pitch-preview-script">\n{script}</script>'
    body = _toolbar(document, snapshot.pdf, words) + _overlay(snapshot.errors, snapshot.stale,
                                                              words)
    html = snapshot.pages.get(document)
    if html is None:
        title = _("%(page)s: no preview yet") % {"page": _(TITLES.get(document, document))}
        html = f'<!DOCTYPE html>\n<html lang="{escape(snapshot.language)}"><head>' \
               f'<meta charset="utf-8"><title>{escape(title)}</title></head><body></body></html>\n'
    if templates is not None:
        html = versioned_stylesheets(html, templates)
    return _insert(_insert(browser_css(html), BODY_START, body), HEAD_END, head, before=True)


def versioned_stylesheets(html: str, templates: Path) -> str:
    """The page with `?v=` and a hash of each linked stylesheet in `templates` after its name."""
    def versioned(match: re.Match[str]) -> str:
        path = templates / match[2]
        if not path.is_file():
            return match[0]
        version = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        return f"{match[1]}{match[2]}?v={version}{match[3]}"
    return STYLESHEET.sub(versioned, html)


def status_html(pdf: PdfStatus, words: Words | None = None) -> str:
    """The toolbar's PDF part, on one line (it travels as one server-sent event)."""
    _ = (words or gettext.NullTranslations()).gettext
    links = " ".join(f'<a href="/build/{quote(name)}" target="_blank">{escape(name)}</a>'
                     for name in pdf.files)
    if pdf.state == "off":
        return _("PDFs are not built while watching")
    if pdf.state == "waiting":
        waiting = _("PDFs wait for the inputs to be fixed")
        return f"{waiting} {links}".strip()
    if pdf.state == "building":
        building = _("building PDFs…")
        return f"{building} {links}".strip()
    if pdf.state == "built":
        seconds = _("(built in %(seconds)s s)") % {"seconds": f"{pdf.seconds:.1f}"}
        return f"{links} <span>{seconds}</span>"
    failed = _("PDF build failed: %(count)s") % {"count": _count(len(pdf.problems), words)}
    details = _("details")
    return (f'<span class="failed">{failed}</span> {links}'
            f"<details open><summary>{details}</summary>"
            f"{_problem_list(pdf.problems)}</details>")


def _toolbar(document: str, pdf: PdfStatus, words: Words) -> str:
    _ = words.gettext
    pages = " ".join(
        f'<a href="{PATHS[name]}"{" class=current" if name == document else ""}>{_(title)}</a>'
        for name, title in TITLES.items())
    label = _("Live preview")
    return (f'<nav id="pitch-preview-bar" aria-label="{label}"><strong>{label}</strong>'
            f'{pages}<span id="pitch-preview-status">{status_html(pdf, words)}</span></nav>')


def _overlay(errors: tuple[Problem, ...], stale: bool, words: Words) -> str:
    if not errors:
        return ""
    _ = words.gettext
    behind = _("Behind this is the last version that rendered.") if stale else _(
        "Behind this is this version.")
    hide = "this.closest('#pitch-preview-overlay').remove()"
    heading = _("%(count)s in the inputs") % {"count": _count(len(errors), words)}
    fix = _("Fix the file and save it: the preview comes back by itself.")
    hide_label = _("Hide until the next change")
    return ('<div id="pitch-preview-overlay" role="alert"><div class="box">'
            f'<p class="heading">{heading}</p>'
            f"{_problem_list(errors)}<p>{fix} {behind} "
            f'<button type="button" onclick="{hide}">{hide_label}</button>'
            "</p></div></div>")


def _problem_list(problems: tuple[Problem, ...]) -> str:
    lines = [problem.format().partition(": ") for problem in problems]
    items = "".join(f"<li><strong>{escape(where)}</strong>{escape(colon + rest)}</li>"
                    for where, colon, rest in lines)
    return f'<ul class="pitch-preview-problems">{items}</ul>'


def _count(number: int, words: Words | None) -> str:
    return (words or gettext.NullTranslations()).ngettext(
        "%(num)s problem", "%(num)s problems", number) % {"num": number}


def _insert(html: str, where: re.Pattern[str], text: str, *, before: bool = False) -> str:
    """Put `text` just before (or after) the first match of `where`; else at the start."""
    match = where.search(html)
    if match is None:
        return text + html
    at = match.start() if before else match.end()
    return html[:at] + text + html[at:]
