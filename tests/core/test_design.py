"""What the design promises on every article page: small, self-contained, nothing
that blocks rendering (docs/design.md)."""

import gzip
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.utils import timezone

from dateline.articles.models import ArticleCorrection
from tests.articles.factories import (
    AuthorFactory,
    SectionPageFactory,
    make_article,
)

BUDGET = 100 * 1024  # bytes transferred, compressed, for an article without images


@pytest.fixture
def long_article(homes):
    """A long article with everything an article page can show but pictures."""
    home = homes["en"]
    section = SectionPageFactory(parent=home, title="East Asia", show_in_menus=True)
    earlier = [
        make_article(
            home=home,
            title=f"Earlier story {n}",
            published_at=timezone.now() - timedelta(days=n + 1),
        )
        for n in range(5)
    ]
    article = make_article(
        home=home,
        title="A long story from the border",
        authors=[AuthorFactory(name="Min-jun Park"), AuthorFactory(name="Ana Lee")],
        section=section,
        countries=["KR", "KP", "CN"],
        related=earlier,
        paragraphs=[" ".join(["A sentence of reporting from the border."] * 12)] * 20,
    )
    article.corrections.add(
        ArticleCorrection(text="An earlier version misspelt a name.")
    )
    article.save_revision().publish()
    return article


def resources(html: str) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    found = [tag["href"] for tag in page.select("link[rel=stylesheet]")]
    found += [tag["src"] for tag in page.select("script[src]")]
    return found


def test_an_article_page_weighs_under_100_kb_compressed(client, long_article):
    html = client.get(long_article.url).content
    total = len(gzip.compress(html))
    for url in resources(html.decode()):
        path = finders.find(urlsplit(url).path.removeprefix("/static/"))
        assert path, url
        with open(path, "rb") as file:
            total += len(gzip.compress(file.read()))
    assert total < BUDGET, f"{total} bytes"


def test_nothing_comes_from_another_site_and_no_script_blocks_rendering(
    client, long_article
):
    html = client.get(long_article.url).content.decode()
    page = BeautifulSoup(html, "html.parser")
    for url in resources(html) + [img["src"] for img in page.select("img")]:
        assert url.startswith("/") and not url.startswith("//"), url
    for script in page.select("script"):
        if script.get("type") == "application/ld+json":
            continue  # data, not code
        assert script.get("src"), "no inline script"
        assert script.has_attr("defer") or script.has_attr("async"), script
    assert not page.select("link[rel=preconnect], link[href*='fonts.']")
    assert "@import" not in html and "@font-face" not in html
