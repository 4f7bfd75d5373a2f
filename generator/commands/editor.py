"""The editors' page's program: Decap CMS, from its npm package, pinned. Standard library only (the no-change path).

Decap CMS rather than Sveltia CMS (issue 18): Decap's bundle carries a Thai interface (decap-cms-locales'
`th`; Sveltia has none), and `decap-server` serves a local git repository to it, in which a browser test can
save and find the branch of the editorial workflow (Sveltia's local mode needs the File System Access API's
folder picker, which a test cannot drive). Both are MIT-licensed.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..storage.npm_package import NpmPackage, PackageUnavailable, unpacked_package

EDITOR_FOLDER = "admin"
# npm's dist.integrity of the tarball: `npm view decap-cms@3.16.3 dist.integrity`.
DECAP_CMS = NpmPackage(
    "decap-cms",
    "3.16.3",
    "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==",
)
# The YAML library of the page's own format (site_templates/admin/yaml-format.js), which keeps a file's bytes where
# Decap's own rewrites them: its browser build, served as ES modules.
YAML = NpmPackage(
    "yaml",
    "2.9.1",
    "sha512-3NxN8+78OdzbT7C/WjGsyfPAtJaN3FNDsWxv7Y7mcDsT/oOmgW8BpyQQFFBnvZE3j9Y2Sdz1ULFLezL7Eb2yFw==",
)
YAML_FOLDER = "yaml"
_YAML_SERVED = re.compile(r"package/(LICENSE|browser/index\.js|browser/dist/.+\.js)")
# The bundle, the chunks it loads on demand, their WebAssembly, and the licences of what it bundles;
# not the source maps (50 MB) nor the copy under its other name (cms.js).
BUNDLE_DIR = "package/dist"
_SERVED = re.compile(r"package/dist/(decap-cms\.js|[0-9]+\.decap-cms\.js|[0-9a-f]+\.wasm|decap-cms\.js\.LICENSE\.txt)")


@dataclass(frozen=True)
class EditorFiles:
    """The unpacked packages of the editors' page, in the user's cache."""

    decap: Path
    yaml: Path

    @property
    def name(self) -> str:
        """What the built site holds of them, for the build's fingerprint."""
        return f"{DECAP_CMS}, {YAML}"

    def copy_into(self, folder: Path) -> None:
        """Copy Decap's files into `folder`, and the YAML library's into its `yaml/`."""
        shutil.copytree(self.decap / BUNDLE_DIR, folder, dirs_exist_ok=True)
        shutil.copytree(self.yaml / "package", folder / YAML_FOLDER, dirs_exist_ok=True)


def find_editor_files(cache_dir: Path | None = None) -> tuple[EditorFiles | None, str]:
    """The packages of the editors' page, fetched into the user's cache once; or None, and why not."""
    try:
        decap = unpacked_package(DECAP_CMS, lambda name: _SERVED.fullmatch(name) is not None, cache_dir)
        yaml = unpacked_package(YAML, lambda name: _YAML_SERVED.fullmatch(name) is not None, cache_dir)
    except PackageUnavailable as reason:
        return None, (
            f"the editors' page (/{EDITOR_FOLDER}/) is left out of this build: {reason}, and the cache has no copy. "
            "Everything else is built; build again with the registry in reach to add it."
        )
    files = EditorFiles(decap, yaml)
    return files, files.name
