"""The Word round trip: a reviewed DOCX back into the YAML inputs.

Owns reading a returned DOCX safely (docx_file), comparing each marked value
three ways — as built, as reviewed, as the YAML says now — (compare), the
report of changes, comments and tracked changes at file:line:column (report),
and writing accepted changes into the YAML in place, checked, all or nothing
(yaml_edit, apply). It hands the CLI an ImportResult; it prints nothing.
"""
