from datetime import datetime

import pytest
from django.utils import timezone

from dateline.importers.textformat import (
    ImportFormatError,
    decode,
    parse_article_text,
)


def aware(*args):
    return timezone.make_aware(datetime(*args))


def test_every_part_of_the_layout_lands_in_its_field(fixtures_dir):
    parsed = parse_article_text((fixtures_dir / "articles/harbour.txt").read_text())

    assert parsed.published_at == aware(2015, 3, 9, 14, 25)  # month first
    assert parsed.headline == "Fishing boats return to Busan harbour after the storm"
    assert parsed.authors == ["Hana Lee", "Tomas Ortega"]
    assert parsed.lede.startswith("Hundreds of boats sheltered")
    assert (parsed.place, parsed.agency) == ("Busan", "Wirepress")
    assert parsed.paragraphs == [
        "The first boats came back into the harbour before dawn, their crews "
        "tired but unhurt.",
        "Harbour officials said the breakwater held and that damage to the quays "
        "was light.",
        "Fish auction prices rose sharply on the first morning of trading.",
    ]
    assert [(r.headline, r.published_at) for r in parsed.see_also] == [
        ("Ferry services resume between Busan and Jeju", aware(2015, 8, 17, 9, 5)),
        ("A quiet season for the squid fleet", None),  # day first; or none at all
    ]


def test_page_furniture_is_never_imported_as_text(fixtures_dir):
    parsed = parse_article_text((fixtures_dir / "articles/harbour.txt").read_text())
    text = " ".join(
        [parsed.lede, *parsed.paragraphs, *(r.headline for r in parsed.see_also)]
    )

    for furniture in ("Send to a friend", "Printable version", "Subscribe", "tagline"):
        assert furniture not in text


def test_hard_wrapped_paragraphs_are_joined():
    parsed = parse_article_text(
        "01/02/2020, 10.00\n\nHeadline\n\nby A B\nLede\n\n"
        "Hanoi (Dateline) - One paragraph\nthat wraps.\n\nAnother.\n"
    )
    assert parsed.paragraphs == ["One paragraph that wraps.", "Another."]


def test_an_article_without_byline_or_dateline_is_accepted():
    parsed = parse_article_text("01/02/2020, 10:00\nHeadline\n\nLede.\n\nBody text.\n")
    assert parsed.authors == []
    assert (parsed.place, parsed.agency) == ("", "")
    assert parsed.paragraphs == ["Body text."]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "no article"),
        ("\n\nHeadline only\n\nLede\n\nBody\n", 3, "publication date"),
        ("02/30/2020, 10.00\nHeadline\n\nLede\n\nBody\n", 1, "not a valid date"),
        ("01/02/2020, 10.00\nHeadline\n\nby Someone\nLede only\n", 2, "no body"),
        ("01/02/2020, 10.00\n", 1, "headline is missing"),
        (
            "01/02/2020, 10.00\nHeadline\n\nLede\n\nBody\n\n"
            "See also\n12/01/2020 10:00\n",
            9,
            "no headline before it",
        ),
    ],
)
def test_bad_input_names_the_line_and_the_problem(text, line, words):
    with pytest.raises(ImportFormatError) as raised:
        parse_article_text(text)
    assert raised.value.line == line
    assert words in str(raised.value)
    assert str(raised.value).startswith(f"line {line}:")


def test_a_file_that_is_not_utf8_is_refused_with_its_line():
    data = b"01/02/2020, 10.00\nHeadline\n" + "Caf\xe9\n".encode("latin-1")
    with pytest.raises(ImportFormatError) as raised:
        decode(data)
    assert raised.value.line == 3
    assert "not UTF-8" in str(raised.value)


def test_a_utf8_byte_order_mark_is_ignored():
    assert decode("\ufeff01/02/2020".encode()) == "01/02/2020"
