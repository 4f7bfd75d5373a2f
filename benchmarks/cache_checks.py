"""What checking the build cache costs, on a project built before (issue 17: a damaged cache never reaches the site).

    python -m benchmarks.cache_checks PROJECT CONTENT [RUNS]

PROJECT is a project folder whose `build/` and `site/` a `reportsite build` of CONTENT made (for instance
after `make bench`'s synthetic archive of 40 quarters, or `benchmarks.synthetic_report`). It measures, in
this process, the no-change check's walk of `site/` (`tree_state`) and the hashing of every cached build
that a build reuses (`BuildCache.damage`, with each run's memo empty); and, as commands, a build with
nothing changed and `reportsite verify --cache`. Medians of RUNS (3); CPU and wall time, as the machine
may be shared.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from generator.storage.build_cache import BuildCache, tree_state

from .bench import NO_CHROMIUM


def timed(action) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def command_time(arguments: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(arguments, capture_output=True, env=NO_CHROMIUM)  # verify --cache exits 1 on damage
    return time.perf_counter() - start


def main() -> None:
    project, content = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    cache = BuildCache(project / "build" / "cache")
    site = project / "site"
    newest = {}
    for build_dir in (p for p in cache.builds.glob("*/*/*") if p.is_dir()):
        language, period = build_dir.parent.parent.name, build_dir.parent.name
        if (language, period) not in newest or build_dir.stat().st_mtime_ns > newest[
            language, period
        ].stat().st_mtime_ns:
            newest[language, period] = build_dir
    builds = [(language, period, folder.name) for (language, period), folder in sorted(newest.items())]
    files = sum(1 for path in site.rglob("*") if path.is_file())

    walks = [timed(lambda: tree_state(site)) for _ in range(runs)]

    def check_all() -> None:
        cache._digests.clear()
        assert not [build for build in builds if cache.damage(*build)], "the cache is damaged"

    checks = [timed(check_all) for _ in range(runs)]
    reportsite = str(Path(sys.executable).parent / "reportsite")
    where = ["--project", str(project), "--archive", str(project / "no-archive")]
    unchanged = [command_time([reportsite, "build", *where, "--content", str(content)]) for _ in range(runs)]
    verify = [command_time([reportsite, "verify", "--cache", *where]) for _ in range(runs)]

    def median(values, index=None):
        return statistics.median(v[index] if index is not None else v for v in values)

    print(f"site/: {files} files; {len(builds)} cached builds checked")
    print(f"tree_state (no-change walk of site/): wall {median(walks, 0):.3f} s, CPU {median(walks, 1):.3f} s")
    print(f"hash every reused build: wall {median(checks, 0):.3f} s, CPU {median(checks, 1):.3f} s")
    print(f"reportsite build, nothing changed: {median(unchanged):.2f} s")
    print(f"reportsite verify --cache: {median(verify):.2f} s")


if __name__ == "__main__":
    main()
