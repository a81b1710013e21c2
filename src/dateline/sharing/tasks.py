from django.tasks import task

from dateline.worker.priorities import READER_WAITING

from . import services


@task(priority=READER_WAITING)
def share_message_send(message_id: int) -> str:
    """Send one message of Send to a friend, then forget expired addresses."""
    message = services.share_message_send(message_id=message_id)
    services.share_purge()
    return message.status if message else "skipped"
