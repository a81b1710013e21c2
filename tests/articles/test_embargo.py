"""An embargoed article (published, its publication time still to come) is nowhere
for readers until its time, then everywhere (docs/newsroom.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.articles.models import ArticlePage
from dateline.newsletters.models import Digest, Frequency
from dateline.newsletters.selection import stories
from dateline.newsletters.tasks import breaking_due
from dateline.related.selectors import see_also
from dateline.related.services import article_refresh
from dateline.related.tasks import embargoes_lifted
from dateline.syndication.models import ApiKey
from dateline.worker import schedule
from tests.articles.factories import make_article
from tests.newsletters.conftest import subscriber

pytestmark = [pytest.mark.django_db, pytest.mark.clock]

HEADLINE = "Ceasefire agreed at dawn"


@pytest.fixture
def held(homes):
    """An article out now about a ceasefire, and its embargoed sequel (and Italian
    translation), due in two hours."""
    now = timezone.now()
    earlier = make_article(
        home=homes["en"],
        title="Ceasefire talks go on",
        countries=["KR"],
        paragraphs=["Ceasefire talks went on at the border."],
        published_at=now - timedelta(hours=3),
    )
    sequel = make_article(
        home=homes["en"],
        title=HEADLINE,
        countries=["KR"],
        paragraphs=["The ceasefire talks at the border ended in an agreement."],
        published_at=now + timedelta(hours=2),
        breaking=True,
    )
    make_article(
        home=homes["it"],
        title="Cessate il fuoco all'alba",
        published_at=now + timedelta(hours=2),
        translation_of=sequel,
    )
    return {"earlier": earlier, "sequel": sequel, "due": now + timedelta(hours=2)}


def places(client) -> dict[str, str]:
    """What a reader or a partner gets from each place an article can appear."""
    secret = ApiKey(partner="Partner")
    key = secret.issue()
    secret.save()
    earlier = ArticlePage.objects.get(title="Ceasefire talks go on")
    now = timezone.now()
    return {
        "home page": client.get("/en/").content.decode(),
        "country page": client.get("/en/countries/kr/").content.decode(),
        "feed": client.get("/en/feeds/rss/").content.decode(),
        "sitemap": client.get("/sitemap-en-articles.xml").content.decode(),
        "news sitemap": client.get("/sitemap-news.xml").content.decode(),
        "search": client.get("/en/search/", {"q": "ceasefire"}).content.decode(),
        "api": client.get(
            "/en/api/ninjs/", HTTP_AUTHORIZATION=f"Bearer {key}"
        ).content.decode(),
        "See also": " ".join(item["headline"] for item in see_also(earlier)),
        "digests": " ".join(
            story.title for story in stories(since=now - timedelta(days=1), until=now)
        ),
    }


def edition_urls(client, article) -> list[str]:
    from dateline.editions.links import edition_links

    return [link.url for link in edition_links(article) if link.translated]


def test_an_embargoed_article_is_nowhere_until_its_time_then_everywhere(
    client, held, monkeypatch
):
    sequel = held["sequel"]
    article_refresh(held["earlier"].pk)
    assert client.get(sequel.url).status_code == 404
    for sub in ("print/", "pdf/", "share/"):
        assert client.get(sequel.url + sub).status_code == 404, sub
    for place, text in places(client).items():
        assert HEADLINE not in text and sequel.url not in text, place
    assert not any(u.startswith("/it/20") for u in edition_urls(client, sequel))
    # Breaking news waits too.
    subscriber("fast@example.org", frequency="breaking")
    assert breaking_due(timezone.now()) == []
    assert not Digest.objects.exists()

    later = held["due"] + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    # The worker's clock (its jobs, as its next tick runs them).
    assert schedule.run_due(later) == len(schedule._jobs)
    assert client.get(sequel.url).status_code == 200
    for place, text in places(client).items():
        assert HEADLINE in text or sequel.url in text, place
    # The Italian translation is linked once its time has come too.
    assert any(url.startswith("/it/20") for url in edition_urls(client, sequel))
    breaking = Digest.objects.get(frequency=Frequency.BREAKING)
    assert breaking.article_id == sequel.pk  # breaking news, sent
    assert breaking_due(later) == []  # once
    assert embargoes_lifted(later) == []


def test_the_edition_switcher_does_not_link_an_embargoed_translation(homes):
    from dateline.editions.links import edition_links

    english = make_article(home=homes["en"], title="Out now")
    make_article(
        home=homes["it"],
        title="Fra poco",
        translation_of=english,
        published_at=timezone.now() + timedelta(hours=1),
    )
    links = {link.language: link for link in edition_links(english)}
    assert not links["it"].translated
