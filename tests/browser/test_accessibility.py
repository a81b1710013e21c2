"""Every reader page type, checked by axe-core in Debian's Chromium against WCAG 2.2
AA (and axe's best practices: landmarks, one h1, heading order) at desktop size in
light and dark mode and at phone size: zero violations. Screenshots of each page
type at both sizes are saved (``make screenshots`` writes them to docs/)."""

import re

import pytest

from . import axe
from .conftest import DESKTOP, PHONE, screenshot

VIEWS = [
    ("desktop", DESKTOP, "light"),
    ("desktop-dark", DESKTOP, "dark"),
    ("phone", PHONE, "light"),
]


def _href(page, selector: str) -> str:
    href = page.locator(selector).first.get_attribute("href")
    assert href, f"nothing matches {selector} on {page.url}"
    return href


def page_types(site, browser, edition="en") -> dict[str, str]:
    """Addresses of each page type of an edition, found as a reader finds them."""
    page = browser.new_page()
    page.goto(f"{site.url}/{edition}/")
    article = _href(page, ".story--lead .story__headline a")
    section = _href(page, ".sections a")
    page.goto(site.url + article)
    types = {
        "home": f"/{edition}/",
        "section": section,
        "article": article,
        "author": _href(page, ".article__byline a"),
        "country": _href(page, ".article__countries a"),
        "archive": re.sub(r"[^/]+/$", "", article),
        "print": article + "print/",
        "send-to-a-friend": article + "share/",
        "newsletter": f"/{edition}/newsletters/",
        "newsletter-link": f"/{edition}/newsletters/link/",
        "search": f"/{edition}/search/?q=ferry",
        "corrections": f"/{edition}/corrections/",
        "privacy": f"/{edition}/privacy/",
        "404": f"/{edition}/no-such-page/",
    }
    page.close()
    return types


def check(page, name, view, tmp_path, found, *, shoot=True):
    found.extend(f"[{name}, {view}] {line}" for line in axe.violations(page))
    if shoot and not view.endswith("dark"):
        screenshot(page, f"{name}-{view}", tmp_path)


def submit_empty(page, form_selector):
    """Send a form as a reader who skipped its fields (the browser's own checks
    off, so that the server's messages show)."""
    form = page.locator(form_selector).first
    form.evaluate("form => { form.noValidate = true; }")
    form.locator("button[type=submit]").last.click()
    page.wait_for_load_state()


def serve(status: int, body: bytes):
    def handler(route, request):
        route.fulfill(status=status, body=body, content_type="text/html")

    return handler


def test_every_page_type_has_no_accessibility_violations(
    reader_site, browser, error_pages, tmp_path
):
    types = page_types(reader_site, browser)
    found = []
    for view, size, scheme in VIEWS:
        context = browser.new_context(viewport=size, color_scheme=scheme)
        page = context.new_page()
        for name, path in types.items():
            response = page.goto(reader_site.url + path)
            assert response.status == (404 if name == "404" else 200), path
            check(page, name, view, tmp_path, found)

        # Forms sent empty: every message tied to its field.
        page.goto(reader_site.url + types["newsletter"])
        submit_empty(page, "form.newsletter__form")
        check(page, "newsletter-errors", view, tmp_path, found)
        page.goto(reader_site.url + types["send-to-a-friend"])
        submit_empty(page, "form.share__form")
        check(page, "send-to-a-friend-errors", view, tmp_path, found)
        page.goto(reader_site.url + "/en/search/?q=rail&since=2024-02-30")
        check(page, "search-errors", view, tmp_path, found, shoot=False)

        # The inline form of "Send to a friend" (JavaScript on).
        page.goto(reader_site.url + types["article"])
        page.locator("a[data-share-inline]").first.click()
        page.locator("#share-top form").wait_for()
        check(page, "article-share-open", view, tmp_path, found, shoot=False)

        # 429 and 500, served at an address of the site so that its styles load.
        for status, body in error_pages.items():
            address = f"{reader_site.url}/en/error-{status}/"
            page.route(address, serve(int(status), body))
            page.goto(address)
            check(page, status, view, tmp_path, found)
        context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("edition", ["it", "zh-hans", "es"])
def test_other_editions_have_no_accessibility_violations(
    reader_site, browser, edition, tmp_path
):
    """Home and article of each other edition: their own language, their own
    script (Chinese), the same design."""
    types = page_types(reader_site, browser, edition)
    found = []
    for view, size, scheme in VIEWS:
        context = browser.new_context(viewport=size, color_scheme=scheme)
        page = context.new_page()
        for name in ("home", "article", "search"):
            page.goto(reader_site.url + types[name])
            assert page.locator("html").get_attribute("lang").lower() == edition
            check(
                page, f"{name}-{edition}", view, tmp_path, found, shoot=name != "search"
            )
        context.close()
    assert not found, "\n".join(found)
