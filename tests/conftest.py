import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def english_by_default(settings):
    """Each test starts in the default language: a request to another edition
    activates its language for the rest of the thread."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a cached value (Wagtail's site
    addresses, a PDF) must not outlive the database rows it came from."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    from dateline.articles.models import HomePage

    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def homes(db):
    """Each edition's home page by language code: en, it, zh-hans, es."""
    from dateline.articles.models import HomePage

    return {
        home.locale.language_code: home
        for home in HomePage.objects.select_related("locale")
    }


@pytest.fixture
def fixtures_dir():
    return FIXTURES


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def chromium(monkeypatch):
    """Debian's Chromium, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    # Playwright's event loop runs in the test's thread; the test still talks to the
    # database synchronously, as Django's docs allow for such tools.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()
        # Queries made while Playwright runs use a connection of their own (Django's
        # connections follow the context); close it, or the test database cannot be
        # dropped at the end.
        from django.db import connections

        connections.close_all()
