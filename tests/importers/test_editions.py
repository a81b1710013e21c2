"""The importer's edition options: each edition's layout, and linked translations."""

import json

import pytest
from bs4 import BeautifulSoup

from dateline.articles.models import ArticlePage, Author, AuthorName
from dateline.importers.models import ImportedItem
from dateline.importers.textformat import ImportFormatError, parse_article_text
from tests.conftest import local

from .test_import_text import run_import


@pytest.fixture
def english(home, fixtures_dir):
    run_import(fixtures_dir / "articles" / "harbour.txt")
    return ArticlePage.objects.get(locale=home.locale)


def write_metadata(tmp_path, data):
    path = tmp_path / "metadata.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_chinese_round_trips_through_the_importer_and_renders(
    client, homes, english, fixtures_dir, tmp_path
):
    hana = Author.objects.get(name="Hana Lee")
    hana.localized_names = [AuthorName(language="zh-hans", name="李花")]
    hana.save()
    metadata = write_metadata(
        tmp_path, {"harbour.txt": {"translation_of": "en:harbour.txt"}}
    )

    out, err = run_import(
        fixtures_dir / "editions" / "zh-hans" / "harbour.txt",
        edition="zh-hans",
        metadata=metadata,
    )

    assert "1 created" in out, err
    chinese = ArticlePage.objects.get(locale=homes["zh-hans"].locale)
    assert chinese.title == "风暴过后，渔船返回釜山港"
    assert chinese.published_at == local(2015, 3, 9, 16, 0)
    assert chinese.translation_key == english.translation_key
    assert [b.author.name for b in chinese.bylines.all()] == [
        "Hana Lee",  # found by the name the Chinese edition writes
        "托马斯·奥尔特加",
    ]
    assert (chinese.dateline_place, chinese.dateline_agency) == ("釜山", "Wirepress")
    text = " ".join(block.value.source for block in chinese.body)
    for furniture in ("发送给朋友", "打印版", "订阅", "页脚"):
        assert furniture not in text
    assert [(r.headline, r.published_at) for r in chinese.related_links.all()] == [
        ("济州与釜山之间的渡轮恢复运营", local(2015, 8, 17, 9, 5))
    ]
    assert ImportedItem.objects.get(edition="zh-hans").source_key == "harbour.txt"

    page = BeautifulSoup(client.get(chinese.url).content, "html.parser")
    assert page.h1.get_text() == "风暴过后，渔船返回釜山港"
    assert page.find(class_="dateline").get_text() == "釜山（Wirepress）–"
    assert page.find("time").get_text() == "2015年3月9日 16:00"
    assert "第一批渔船在黎明前驶回港口" in page.find(class_="article__body").get_text()
    alternates = {link["hreflang"] for link in page.find_all("link", hreflang=True)}
    assert alternates == {"en", "zh-Hans", "x-default"}


def test_the_same_file_name_in_two_editions_is_two_articles(
    homes, english, fixtures_dir
):
    run_import(fixtures_dir / "editions" / "it" / "harbour.txt", edition="it")
    italian = ArticlePage.objects.get(locale=homes["it"].locale)
    assert italian.title == "I pescherecci tornano nel porto di Busan dopo la tempesta"
    assert italian.published_at == local(2015, 3, 9, 15, 10)  # day first
    assert italian.translation_key != english.translation_key  # not linked: no metadata
    assert [b.author.name for b in italian.bylines.all()] == [
        "Hana Lee",
        "Tomas Ortega",
    ]
    assert "Invia a un amico" not in " ".join(b.value.source for b in italian.body)
    assert [r.headline for r in italian.related_links.all()] == [
        "Riprendono i traghetti tra Busan e Jeju"
    ]
    assert ImportedItem.objects.filter(source_key="harbour.txt").count() == 2


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("harbour.txt", "must be “edition:file”"),
        ("en:missing.txt", "has not been imported"),
        ("it:harbour.txt", "cannot be a translation of one in its own edition"),
    ],
)
def test_a_bad_translation_reference_is_reported_and_nothing_is_lost(
    homes, english, fixtures_dir, tmp_path, reference, message
):
    metadata = write_metadata(tmp_path, {"harbour.txt": {"translation_of": reference}})
    with pytest.raises(Exception, match="could not be imported"):
        _out, err = run_import(
            fixtures_dir / "editions" / "it" / "harbour.txt",
            edition="it",
            metadata=metadata,
        )
    assert not ArticlePage.objects.filter(locale=homes["it"].locale).exists()


def test_the_error_names_the_reason(homes, english, fixtures_dir, tmp_path, capsys):
    from io import StringIO

    from django.core.management import CommandError, call_command

    metadata = write_metadata(
        tmp_path, {"harbour.txt": {"translation_of": "en:missing.txt"}}
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_text",
            str(fixtures_dir / "editions" / "it" / "harbour.txt"),
            edition="it",
            metadata=metadata,
            no_progress=True,
            stdout=StringIO(),
            stderr=err,
        )
    assert "“en:missing.txt” has not been imported" in capsys.readouterr().err + (
        err.getvalue()
    )


def test_an_edition_keeps_one_translation_of_a_story(
    homes, english, fixtures_dir, tmp_path
):
    make_metadata = {"harbour.txt": {"translation_of": "en:harbour.txt"}}
    run_import(
        fixtures_dir / "editions" / "it" / "harbour.txt",
        edition="it",
        metadata=write_metadata(tmp_path, make_metadata),
    )
    second = tmp_path / "second"
    second.mkdir()
    (second / "other.txt").write_bytes(
        (fixtures_dir / "editions" / "it" / "harbour.txt").read_bytes()
    )
    metadata = write_metadata(
        second, {"other.txt": {"translation_of": "en:harbour.txt"}}
    )
    with pytest.raises(Exception, match="could not be imported"):
        run_import(second / "other.txt", edition="it", metadata=metadata)
    assert ArticlePage.objects.filter(locale=homes["it"].locale).count() == 1


def test_an_unknown_edition_is_refused_with_the_list(home, fixtures_dir):
    with pytest.raises(Exception, match="Editions: en, it, zh-hans, es"):
        run_import(fixtures_dir / "articles" / "harbour.txt", edition="fr")


@pytest.mark.parametrize(
    ("language", "date_line", "expected"),
    [
        ("en", "10/03/2015, 08.00", local(2015, 10, 3, 8, 0)),
        ("it", "10/03/2015, 08.00", local(2015, 3, 10, 8, 0)),
        ("es", "10/03/2015, 08:00", local(2015, 3, 10, 8, 0)),
        ("zh-hans", "2015年3月10日 08:00", local(2015, 3, 10, 8, 0)),
        ("en", "2015-03-10 08:00", local(2015, 3, 10, 8, 0)),
    ],
)
def test_each_edition_reads_dates_as_its_pages_print_them(
    db, language, date_line, expected
):
    parsed = parse_article_text(f"{date_line}\nHeadline\n\nLede.\n\nBody.\n", language)
    assert parsed.published_at == expected


def test_a_month_first_date_in_a_day_first_edition_is_an_error(db):
    with pytest.raises(ImportFormatError, match="DD/MM/YYYY"):
        parse_article_text("10/23/2015, 08.00\nHeadline\n\nLede.\n\nBody.\n", "it")
