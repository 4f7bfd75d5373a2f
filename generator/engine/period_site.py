"""One period in one language, built into a static site: docs folder, fonts, MkDocs, search, PDF.

Each build gets its own docs folder and a small config that INHERITs the base
`mkdocs.yml`, so each language has its own search index (see DESIGN.md). MkDocs
runs in-process through its public API, in strict mode: any warning, such as
a broken link, fails the build.

The build's config also puts the theme's interface text in the build's
language (site_templates/strings/): the palette toggles, whose names in the
base config are string names, the headings' permalink title, and what
the overrides show (the footer's "Made with", the 404 page). MkDocs merges a
config with the one it INHERITs key by key, but replaces lists whole: so the
base config's `markdown_extensions` must be a mapping, for the toc
extension's `permalink_title` to join its other options.
"""

from __future__ import annotations

import copy
import html
import logging
import os
import shutil
from pathlib import Path
from typing import Any

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..errors import BuildError
from ..project import Project
from ..reading.model import Report
from ..rendering.compiled_templates import compiled_templates
from ..rendering.localization import Localizer
from ..rendering.pages import SHARE_IMAGE, SHARE_IMAGE_SIZE, RenderedPeriod
from ..theme import Theme
from .fonts import write_fonts
from .pdf import draw_share_image, print_to_pdf
from .thai_search import SEPARATOR, patch_search_worker, rewrite_search_index

# A period's link to its language's trends page (rendering/trends_page.py), from the period's root.
TRENDS_LINK = "../trends/"
# The stylesheet that numbers printed pages with Thai digits, for the Thai builds of a site with thai_digits.
THAI_DIGITS_CSS = "thai_digits.css"
# Silence Material's banner about MkDocs 2: we pin mkdocs<2 on purpose.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_period_site(
    project: Project,
    report: Report,
    rendered: RenderedPeriod,
    localizers: dict[str, Localizer],
    site_dir: Path,
    *,
    base_url: str | None = None,
    offline: bool = False,
    thai_search: bool = True,
    chromium: str | None = None,
    printed: Path | None = None,
) -> None:
    """Write one period's docs in one language and build it with MkDocs into `site_dir`.

    Then print its PDF edition from the built print page, with `chromium`, when
    the pages were rendered with one; or take `printed`, the PDF of the same
    pages printed before (the offline edition's is the online one's, byte
    for byte). `thai_search=False` leaves Material's search as it is, for
    measuring what the Thai segmentation adds.
    """
    edition = "offline" if offline else "online"
    build_dir = project.work_dir / edition / rendered.language / str(rendered.period.id)
    docs_dir = build_dir / "docs"
    theme = project.theme
    write_docs(rendered, docs_dir, theme)
    if rendered.l10n.writes_thai_digits:
        shutil.copyfile(theme.find(THAI_DIGITS_CSS), docs_dir / "assets" / THAI_DIGITS_CSS)
    # Material takes one folder of overrides: the packaged ones, with the project's over them.
    overrides = build_dir / "overrides"
    shutil.rmtree(overrides, ignore_errors=True)
    theme.copy_tree("overrides", overrides)
    # The fonts hold every character the pages, the interface strings and the site's words may show.
    words = rendered.l10n.words.values(rendered.language)
    texts = [page.markdown for page in rendered.pages] + list(rendered.l10n.strings.values()) + list(words.values())
    write_fonts(texts, docs_dir / "assets" / "fonts", kept=project.cache_dir / "fonts")
    segment = thai_search and rendered.language == "th" and not offline
    config = mkdocs_config(
        report,
        rendered,
        base_url=base_url or report.site.base_url,
        base_config=write_base_config(theme, build_dir),
        overrides=overrides,
        site_dir=site_dir,
        localizers=localizers,
        offline=offline,
        search_separator=SEPARATOR if segment else None,
    )
    write_config(config, build_dir / "mkdocs.yml")
    build_with_mkdocs(build_dir / "mkdocs.yml", rendered.period.source_date_epoch, project_config=theme.project_config)
    leave_out_unused_theme_files(site_dir, search_languages(config))
    skip_alternate_sitemaps(site_dir)
    if segment:
        rewrite_search_index(site_dir)
        patch_search_worker(site_dir, report.site.search_equivalents)
    if rendered.pdf_file and printed is not None:
        shutil.copyfile(printed, site_dir / rendered.pdf_file)
    elif rendered.pdf_file:
        if chromium is None:
            raise BuildError(
                f"{rendered.period.id} ({rendered.language}) links to its PDF, but no Chromium was given to print it"
            )
        print_page = site_dir / ("print.html" if offline else "print/index.html")
        try:
            print_to_pdf(
                chromium,
                print_page,
                site_dir / rendered.pdf_file,
                rendered.period.info.as_of,
                page_number=lambda number: rendered.l10n.digits(str(number)),
            )
        except BuildError as error:
            raise BuildError(f"the PDF edition of {rendered.period.id} ({rendered.language}): {error}") from None
    if rendered.share_card is not None and chromium is not None and not offline:
        # Drawn from the built assets (its fonts), then taken out again: the picture is published, not its page.
        card = site_dir / "assets" / "share-card.html"
        card.write_text(rendered.share_card, encoding="utf-8")
        try:
            draw_share_image(chromium, card, site_dir / SHARE_IMAGE, SHARE_IMAGE_SIZE)
        except BuildError as error:
            raise BuildError(f"the share image of {rendered.period.id} ({rendered.language}): {error}") from None
        finally:
            card.unlink()


def write_docs(rendered: RenderedPeriod, docs_dir: Path, theme: Theme) -> None:
    """Write one period's pages and data files in one language, with the site's assets, into `docs_dir`."""
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    for page in rendered.pages:
        target = docs_dir / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for path, data in rendered.files.items():
        target = docs_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    if rendered.pdf_file:
        # The PDF is printed from the built site, after MkDocs; but MkDocs checks every link to it
        # strictly, before. An empty file holds its place, and the PDF replaces it (pdf.py).
        (docs_dir / rendered.pdf_file).write_bytes(b"")
    theme.copy_tree("assets", docs_dir / "assets")


def mkdocs_config(
    report: Report,
    rendered: RenderedPeriod,
    *,
    base_url: str,
    base_config: Path,
    overrides: Path,
    site_dir: Path,
    localizers: dict[str, Localizer],
    offline: bool = False,
    search_separator: str | None = None,
) -> dict[str, Any]:
    """The config of one build: everything that differs between periods and languages.

    The offline edition is read from disk: its links name index.html, and it
    has no search (browsers block the search worker on file://) and no
    period selector, and says so.
    """
    period, language, l10n = rendered.period, rendered.language, rendered.l10n
    organisation = report.site.organisation
    base = read_base_config(base_config)
    nav: list[dict[str, Any]] = []
    sections: dict[str, list[str | dict[str, str]]] = {}
    # MkDocs and Material print config values and navigation titles into HTML
    # without escaping them, so every value that may come from the content is
    # escaped here: a title like '"><script>' must stay text.
    for page in rendered.pages:
        title = html.escape(page.title)
        if page.section is None:
            nav.append({title: page.path})
            continue
        section = html.escape(page.section)
        if section not in sections:
            sections[section] = []
            nav.append({section: sections[section]})
        # A folder's index page is the section's own link (Material's navigation.indexes): listed bare, first.
        sections[section].append(page.path if page.path.endswith("/index.md") else {title: page.path})
    if not offline:
        # The language's trends page, outside this build (the site's assembly writes it: build.py): a link that
        # MkDocs cannot find among this build's files, and reports as such (validation, below) without failing.
        nav.append({html.escape(l10n.string("nav_trends")): TRENDS_LINK})
    config: dict[str, Any] = {
        "INHERIT": str(base_config),
        "site_name": html.escape(l10n.string("site_name", organisation=organisation.short_name[language])),
        "site_url": f"{base_url}{language}/{period.id}/",
        "site_description": html.escape(period.info.title[language]),
        "site_author": html.escape(organisation.name[language]),
        "docs_dir": "docs",
        "site_dir": str(site_dir),
        "theme": {
            "language": language,
            "custom_dir": str(overrides),
            **_palette(base, l10n),
        },
        # Our navigation is generated from the pages themselves: a link in it that MkDocs does not find among
        # the build's files can only be the trends page's.
        "validation": {"nav": {"not_found": "info"}},
        "markdown_extensions": {
            "toc": {"permalink_title": html.escape(l10n.string("permalink_title"))},
            "footnotes": {"BACKLINK_TITLE": l10n.string("footnote_backlink")},
        },
        "plugins": {"search": _search_settings(language, search_separator)},
        # The self-hosted Sarabun (fonts.py) first, then our additions to the theme. Paper (A4), and the page
        # numbers' Thai digits where the site asks for them, are linked after these for print media alone
        # (overrides/main.html): a phone never waits for them before it draws the page.
        "extra_css": ["assets/fonts/sarabun.css", "assets/reportsite.css"],
        "nav": nav,
        "extra": {
            "reportsite": {
                "organisation": organisation.name[language],
                "print_css": ["assets/print.css", *([f"assets/{THAI_DIGITS_CSS}"] if l10n.writes_thai_digits else [])],
                "repository_url": report.site.repository_url,
                "edit_base": report.site.edit_base,
                "source_label": l10n.string("source_label"),
                "outdated_notice": l10n.string("outdated_notice"),
                "outdated_link": l10n.string("outdated_link"),
                "made_with": l10n.string("made_with"),
                "not_found": l10n.string("not_found", code=404),
                # For the head's links and the sitemap (overrides/main.html, sitemap.xml): the root of this
                # period in each language, to which a page's own path is added; the front door; the page's
                # locale; and the share image, where Chromium draws one.
                "roots": {other: f"{base_url}{other}/{period.id}/" for other in report.site.languages},
                "front_door": base_url,
                "locale": l10n.string("locale"),
                "other_locales": [
                    localizers[other].string("locale") for other in report.site.languages if other != language
                ],
                "share_image": f"{base_url}{language}/{period.id}/{SHARE_IMAGE}"
                if rendered.share_card is not None and not offline
                else None,
                "share_image_alt": html.escape(
                    f"{l10n.string('site_name', organisation=organisation.short_name[language])}: "
                    f"{l10n.period_name(period.id)}"
                ),
            },
            # Material's period selector reads ../versions.json, written by versions.py.
            "version": {"provider": "mike", "default": "latest", "alias": False},
            # Relative links, so that the switcher works wherever the site is hosted: `link` leads to the
            # other language's overview, `page_root` ahead of a page's own path to the same page in it
            # (overrides/partials/alternate.html).
            "alternate": [
                {
                    "name": html.escape(localizers[other].string("language_name")),
                    "link": f"../../{other}/{period.id}/{'index.html' if offline else ''}",
                    "page_root": f"../../{other}/{period.id}/",
                    "lang": other,
                }
                for other in report.site.languages
            ],
        },
    }
    if offline:
        config["use_directory_urls"] = False
        config["plugins"] = []
        del config["extra"]["version"]
        config["extra"]["reportsite"]["offline_notice"] = l10n.string("offline_notice")
    return config


class _BaseConfigLoader(yaml.SafeLoader):
    """Reads the base mkdocs.yml as data, leaving tags such as `!!python/name:` unresolved (None)."""


_BaseConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def write_base_config(theme: Theme, build_dir: Path) -> Path:
    """The base config that a build INHERITs: the packaged mkdocs.yml, or a project's own over it.

    A project's mkdocs.yml is copied into the build folder with an INHERIT of
    the packaged one, so that MkDocs merges the two as it merges any INHERIT.
    """
    packaged, *project = theme.configs
    if not project:
        return packaged
    text = project[0].read_text(encoding="utf-8")
    if "INHERIT" in _read_config(project[0]):
        raise BuildError(f"{project[0]}: leave INHERIT out; a project's mkdocs.yml extends the packaged one")
    base = build_dir / "base.yml"
    base.parent.mkdir(parents=True, exist_ok=True)
    base.write_text(f"# {project[0]}, over the packaged configuration.\nINHERIT: {packaged}\n{text}", encoding="utf-8")
    return base


def read_base_config(config_file: Path) -> dict[str, Any]:
    """The base config that the builds INHERIT (with what it INHERITs), as far as the build's own completes it.

    Its `markdown_extensions` must be a mapping: the build's config adds the
    toc extension's `permalink_title`, which a list would lose (see above).
    """
    config = _read_config(config_file)
    if isinstance(parent := config.pop("INHERIT", None), str):
        config = _merged(read_base_config(config_file.parent / parent), config)
    if not isinstance(config.get("markdown_extensions", {}), dict):
        raise BuildError(
            f"{config_file}: write markdown_extensions as a mapping (extension: options), not a list, "
            "so that each build can add the toc extension's permalink title in its language"
        )
    return config


def _read_config(config_file: Path) -> dict[str, Any]:
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_BaseConfigLoader) or {}
    except (OSError, yaml.YAMLError) as error:
        raise BuildError(f"{config_file} could not be read: {error}") from None
    if not isinstance(config, dict):
        raise BuildError(f"{config_file}: expected a mapping of settings")
    return config


def _merged(parent: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    """`child` over `parent` as MkDocs merges an INHERIT: mappings key by key, anything else replaced."""
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merged(merged[key], value)
        else:
            merged[key] = value
    return merged


def _palette(base: dict[str, Any], l10n: Localizer) -> dict[str, Any]:
    """The base config's palettes, with each toggle's `name` (a string's name) in the build's language."""
    palette = base.get("theme", {}).get("palette") if isinstance(base.get("theme"), dict) else None
    if not isinstance(palette, (list, dict)):
        return {}
    options = copy.deepcopy(palette if isinstance(palette, list) else [palette])
    for option in options:
        toggle = option.get("toggle") if isinstance(option, dict) else None
        if isinstance(toggle, dict) and isinstance(toggle.get("name"), str):
            toggle["name"] = html.escape(l10n.string(toggle["name"]))
    return {"palette": options if isinstance(palette, list) else options[0]}


def _search_settings(language: str, separator: str | None) -> dict[str, Any]:
    """The search plugin's settings for one build.

    A Thai build whose index is cut into words at build time (thai_search.py)
    needs none of lunr's Thai support in the browser: `lang: th` would make
    every Thai page load wordcut.js (154 KB gzipped), a segmenter the index no
    longer needs. lunr's English pipeline is harmless there, because Material
    keeps only its stop-word filter, which removes English words alone.
    """
    if separator:
        return {"lang": ["en"], "separator": separator}
    return {"lang": [language]}


def search_languages(config: dict[str, Any]) -> list[str]:
    """The languages a build's search worker loads lunr support for: none without the search plugin."""
    search = config.get("plugins", {})
    return list(search["search"]["lang"]) if isinstance(search, dict) and "search" in search else []


def leave_out_unused_theme_files(site_dir: Path, languages: list[str]) -> None:
    """Delete what Material ships that this build never loads.

    - Source maps (1.3 MB a build), and the comment that points browsers' developer tools to them.
    - lunr's support for languages other than `languages`, which the search
      worker loads by these rules (Material 9.8, `workers/search`): the stemmer
      support and one file per language other than English; `lunr.multi` for
      more than one; a segmenter for Japanese (tinyseg) and for Thai and Hindi
      (wordcut, 677 KB). Without search, none of lunr is loaded.
    """
    needed = {f"min/lunr.{language}.min.js" for language in languages if language != "en"}
    needed |= {"tinyseg.js" for language in languages if language == "ja"}
    needed |= {"wordcut.js" for language in languages if language in ("th", "hi")}
    if len(languages) > 1:
        needed.add("min/lunr.multi.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    assets = site_dir / "assets"
    deleted = [
        path
        for path in (assets / "javascripts" / "lunr").rglob("*.js")
        if path.relative_to(assets / "javascripts" / "lunr").as_posix() not in needed
    ]
    for source_map in assets.rglob("*.map"):
        deleted.append(source_map)
        mapped = source_map.with_suffix("")
        if mapped.is_file():
            code = mapped.read_text(encoding="utf-8")
            mapped.write_text(code.replace(f"\n//# sourceMappingURL={source_map.name}", ""), encoding="utf-8")
    for path in deleted:
        path.unlink()
    for folder in sorted((p for p in assets.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


# Material's language switcher fetches sitemap.xml beside the address of every <link rel=alternate> of the page, to
# find the page in the other language when a language link is clicked (Material 9.8, `setupAlternate`). Ours lead
# to this very page in each language, and x-default to the front door, where no sitemap is (so most of those
# fetches end in a 404, which the console reports), and our language links carry target="_self", which its
# handler leaves alone (partials/alternate.html): every one of those fetches is wasted. The patch makes the
# switcher look for links that no page has.
ALTERNATES = 'M("link[rel=alternate]")'
NO_ALTERNATES = 'M("link[rel=alternate][data-rs-none]")'


def skip_alternate_sitemaps(site_dir: Path) -> None:
    """Keep Material's bundle from fetching a sitemap for each of the page's alternate links (see above)."""
    bundles = list((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise BuildError(f"expected one Material bundle in {site_dir}, found {len(bundles)}")
    code = bundles[0].read_text(encoding="utf-8")
    if code.count(ALTERNATES) != 1:
        raise BuildError(f"{bundles[0].name}: Material's language switcher changed; see skip_alternate_sitemaps")
    bundles[0].write_text(code.replace(ALTERNATES, NO_ALTERNATES), encoding="utf-8")


def build_with_mkdocs(config_file: Path, source_date_epoch: int, *, project_config: Path | None = None) -> None:
    """Run one strict MkDocs build. Raise BuildError with MkDocs' warnings, in one line, if it fails.

    `project_config` is the project's own mkdocs.yml, which the build's inherits: the line says to fix it.

    `source_date_epoch` stands in for the build time (sitemap dates, gzip
    headers), so that the same content gives the same bytes.
    """
    warnings = _CollectWarnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(warnings)
    # What MkDocs logs goes into the BuildError below (or, for a fault of the machine, the CLI's one line):
    # not to the terminal besides it.
    propagates, logger.propagate = logger.propagate, False
    previous_epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch)
    try:
        config = load_config(config_file=str(config_file), strict=True)
        _compile_templates_once(config)
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as error:
        details = "; ".join(" ".join(message.split()) for message in warnings.messages) or " ".join(str(error).split())
        settings = f"{project_config} or the project's site_templates/" if project_config else "the project's templates"
        raise BuildError(
            f"MkDocs could not build {config_file.parent}: {details.rstrip('.')}; fix what it names in {settings}, "
            "then run again"
        ) from None
    finally:
        logger.removeHandler(warnings)
        logger.propagate = propagates
        if previous_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous_epoch


def _compile_templates_once(config: MkDocsConfig) -> None:
    """Give the theme's Jinja environment this process's cache of compiled templates.

    MkDocs makes a new environment for every build, and so compiled Material's templates again each time: about
    half a second of every build, and most of a preview's rebuild after the first. A changed template (an
    override of the project's, edited during `serve`) is compiled again (see rendering/compiled_templates.py).
    """
    theme = config.theme
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        assert isinstance(env.loader, jinja2.FileSystemLoader), "MkDocs' themes load templates from folders"
        env.loader = _ThemeLoader(env.loader.searchpath)
        env.bytecode_cache = compiled_templates(env)
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


class _ThemeLoader(jinja2.FileSystemLoader):
    """The theme's folders, listed without descending into hidden folders.

    MkDocs lists every file of the theme to copy its static ones, and then leaves out whatever is in a hidden
    folder; Material keeps its 14,000 icons in one (`.icons`, read by its own Markdown extension, not through
    the theme), and walking them cost a quarter of a second of every build.
    """

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for searchpath in self.searchpath:
            for folder, subfolders, files in os.walk(searchpath, followlinks=self.followlinks):
                subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
                relative = Path(folder).relative_to(searchpath)
                found.update((relative / name).as_posix() for name in files)
        return sorted(found)


class _CollectWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def write_config(config: dict[str, Any], config_file: Path) -> None:
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
