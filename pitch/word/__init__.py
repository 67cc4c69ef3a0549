"""The Word stage: rendered HTML in, a DOCX out, on the styles of templates/reference.docx.

writer walks the HTML and stamps the properties and footer; blocks, inline
and tables map the known elements onto named Word styles; ooxml holds the
few pieces python-docx has no API for; reference makes the default Word
styles. Named `word`, not `docx`, so it never shadows python-docx.
"""
