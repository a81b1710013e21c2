"""The inline form (share.js) in Debian's Chromium: it opens under the link, sends
without leaving the article, and the message reaches a real SMTP server."""

import re

import pytest

from dateline.articles.models import HomePage
from tests.articles.factories import make_article


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_form_opens_and_sends_inline(live_server, chromium, smtp, settings):
    from playwright.sync_api import expect

    settings.DATELINE_SHARING = settings.DATELINE_SHARING | {"MIN_SECONDS": 0}
    home = HomePage.objects.get(locale__language_code="en")
    article = make_article(home=home, title="Ferry service restored")
    url = live_server.url + article.url
    page = chromium.new_page()
    page.goto(url)
    link = page.locator("a[data-share-inline]").first
    expect(link).to_have_attribute("aria-expanded", "false")
    link.click()
    box = page.locator("#share-top")
    expect(box.get_by_label("Your name")).to_be_visible()
    expect(link).to_have_attribute("aria-expanded", "true")
    box.get_by_label("Your name").fill("Ana")
    box.get_by_label("Your e-mail address").fill("ana@example.org")
    box.get_by_label(re.compile(r"^Send to")).fill("ben@example.net")
    box.get_by_role("button", name="Send").click()
    expect(box.get_by_role("status")).to_contain_text(
        "The article was sent to ben@example.net."
    )
    assert page.url == url  # never left the article
    assert smtp.recipients == ["ben@example.net"]
