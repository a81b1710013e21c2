"""No unpublished word reaches a reader: every public channel, asked for the words
that only the unpublished versions have (a draft, one in review, a scheduled one,
one under embargo, a withdrawn one, the newer draft of a published one, and the
Italian translation of the embargoed one), finds none (docs/security.md)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from dateline.newsletters import digests
from dateline.newsletters.tasks import batch_enqueue
from dateline.syndication.models import ApiKey
from dateline.worker import schedule
from tests.articles.factories import make_article
from tests.newsletters.conftest import subscriber
from tests.newsroom.states import BODY_SECRET, SECRET, STATES, make_states

pytestmark = pytest.mark.clock

WORDS = (SECRET, BODY_SECRET)
HEADLINES = [f"{SECRET} {state}" for state in STATES] + [f"{SECRET} italiano"]


@pytest.fixture
def story(smtp, homes, member, sections, settle):
    for frequency in ("daily", "weekly", "breaking"):
        subscriber(f"{frequency}@example.org", frequency=frequency)
    writer = member("contributor", "en", name="colleague")
    with settle():
        states = make_states(
            homes["en"],
            owner=writer.user,
            breaking=True,
            countries=["KR"],
            section=sections["korea"],
        )
        # A published story of the same country and section, for See also.
        neighbour = make_article(
            home=homes["en"],
            title="Rail talks resume",
            countries=["KR"],
            section=sections["korea"],
            paragraphs=("Negotiators met at the border.", "Talks go on."),
        )
        # The embargoed story's Italian translation, under the same embargo.
        embargoed = states["embargoed"]
        italian = make_article(
            home=homes["it"],
            title=f"{SECRET} italiano",
            paragraphs=(f"Un {BODY_SECRET}.",),
            translation_of=embargoed,
            published_at=embargoed.published_at,
        )
    return states, neighbour, italian


def _public_addresses(client, states, neighbour, italian, sections) -> list[str]:
    urls = ["/en/", "/it/", "/zh-hans/", "/es/", neighbour.url]
    urls += [sections["korea"].url, "/en/countries/kr/"]
    for article in [*states.values(), italian]:
        base = article.get_url() or ""
        urls += [base, f"{base}print/", f"{base}pdf/", f"{base}share/"]
        urls += [f"/en/api/ninjs/items/{article.pk}/"]
    for language in ("en", "it"):
        for word in WORDS:
            urls.append(f"/{language}/search/?q={word}")
        for kind in ("rss", "atom", "json"):
            urls.append(f"/{language}/feeds/{kind}/")
        urls.append(f"/{language}/feeds/rss/countries/kr/")
        urls.append(f"/{language}/api/ninjs/")
        urls.append(f"/{language}/api/ninjs/?q={SECRET}")
    index = client.get("/sitemap.xml").content.decode()
    urls += ["/sitemap.xml"] + [
        re.sub(r"^https?://[^/]+", "", loc)
        for loc in re.findall(r"<loc>(.*?)</loc>", index)
    ]
    return [url for url in urls if url]


def test_no_public_channel_has_a_word_of_an_unpublished_text(
    story, sections, smtp, settle
):
    states, neighbour, italian = story
    key = ApiKey(partner="Partner Press")
    secret = key.issue()
    key.save()
    reader = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    call_command("related", "rebuild", no_progress=True, stdout=StringIO())

    leaks = []
    for url in _public_addresses(reader, states, neighbour, italian, sections):
        response = reader.get(url)
        assert response.status_code < 500, url
        body = response.content.decode(errors="replace")
        if "/search/" in url or "?q=" in url:
            # The page says what was asked: what it must not have is a result.
            leaks += [(url, title) for title in HEADLINES if title in body]
        elif url == f"/en/api/ninjs/items/{states['withdrawn'].pk}/":
            # Once published, then withdrawn: partners are told to cancel it, by
            # the headline they had, without its text.
            assert '"pubstatus": "canceled"' in body.replace('":"', '": "')
            assert BODY_SECRET not in body
        else:
            leaks += [(url, word) for word in WORDS if word in body]
    # Sending to a friend an article that is not out is refused.
    for state in STATES:
        article = states[state]
        if article.get_url():
            response = reader.post(
                f"{article.get_url()}share/", {"recipients": "b@x.org"}
            )
            assert response.status_code in (400, 403, 404) or state == "newer_draft"
    # The mails: breaking news at publication (above), the digests, the clock.
    for frequency in ("daily", "weekly"):
        with settle():
            digests.digest_send(frequency=frequency, enqueue=batch_enqueue)
    with settle():
        schedule.run_due()
    for message in smtp.messages:
        for part in message.walk():
            if part.get_content_maintype() == "text":
                text = part.get_content()
                leaks += [(message["Subject"], w) for w in WORDS if w in text]
    assert leaks == []
    # And it can fail: what was published is found where it should be.
    assert "Rail talks resume" in reader.get("/en/feeds/rss/").content.decode()
    assert "Harbour reopens" in reader.get(states["newer_draft"].url).content.decode()
    assert smtp.messages, "the digests went out"
