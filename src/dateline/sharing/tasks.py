"""The worker clock's job for Send to a friend (its messages go through the outbox's
own task: dateline.mail.tasks)."""

from . import services


def shares_forget(now) -> int:
    """Forget the shares, and their addresses, older than RETENTION_DAYS."""
    return services.share_purge()
