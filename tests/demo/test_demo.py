from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from dateline.articles.models import ArticleCountry, ArticlePage, ArticleRelated, Author


def run_demo(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    out = StringIO()
    call_command("demo", no_progress=True, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_loads_a_varied_archive_and_an_admin(home, settings, tmp_path):
    out = run_demo(settings, tmp_path)

    articles = ArticlePage.objects.published()
    assert articles.count() >= 40
    assert ArticleCountry.objects.values("code").distinct().count() >= 10
    assert Author.objects.count() >= 5
    years = {a.published_at.year for a in articles}
    assert len(years) >= 4
    assert ArticleRelated.objects.filter(page__isnull=False).count() >= 40
    assert all(a.section_id for a in articles)
    user = get_user_model().objects.get(username="admin")
    password = (tmp_path / "demo-admin-password.txt").read_text().strip()
    assert user.check_password(password)
    assert password in out


def test_running_the_demo_again_duplicates_nothing(home, settings, tmp_path):
    run_demo(settings, tmp_path)
    counts = (ArticlePage.objects.count(), Author.objects.count())
    out = run_demo(settings, tmp_path)
    assert (ArticlePage.objects.count(), Author.objects.count()) == counts
    assert "0 created, 0 updated" in out
    assert get_user_model().objects.count() == 1


def test_demo_pages_render(client, home, settings, tmp_path):
    run_demo(settings, tmp_path)
    article = ArticlePage.objects.published().first()
    for url in ["/", article.url, article.section.url, "/countries/mn/"]:
        assert client.get(url).status_code == 200, url
