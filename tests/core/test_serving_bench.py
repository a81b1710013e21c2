"""The serving and crawlers benchmarks' smoke runs (bench/serving.py and
bench/crawlers.py, --smoke): a minute or two, so that the harness keeps working.
Their figures are for docs/performance.md, never asserted."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
TOOLS = ("wrk", "nginx", "varnishd")


def smoke(script: str) -> str:
    """``script --smoke`` on the database the suite runs on (the published figures
    are PostgreSQL's, so its path is smoke-tested too: a database of its own)."""
    database = (
        "postgres"
        if os.environ.get("DATABASE_URL", "").startswith("postgres")
        else "sqlite"
    )
    missing = [
        t for t in TOOLS if not (shutil.which(t) or Path(f"/usr/sbin/{t}").exists())
    ]
    assert not missing, f"install {missing} (apt-get install wrk nginx varnish)"
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    done = subprocess.run(  # noqa: S603  (our own benchmark)
        [sys.executable, script, "--smoke", "--database", database],
        cwd=BENCH,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_crawlers_benchmark_runs_and_prints_its_table():
    out = smoke("crawlers.py")
    for line in (
        "| crawlers' limit | readers/s (quiet) | readers' p99 (quiet) |",
        "| 10 pages/s for each crawler (the default) | ",
        "| no limit | ",
    ):
        assert line in out, out


def test_the_serving_benchmark_runs_and_prints_its_tables():
    out = smoke("serving.py")
    for line in (
        "| nginx, static file",
        "| Varnish: article |",
        "| Django's cache (local memory): article |",
        "| Django's cache (Redis): article |",
        "| uncached, embedded: random articles |",
        "| uncached, production: article |",
        "| uncached, production: random articles |",
        "| SQL queries made, embedded: no proxy | production: DATELINE_PURGE_URL",
        "| article | ",
        "| CPU per page made, one process (ms) | a plain Django view",
        "each app-server worker's resident memory",
    ):
        assert line in out, out
