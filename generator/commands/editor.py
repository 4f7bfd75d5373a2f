"""The editors' page's program: Decap CMS, from its npm package, pinned. Standard library only (the no-change path).

Decap CMS rather than Sveltia CMS (issue 18): Decap's bundle carries a Thai interface (decap-cms-locales'
`th`; Sveltia has none), and `decap-server` serves a local git repository to it, in which a browser test can
save and find the branch of the editorial workflow (Sveltia's local mode needs the File System Access API's
folder picker, which a test cannot drive). Both are MIT-licensed.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..storage.npm_package import NpmPackage, PackageUnavailable, unpacked_package

EDITOR_FOLDER = "admin"
# npm's dist.integrity of the tarball: `npm view decap-cms@3.16.3 dist.integrity`.
DECAP_CMS = NpmPackage(
    "decap-cms",
    "3.16.3",
    "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==",
)
# The bundle, the chunks it loads on demand, their WebAssembly, and the licences of what it bundles;
# not the source maps (50 MB) nor the copy under its other name (cms.js).
BUNDLE_DIR = "package/dist"
_SERVED = re.compile(r"package/dist/(decap-cms\.js|[0-9]+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)")


def find_editor_bundle(cache_dir: Path | None = None) -> tuple[Path | None, str]:
    """The folder of Decap CMS's files to serve, fetched into the user's cache once; or None, and why not."""
    try:
        folder = unpacked_package(DECAP_CMS, lambda name: _SERVED.fullmatch(name) is not None, cache_dir)
    except PackageUnavailable as reason:
        return None, (
            f"the editors' page (/{EDITOR_FOLDER}/) is left out of this build: {reason}, and the cache has no copy. "
            "Everything else is built; build again with the registry in reach to add it."
        )
    return folder / BUNDLE_DIR, str(DECAP_CMS)
