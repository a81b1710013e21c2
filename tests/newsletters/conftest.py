import re
from datetime import timedelta

from django.utils import timezone

from dateline.newsletters.models import Subscriber
from tests.articles.factories import make_article

LINK = re.compile(r"https?://\S+/newsletters/(confirm|manage|unsubscribe)/[^/\s]+/")


def links_in(message) -> dict[str, str]:
    """The newsletter links of an e-mail's text part, by purpose."""
    text = message.get_body(("plain",)).get_content()
    return {m.group(1): m.group(0) for m in LINK.finditer(text)}


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def subscriber(email="reader@example.org", **fields) -> Subscriber:
    """A confirmed subscriber (as if the link was followed a week ago)."""
    defaults = {
        "status": Subscriber.Status.ACTIVE,
        "language": "en",
        "editions": ["en"],
        "confirmed_at": timezone.now() - timedelta(days=7),
    }
    return Subscriber.objects.create(email=email, **(defaults | fields))


def story(home, title, *, hours_ago=2, **kwargs):
    return make_article(
        home=home,
        title=title,
        published_at=timezone.now() - timedelta(hours=hours_ago),
        **kwargs,
    )


def form(**changes) -> dict:
    data = {
        "email": "reader@example.org",
        "frequency": "daily",
        "editions": ["en"],
        "consent": "on",
        "leave_empty": "",
    }
    return data | changes
