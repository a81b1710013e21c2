"""Corrections and clarifications: added by an editor, shown to readers and
partners everywhere the article goes, flagged to translators, never dropped."""

import json
from datetime import datetime, timedelta

import extruct
import feedparser
import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from dateline.articles.models import ArticleCorrection, ArticlePage
from dateline.articles.services import archive_month_get_or_create
from dateline.syndication.models import ApiKey
from tests.articles.factories import article_form, make_article
from tests.syndication.ninjs_validator import errors

pytestmark = pytest.mark.clock


def editors_now() -> str:
    """The current minute as an editor types it in the admin (wall-clock time in
    TIME_ZONE). On the night the clocks go back an hour comes twice, and the form
    rightly refuses it as ambiguous: then the hour after."""
    moment = timezone.localtime()
    while moment.replace(fold=0).utcoffset() != moment.replace(fold=1).utcoffset():
        moment += timedelta(hours=1)
    return moment.strftime("%Y-%m-%d %H:%M")


WRONG = "An earlier version gave the wrong port: the ships docked in Incheon."


def correct(article, text=WRONG, *, kind="correction", when=None):
    """Add a correction as an editor does: a new revision, published."""
    article.corrections.add(
        ArticleCorrection(kind=kind, text=text, made_at=when or timezone.now())
    )
    article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


@pytest.fixture
def story(homes):
    return make_article(home=homes["en"], title="Ships return to port")


def test_an_editor_adds_a_correction_and_readers_see_it_under_the_body(
    admin_client, story, client
):
    edit = reverse("wagtailadmin_pages:edit", args=[story.pk])
    response = admin_client.post(
        edit,
        {
            **article_form(
                story,
                corrections=[
                    {"kind": "correction", "made_at": editors_now(), "text": WRONG}
                ],
            ),
            "action-publish": "1",
        },
    )
    assert response.status_code == 302
    [correction] = story.corrections.all()
    assert correction.text == WRONG and correction.made_at is not None

    page = BeautifulSoup(client.get(story.url).content, "html.parser")
    aside = page.select_one("article .corrections")
    assert aside is not None
    # Under the body, not above it.
    assert aside.find_previous_sibling(class_="article__body") is not None
    assert "Correction" in aside.get_text() and WRONG in aside.get_text()
    made_at = datetime.fromisoformat(aside.find("time")["datetime"])
    assert made_at == correction.made_at.replace(microsecond=0)

    printed = client.get(story.url + "print/").content.decode()
    assert WRONG in printed


def test_a_correction_reaches_feeds_structured_data_and_partners(
    client, story, settings
):
    correct(story)
    correct(story, "The port reopens on Monday, not Sunday.", kind="clarification")

    # Feeds: in the entry's content, with the lede or the text; the summary is
    # the lede alone, in plain text.
    rss = feedparser.parse(client.get("/en/feeds/rss/").content)
    assert rss.bozo == 0
    assert WRONG in rss.entries[0].content[0].value
    assert rss.entries[0].summary == story.lede
    settings.DATELINE_FEEDS = settings.DATELINE_FEEDS | {"CONTENT": "full"}
    atom = feedparser.parse(client.get("/en/feeds/atom/").content)
    assert atom.bozo == 0
    assert WRONG in atom.entries[0].content[0].value
    items = json.loads(client.get("/en/feeds/json/").content)["items"]
    assert "Monday, not Sunday" in items[0]["content_html"]

    # JSON-LD: schema.org's correction, as CorrectionComments, oldest first.
    html = client.get(story.url).content.decode()
    [news] = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert [c["@type"] for c in news["correction"]] == ["CorrectionComment"] * 2
    assert news["correction"][0]["text"] == WRONG

    # ninjs: descriptions by role, and an editorial note for partners' desks.
    api_key = ApiKey(partner="Partner Press")
    secret = api_key.issue()
    api_key.save()
    item = json.loads(
        client.get(
            f"/en/api/ninjs/items/{story.pk}/", HTTP_AUTHORIZATION=f"Bearer {secret}"
        ).content
    )
    assert errors(item) == []
    roles = {d["role"]: d["value"] for d in item["descriptions"]}
    assert roles["correction"] == WRONG
    assert roles["clarification"] == "The port reopens on Monday, not Sunday."
    assert WRONG in item["ednote"] and item["ednote"].startswith("Correction, ")


def test_each_edition_lists_its_corrections_newest_first(client, homes):
    now = timezone.now()
    older = correct(
        make_article(home=homes["en"], title="Older story"),
        "Older fix.",
        when=now - timedelta(days=2),
    )
    newer = correct(
        make_article(home=homes["en"], title="Newer story"),
        "Newer fix.",
        when=now - timedelta(hours=1),
    )
    correct(make_article(home=homes["it"], title="Storia italiana"), "Rettifica.")
    draft = make_article(home=homes["en"], title="Never published", publish=False)
    draft.corrections.add(ArticleCorrection(text="Unseen fix."))
    draft.save()

    response = client.get("/en/corrections/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    items = page.select(".corrections-list__item")
    assert [i.find("a").get_text() for i in items] == [newer.title, older.title]
    assert items[0].find("a")["href"] == newer.url
    assert "Unseen fix." not in response.content.decode()
    assert "Rettifica." in client.get("/it/corrections/").content.decode()
    # Every page links to it.
    assert page.select_one('footer a[href="/en/corrections/"]') is not None
    assert client.get("/en/corrections/?page=9").status_code == 404


def test_a_published_correction_cannot_be_dropped(admin_client, story):
    story = correct(story)
    before = story.latest_revision
    [saved] = story.corrections.all()
    edit = reverse("wagtailadmin_pages:edit", args=[story.pk])
    row = {
        "id": saved.pk,
        "kind": "correction",
        "made_at": editors_now(),
        "text": WRONG,
    }

    # Deleted in the form: refused with the reason.
    response = admin_client.post(
        edit,
        {
            **article_form(story, corrections=[row | {"DELETE": "1"}]),
            "action-publish": "1",
        },
    )
    assert response.status_code == 200
    assert "A published correction cannot be removed" in response.content.decode()
    # Left out, as a revert to a revision from before it would: refused too.
    response = admin_client.post(
        edit, {**article_form(story, corrections=[]), "action-publish": "1"}
    )
    assert response.status_code == 200
    assert "A published correction cannot be removed" in response.content.decode()
    assert story.corrections.count() == 1
    assert story.latest_revision == before

    # Its wording may still be fixed; the revisions keep every version.
    fixed = WRONG.replace("docked", "berthed")
    admin_client.post(
        edit,
        {
            **article_form(story, corrections=[row | {"text": fixed}]),
            "action-publish": "1",
        },
    )
    assert [c.text for c in story.corrections.all()] == [fixed]
    kept = [r.content.get("corrections") for r in story.revisions.order_by("pk")]
    assert any(c and c[0]["text"] == WRONG for c in kept)


def test_translations_are_flagged_until_they_carry_the_correction(admin_client, homes):
    english = make_article(home=homes["en"], title="Rice harvest up")
    archive_month_get_or_create(home=homes["it"], when=english.published_at)
    italian = english.copy_for_translation(homes["it"].locale)
    italian.title = "Raccolto di riso in crescita"
    italian.save_revision().publish()
    italian = ArticlePage.objects.get(pk=italian.pk)

    report = reverse("dateline_translations_report")

    def flagged():
        page = BeautifulSoup(
            admin_client.get(report, {"correction_to_translate": "true"}).content,
            "html.parser",
        )
        return [
            row.find(class_="title").find("a").get_text(strip=True)
            for row in page.select("tbody tr")
        ]

    assert flagged() == []
    english = correct(english)
    # A new translation does not take the English correction's words with it...
    assert not italian.corrections.exists()
    # ...but the Italian version is flagged for its translators.
    assert flagged() == ["Raccolto di riso in crescita"]
    page = admin_client.get(report).content.decode()
    assert "data-correction-to-translate" in page

    # Carried over: flagged no more; and an original is never flagged by the
    # corrections of its translations.
    italian = correct(italian, "Una versione precedente indicava il porto sbagliato.")
    assert flagged() == []
