"""The reader's journey, in each edition, in Debian's Chromium: at desktop size with
JavaScript, at phone size without. Home page → article → See also → the same story
in another edition → send to a friend (the mail reaches the test's SMTP server) →
printable version → subscribe → confirm from the received mail → change preferences
→ unsubscribe. axe-core checks each page on the way."""

import re
import uuid

import pytest

from . import axe
from .conftest import DESKTOP, EDITIONS, PHONE, screenshot

CONFIRM = re.compile(r"https?://\S+/newsletters/confirm/[^/\s]+/")
DEVICES = {"desktop": (DESKTOP, True), "phone": (PHONE, False)}


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def follow_see_also(page, expect):
    """Follow the first See also link that leads to a story told in another
    edition too; the page is left on that story."""
    links = page.locator(".see-also a")
    for n in range(links.count()):
        link = links.nth(n)
        headline = link.inner_text()
        link.click()
        expect(page.locator("h1")).to_have_text(headline)
        if page.locator(".editions__item:not(.editions__item--home) a").count():
            return headline
        page.go_back()
    pytest.fail(f"no See also on {page.url} leads to a translated story")


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_reader_goes_from_the_front_page_to_unsubscribing(
    reader_site, browser, edition, device, tmp_path
):
    from playwright.sync_api import expect

    viewport, javascript = DEVICES[device]
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    found = []

    def check(name=None):
        if javascript:  # axe runs in the page
            found.extend(axe.violations(page))
        if name and edition == "en":
            screenshot(page, f"{name}-{device}", tmp_path)

    # The front page, and its lead story.
    page.goto(f"{reader_site.url}/{edition}/")
    assert page.locator("html").get_attribute("lang").lower() == edition
    lead = page.locator(".story--lead .story__headline a")
    headline = lead.inner_text()
    lead.click()
    expect(page.locator("h1")).to_have_text(headline)
    check()

    # See also, then the same story in another edition.
    follow_see_also(page, expect)
    switch = page.locator(".editions__item:not(.editions__item--home) a").first
    language = switch.get_attribute("hreflang")
    switch.click()
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".article").get_attribute("lang") == language
    expect(page.locator(".editions__current")).to_have_attribute("lang", language)
    headline = page.locator("h1").inner_text()
    article = page.url
    check()

    # Send to a friend: inline with JavaScript, on its own page without.
    friend = f"friend-{uuid.uuid4().hex[:8]}@example.org"
    page.locator("a[data-share-inline]").first.click()
    form = page.locator("#share-top form" if javascript else "main form.share__form")
    form.locator("[name=sender_name]").fill("Ana Reader")
    form.locator("[name=sender_email]").fill("ana@example.org")
    form.locator("[name=recipients]").fill(friend)
    form.locator("[name=note]").fill("Worth reading.")
    check()
    page.wait_for_timeout(1100)  # people take a moment (DATELINE_SHARE_MIN_SECONDS)
    form.locator("button[type=submit]").click()
    expect(page.locator(".notice--ok")).to_contain_text(friend)
    (shared,) = reader_site.mail_to(friend)
    assert headline in shared["Subject"] or headline in text_of(shared)
    assert article in text_of(shared)

    # The printable version.
    page.goto(article)
    page.locator(".article-tools a[href$='/print/']").first.click()
    expect(page.locator("h1")).to_have_text(headline)
    check()
    page.goto(article)

    # Subscribe under the article, confirm from the e-mail.
    reader = f"reader-{uuid.uuid4().hex[:8]}@example.org"
    form = page.locator("form.newsletter__form")
    form.locator("[name=email]").fill(reader)
    form.locator("[name=consent]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()
    assert page.url.rstrip("/").endswith("/newsletters")
    check("newsletter-sent")
    (confirmation,) = reader_site.mail_to(reader)
    (confirm,) = CONFIRM.findall(text_of(confirmation))
    assert confirm.startswith(reader_site.url)
    page.goto(confirm)
    check("newsletter-confirm")
    page.locator("main button[type=submit]").click()
    expect(page.locator("main [role=status]")).to_be_visible()

    # The preference centre: breaking news only, then unsubscribe.
    page.locator("[name=frequency][value=breaking]").check()
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator(".notice--ok[role=status]")).to_be_visible()
    expect(page.locator("[name=frequency][value=breaking]")).to_be_checked()
    check("newsletter-preferences")
    page.locator("form.newsletter__leave button[type=submit]").click()
    expect(page.locator("a[href*='/newsletters/manage/']")).to_be_visible()
    check("newsletter-unsubscribed")

    context.close()
    assert not found, "\n".join(found)
