"""The whole path in Debian's Chromium, without JavaScript: subscribe under an
article, confirm from the e-mail, change preferences, unsubscribe."""

import pytest

from dateline.articles.models import HomePage
from dateline.newsletters.models import Subscriber
from tests.articles.factories import make_article

from .conftest import links_in


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_subscribes_confirms_changes_and_leaves(
    live_server, chromium, smtp, settings
):
    from playwright.sync_api import expect

    settings.WAGTAILADMIN_BASE_URL = live_server.url  # BASE_URL: the mail's links

    home = HomePage.objects.get(locale__language_code="en")
    article = make_article(home=home, title="Ferry service restored")
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + article.url)

    form = page.locator("form.newsletter__form")
    form.get_by_label("Your e-mail address").fill("reader@example.org")
    form.get_by_label("Weekly digest").check()
    form.get_by_text("Choose editions, countries and topics").click()
    form.get_by_label("Italian").check()
    form.get_by_label("I agree to receive these e-mails", exact=False).check()
    form.get_by_role("button", name="Subscribe now").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    confirm = links_in(smtp.messages[0])["confirm"]
    assert confirm.startswith(live_server.url + "/en/newsletters/confirm/")
    page.goto(confirm)
    page.get_by_role("button", name="Confirm my subscription").click()
    expect(page.get_by_role("status")).to_have_text("Your subscription is confirmed.")
    reader = Subscriber.objects.get()
    assert reader.status == "active" and reader.frequency == "weekly"
    assert sorted(reader.editions) == ["en", "it"]

    page.get_by_label("Breaking news only").check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_role("status")).to_have_text("Your choices are saved.")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    reader.refresh_from_db()
    assert (reader.frequency, reader.status) == ("breaking", "unsubscribed")
    context.close()
