"""`make bench`: how long the pipeline takes, and how much memory, for the real content and synthetic archives.

Each configuration is built in a fresh process, several times; the table
gives medians. Generation is load + validate + render (Markdown and charts);
MkDocs is what follows for each quarter and language: the font subset, the
MkDocs build and the Thai search index.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ONE_RUN = r"""
import json, re, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from generator import build as b
from generator.rendering import Renderer
from generator.validation import validate_content

project = b.Project.at(Path({root!r}), content_dir=Path({content!r}), site_dir=Path({site!r}),
                       work_dir=Path({work!r}), archive_dir=Path({work!r}) / "no-archive")
start = time.perf_counter()
report = validate_content(project.content_dir)
renderer = Renderer(project.templates_dir)
rendered = b.render_report(report, renderer)
generation = time.perf_counter() - start
localizers = renderer.localizers(report.site.languages)
start = time.perf_counter()
for quarter_pages in rendered:  # what build() does after rendering: fonts, MkDocs, Thai search index
    b.build_quarter_site(project, report, quarter_pages, localizers, project.site_dir)
mkdocs = time.perf_counter() - start
pages = sum(len(r.pages) for r in rendered)
print(json.dumps({{"generation": generation, "mkdocs": mkdocs, "total": generation + mkdocs, "pages": pages,
                   # VmHWM: this process's own peak (ru_maxrss can keep the forked parent's)
                   "rss_mb": int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024}}))
"""


def run_once(content: Path) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        code = ONE_RUN.format(root=str(ROOT), content=str(content), site=f"{scratch}/site", work=f"{scratch}/work")
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        return json.loads(result.stdout.strip().splitlines()[-1])


def measure(name: str, content: Path, runs: int) -> dict:
    results = [run_once(content) for _ in range(runs)]
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    return {"name": name, "generation": median["generation"], "mkdocs": median["mkdocs"], "total": median["total"],
            "rss_mb": median["rss_mb"], "pages_per_s": median["pages"] / median["total"],
            "pages": int(median["pages"])}


def main() -> None:
    from benchmarks.synthetic_report import write_synthetic_report

    sizes = [int(n) for n in os.environ.get("BENCH_QUARTERS", "1,10").split(",")]
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    rows = [measure("real content", ROOT / "content", runs)]
    with tempfile.TemporaryDirectory() as scratch:
        for quarters in sizes:
            content = write_synthetic_report(Path(scratch) / f"n{quarters}", quarters)
            rows.append(measure(f"synthetic N={quarters} (S=5, P=10)", content, runs))
    print(f"{'configuration':32} {'generation s':>12} {'MkDocs s':>9} {'total s':>8} {'peak RSS MB':>11} "
          f"{'pages/s':>8}")
    for row in rows:
        print(f"{row['name']:32} {row['generation']:12.2f} {row['mkdocs']:9.2f} {row['total']:8.2f} "
              f"{row['rss_mb']:11.0f} {row['pages_per_s']:8.2f}")
    print(f"(medians of {runs} runs; {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
