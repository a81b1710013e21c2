"""Schemathesis against every public endpoint, not only the ninjs API
(tests/syndication/test_api_fuzzing.py): an OpenAPI description of the reader's
pages, feeds, sitemaps and forms, with their parameters, and requests generated from
it. None may end in a server error (docs/security.md).

The description is written here, for the test: the pages are HTML for readers, not
an API we publish. Real links (a subscriber's signed tokens, an article's address)
are among the examples, so that the generated requests reach the forms behind them
as well as the pages for forged links. CSRF is not enforced, as in Django's test
client, so that posts reach the forms' own checks."""

from datetime import UTC, datetime

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from dateline.newsletters.links import token_for
from dateline.newsletters.models import Subscriber
from tests.articles.factories import make_article
from tests.syndication.test_api_fuzzing import connections_kept  # noqa: F401

PURPOSES = ["confirm", "manage", "unsubscribe"]
TEXT = {"type": "string"}
LISTED = {"type": "array", "items": TEXT}
PREFERENCES = {
    "editions": LISTED,
    "frequency": TEXT,
    "countries": LISTED,
    "sections": LISTED,
}


def query(*names: str) -> list[dict]:
    return [{"name": n, "in": "query", "schema": TEXT} for n in names]


def path(name: str, example: str | None = None, **schema) -> dict:
    parameter = {"name": name, "in": "path", "required": True, "schema": schema or TEXT}
    if example is not None:
        parameter["example"] = example
    return parameter


def form(**fields) -> dict:
    return {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "properties": fields}
            }
        }
    }


def page(*parameters: dict) -> dict:
    return {"get": {"parameters": list(parameters), "responses": {"200": OK}}}


OK = {"description": "a page"}


def public_paths(article_path: str, token: dict[str, str]) -> dict:
    """Every public endpoint, with the parameters and fields it reads."""
    feed = path("format", enum=["rss", "atom", "json"], type="string")
    with_form = {
        "/en/newsletters/": form(
            email=TEXT, consent=TEXT, leave_empty=TEXT, **PREFERENCES
        ),
        "/en/newsletters/link/": form(email=TEXT),
        "/en/newsletters/confirm/{token}/": form(),
        "/en/newsletters/manage/{token}/": form(paused=TEXT, **PREFERENCES),
        "/en/newsletters/unsubscribe/{token}/": form(**{"List-Unsubscribe": TEXT}),
        f"{article_path}share/": form(
            sender_name=TEXT,
            sender_email=TEXT,
            recipients=TEXT,
            note=TEXT,
            leave_empty=TEXT,
            started=TEXT,
        ),
    }
    paths = {
        "/en/": page(*query("page")),
        "/it/": page(*query("page")),
        "/zh-hans/": page(*query("page")),
        "/en/search/": page(
            *query("q", "country", "section", "author", "since", "until", "order"),
            *query("page"),
        ),
        "/en/feeds/{format}/": page(feed),
        "/en/feeds/{format}/{kind}/{key}/": page(
            feed,
            path("kind", enum=["sections", "countries", "authors"], type="string"),
            path("key", example="kr"),
        ),
        "/en/corrections/": page(*query("page")),
        "/en/privacy/": page(),
        "/en/{address}/": page(path("address", example=article_path[4:-1])),
        article_path: page(*query("page")),
        "/editions/{language}/": page(path("language", example="it"), *query("next")),
        "/sitemap.xml": page(),
        "/sitemap-{section}.xml": page(path("section", example="en-articles")),
        "/robots.txt": page(),
        "/.well-known/security.txt": page(),
    }
    for address, body in with_form.items():
        parameters = []
        if "{token}" in address:
            purpose = next(p for p in PURPOSES if f"/{p}/" in address)
            parameters = [path("token", example=token[purpose])]
        paths[address] = {
            "get": {"parameters": parameters, "responses": {"200": OK}},
            "post": {
                "parameters": parameters,
                "requestBody": body,
                "responses": {"200": OK},
            },
        }
    return paths


class WithoutCSRF(WSGIHandler):
    """Django as a WSGI application, with CSRF checks off as in Django's test client
    (tests/core/test_security.py shows they are on)."""

    def get_response(self, request):
        request._dont_enforce_csrf_checks = True
        return super().get_response(request)


# The article the fixture files: its address is known before the database exists.
PUBLISHED = datetime(2026, 1, 15, 8, 0, tzinfo=UTC)
ARTICLE = "/en/2026/01/a-1/"
schema = schemathesis.openapi.from_dict(
    {
        "openapi": "3.0.3",
        "info": {"title": "Dateline's public endpoints", "version": "1"},
        # Real tokens are made by the fixture; these stand for them.
        "paths": public_paths(ARTICLE, {p: f"real-{p}-token" for p in PURPOSES}),
    }
)


@pytest.fixture
def real_links(db, homes, settings) -> dict[str, str]:
    """The article and subscribers the examples name; each stand-in token with the
    real one."""
    settings.DATELINE_NEWSLETTERS = settings.DATELINE_NEWSLETTERS | {
        "PER_HOUR": 100_000,
        "LINKS_PER_MINUTE": 100_000,
    }
    settings.DATELINE_SHARING = settings.DATELINE_SHARING | {
        "PER_HOUR": 100_000,
        "PER_DAY": 100_000,
        "SITE_PER_HOUR": 100_000,
    }
    if not Subscriber.objects.exists():  # once: the fixture runs for each example
        article = make_article(
            home=homes["en"], title="Ferries return to Incheon", published_at=PUBLISHED
        )
        assert article.url == ARTICLE
        Subscriber.objects.create(
            email="reader@example.org", status=Subscriber.Status.ACTIVE
        )
        Subscriber.objects.create(email="new@example.org")
    reader = Subscriber.objects.get(email="reader@example.org")
    pending = Subscriber.objects.get(email="new@example.org")
    return {
        "real-confirm-token": token_for(pending, "confirm"),
        "real-manage-token": token_for(reader, "manage"),
        "real-unsubscribe-token": token_for(reader, "unsubscribe"),
    }


@schema.parametrize()
@settings(
    # The same examples each run, so that CI does not pass or fail by chance.
    derandomize=True,
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_public_request_ends_in_a_server_error(case, real_links):
    if case.path_parameters and "token" in case.path_parameters:
        token = case.path_parameters["token"]
        case.path_parameters["token"] = real_links.get(token, token)
    case.call_and_validate(app=WithoutCSRF(), checks=[not_a_server_error])
