"""Display dates: the publication time, and “Updated” for a substantive update."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from lxml import html as lxml_html

from tests.articles.factories import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


def dates(client, article) -> list[tuple[str, datetime]]:
    """The page's times, as its ``datetime`` attributes say them (to the second,
    as HTML allows)."""
    page = lxml_html.fromstring(client.get(article.url).content)
    return [
        (
            "updated" if t.getparent().tag == "span" else "published",
            datetime.fromisoformat(t.get("datetime")),
        )
        for t in page.xpath("//p[@class='article__date']//time")
    ]


def second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def test_the_page_shows_its_publication_time_and_no_update_by_default(client, home):
    article = make_article(home=home, title="Dam opens")
    assert dates(client, article) == [("published", second(article.published_at))]


def test_a_substantive_update_shows_when_it_was_made(client, home):
    article = make_article(home=home, title="Dam opens")
    article.updated_at = article.published_at + timedelta(hours=3)
    article.save_revision().publish()
    article.refresh_from_db()
    assert dates(client, article) == [
        ("published", second(article.published_at)),
        ("updated", second(article.updated_at)),
    ]
    body = client.get(article.url).content.decode()
    assert "Updated" in body


def test_an_update_cannot_come_before_the_publication(home):
    article = make_article(home=home, title="Dam opens")
    article.updated_at = article.published_at - timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "updated_at" in error.value.message_dict
