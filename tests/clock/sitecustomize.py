"""A test run under another date (``make test-dates``, scripts/test_on_date.py).

Every Python process of the run imports this first (its folder is on PYTHONPATH):
the tests, and the sites, workers and commands they start. Each moves its clock by
the same offset, so that they agree on the time, which then flows as usual. What is
not Python (Chromium, PostgreSQL, Varnish) keeps the real time: nothing of Dateline's
asks them for it.
"""

import os

_offset = os.environ.get("DATELINE_TEST_CLOCK_OFFSET")
if _offset:
    from datetime import UTC, datetime, timedelta

    import time_machine

    _now = datetime.now(UTC) + timedelta(seconds=float(_offset))
    time_machine.travel(_now, tick=True).start()
