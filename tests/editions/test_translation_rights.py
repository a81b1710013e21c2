"""Translating holds the newsroom's rights and the story's embargo: a translator
submits only what they may read, into their own edition, and no translation is out
before its original (docs/newsroom.md)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail_localize.models import TranslationSource

from dateline.articles.models import ArticlePage
from tests.articles.factories import make_article

pytestmark = pytest.mark.clock

SECRET = "Zanzibarite"  # a word only the unpublished text has


def _submit(client, article, *languages, homes):
    url = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    return client.post(url, {"locales": [homes[code].locale_id for code in languages]})


def refused(response) -> bool:
    """The admin's answer to a forbidden action: back to the dashboard, with a
    message (or a 403 outside Wagtail's own views)."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def _version(article, home):
    return ArticlePage.objects.filter(
        translation_key=article.translation_key, locale=home.locale
    ).first()


@pytest.fixture
def states(homes):
    """An English article in each state a translator must not publish from."""
    now = timezone.now()
    draft = make_article(
        home=homes["en"], title=f"{SECRET} draft", publish=False, published_at=None
    )
    scheduled = make_article(home=homes["en"], title=f"{SECRET} plan", publish=False)
    scheduled.go_live_at = now + timedelta(hours=3)
    scheduled.save_revision().publish()
    embargoed = make_article(
        home=homes["en"],
        title=f"{SECRET} embargo",
        published_at=now + timedelta(hours=2),
    )
    return {"draft": draft, "scheduled": scheduled, "embargoed": embargoed}


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_a_translator_cannot_translate_what_they_may_not_read(
    member, states, homes, state
):
    translator = member("translator", "it")
    article = states[state]
    url = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    assert refused(translator.get(url))
    assert refused(_submit(translator, article, "it", homes=homes))
    assert _version(article, homes["it"]) is None


def test_a_translator_submits_only_into_their_own_edition(member, states, homes):
    translator = member("translator", "it")
    article = states["embargoed"]
    response = _submit(translator, article, "es", homes=homes)
    assert response.status_code == 200  # the form again, with its error
    assert _version(article, homes["es"]) is None
    form = translator.get(
        reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    )
    choices = form.context["form"].fields["locales"].queryset
    assert [locale.language_code for locale in choices] == ["it"]


def test_a_translation_keeps_the_originals_embargo_whoever_publishes_it(
    member, states, homes, client, settle
):
    translator = member("translator", "it")
    article = states["embargoed"]
    assert _submit(translator, article, "it", homes=homes).status_code == 302
    italian = _version(article, homes["it"])
    assert not italian.live
    edit = reverse("wagtailadmin_pages:edit", args=[italian.pk])
    # wagtail-localize's translation editor, which a synced translation opens in.
    with settle():  # it publishes once its request's transaction commits
        translator.post(edit, {"action": "publish"})
    italian.refresh_from_db()
    assert italian.live
    assert italian.published_at == article.published_at  # under the same embargo
    assert client.get(italian.url).status_code == 404
    for channel in ("/it/", "/it/feeds/rss/", "/sitemap-news.xml"):
        assert SECRET not in client.get(channel).content.decode(), channel


def test_no_translation_is_published_before_its_original(admin_client, states, homes):
    article = states["draft"]
    # An editor may translate a draft ahead, for the desk to prepare...
    assert _submit(admin_client, article, "it", homes=homes).status_code == 302
    italian = _version(article, homes["it"])
    assert not italian.permissions_for_user(
        admin_client_user(admin_client)
    ).can_publish()
    # ...but no path publishes it while the original is unpublished.
    with pytest.raises(ValidationError):
        italian.save_revision().publish()
    assert not ArticlePage.objects.get(pk=italian.pk).live
    # Once the original is out, so may the translation be, never before its time.
    article.refresh_from_db()
    article.save_revision().publish()
    article.refresh_from_db()
    italian = ArticlePage.objects.get(pk=italian.pk)
    italian.save_revision().publish()
    italian.refresh_from_db()
    assert italian.live and italian.published_at >= article.published_at


def admin_client_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_a_story_moves_together_later_embargo_and_withdrawal(homes):
    now = timezone.now()
    english = make_article(home=homes["en"], title="Dam opens")
    italian = make_article(
        home=homes["it"], title="Diga aperta", translation_of=english
    )
    assert italian.published_at >= english.published_at
    # The desk puts the story back under embargo: every edition waits.
    english.published_at = now + timedelta(hours=5)
    english.save_revision().publish()
    italian.refresh_from_db()
    assert italian.published_at == english.published_at
    # The desk withdraws the story: every edition withdraws it.
    english.unpublish()
    italian.refresh_from_db()
    assert not italian.live


def test_sync_publishes_only_where_the_user_may_publish(member, states, homes):
    article = states["embargoed"]
    from django.contrib.auth.models import User
    from django.test import Client

    Client().force_login(User.objects.create_superuser("chief0", "c@x.example", "x"))
    chief = Client()
    chief.force_login(User.objects.get(username="chief0"))
    assert _submit(chief, article, "it", "es", homes=homes).status_code == 302
    translator = member("translator", "it")
    source = TranslationSource.objects.get(object_id=article.translation_key)
    sync = reverse("wagtail_localize:update_translations", args=[source.pk])
    response = translator.post(sync, {"publish_translations": "on"})
    assert response.status_code == 200
    errors = response.context["form"].errors["publish_translations"]
    assert errors == [
        "You may not publish the translations in: Spanish. Sync "
        "without publishing, and their editors will."
    ]
    assert "You may not publish the translations in" in response.content.decode()
    assert not _version(article, homes["es"]).live
