"""The ninjs syndication API: every item valid against IPTC's schema, filters,
cursors, and keys (none, bad, revoked, too many requests)."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from dateline.syndication.models import ApiKey
from tests.articles.factories import AuthorFactory, SectionPageFactory, make_article

from .ninjs_validator import SUITE, errors

pytestmark = [pytest.mark.django_db, pytest.mark.clock]


@pytest.mark.parametrize(
    "path",
    sorted(SUITE.glob("should_*/*.json")),
    ids=lambda p: p.parent.name + "/" + p.name,
)
def test_the_validator_passes_and_fails_the_official_suite(path):
    found = errors(json.loads(path.read_text()))
    assert bool(found) == (path.parent.name == "should_fail"), found


@pytest.fixture
def key(db):
    api_key = ApiKey(partner="Partner Press")
    secret = api_key.issue()
    api_key.save()
    return secret


@pytest.fixture
def news(homes):
    korea = SectionPageFactory(parent=homes["en"], title="Korea", slug="korea")
    author = AuthorFactory(name="Min-jun Park")
    now = timezone.now()
    talks = make_article(
        home=homes["en"],
        title="Rail talks resume",
        section=korea,
        countries=["KR"],
        authors=[author],
        place="Seoul",
        published_at=now - timedelta(hours=1),
    )
    return {
        "talks": talks,
        "colloqui": make_article(
            home=homes["it"], title="Riprendono i colloqui", translation_of=talks
        ),
        "ferry": make_article(
            home=homes["en"],
            title="Ferries return",
            countries=["JP"],
            published_at=now - timedelta(hours=3),
        ),
        "old": make_article(
            home=homes["en"],
            title="Last year's news",
            published_at=now - timedelta(days=400),
        ),
        "later": make_article(
            home=homes["en"], title="Embargoed", published_at=now + timedelta(hours=2)
        ),
    }


def get(client, url, key, **params):
    response = client.get(url, params, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response["Content-Type"] == "application/json"
    return response, json.loads(response.content)


def test_items_are_valid_ninjs_newest_first(client, key, news):
    response, data = get(client, "/en/api/ninjs/", key)
    assert response.status_code == 200
    assert [i["headlines"][0]["value"] for i in data["items"]] == [
        "Rail talks resume",
        "Ferries return",
        "Last year's news",
    ]
    for item in data["items"]:
        assert errors(item) == []
    talks = data["items"][0]
    assert talks["uri"] == f"http://testserver/en/api/ninjs/items/{news['talks'].pk}/"
    assert talks["language"] == "en" and talks["pubstatus"] == "usable"
    assert talks["located"] == "Seoul" and talks["by"] == "Min-jun Park"
    assert talks["places"] == [{"name": "South Korea", "rel": "about", "literal": "KR"}]
    assert talks["subjects"][0]["name"] == "Korea"
    assert "<p>" in talks["bodies"][0]["value"]
    [translation] = talks["associations"]
    assert translation["language"] == "it"
    assert translation["uri"].endswith(f"/it/api/ninjs/items/{news['colloqui'].pk}/")
    # The item is where its URI says.
    _response, again = get(client, talks["uri"].removeprefix("http://testserver"), key)
    assert again == talks
    assert ApiKey.objects.get().requests == 2


def test_filters_and_cursor(client, key, news):
    _r, data = get(client, "/en/api/ninjs/", key, country="JP")
    assert [i["headlines"][0]["value"] for i in data["items"]] == ["Ferries return"]
    _r, data = get(client, "/en/api/ninjs/", key, section="korea")
    assert [i["headlines"][0]["value"] for i in data["items"]] == ["Rail talks resume"]
    since = (timezone.now() - timedelta(days=1)).isoformat()
    _r, data = get(client, "/en/api/ninjs/", key, since=since)
    assert len(data["items"]) == 2
    seen, url = [], "/en/api/ninjs/?limit=1"
    while url:
        _r, data = get(client, url, key)
        seen += [i["headlines"][0]["value"] for i in data["items"]]
        url = data["next"] and data["next"].removeprefix("http://testserver")
    assert seen == ["Rail talks resume", "Ferries return", "Last year's news"]


def test_polling_with_updated_since_goes_oldest_change_first(client, key, news):
    from dateline.articles.models import ArticlePage

    now = timezone.now()
    ArticlePage.objects.update(last_published_at=now - timedelta(days=2))
    ArticlePage.objects.filter(pk=news["old"].pk).update(
        last_published_at=now - timedelta(hours=2)
    )
    news["ferry"].save_revision().publish()  # changed now
    since = (now - timedelta(days=1)).isoformat()
    _r, data = get(client, "/en/api/ninjs/", key, updated_since=since)
    titles = [i["headlines"][0]["value"] for i in data["items"]]
    assert titles == ["Last year's news", "Ferries return"]


def test_a_withdrawn_article_is_marked_canceled_without_its_text(client, key, news):
    news["ferry"].unpublish()
    response, item = get(client, f"/en/api/ninjs/items/{news['ferry'].pk}/", key)
    assert response.status_code == 200
    assert item["pubstatus"] == "canceled" and "bodies" not in item
    assert errors(item) == []
    _r, data = get(client, "/en/api/ninjs/", key)
    assert "Ferries return" not in [i["headlines"][0]["value"] for i in data["items"]]


def test_a_withdrawn_item_shows_what_was_published_never_a_later_draft(
    client, key, news, member
):
    from django.urls import reverse

    from tests.articles.factories import article_form

    ferry = news["ferry"]
    ferry.unpublish()
    ferry.refresh_from_db()
    editor = member("editor")
    draft = article_form(
        ferry,
        title="Zanzibarite ferry plan",
        dateline_place="Mokpo",
        published_at=timezone.localtime(ferry.published_at).strftime("%Y-%m-%d %H:%M"),
    )
    response = editor.post(
        reverse("wagtailadmin_pages:edit", args=[ferry.pk]),
        {**draft, "action-save": "1"},
    )
    assert response.status_code == 302
    response, item = get(client, f"/en/api/ninjs/items/{ferry.pk}/", key)
    assert item["pubstatus"] == "canceled"
    assert item["headlines"] == [{"value": "Ferries return"}]
    text = json.dumps(item)
    assert "Zanzibarite" not in text and "Mokpo" not in text
    assert errors(item) == []


@pytest.mark.parametrize(
    "params",
    [
        {"since": "yesterday"},
        {"country": "XX"},
        {"section": "nowhere"},
        {"limit": "0"},
        {"limit": "abc"},
        {"cursor": "not-a-cursor"},
        {"language": "it"},
        {"section": "korea\x00"},
        {"cursor": "MjAyNi0xMS0yOFQwMDowMDowMCswMDowMHw5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"},
    ],
)
def test_bad_parameters_are_explained(client, key, news, params):
    response, data = get(client, "/en/api/ninjs/", key, **params)
    assert response.status_code == 400
    assert data["status"] == 400 and data["error"]


def test_keys_are_required_valid_and_not_revoked(client, key, news):
    response = client.get("/en/api/ninjs/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "API key" in json.loads(response.content)["error"]
    response, data = get(client, "/en/api/ninjs/", key[:-2] + "xx")
    assert response.status_code == 401 and data["error"] == "This API key is not valid."
    ApiKey.objects.update(active=False)
    response, data = get(client, "/en/api/ninjs/", key)
    assert response.status_code == 403 and "revoked" in data["error"]
    assert get(client, "/en/api/ninjs/items/999999/", key)[0].status_code == 403


def test_each_key_has_its_rate(client, key, news):
    ApiKey.objects.update(per_minute=2)
    codes = [get(client, "/en/api/ninjs/", key)[0].status_code for _n in range(3)]
    assert codes == [200, 200, 429]
    response, _data = get(client, "/en/api/ninjs/", key)
    assert response["Retry-After"] == "60"


def test_an_unknown_item_is_a_json_404(client, key, news):
    response, data = get(client, "/en/api/ninjs/items/999999/", key)
    assert response.status_code == 404 and data["status"] == 404
    huge = "837210656172599471505408"  # more than a database integer holds
    assert get(client, f"/en/api/ninjs/items/{huge}/", key)[0].status_code == 404
    # An article of another edition is not an item of this one.
    response, _data = get(client, f"/it/api/ninjs/items/{news['talks'].pk}/", key)
    assert response.status_code == 404
    # Not a number, or an address the API does not have: JSON too, never the
    # readers' HTML page.
    for path in ("items/null,null/", "items/٣/", "items/", "nowhere/"):
        response, data = get(client, f"/en/api/ninjs/{path}", key)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json" and data["status"] == 404


def test_only_reading_is_allowed_and_answered_in_json(key, news):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)  # a partner sends no CSRF cookie
    for method in ("post", "put", "delete"):
        response = getattr(strict, method)(
            "/en/api/ninjs/", HTTP_AUTHORIZATION=f"Bearer {key}"
        )
        assert response.status_code == 405, method
        assert response["Allow"] == "GET, HEAD"
        assert json.loads(response.content)["status"] == 405


def test_the_admin_shows_a_new_key_once_and_keeps_only_its_hash(
    client, django_user_model
):
    user = django_user_model.objects.create_superuser("editor", "", "secret-pass-123")
    client.force_login(user)
    response = client.post(
        "/admin/api_keys/new/",
        {"partner": "Wire Partner", "per_minute": "60", "active": "on"},
        follow=True,
    )
    page = response.content.decode()
    api_key = ApiKey.objects.get(partner="Wire Partner")
    shown = re.search(r"dl_[A-Za-z0-9_-]+", page).group(0)
    assert shown.startswith(f"dl_{api_key.lookup}_")
    assert shown not in str(ApiKey.objects.values().get())
    assert (
        client.get("/en/api/ninjs/", HTTP_AUTHORIZATION=f"Bearer {shown}").status_code
        == 200
    )
    assert "dl_" not in client.get("/admin/api_keys/").content.decode().replace(
        f"dl_{api_key.lookup}…", ""
    )


def test_any_offset_iso_8601_allows_is_read_as_its_moment(client, key, news):
    """PostgreSQL refuses offsets beyond ±15:59 (found by the fuzzer: a 500)."""
    for since, status in (
        ("0474-03-26T14:22:52-20:53", 200),
        ("2026-11-28T06:00:00+23:59", 200),
        ("0001-01-01T00:00:00+01:00", 400),  # before the calendar's first day in UTC
    ):
        response, data = get(client, "/en/api/ninjs/", key, updated_since=since)
        assert response.status_code == status, (since, data)
