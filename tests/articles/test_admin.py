from django.utils import timezone

from dateline.articles.models import MonthArchivePage

from .factories import make_article


def test_write_an_article_opens_the_editor_in_this_months_folder(client, home, editor):
    client.force_login(editor)
    response = client.get("/admin/dateline/write/")

    now = timezone.localtime()
    month = MonthArchivePage.objects.get(url_path=f"/home/{now:%Y}/{now:%m}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/add/articles/articlepage/{month.pk}/"
    assert client.get(response["Location"]).status_code == 200
    client.get("/admin/dateline/write/")
    assert MonthArchivePage.objects.count() == 1  # folders are reused, not duplicated


def test_editors_can_open_an_article_in_the_admin(client, home, editor):
    article = make_article(home=home)
    client.force_login(editor)
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert b"Dateline" in response.content and b"See also" in response.content


def test_write_an_article_needs_a_login(client, home):
    response = client.get("/admin/dateline/write/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_write_an_article_in_another_edition(client, homes, editor):
    client.force_login(editor)
    menu = client.get("/admin/").content.decode()
    for code in ["en", "it", "zh-hans", "es"]:
        assert f"/admin/dateline/write/?edition={code}" in menu

    response = client.get("/admin/dateline/write/", {"edition": "zh-hans"})

    month = MonthArchivePage.objects.get(locale=homes["zh-hans"].locale)
    assert month.get_parent().get_parent().pk == homes["zh-hans"].pk
    assert response["Location"] == f"/admin/pages/add/articles/articlepage/{month.pk}/"
