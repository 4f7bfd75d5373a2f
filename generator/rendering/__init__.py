"""Stage 3: turn the checked model into what a site shows, in each language, as text and bytes.

Markdown pages (Jinja templates), SVG charts, the open data files and the
archive's front door. Numbers, dates and interface strings go through one
Localizer per language. Nothing here writes a file or knows about MkDocs.
"""
