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
