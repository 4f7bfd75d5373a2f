"""Stage 4: build rendered quarters into static sites with MkDocs and Material.

One MkDocs build per quarter and language, then what the theme cannot do by
itself: Thai search, self-hosted fonts, the PDF edition, the quarter list
(versions.json) and the `latest` redirects.
"""
