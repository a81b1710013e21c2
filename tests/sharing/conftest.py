import time

import pytest
from django.core import signing

from dateline.sharing.forms import SALT
from tests.articles.factories import AuthorFactory, make_article


@pytest.fixture
def article(homes):
    author = AuthorFactory(name="Min-jun Park")
    return make_article(
        home=homes["en"],
        title="Rail link talks resume",
        authors=[author],
        place="Seoul",
        paragraphs=["Negotiators met at the border village.", "Talks go on."],
        countries=["KR"],
    )


def stamp(seconds_ago: float = 60) -> str:
    """The form's signed start time, as if it was shown ``seconds_ago``."""
    return signing.dumps(time.time() - seconds_ago, salt=SALT)


def form_data(**changes) -> dict:
    data = {
        "sender_name": "Ana",
        "sender_email": "ana@example.org",
        "recipients": "ben@example.net",
        "note": "",
        "leave_empty": "",
        "started": stamp(),
    }
    return data | changes
