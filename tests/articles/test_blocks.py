"""Pictures in articles: alt text is required unless the picture is decorative,
and every picture is served at several widths."""

import pytest
from bs4 import BeautifulSoup
from wagtail.blocks.struct_block import StructBlockValidationError

from dateline.articles.blocks import ImageBlock

from .factories import make_article, make_image


@pytest.fixture
def image(db):
    return make_image("Border village")


def value(block, **fields):
    return block.to_python({"caption": "", "credit": "", **fields})


@pytest.mark.parametrize("alt", ["", "   "])
def test_a_picture_without_alt_text_is_refused(image, alt):
    block = ImageBlock()
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value(block, image=image.pk, alt_text=alt, decorative=False))
    assert "alt_text" in refused.value.block_errors


def test_a_decorative_picture_needs_no_alt_text_and_gets_an_empty_one(
    client, home, image
):
    block = ImageBlock()
    block.clean(value(block, image=image.pk, alt_text="", decorative=True))
    article = make_article(home=home)
    article.body = [
        ("paragraph", "<p>First.</p>"),
        ("image", {"image": image, "alt_text": "ignored", "decorative": True}),
    ]
    article.save_revision().publish()
    img = BeautifulSoup(client.get(article.url).content, "html.parser").select_one(
        ".figure img"
    )
    assert img["alt"] == ""


def test_pictures_come_at_several_widths_and_load_lazily_below_the_top(
    client, home, image
):
    article = make_article(home=home)
    picture = {"image": image, "alt_text": "Houses by a river", "credit": "Ana Lee"}
    article.body = [
        ("paragraph", "<p>First.</p>"),
        ("image", {**picture, "caption": "Near the top"}),
        ("paragraph", "<p>Second.</p>"),
        ("image", {**picture, "caption": "Further down"}),
    ]
    article.save_revision().publish()
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    top, lower = page.select(".figure img")
    assert top["alt"] == "Houses by a river"
    assert [part.split()[-1] for part in top["srcset"].split(",")] == [
        "400w",
        "800w",
        "1200w",
    ]
    assert top["sizes"] and top["width"] and top["height"]
    assert top["loading"] == "eager" and lower["loading"] == "lazy"
    captions = [c.get_text(" ", strip=True) for c in page.select(".figure figcaption")]
    assert captions == ["Near the top Ana Lee", "Further down Ana Lee"]


def test_a_pictures_caption_is_article_text_but_not_its_alt_text_or_credit(home, image):
    article = make_article(home=home, paragraphs=["Boats left on time."])
    article.body = [
        *[(b.block_type, b.value) for b in article.body],
        (
            "image",
            {
                "image": image,
                "alt_text": "Drawing of a ferry",
                "caption": "The first ferry",
                "credit": "Ana Lee",
            },
        ),
    ]
    text = article.body_text()
    assert "Boats left on time." in text and "The first ferry" in text
    assert "Drawing" not in text and "Ana Lee" not in text
