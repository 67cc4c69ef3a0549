"""The inputs stage: YAML files in, one checked `Pitch` (and its funder variants) out.

load reads a file safely and keeps each value's line and column; model and
types say what each file holds; validate checks every file and gathers all
problems; rules checks what spans files; variant and overrides apply a
funder's file to the same located data; explain lists every resolved value
and where it came from; schema publishes the models as JSON Schema.
Hands on: a checked project and its variants, to pitch.render.
"""
