"""The documents stage: rendered HTML in, the laid-out documents out, in memory.

compose renders a variant and lays it out as the pitch PDF, the summary PDF
and the DOCX; pdf drives WeasyPrint (tagging, the fetcher that serves only
project files, XMP metadata); limits measures words, characters and pages
against a funder's limits; portal writes each section as plain text for web
forms. Hands on: bytes and measures, to pitch.build, which writes them.
"""
