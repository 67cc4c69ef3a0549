"""The versions stage: what made which file, frozen releases, and changes between them.

manifest records the sha256 of every input and output; release freezes a
version under releases/; verify and embedded read back what a PDF or DOCX
says about itself; compare, sentences and diff describe changes in the
writers' terms; redline lays them out as a document; citation writes
CITATION.cff and the DataCite record.
"""
