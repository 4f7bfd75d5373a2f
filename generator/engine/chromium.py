"""The machine's Chromium, which prints the PDF editions. Standard library only: the no-change path asks for it."""

from __future__ import annotations

import shutil

CHROMIUM_NAMES = ("chromium", "chromium-browser")
# Headless, and quiet on the network: nothing but the local file is loaded.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

NO_CHROMIUM_NOTICE = (
    "Chromium was not found (looked for: " + ", ".join(CHROMIUM_NAMES) + "), so the PDF editions are not made; "
    "everything else is built, and the data and print pages say that the PDF is unavailable. "
    "Install Debian's chromium (tools/install-system-packages) to make them."
)


def find_chromium() -> str | None:
    """The path of the machine's Chromium, or None. Look it up once per run, and pass it on."""
    for name in CHROMIUM_NAMES:
        if path := shutil.which(name):
            return path
    return None
