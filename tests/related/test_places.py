"""Countries and places found in datelines and text, in the four languages."""

import pytest

from dateline.articles.models import ArticlePage
from dateline.text.places import find, place_of
from tests.articles.factories import article_form, make_article
from tests.importers.test_import_text import run_import


@pytest.mark.parametrize(
    ("place", "text", "countries"),
    [
        ("Seoul", "Talks between North Korea and South Korea stalled.", ["KR", "KP"]),
        ("Seul", "Il treno tra la Corea del Nord e la Cina.", ["KR", "KP", "CN"]),
        ("Seúl", "Pescadores de Filipinas y de Vietnam.", ["KR", "PH", "VN"]),
        ("首尔", "中国和老挝之间的铁路，泰国也在修建。", ["KR", "CN", "LA", "TH"]),
        ("", "Floods in Pakistan; aid from Japan.", ["PK", "JP"]),
    ],
)
def test_countries_are_found_in_every_language(place, text, countries):
    assert find(text=text, place=place).countries == countries


def test_a_dateline_place_is_the_same_place_in_every_language():
    ids = {place_of(name) for name in ["Seoul", "Seul", "Seúl", "首尔"]}
    assert len(ids) == 1
    assert ids.pop()[1] == "KR"
    assert place_of("Atlantis") is None


def test_words_that_merely_contain_a_name_are_not_countries():
    # "Oman" inside "woman", "Iran" inside "Tirana" are not countries.
    assert find(text="A woman walked to Tirana's old bazaar.").countries == ["AL"]


def test_an_imported_article_without_countries_gets_them(home, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text(
        "05/02/2022, 13.20\n\nHeat scorches the wheat belt\n\nby A Writer\n"
        "Farmers in India and Pakistan lose their crops.\n\n"
        "New Delhi (Dateline) - The heat arrived early.\n",
        encoding="utf-8",
    )
    run_import(source)
    article = ArticlePage.objects.get(title="Heat scorches the wheat belt")
    assert [c.code for c in article.countries.all()] == ["IN", "PK"]
    assert article.dateline_country == "IN"


def test_an_editor_is_told_which_countries_the_text_names(admin_client, home):

    article = make_article(
        home=home,
        title="Fishing boats return",
        paragraphs=["Boats returned to Busan, in South Korea, from Japanese waters."],
        place="Busan",
    )
    edit = f"/admin/pages/{article.pk}/edit/"
    form = admin_client.get(edit)
    assert form.status_code == 200

    data = article_form(article, dateline_place="Busan")
    response = admin_client.post(edit, data, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert any("South Korea" in m and "Countries" in m for m in shown), shown
