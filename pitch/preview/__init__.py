"""The preview stage: `pitch watch`, a live preview that rebuilds as the writer edits.

watch re-renders on every save; state is what the page shows, shared between
threads; server is the HTTP server and its server-sent updates; page turns
rendered HTML into the browser's page; background builds the PDFs in a
child process meanwhile.
"""
