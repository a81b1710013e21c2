"""Priorities of background tasks (Django's tasks API: -100 to 100, higher first).

Most tasks keep the default (0): search and reference indexing, See also.
Mail a reader is waiting for, on the page that said "check your inbox", goes ahead
of them: a newsroom that publishes a hundred articles queues hundreds of index
updates, and a confirmation must not wait behind them.
"""

READER_WAITING = 50
# The clock's tick: embargoes lifted and stories scheduled for 09:00 go out at 09:00,
# not once a backlog of indexing has drained (the tick itself takes milliseconds).
CLOCK = 40
# A digest goes out at its hour, ahead of indexing a newsroom (or a demo) queued.
DIGEST = 20
