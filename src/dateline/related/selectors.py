"""What readers see under "See also" (docs/see-also.md): the list computed in the
background, or the editor's pinned articles; read when an article is shown, printed
or sent."""

from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from dateline.articles.models import ArticlePage


def see_also(article, request=None):
    """What readers see under “See also”, in order: the list computed in the
    background (dateline.related), read in one query; until it exists, the
    editor's pinned articles."""
    if article.pk is None:  # the preview of an article not saved yet
        return pinned_see_also(article)
    now = timezone.now()
    # The columns the list shows, not whole pages: an article's page is made on
    # each cache miss (docs/performance.md).
    computed = article.see_also_items.filter(
        Q(page__isnull=True) | Q(page__live=True, page__published_at__lte=now)
    ).values_list(
        "headline",
        "published_at",
        "page__title",
        "page__url_path",
        "page__published_at",
        "page__locale__language_code",
    )
    items = [
        {
            "headline": title or headline,
            # (The request keeps the site's root paths for every link.)
            "url": Page(url_path=url_path).get_url(request) if url_path else None,
            "published_at": page_published_at if url_path else published_at,
            "language": language or article.locale.language_code,
        }
        for headline, published_at, title, url_path, page_published_at, language in (
            computed
        )
    ]
    return items or pinned_see_also(article)


def pinned_see_also(article):
    """The editor-pinned related articles a reader can see, in the editor's order.

    A linked article that is not published is left out; an unlinked reference (an
    imported headline whose article is not here yet) is shown without a link.
    """
    now = timezone.now()
    links = list(article.related_links.select_related("page", "page__locale"))
    in_edition = _translations_in_edition(
        article,
        [
            link.page.translation_key
            for link in links
            if link.page is not None and link.page.locale_id != article.locale_id
        ],
    )
    items = []
    for link in links:
        page = link.page
        if page is not None:
            page = in_edition.get(page.translation_key, page)
            if not page.live or not page.published_at or page.published_at > now:
                continue
            items.append(
                {
                    "headline": page.title,
                    "url": page.url,
                    "published_at": page.published_at,
                    "language": page.locale.language_code,
                }
            )
        else:
            items.append(
                {
                    "headline": link.headline,
                    "url": None,
                    "published_at": link.published_at,
                    "language": article.locale.language_code,
                }
            )
    return items


def _translations_in_edition(article, keys) -> dict:
    """This edition's live versions of the articles with these translation keys."""
    if not keys:
        return {}
    return {
        page.translation_key: page
        for page in ArticlePage.objects.filter(
            translation_key__in=keys, locale_id=article.locale_id
        )
        .published()
        .select_related("locale")
    }
