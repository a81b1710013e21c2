"""An article as an IPTC ninjs 2.2 item (https://iptc.org/std/ninjs/)."""

import mimetypes

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from dateline.articles.models import ArticlePage
from dateline.core.html import absolute_urls
from dateline.text.countries import country_name

VERSION = "2.2"
SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"


def item_uri(root: str, article: ArticlePage) -> str:
    """The item's identifier, which is also where the API serves it."""
    with override(article.locale.language_code):
        return root + reverse("ninjs:item", args=[article.pk])


def item(article: ArticlePage, *, root: str, translations=(), request=None) -> dict:
    """The ninjs document of a published (or withdrawn) article."""
    language = article.locale.language_code
    authors = [byline.author.name_in(language) for byline in article.bylines.all()]
    document = {
        "uri": item_uri(root, article),
        "standard": {"name": "ninjs", "version": VERSION, "schema": SCHEMA},
        "type": "text",
        "representationtype": "full",
        "version": str(article.live_revision_id or article.latest_revision_id or 1),
        "firstcreated": article.published_at.isoformat(),
        "versioncreated": (
            article.last_published_at or article.published_at
        ).isoformat(),
        "pubstatus": "usable" if article.live else "canceled",
        "language": language,
        "headlines": [{"value": article.title}],
        "descriptions": [{"role": "summary", "value": article.lede}],
        "bodies": [
            {
                "contenttype": "text/html",
                "value": absolute_urls(
                    render_to_string(
                        "articles/includes/article_body.html",
                        {"page": article},
                        request,
                    ).strip(),
                    root + "/",
                ),
            }
        ],
        "altids": [{"role": "url", "value": root + article.url}],
    }
    document |= _corrections(article, document, language)
    document |= _about(article, root, language, authors)
    associations = _images(article, root) + [
        {
            "name": f"translation-{version.locale.language_code}",
            "uri": item_uri(root, version),
            "type": "text",
            "language": version.locale.language_code,
            "headlines": [{"value": version.title}],
        }
        for version in translations
    ]
    if associations:
        document["associations"] = associations
    if not article.live:  # withdrawn: partners must not use the text any more
        for withdrawn in ("bodies", "descriptions", "associations"):
            document.pop(withdrawn, None)
    return document


def _corrections(article: ArticlePage, document: dict, language: str) -> dict:
    """Corrections: for readers, as descriptions; for the partner's desk, a note to
    act on."""
    corrections = article.corrections_in_order
    if not corrections:
        return {}
    descriptions = document["descriptions"] + [
        {"role": correction.kind, "value": correction.text}
        for correction in corrections
    ]
    with override(language):
        note = " ".join(
            _("%(kind)s, %(time)s: %(text)s")
            % {
                "kind": correction.get_kind_display(),
                "time": correction.made_at.isoformat(),
                "text": correction.text,
            }
            for correction in corrections
        )
    return {"descriptions": descriptions, "ednote": note}


def _about(article: ArticlePage, root: str, language: str, authors: list) -> dict:
    """Who wrote it, where it was filed, its section and the countries it is about."""
    about = {}
    if authors:
        about["by"] = ", ".join(authors)
        about["people"] = [{"name": name, "rel": "author"} for name in authors]
    if article.dateline_place:
        about["located"] = article.dateline_place
    if article.section_id:
        section = article.section
        about["subjects"] = [
            {"name": section.title, "rel": "section", "uri": root + section.url}
        ]
    places = [
        {"name": country_name(c.code, language), "rel": "about", "literal": c.code}
        for c in article.countries.all()
    ]
    if places:
        about["places"] = places
    return about


def _images(article: ArticlePage, root: str) -> list[dict]:
    found = []
    for block in article.body:
        if block.block_type != "image" or not block.value.get("image"):
            continue
        image = block.value["image"]
        rendition = image.get_rendition("width-1200")
        picture = {
            "name": f"image-{len(found) + 1}",
            "uri": root + rendition.url,
            "type": "picture",
            "renditions": [
                {
                    "name": "web",
                    "href": root + rendition.url,
                    "contenttype": _media_type(rendition.file.name),
                    "width": rendition.width,
                    "height": rendition.height,
                }
            ],
        }
        caption = block.value.get("caption")
        if caption:
            picture["descriptions"] = [{"role": "caption", "value": caption}]
        if block.value.get("credit"):
            picture["copyrightholder"] = block.value["credit"]
        found.append(picture)
    return found


def _media_type(name: str) -> str:
    """The registered media type of a picture file: ``image/jpeg``, never the
    ``image/jpg`` its extension suggests."""
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
