"""The PDF edition: a period's built print page, printed to A4 by headless Chromium.

Chromium, because its PDF keeps Thai right in the text layer, so that readers
can search and copy it; WeasyPrint lays Thai out well but its text layer loses
ำ and the tone marks. We use the Chromium found on the machine (Debian's
`chromium`) and never download one. Where there is none, the site is built
without the PDF edition, and says so.

Two things in Chromium's PDF change from one printing to the next: the time
it was printed (/CreationDate and /ModDate), and the numbers of the DOM nodes
that name table headers in the tagged structure (`(node00000547)`), which
depend on how many nodes the theme's scripts had made by then. We overwrite
the times with the period's as-of date, and number the nodes in the order
they first appear, digit for digit, so that the file keeps its length and its
cross-reference offsets stay valid, and the same content gives the same bytes.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from ..errors import BuildError
from .chromium import CHROMIUM_FLAGS

# The page numbers come from our print stylesheet's @page rules, not from Chromium's header and footer.
PRINT_FLAGS = (*CHROMIUM_FLAGS, "--no-pdf-header-footer")
TIMEOUT_SECONDS = 120
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)\d{14}")
_NODE_ID = re.compile(rb"\(node(\d+)\)")


def print_to_pdf(chromium: str, page: Path, target: Path, as_of: date) -> None:
    """Print the built HTML `page` to the PDF `target` with headless Chromium, dated `as_of`."""
    if not page.is_file():
        raise BuildError(f"the print page {page} was not built, so its PDF cannot be made")
    target.unlink(missing_ok=True)
    # A throwaway profile, so that nothing is read from or left in the user's Chromium profile;
    # UTC, so that the dates Chromium writes have one form, which _set_dates relies on.
    with tempfile.TemporaryDirectory(prefix="reportsite-chromium-") as profile:
        command = [chromium, *PRINT_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}", page.as_uri()]
        try:
            result = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                env={**os.environ, "TZ": "UTC"},
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            raise BuildError(f"Chromium took more than {TIMEOUT_SECONDS} s to print {page}") from None
        except OSError as error:
            raise BuildError(f"Chromium ({chromium}) could not be started to print {page}: {error}") from None
    if result.returncode != 0 or not target.is_file() or not target.read_bytes().startswith(b"%PDF-"):
        details = "\n".join(f"  {line}" for line in result.stderr.strip().splitlines()[-10:])
        raise BuildError(
            f"Chromium could not print {page} to {target.name} (exit status {result.returncode}):\n{details}"
        )
    target.write_bytes(make_reproducible(target.read_bytes(), as_of))


def make_reproducible(pdf: bytes, day: date) -> bytes:
    """Date the PDF midnight UTC of `day`, and renumber its node ids in order; every byte offset stays."""
    stamp = f"{day:%Y%m%d}000000".encode("ascii")
    pdf = _PDF_DATE.sub(lambda match: match.group(1) + stamp, pdf)
    numbers: dict[bytes, bytes] = {}

    def renumber(match: re.Match[bytes]) -> bytes:
        digits = match.group(1)
        new = numbers.setdefault(digits, str(len(numbers) + 1).zfill(len(digits)).encode("ascii"))
        # A number that would not fit in the old one's digits stays as it was: the offsets matter more.
        return b"(node" + (new if len(new) == len(digits) else digits) + b")"

    return _NODE_ID.sub(renumber, pdf)
