"""Stage 4: build rendered periods into static sites with MkDocs and Material.

One MkDocs build per period and language, then what the theme cannot do by
itself: Thai search, self-hosted fonts, the PDF edition, the period list
(versions.json) and the `latest` redirects.
"""
