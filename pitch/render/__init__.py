"""The render stage: a checked pitch in, HTML out, the one source of every document.

context arranges the pitch as the templates read it (totals, labels, names
looked up by id); markdown turns prose fields into a small HTML subset;
templates is the one Jinja2 environment factory with its filters; html
renders the pitch and the summary; plaintext reads the rendered HTML back
as text, section by section. Hands on: HTML, to pitch.documents.
"""
