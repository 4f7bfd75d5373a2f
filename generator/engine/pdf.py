"""The PDF edition: a period's built print page, printed to A4 by headless Chromium; and the share image.

Chromium, because its PDF keeps Thai right in the text layer, so that readers
can search and copy it; WeasyPrint lays Thai out well but its text layer loses
ำ and the tone marks. We use the Chromium found on the machine (Debian's
`chromium`) and never download one. Where there is none, the site is built
without the PDF edition, and says so.

One Chromium serves every PDF a process prints, and draws its share images (a
page of the period's own, 1200×630, as a PNG): it is started on the first,
and driven over the DevTools protocol through a pair of pipes
(`--remote-debugging-pipe`: JSON messages, each ended by a NUL byte, on its
file descriptors 3 and 4), so that a PDF costs a page load and a print, not
a browser's start. It ends when the process does (it reads the end of its
pipe), or when `close_browsers` is called.

The contents list gives the page on which each entry starts, and the PDF has
bookmarks (an outline) with the contents' entries: Chromium names a
destination after each id a link of the page leads to, so the pages are read
off a first printing, written into the contents, and the page printed again
(see `_Browser.print_pdf`); pypdf then adds the outline.

Two things in Chromium's PDF change from one printing to the next: the time
it was printed (/CreationDate and /ModDate), and the numbers of the DOM nodes
that name table headers in the tagged structure (`(node00000547)`), which
depend on how many nodes the theme's scripts had made by then. We overwrite
the times with the period's as-of date, and number the nodes in the order
they first appear, digit for digit, so that the file keeps its length and its
cross-reference offsets stay valid, and the same content gives the same bytes.
"""

from __future__ import annotations

import atexit
import base64
import contextlib
import fcntl
import io
import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pypdf

from ..errors import BuildError
from .chromium import CHROMIUM_FLAGS

# Chromium's flags for driving it over its pipe: no window until we open a page, and its shared memory in /tmp,
# since /dev/shm is small in containers (the page's renderer dies without it there).
DRIVEN_FLAGS = (*CHROMIUM_FLAGS, "--no-startup-window", "--disable-dev-shm-usage", "--hide-scrollbars")
TIMEOUT_SECONDS = 120
# A4 and the margins come from our print stylesheet's @page rules; the page numbers too, not Chromium's header and
# footer. Tagged, so that a screen reader reads its structure. (Chromium 156's `generateDocumentOutline` was tried
# for bookmarks: it leaves out most of the report's headings, and lists others out of order; so with_outline.)
PRINT_OPTIONS = {
    "preferCSSPageSize": True,
    "displayHeaderFooter": False,
    "printBackground": False,
    "generateTaggedPDF": True,
}
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) ?\(D:)\d{14}")
_NODE_ID = re.compile(rb"\(node(\d+)\)")


class _Browser:
    """A headless Chromium of this process, driven over its DevTools pipe."""

    def __init__(self, chromium: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="reportsite-chromium-")
        to_browser, self._commands = os.pipe()
        self._answers, from_browser = os.pipe()
        # Chromium's ends above 4, so that putting them on 3 and 4 (below) overwrites neither.
        to_browser, from_browser = (_above(descriptor, 10) for descriptor in (to_browser, from_browser))

        # Chromium reads the pipe on its descriptor 3 and answers on 4: a small Python program puts the pipe's ends
        # there and starts it (a function run in the child before exec would be unsafe beside the threads of a
        # build's workers, and sh's redirections take single-digit descriptors only), and removes its profile.
        command = [chromium, *DRIVEN_FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self.profile}"]
        try:
            # A throwaway profile, so that nothing is read from or left in the user's Chromium profile; UTC, so that
            # the dates Chromium writes have one form, which make_reproducible relies on.
            self.process = subprocess.Popen(
                [sys.executable, "-c", _LAUNCHER, str(to_browser), str(from_browser), self.profile, *command],
                pass_fds=(to_browser, from_browser),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "TZ": "UTC"},
            )
        except OSError as error:
            self._close_pipes(to_browser, from_browser)
            shutil.rmtree(self.profile, ignore_errors=True)
            raise BuildError(f"Chromium ({chromium}) could not be started to print the PDF editions: {error}") from None
        os.close(to_browser)
        os.close(from_browser)
        self._received = b""
        self._next_id = 0
        self.pid = os.getpid()
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self._call("Page.enable", session=True)

    def print_pdf(self, page: Path, page_number: Callable[[int], str]) -> tuple[bytes, list[ContentsEntry], list[int]]:
        """Load `page` and print it, its contents numbered with the pages they lead to; return the PDF's bytes,
        the contents' entries, and the page of each.

        Where each entry of the contents lands is known only once the page is printed: it is printed with room
        for the numbers, the numbers are read off the PDF's destinations and written in, and it is printed
        again; the room kept means the second printing breaks its pages where the first did (which is checked).
        `page_number` writes a page's number in the page's digits.
        """
        self._call("Page.navigate", {"url": page.as_uri()}, session=True)
        self._wait_for(lambda message: message.get("method") == "Page.loadEventFired")
        # The page's own font (Sarabun, in its CSS) is drawn into the PDF only once it has loaded.
        self._evaluate("document.fonts.ready.then(() => true)")
        entries = [ContentsEntry(**entry) for entry in self._evaluate(_READ_CONTENTS)]
        self._evaluate(f"({_NUMBER_CONTENTS})({json.dumps([''] * len(entries))})")
        targets = [entry.target for entry in entries]
        pages = destination_pages(self._print(), targets)
        for _ in range(3):
            self._evaluate(f"({_NUMBER_CONTENTS})({json.dumps([page_number(page) for page in pages])})")
            pdf = self._print()
            printed = destination_pages(pdf, targets)
            if printed == pages:
                return pdf, entries, pages
            pages = printed
        raise BuildError(f"{page.name}: its contents' page numbers moved the pages they number, three times over")

    def screenshot(self, page: Path, size: tuple[int, int]) -> bytes:
        """Load `page` in a window of `size` (CSS px, at one device pixel each) and return it drawn, as a PNG."""
        width, height = size
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
        self._call("Emulation.setDeviceMetricsOverride", metrics, session=True)
        try:
            self._call("Page.navigate", {"url": page.as_uri()}, session=True)
            self._wait_for(lambda message: message.get("method") == "Page.loadEventFired")
            self._evaluate("document.fonts.ready.then(() => true)")
            clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
            drawn = self._call("Page.captureScreenshot", {"format": "png", "clip": clip}, session=True)
        finally:
            self._call("Emulation.clearDeviceMetricsOverride", session=True)
        return base64.b64decode(drawn["data"])

    def _print(self) -> bytes:
        printed = self._call("Page.printToPDF", PRINT_OPTIONS, session=True)
        return base64.b64decode(printed["data"])

    def _evaluate(self, expression: str) -> Any:
        answer = self._call(
            "Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True}, True
        )
        if "exceptionDetails" in answer:
            raise BuildError(f"the print page's contents could not be read: {answer['exceptionDetails'].get('text')}")
        return answer["result"].get("value")

    def close(self) -> None:
        self._close_pipes(self._commands, self._answers)  # Chromium reads the end of its pipe, and exits
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)

    def _call(self, method: str, params: dict[str, Any] | None = None, session: bool = False) -> dict[str, Any]:
        self._next_id += 1
        number = self._next_id
        message: dict[str, Any] = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = self._session
        try:
            os.write(self._commands, json.dumps(message).encode("utf-8") + b"\0")
        except OSError:
            raise BuildError(f"Chromium stopped while printing a PDF edition ({method})") from None
        answer = self._wait_for(lambda received: received.get("id") == number)
        if "error" in answer:
            raise BuildError(f"Chromium could not print a PDF edition: {method}: {answer['error'].get('message')}")
        result: dict[str, Any] = answer["result"]
        return result

    def _wait_for(self, wanted: Any) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while True:
            while b"\0" in self._received:
                raw, self._received = self._received.split(b"\0", 1)
                message: dict[str, Any] = json.loads(raw)
                if message.get("method") in ("Inspector.detached", "Target.detachedFromTarget"):
                    raise BuildError("Chromium's page closed while it printed a PDF edition (its renderer stopped)")
                if wanted(message):
                    return message
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._answers], [], [], left)[0]:
                raise BuildError(f"Chromium took more than {TIMEOUT_SECONDS} s to print a PDF edition")
            chunk = os.read(self._answers, 1 << 16)
            if not chunk:
                raise BuildError("Chromium stopped while printing a PDF edition")
            self._received += chunk

    @staticmethod
    def _close_pipes(*descriptors: int) -> None:
        for descriptor in descriptors:
            with contextlib.suppress(OSError):
                os.close(descriptor)


# Run as `python -c _LAUNCHER READS WRITES PROFILE CHROMIUM ARGS…`: Chromium, with the pipe's ends on its
# descriptors 3 and 4; and when it ends (as it does when the process that drives it ends, however it ends, since
# it then reads the end of its pipe), its throwaway profile is removed.
_LAUNCHER = (
    "import os, shutil, subprocess, sys\n"
    "reads, writes, profile = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]\n"
    "os.dup2(reads, 3)\n"
    "os.dup2(writes, 4)\n"
    "os.close(reads)\n"
    "os.close(writes)\n"
    "try:\n"
    "    status = subprocess.call(sys.argv[4:], pass_fds=(3, 4))\n"
    "finally:\n"
    "    shutil.rmtree(profile, ignore_errors=True)\n"
    "sys.exit(status)\n"
)


def _above(descriptor: int, lowest: int) -> int:
    """`descriptor` moved to the first free number from `lowest` on (the old number is closed)."""
    moved = fcntl.fcntl(descriptor, fcntl.F_DUPFD_CLOEXEC, lowest)
    os.close(descriptor)
    return moved


# The browser of this process, by Chromium's path: a process forked from one that had started it gets its own.
_browsers: dict[str, _Browser] = {}


def _browser(chromium: str) -> _Browser:
    browser = _browsers.get(chromium)
    if browser is not None and browser.pid == os.getpid() and browser.process.poll() is None:
        return browser
    browser = _browsers[chromium] = _Browser(chromium)
    return browser


@atexit.register
def close_browsers() -> None:
    """End this process's Chromium (each worker's ends with the worker, which the pipe's end tells it)."""
    for chromium, browser in list(_browsers.items()):
        if browser.pid == os.getpid():
            browser.close()
        del _browsers[chromium]


def print_to_pdf(chromium: str, page: Path, target: Path, as_of: date, page_number: Callable[[int], str] = str) -> None:
    """Print the built HTML `page` to the PDF `target` with headless Chromium, dated `as_of`.

    `page_number` writes the number of a page in the contents, in the page's digits.
    """
    if not page.is_file():
        raise BuildError(f"the print page {page} was not built, so its PDF cannot be made")
    target.unlink(missing_ok=True)
    try:
        pdf, contents, pages = _browser(chromium).print_pdf(page, page_number)
    except BuildError as error:
        _browsers.pop(chromium, None)  # a browser that failed once is not asked again
        raise BuildError(
            f"{error}; check that it runs on this machine: {chromium} --headless --dump-dom about:blank"
        ) from None
    if not pdf.startswith(b"%PDF-"):
        raise BuildError(f"Chromium printed {page} to something that is not a PDF")
    pdf = make_reproducible(pdf, as_of)
    target.write_bytes(with_outline(pdf, contents, pages) if contents else pdf)


def draw_share_image(chromium: str, card: Path, target: Path, size: tuple[int, int]) -> None:
    """Draw the HTML `card` as the PNG `target`, `size` CSS px, with the Chromium that prints the PDFs."""
    try:
        png = _browser(chromium).screenshot(card, size)
    except BuildError as error:
        _browsers.pop(chromium, None)
        raise BuildError(
            f"{error}; check that it runs on this machine: {chromium} --headless --dump-dom about:blank"
        ) from None
    if not png.startswith(b"\x89PNG"):
        raise BuildError(f"Chromium drew {card} as something that is not a PNG")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(png)


@dataclass(frozen=True)
class ContentsEntry:
    """One line of the print page's contents: its text, the id it links to, and how deep it sits (0 for the top)."""

    title: str
    target: str
    depth: int


# The contents of the print page (print.md.jinja): the list after its heading, each link with its depth.
_READ_CONTENTS = """(() => {
  const list = document.querySelector('.rs-print-contents + ul');
  if (!list) return [];
  return [...list.querySelectorAll('li > a[href^="#"]')].map(link => {
    let depth = 0;
    for (let node = link.parentElement.parentElement; node !== list; node = node.parentElement)
      if (node.tagName === 'UL') depth += 1;
    return {title: link.textContent.trim(), target: decodeURIComponent(link.hash.slice(1)), depth};
  });
})()"""
# Writes the page numbers into the contents' links, in order ('' keeps their room, empty); print.css lays them out.
_NUMBER_CONTENTS = """(numbers => {
  const links = document.querySelectorAll('.rs-print-contents + ul li > a[href^="#"]');
  links.forEach((link, index) => {
    let number = link.querySelector('.rs-page-number');
    if (!number) {
      number = document.createElement('span');
      number.className = 'rs-page-number';
      link.append(number);
    }
    number.textContent = numbers[index];
  });
  return links.length;
})"""


def destination_pages(pdf: bytes, targets: list[str]) -> list[int]:
    """The page (from 1) on which each of `targets`, ids of the printed page, lands: Chromium names a destination
    after each id that a link of the page leads to."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    destinations = reader.named_destinations
    pages = []
    for target in targets:
        destination = destinations.get(f"/{target}") or destinations.get(target)
        if destination is None:
            raise BuildError(f"the PDF has no destination for the contents' link to #{target}")
        page = reader.get_destination_page_number(destination)
        if page is None:
            raise BuildError(f"the PDF's destination for the contents' link to #{target} is on no page")
        pages.append(page + 1)
    return pages


def with_outline(pdf: bytes, entries: list[ContentsEntry], pages: list[int]) -> bytes:
    """`pdf` with bookmarks (an outline) that mirror the contents, each leading to its entry's page, shown open."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    parents: list[Any] = []
    for entry, page in zip(entries, pages, strict=True):
        del parents[entry.depth :]
        parent = parents[-1] if parents else None
        parents.append(writer.add_outline_item(title=entry.title, page_number=page - 1, parent=parent))
    writer.page_mode = "/UseOutlines"
    written = io.BytesIO()
    writer.write(written)
    return written.getvalue()


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
