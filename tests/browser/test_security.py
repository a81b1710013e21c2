"""Pages work under their Content-Security-Policy in Debian's Chromium: the readers'
strict one (nothing inline) and the admin's (docs/security.md)."""

import pytest

# Every violation of the page's policy, as the browser reports it.
RECORD = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def violations(page) -> list[str]:
    return page.evaluate("window.cspViolations")


@pytest.fixture
def recorded(browser):
    context = browser.new_context()
    context.add_init_script(RECORD)
    yield context.new_page()
    context.close()


def test_reader_pages_and_their_scripts_run_under_the_strict_policy(
    reader_site, recorded
):
    from playwright.sync_api import expect

    page = recorded
    page.goto(f"{reader_site.url}/en/")
    assert "'unsafe-inline'" not in page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    seen = violations(page)
    page.locator(".story--lead .story__headline a").click()
    # share.js, our progressive enhancement: the form opens under the link.
    link = page.locator("a[data-share-inline]").first
    link.click()
    expect(link).to_have_attribute("aria-expanded", "true")
    box = page.locator(f"#{link.get_attribute('aria-controls')}")
    expect(box.get_by_label("Your name")).to_be_visible()
    seen += violations(page)
    for path in ("/en/search/?q=ferry", "/it/", "/en/newsletters/"):
        page.goto(reader_site.url + path)
        seen += violations(page)
    assert seen == []


def test_the_admin_works_under_its_policy(reader_site, recorded):
    from playwright.sync_api import expect

    page = recorded
    password = (reader_site.folder / "demo-admin-password.txt").read_text().strip()
    page.goto(f"{reader_site.url}/admin/login/")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dateline", exact=False)).to_be_visible()
    seen = violations(page)

    # An article's editor: its rich text (Draftail, drawn by script), its date
    # fields and inline panels (Wagtail's inline scripts).
    article = reader_site.site.run(
        "shell",
        "--no-imports",
        "-c",
        "from dateline.articles.models import ArticlePage;"
        "print(ArticlePage.objects.live().exclude(bylines=None).first().pk)",
    ).split()[-1]
    page.goto(f"{reader_site.url}/admin/pages/{article}/edit/")
    expect(page.locator(".Draftail-Editor").first).to_be_visible()
    seen += violations(page)
    assert seen == []
