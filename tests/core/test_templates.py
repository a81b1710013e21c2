"""Every word a template shows a reader goes through the translation catalogue."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.contrib.staticfiles import finders

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "dateline"
TEMPLATES = sorted(PACKAGE.glob("*/templates/**/*.html"))
# Attributes whose text a reader sees or hears.
SHOWN_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "value")

TRANSLATED_BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.DOTALL
)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
# Blocks that fill in attributes of the base template, not text.
ATTRIBUTE_BLOCK = re.compile(r"{%\s*block body_?class\s*%}.*?{%\s*endblock\s*%}")
TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)


def untranslated_words(source: str) -> list[str]:
    """The words left in a template once its tags and translated text are removed."""
    text = COMMENT_BLOCK.sub(" ", source)
    text = TRANSLATED_BLOCK.sub(" ", text)
    text = ATTRIBUTE_BLOCK.sub(" ", text)
    text = TEMPLATE_SYNTAX.sub(" ", text)
    html = BeautifulSoup(text, "html.parser")
    for hidden in html(["script", "style"]):
        hidden.decompose()
    shown = [html.get_text(" ")]
    for tag in html.find_all(True):
        shown += [str(tag.get(name, "")) for name in SHOWN_ATTRIBUTES]
    return re.findall(r"[^\W\d_]{2,}", " ".join(shown))


def test_the_check_catches_a_bare_word():
    assert untranslated_words("<p>{% translate 'Hello' %} world</p>") == ["world"]
    assert untranslated_words('<a title="Print">{{ x }}</a>') == ["Print"]
    assert (
        untranslated_words("{% blocktranslate %}Hi {{ n }}{% endblocktranslate %}")
        == []
    )


@pytest.mark.parametrize(
    "template", TEMPLATES, ids=[str(t.relative_to(PACKAGE)) for t in TEMPLATES]
)
def test_templates_have_no_untranslated_text(template):
    assert untranslated_words(template.read_text(encoding="utf-8")) == []


@pytest.mark.django_db
def test_pages_name_their_icon_and_favicon_ico_is_served(client, home):
    page = BeautifulSoup(client.get("/en/").content, "html.parser")
    icon = page.find("link", rel="icon")
    assert icon["type"] == "image/svg+xml"
    assert finders.find(icon["href"].removeprefix(settings.STATIC_URL))
    # Browsers and feed readers ask for /favicon.ico whatever a page says.
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/vnd.microsoft.icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
    assert "max-age" in response["Cache-Control"]
