import json
import re
from collections import Counter
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from dateline.articles.models import (
    ArticleCorrection,
    ArticleCountry,
    ArticlePage,
    Author,
)
from dateline.related.models import ArticleRelated
from dateline.text.indexing import HAN_RUN as HAN


def run_demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    out = StringIO()
    call_command("demo", no_progress=True, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_loads_four_editions_renders_them_and_runs_again(
    client, home, settings, tmp_path
):
    # One test, because loading the demo is the slow part (twice: idempotence).
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8765"  # make demo's BASE_URL
    out = run_demo(settings, tmp_path)

    articles = ArticlePage.objects.published()
    assert articles.count() >= 40
    assert ArticleCountry.objects.values("code").distinct().count() >= 10
    assert Author.objects.count() >= 5
    years = {a.published_at.year for a in articles}
    assert len(years) >= 4
    assert ArticleRelated.objects.filter(page__isnull=False).count() >= 40
    assert all(a.section_id for a in articles)
    # Links made without a request (in e-mails) use the address the demo runs at.
    assert articles.first().get_full_url().startswith("http://127.0.0.1:8765/")
    user = get_user_model().objects.get(username="admin")
    password = (tmp_path / "demo-admin-password.txt").read_text().strip()
    assert user.check_password(password)
    assert password in out

    # One newsroom member per role, printed with their password.
    passwords = json.loads((tmp_path / "demo-newsroom-passwords.json").read_text())
    for username, group in [
        ("contributor", "English contributors"),
        ("translator", "Italian translators"),
        ("editor", "English editors"),
        ("chief", "Chief editors"),
    ]:
        member = get_user_model().objects.get(username=username)
        assert member.check_password(passwords[username])
        assert [g.name for g in member.groups.all()] == [group]
        assert f"user {username}  password: {passwords[username]}" in out
    # A contributor's draft waits for the English editors.
    draft = ArticlePage.objects.get(slug="port-cranes-arrive")
    assert not draft.live
    assert draft.current_workflow_task.name == "English editors approval"
    # Corrections: the ferry story's in English, Italian and Spanish; the Chinese
    # version of the clarified story is left for its translator.
    assert ArticleCorrection.objects.count() == 4
    flagged = ArticlePage.objects.with_corrections_to_translate()
    assert [a.locale.language_code for a in flagged] == ["zh-hans"]
    corrections = client.get("/en/corrections/").content.decode()
    assert "They serve six." in corrections

    # Four editions, each with articles of its own and translations linked.
    articles = articles.select_related("locale")
    per_edition = Counter(a.locale.language_code for a in articles)
    assert all(per_edition[code] >= 15 for code in ["en", "it", "zh-hans", "es"])
    editions_per_story = Counter(a.translation_key for a in articles)
    assert sum(1 for n in editions_per_story.values() if n >= 2) >= 12
    assert sum(1 for n in editions_per_story.values() if n == 4) >= 4
    # Each edition also has stories of its own, not translated from English.
    english_keys = {
        a.translation_key for a in articles if a.locale.language_code == "en"
    }
    for code in ["it", "zh-hans", "es"]:
        own = [
            a
            for a in articles
            if a.locale.language_code == code and a.translation_key not in english_keys
        ]
        assert len(own) >= 3, code
    # Sections are shared: every article's section is in the article's edition.
    assert all(a.section.locale_id == a.locale_id for a in articles)

    # Running it again duplicates nothing.
    counts = (ArticlePage.objects.count(), Author.objects.count())
    out = run_demo(settings, tmp_path)
    assert (ArticlePage.objects.count(), Author.objects.count()) == counts
    assert out.count("0 created, 0 updated") == 4  # one line per edition
    assert get_user_model().objects.count() == 5  # the admin and one per role

    # Every edition's pages render.
    for code in ["en", "it", "zh-hans", "es"]:
        article = ArticlePage.objects.published().filter(locale__language_code=code)[0]
        author = article.bylines.first().author
        for url in [
            f"/{code}/",
            article.url,
            article.section.url,
            f"/{code}/countries/mn/",
            f"/{code}/authors/{author.slug}/",
        ]:
            assert client.get(url).status_code == 200, url
        # And its search finds an article by a word of its headline (two characters
        # of it in Chinese).
        if code == "zh-hans":
            word = next(run[:2] for run in HAN.findall(article.title) if len(run) > 1)
        else:
            word = max(re.findall(r"[^\W\d_]+", article.title), key=len)
        response = client.get(f"/{code}/search/", {"q": word})
        assert article.url in response.content.decode(), (code, word)
