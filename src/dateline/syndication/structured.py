"""What a page says about itself to search engines and social networks: its canonical
address, schema.org ``NewsArticle`` JSON-LD, OpenGraph and Twitter card tags
(docs/feeds.md)."""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from dateline.articles.models import ArticlePage, edition_homes
from dateline.core.agency import absolute, agency_name

# OpenGraph names a locale as language_TERRITORY.
OG_LOCALES = {"en": "en_US", "it": "it_IT", "zh-hans": "zh_CN", "es": "es_ES"}
# Characters that must not appear raw inside a <script> element.
SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def image_url(request, article: ArticlePage) -> str | None:
    """The article's first image, 1200 pixels wide (what networks show)."""
    for block in article.body:
        if block.block_type == "image" and block.value.get("image"):
            rendition = block.value["image"].get_rendition("width-1200")
            return absolute(rendition.url)
    return None


def authors(request, article: ArticlePage, bylines=None) -> list[dict]:
    """Each author as a Person with their page; ``bylines``, the (author, name)
    pairs the article page already read, spares reading them again."""
    language = article.locale.language_code
    if bylines is None:
        bylines = [
            (byline.author, byline.author.name_in(language))
            for byline in article.bylines.select_related("author").prefetch_related(
                "author__localized_names"
            )
        ]
    home = edition_homes().get(language)
    found = []
    for author, name in bylines:
        person = {"@type": "Person", "name": name}
        if home is not None:
            path = home.reverse_subpage("author", args=[author.slug])
            person["url"] = absolute(home.url + path)
        found.append(person)
    return found


def news_article(
    request, article: ArticlePage, image: str | None, bylines=None
) -> dict:
    """The schema.org NewsArticle of an article page (``image``: its own, if any)."""
    language = article.locale.language_code
    url = absolute(article.url)
    logo = absolute(static(settings.DATELINE_LOGO))
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.lede,
        "datePublished": article.published_at.isoformat(),
        "dateModified": article.modified_at.isoformat(),
        "author": authors(request, article, bylines),
        "publisher": {
            "@type": "Organization",
            "name": agency_name(language),
            "logo": {"@type": "ImageObject", "url": logo},
        },
        "inLanguage": language,
        "isAccessibleForFree": True,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
    }
    if image:  # its own picture; never the logo in its place
        data["image"] = [image]
    if article.section_id:
        data["articleSection"] = article.section.title
    if article.dateline:
        data["dateline"] = article.dateline.rstrip(" –")
    corrections = article.corrections_in_order
    if corrections:
        data["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": correction.made_at.isoformat(),
            }
            for correction in corrections
        ]
    return data


def json_ld(data: dict) -> str:
    # JSON, not HTML: escaped for a <script> element (no "<", ">" or "&" in it).
    text = mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES))  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', text)


def meta_tags(article: ArticlePage, data: dict, *, large: bool) -> list[tuple]:
    """(attribute, name, content) of the OpenGraph and Twitter card tags; ``large``
    when the article has an image of its own."""
    image = data.get("image", [None])[0]
    card = "summary_large_image" if large else "summary"
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:title", article.title),
        ("property", "og:description", article.lede),
        ("property", "og:url", data["mainEntityOfPage"]["@id"]),
        ("property", "og:site_name", data["publisher"]["name"]),
        ("property", "og:locale", OG_LOCALES.get(data["inLanguage"], "en_US")),
        ("property", "article:published_time", data["datePublished"]),
        ("property", "article:modified_time", data["dateModified"]),
        ("name", "twitter:card", card),
        ("name", "twitter:title", article.title),
        ("name", "twitter:description", article.lede),
    ]
    if image:
        tags += [("property", "og:image", image), ("name", "twitter:image", image)]
    if "articleSection" in data:
        tags.append(("property", "article:section", data["articleSection"]))
    tags += [
        ("property", "article:author", a["url"]) for a in data["author"] if "url" in a
    ]
    return tags


def canonical(request, page) -> str:
    """An article's own address (also from its print and share pages); for any
    other page, its path, with the listing's page number."""
    if isinstance(page, ArticlePage):
        return absolute(page.url)
    number = request.GET.get("page", "")
    query = f"?page={number}" if number.isdigit() and number != "1" else ""
    return absolute(request.path + query)


def page_metadata(request, page, bylines=None) -> str:
    """The tags for a page's head."""
    parts = [format_html('<link rel="canonical" href="{}">', canonical(request, page))]
    if isinstance(page, ArticlePage) and page.published_at:
        image = image_url(request, page)
        data = news_article(request, page, image, bylines)
        parts += [
            format_html('<meta {}="{}" content="{}">', attribute, name, content)
            for attribute, name, content in meta_tags(page, data, large=bool(image))
        ]
        parts.append(json_ld(data))
    return mark_safe("\n".join(parts))  # noqa: S308  (each part is escaped)
