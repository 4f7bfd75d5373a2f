"""`make bench`: time, memory, disk and page weight, for the real content and synthetic archives.

Every measurement runs in a fresh process, several times, and the tables give
medians. For each configuration:

- a cold serial build (`jobs=1`, empty cache): generation (load + validate +
  render Markdown, charts and data), MkDocs (per quarter and language: font
  subset, MkDocs build, Thai search index), total, peak RSS, pages per second;
- a cold parallel build, with one process per core, and its peak memory:
  the proportional set size (PSS) of the process and its workers, sampled
  every 0.1 s, where pages the forked workers share count once; and the
  cruder upper bound, the main process's peak RSS plus each worker's at the
  largest worker's peak;
- with `reportsite build` itself: an edit to the latest quarter with the
  whole archive present, against building that quarter alone; and a build
  with nothing changed, against Python's bare start-up;
- the size of `site/` (disk use, with identical files stored once, and the
  apparent size, as if copied without links).

PDF editions are left out (they add Chromium's printing, the same for each
quarter, and are not what these bars are about).

    BENCH_QUARTERS=1,10,40 BENCH_RUNS=3 make bench
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORES = len(os.sched_getaffinity(0))
# No Chromium on the PATH of the timed commands: no PDF editions (see above).
NO_CHROMIUM = {**os.environ, "PATH": str(Path(sys.executable).parent)}

COLD_BUILD = r"""
import json, os, re, resource, sys, threading, time
from pathlib import Path
sys.path.insert(0, {root!r})
from generator.commands.build import BuildStats, build
from generator.project import Project

def tree_pss_mb():
    # The proportional set size of this process and its workers: pages they share count once.
    pids, total = [os.getpid()], 0
    while pids:
        pid = pids.pop()
        try:
            total += int(re.search(r"Pss:\s+(\d+)", Path(f"/proc/{{pid}}/smaps_rollup").read_text()).group(1))
            for task in Path(f"/proc/{{pid}}/task").iterdir():
                pids += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            pass
    return total / 1024

peak = [0.0]
done = threading.Event()
def sample():
    while not done.wait(0.1):
        peak[0] = max(peak[0], tree_pss_mb())
threading.Thread(target=sample, daemon=True).start()

project = Project.at(Path({root!r}), content_dir=Path({content!r}), site_dir=Path({site!r}),
                     work_dir=Path({work!r}), archive_dir=Path({work!r}) / "no-archive")
stats = BuildStats()
start = time.perf_counter()
report = build(project, jobs={jobs}, stats=stats)
total = time.perf_counter() - start
done.set()
pages = sum(1 for page in project.site_dir.glob("*/*/**/index.html")
            if page.relative_to(project.site_dir).parts[1] != "latest")  # `latest/` holds redirects
own = int(re.search(r"VmHWM:\s+(\d+)", Path("/proc/self/status").read_text()).group(1)) / 1024
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest worker
print(json.dumps({{"generation": stats.validation + stats.rendering, "mkdocs": stats.mkdocs, "total": total,
                   "pages": pages, "rss_mb": own + ({jobs} if {jobs} > 1 else 0) * worker, "pss_mb": peak[0]}}))
"""


def cold_build(content: Path, jobs: int) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        code = COLD_BUILD.format(
            root=str(ROOT), content=str(content), site=f"{scratch}/site", work=f"{scratch}/work", jobs=jobs
        )
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=NO_CHROMIUM)
        if result.returncode:
            raise SystemExit(result.stderr)
        return json.loads(result.stdout.strip().splitlines()[-1])


def command(project: Path, content: Path) -> float:
    """The wall time of `reportsite build` on a project (its cache in project/build)."""
    start = time.perf_counter()
    subprocess.run(
        [
            str(Path(sys.executable).parent / "reportsite"),
            "build",
            "--project",
            str(project),
            "--content",
            str(content),
            "--archive",
            str(project / "no-archive"),
        ],
        check=True,
        capture_output=True,
        env=NO_CHROMIUM,
    )
    return time.perf_counter() - start


def project_copy(folder: Path) -> Path:
    """A project folder of its own (its work folder and cache start empty); the theme is the packaged one."""
    folder.mkdir(parents=True)
    return folder


def latest_quarter(content: Path) -> Path:
    return sorted(p for p in content.iterdir() if p.is_dir())[-1]


def edit_latest_quarter(content: Path, run: int) -> None:
    problems = latest_quarter(content) / "problems.yaml"
    problems.write_text(problems.read_text(encoding="utf-8") + f"# benchmark edit {run}\n", encoding="utf-8")


def incremental(content: Path, runs: int) -> dict:
    """Edit the latest quarter with the whole archive present; and build with nothing changed."""
    with tempfile.TemporaryDirectory() as scratch:
        alone = Path(scratch) / "alone"
        alone.mkdir()
        shutil.copy(content / "site.yaml", alone / "site.yaml")
        shutil.copytree(latest_quarter(content), alone / latest_quarter(content).name)
        one_quarter = [command(project_copy(Path(scratch) / f"one-{run}"), alone) for run in range(runs)]

        whole = Path(scratch) / "whole"
        shutil.copytree(content, whole)
        project = project_copy(Path(scratch) / "project")
        command(project, whole)  # the archive, built once
        edits, unchanged = [], []
        for run in range(runs):
            edit_latest_quarter(whole, run)
            edits.append(command(project, whole))
            unchanged.append(command(project, whole))
        startup = [_time([sys.executable, "-c", "pass"]) for _ in range(runs)]
        site = project / "site"
        disk = int(subprocess.run(["du", "-sk", str(site)], capture_output=True, text=True).stdout.split()[0]) * 1024
        apparent = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    return {
        "one_quarter": statistics.median(one_quarter),
        "edit": statistics.median(edits),
        "unchanged": statistics.median(unchanged),
        "startup": statistics.median(startup),
        "disk": disk,
        "apparent": apparent,
    }


def _time(arguments: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(arguments, check=True)
    return time.perf_counter() - start


def median_of(runs: list[dict]) -> dict:
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def main() -> None:
    from benchmarks.page_weight import measure_page_weight
    from benchmarks.synthetic_report import write_synthetic_report

    sizes = [int(n) for n in os.environ.get("BENCH_QUARTERS", "1,10,40").split(",")]
    runs = int(os.environ.get("BENCH_RUNS", "3"))
    print(f"{CORES} cores; medians of {runs} runs; no PDF editions", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        configurations = [("real content", ROOT / "content")]
        configurations += [
            (f"synthetic N={n} (S=5, P=10)", write_synthetic_report(Path(scratch) / f"n{n}", n)) for n in sizes
        ]
        for name, content in configurations:
            serial = median_of([cold_build(content, 1) for _ in range(runs)])
            parallel = median_of([cold_build(content, CORES) for _ in range(runs)])
            again = incremental(content, runs)
            rows.append(
                {
                    "name": name,
                    **serial,
                    "parallel": parallel["total"],
                    "parallel_rss_mb": parallel["rss_mb"],
                    "parallel_pss_mb": parallel["pss_mb"],
                    **again,
                    "quarters": sum(1 for p in content.iterdir() if p.is_dir()),
                }
            )
            print(f"  measured {name}", flush=True)
            print_tables(rows)  # after each configuration, so that a long run shows its numbers as it goes
        weight = measure_page_weight(ROOT / "content")
    print("\nPage weight of the real content, gzipped, as Chromium loads it:")
    for line in weight:
        print(f"  {line}")


def print_tables(rows: list[dict]) -> None:
    print()
    print(
        "| configuration | pages | generation s | MkDocs s | generation / MkDocs | total s (serial) | peak RSS MB "
        "(serial) | pages/s | total s (parallel) | parallel / serial | peak MB (parallel: PSS; RSS sum) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['name']} | {row['pages']:.0f} | {row['generation']:.2f} | {row['mkdocs']:.2f} | "
            f"{row['generation'] / row['mkdocs']:.1%} | {row['total']:.2f} | {row['rss_mb']:.0f} | "
            f"{row['pages'] / row['total']:.1f} | {row['parallel']:.2f} | {row['parallel'] / row['total']:.2f} | "
            f"{row['parallel_pss_mb']:.0f}; {row['parallel_rss_mb']:.0f} |"
        )
    print()
    print(
        "| configuration | edit the latest quarter s | that quarter alone s | ratio | nothing changed s "
        "| Python start-up s | site/ on disk MB | site/ apparent MB |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['name']} | {row['edit']:.2f} | {row['one_quarter']:.2f} | "
            f"{row['edit'] / row['one_quarter']:.2f} | {row['unchanged']:.2f} | {row['startup']:.2f} | "
            f"{row['disk'] / 2**20:.1f} | {row['apparent'] / 2**20:.1f} |"
        )
    synthetic = [row for row in rows if row["name"].startswith("synthetic")]
    if len(synthetic) >= 2:
        small, large = synthetic[-2], synthetic[-1]
        added = large["quarters"] - small["quarters"]
        print(
            f"\nEach added quarter (both languages) adds {(large['disk'] - small['disk']) / added / 2**20:.2f} MB "
            f"on disk, {(large['apparent'] - small['apparent']) / added / 2**20:.2f} MB apparent "
            f"(from N={small['quarters']} to N={large['quarters']}).",
            flush=True,
        )


if __name__ == "__main__":
    main()
