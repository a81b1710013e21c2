"""The printable version and its PDF: every part of the article, links written out,
a PDF with the text in it, and a sensible page count when Chromium prints it."""

import io

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.images.models import Image

from dateline.articles.models import ArticlePage
from dateline.sharing import printing
from tests.articles.factories import make_article


@pytest.fixture
def printable(article, homes):
    """The article with an image and caption, a link, and a See also item."""
    earlier = make_article(home=homes["en"], title="Border village reopens")
    buffer = io.BytesIO()
    PILImage.new("RGB", (400, 240), (30, 90, 160)).save(buffer, "PNG")
    image = Image.objects.create(
        title="Village", file=ImageFile(buffer, name="village.png")
    )
    page = ArticlePage.objects.get(pk=article.pk)
    page.body = [
        *[(b.block_type, b.value) for b in page.body],
        ("image", {"image": image, "caption": "The border village", "credit": "Ana"}),
        ("paragraph", '<p>More at <a href="/en/about/">our page</a>.</p>'),
    ]
    page.related_links.create(page=earlier, sort_order=0)
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def test_the_print_page_holds_every_part_and_nothing_else(client, printable):
    page = client.get(printable.url + "print/")
    assert page.status_code == 200
    html = page.content.decode()
    for part in (
        "Dateline",  # the masthead's name
        "Rail link talks resume",
        "Min-jun Park",
        "Seoul (Dateline) –",
        "The lede of Rail link talks resume.",
        "Negotiators met at the border village.",
        "The border village",  # the caption
        "<img",
        "Border village reopens",  # See also
        "Printed on",
    ):
        assert part in html, part
    canonical = f"http://testserver{printable.url}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert 'href="http://testserver/en/about/"' in html  # links absolute, to write out
    assert "http://testserver/en/" in html.split("Border village reopens")[1]
    assert f'href="{canonical}pdf/"' in html  # the PDF, from the print page too
    for absent in ("<script", "<form", "<nav", "masthead__name"):
        assert absent not in html, absent


def test_the_pdf_holds_the_article_text(client, printable):
    response = client.get(printable.url + "pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    for part in (
        "Rail link talks resume",
        "Min-jun Park",
        "Seoul (Dateline) –",
        f"http://testserver{printable.url}",
    ):
        assert part in text, part
    assert 1 <= len(reader.pages) <= 3
    assert "Download as PDF" not in text  # the screen-only links are not printed


@pytest.mark.parametrize(
    ("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))]
)
def test_the_pdf_is_on_the_paper_of_the_setting(client, article, settings, paper, size):
    settings.DATELINE_PDF_PAPER = paper
    response = client.get(article.url + "pdf/")
    box = PdfReader(io.BytesIO(response.content)).pages[0].mediabox
    assert (round(box.width), round(box.height)) == size


def test_the_pdf_is_made_again_only_when_the_article_changes(
    client, printable, monkeypatch
):
    made = []
    real = printing.pdf_of
    monkeypatch.setattr(
        printing, "pdf_of", lambda *a, **k: made.append(1) or real(*a, **k)
    )
    client.get(printable.url + "pdf/")
    client.get(printable.url + "pdf/")
    assert len(made) == 1
    printable.title = "Rail link talks resume, with a correction"
    printable.save_revision().publish()
    client.get(printable.url + "pdf/")
    assert len(made) == 2


def test_the_pdf_never_fetches_outside_urls():
    with pytest.raises(ValueError, match="not a file of this site"):
        printing.LocalFiles()("http://169.254.169.254/latest/meta-data/")
    with pytest.raises(ValueError, match="not a file of this site"):
        printing.LocalFiles()("http://testserver/media/../../etc/passwd")


@pytest.mark.parametrize("tail", ["print/", "pdf/", "share/"])
def test_a_missing_article_is_a_404(client, home, tail):
    assert client.get(f"/en/2020/01/no-such-article/{tail}").status_code == 404


def test_both_links_appear_above_and_below_every_article(client, homes):
    for language, home in homes.items():
        article = make_article(home=home, title=f"Headline {language}")
        html = client.get(article.url).content.decode()
        assert html.count('href="' + article.url + 'share/"') == 2
        assert html.count('href="' + article.url + 'print/"') == 2
        assert html.count('href="' + article.url + 'pdf/"') == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_chromium_prints_the_print_page_on_a_sensible_number_of_pages(
    live_server, chromium
):
    from dateline.articles.models import HomePage

    home = HomePage.objects.get(locale__language_code="en")
    article = make_article(
        home=home,
        title="A long piece from the border",
        paragraphs=[f"Paragraph {n} of the report. " * 12 for n in range(12)],
    )
    page = chromium.new_page()
    page.goto(live_server.url + article.url + "print/")
    for paper in ("A4", "Letter"):
        pages = PdfReader(io.BytesIO(page.pdf(format=paper))).pages
        assert 1 < len(pages) <= 4, paper
        text = " ".join(pages[0].extract_text().split())
        assert "A long piece from the border" in text
