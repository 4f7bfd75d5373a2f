"""`reportsite serve`: a live preview for editors.

The site is rebuilt whenever content, templates or the base config change,
and open pages reload (MkDocs' live-reload server does the watching, serving
and reloading). When the content has a problem, the terminal lists it, and
the last good site is served with a banner that lists it too, so the editor
sees it in the browser, and the server keeps running.
"""

from __future__ import annotations

import errno
import html
import os
import re
import shutil
import tempfile
from pathlib import Path

import click
from mkdocs.livereload import LiveReloadServer

from ..errors import ContentError, ReportsiteError
from ..project import Project
from ..rendering.localization import load_strings
from ..storage.run_lock import run_lock
from ..theme import Theme
from .build import build

# The banner says what it is in the page's language; the problems follow as the terminal prints them (in English,
# with their file:line:col), marked as English text so that a screen reader reads them in an English voice.
BANNER = (
    '<div class="reportsite-error" role="alert" style="position:sticky;top:0;z-index:1000;'
    'margin:0;padding:.8rem 1rem;background:#8b0000;color:#fff;font:15px/1.5 sans-serif">'
    '<p style="margin:0 0 .5rem">{intro}</p>'
    '<pre lang="en" style="margin:0;white-space:pre-wrap;font:14px/1.5 monospace;color:#fff;background:none">'
    "{text}</pre></div>"
)


class Preview:
    """Builds the site for the preview server and keeps what it serves current."""

    def __init__(self, project: Project, served: Path, base_url: str) -> None:
        self.project = project
        self.served = served
        self.base_url = base_url
        self.good = project.work_dir / "preview" / "last-good"

    def rebuild(self) -> None:
        """Build the site again, and serve it, or the last good one with the banner; never raise.

        An exception here would leave MkDocs' server waiting for a good build, and every page with it.
        """
        try:
            # One run at a time on the project: a `build` in another terminal waits for this one, and this for it.
            with run_lock(self.project.work_dir, on_wait=lambda line: click.echo(line, err=True)):
                self._rebuild()
        except Exception as error:  # a bug, or the work folder cannot be written
            message = (
                f"the preview could not be built: {type(error).__name__}: {error}. "
                "If the work folder is fine, this is a bug in reportsite; please report it, with the content that "
                "gave it."
            )
            click.echo(f"Error: {message}", err=True)
            self._publish(error=message, content=False)

    def _rebuild(self) -> None:
        built = Project.at(
            self.project.root,
            content_dir=self.project.content_dir,
            site_dir=self.good,
            work_dir=self.project.work_dir / "preview" / "work",
            archive_dir=self.project.archive_dir,
        )
        try:
            # Without the PDF editions (no Chromium): printing them would add seconds to every save.
            report = build(built, base_url=self.base_url)
        except ReportsiteError as error:
            message = error.format_message()
            click.echo(message if isinstance(error, ContentError) else f"Error: {message}", err=True)
            self._publish(error=message, content=isinstance(error, ContentError))
            return
        for warning in report.warnings:
            click.echo(str(warning), err=True)
        click.echo("Rebuilt; open pages reload.", err=True)
        self._publish(error=None)

    def _publish(self, error: str | None, content: bool = True) -> None:
        """Replace the served folder whole: the last good site, with the error banner if there is one.

        The banner says the content has problems, or (`content` false) that the build failed for another reason.
        """
        staging = Path(tempfile.mkdtemp(prefix=".served-", dir=self.served.parent))
        if self.good.is_dir():
            shutil.copytree(self.good, staging, dirs_exist_ok=True)
        if error:
            _add_banner(staging, error, self.project.theme, "preview_problems" if content else "preview_failed")
        retired = self.served.with_name(self.served.name + "-retired")
        if self.served.exists():
            os.replace(self.served, retired)
        os.replace(staging, self.served)
        shutil.rmtree(retired, ignore_errors=True)


def _add_banner(folder: Path, error: str, theme: Theme, intro_name: str = "preview_problems") -> None:
    """Put the banner at the top of every page, its introduction in the page's language (its `lang`)."""
    banners: dict[str, str] = {}

    def banner(language: str) -> str:
        if language not in banners:
            try:
                intro = load_strings(theme, language)[intro_name]
            except (ReportsiteError, KeyError):  # a language without a string table (the page of no period)
                intro = load_strings(theme, "en")[intro_name]
            banners[language] = BANNER.format(intro=html.escape(intro), text=html.escape(error))
        return banners[language]

    pages = list(folder.rglob("*.html"))
    if not pages:
        (folder / "index.html").write_text(
            f'<!doctype html><html lang="en"><body>{banner("en")}</body></html>', encoding="utf-8"
        )
        return
    for page in pages:
        text = page.read_text(encoding="utf-8")
        at = text.find(">", text.find("<body")) + 1
        if at > 0:
            found = _HTML_LANG.search(text)
            language = found.group(1).split("-")[0] if found else "en"
            page.write_text(text[:at] + banner(language) + text[at:], encoding="utf-8")


_HTML_LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')


class _PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, which takes its port before the first build rather than as it starts serving.

    A port already in use is then said at once, in one line, before any build and before "Serving on".
    """

    _listening = False

    def listen(self) -> None:
        self.server_bind()
        self.server_activate()
        self._listening = True

    def server_bind(self) -> None:
        if not self._listening:
            super().server_bind()

    def server_activate(self) -> None:
        if not self._listening:
            super().server_activate()


def _listen_problem(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is in use by another program (another preview?); stop it, or preview on "
            f"another port with --port, like --port {port + 1 if port < 65535 else 8001}"
        )
    return f"cannot serve on {host}:{port}: {error.strerror or error}; choose another --host or --port"


def serve(project: Project, host: str, port: int) -> None:
    """Serve a live preview of `project` on `host`:`port` until interrupted."""
    base_url = f"http://{host}:{port}/"
    served = project.work_dir / "preview" / "served"
    preview = Preview(project, served, base_url)
    # Polled every tenth of a second (MkDocs' default is half a second): an edit shows sooner, and the folders
    # watched hold a few dozen files.
    server = _PreviewServer(builder=preview.rebuild, host=host, port=port, root=str(served), polling_interval=0.1)
    try:
        server.listen()
    except OSError as error:  # the port is taken, or the host is none of this machine's
        server.server_close()
        raise ReportsiteError(_listen_problem(host, port, error)) from None
    try:
        served.parent.mkdir(parents=True, exist_ok=True)
        preview.rebuild()
        for path in (project.content_dir, *project.theme.sources):
            server.watch(str(path))
        click.echo(f"Serving on {base_url} (Ctrl+C to stop); watching content, templates and mkdocs.yml.", err=True)
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
