"""Run the tests as if it were another moment, in another time zone.

    python scripts/test_on_date.py 2028-02-29T23:50:00+00:00 Asia/Tokyo -- -m clock

Every Python process of the run moves its clock to that moment (tests/clock/
sitecustomize.py), which then flows as usual; TIME_ZONE is the agency's zone.
``make test-dates`` runs the whole suite on the days that break calendar code: a
Monday, a Wednesday, New Year's Eve, a leap day and the nights the clocks change.
"""

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    moment, zone, *rest = sys.argv[1:]
    arguments = rest[1:] if rest[:1] == ["--"] else rest
    target = datetime.fromisoformat(moment)
    offset = (target - datetime.now(UTC)).total_seconds()
    env = {
        **os.environ,
        "DATELINE_TEST_CLOCK_OFFSET": str(offset),
        "TIME_ZONE": zone,
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(ROOT / "tests" / "clock"), os.environ.get("PYTHONPATH")])
        ),
    }
    print(f"Tests at {target.isoformat()}, TIME_ZONE={zone}", flush=True)  # noqa: T201
    # time-machine, a pytest plugin too, is imported already (by sitecustomize).
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-W",
        "ignore:Module already imported so cannot be rewritten; time_machine",
        *arguments,
    ]
    return subprocess.call(command, env=env, cwd=ROOT)  # noqa: S603


if __name__ == "__main__":
    sys.exit(main())
