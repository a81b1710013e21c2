from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def home(db):
    from dateline.articles.models import HomePage

    return HomePage.objects.get(locale__language_code="en")


@pytest.fixture
def fixtures_dir():
    return FIXTURES
