"""The printable version of an article and its PDF (docs/sharing.md).

The PDF is the print page laid out by WeasyPrint on the server. It is cached under a
hash of the page's HTML, so it is made again exactly when what it shows changes (the
article, its See also, the day it is printed). WeasyPrint reads only the site's own
static and media files from disk: it never fetches a URL.
"""

import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from dateline.core.agency import absolute
from dateline.core.html import absolute_urls
from dateline.related.selectors import see_also

PDF_CACHE_SECONDS = 7 * 24 * 3600
PAPERS = {"a4": "A4", "letter": "letter"}  # DATELINE_PDF_PAPER, as CSS names them


def absolute_links(html: str, base: str) -> str:
    """Make every address in ``html`` absolute, so a printed page can write it out."""
    # Rendered, escaped HTML; only its addresses change.
    return mark_safe(absolute_urls(html, base))  # noqa: S308


def print_response(request, article):
    canonical = absolute(article.url)
    context = {
        "canonical": canonical,
        "printed_on": timezone.localdate(),
        "see_also_printed": [
            {**item, "full_url": urljoin(canonical, item["url"]) if item["url"] else ""}
            for item in see_also(article)
        ],
    }
    response = article.render(
        request, template="sharing/print_page.html", context_overrides=context
    )
    return response.render()


def pdf_response(request, article) -> HttpResponse:
    html = print_response(request, article).content.decode()
    paper = PAPERS.get(settings.DATELINE_PDF_PAPER.lower(), "A4")
    key = f"dateline:pdf:{paper}:" + hashlib.sha256(html.encode()).hexdigest()
    pdf = cache.get(key)
    if pdf is None:
        pdf = pdf_of(html, base_url=absolute(article.url), paper=paper)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(article.slug)[:80] or "article"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


def pdf_of(html: str, *, base_url: str, paper: str = "A4") -> bytes:
    from weasyprint import CSS, HTML  # a heavy import, only where a PDF is made

    document = HTML(string=html, base_url=base_url, url_fetcher=LocalFiles())
    return document.write_pdf(stylesheets=[CSS(string=f"@page {{ size: {paper} }}")])


def _inside(root, name: str) -> Path | None:
    """The file ``name`` under ``root``, if it is a file there (no way out)."""
    root = Path(root).resolve()
    found = (root / name).resolve()
    return found if found.is_relative_to(root) and found.is_file() else None


def _local_path(url: str) -> Path | None:
    path = unquote(urlsplit(url).path)
    if path.startswith(settings.MEDIA_URL):
        return _inside(settings.MEDIA_ROOT, path.removeprefix(settings.MEDIA_URL))
    if path.startswith(settings.STATIC_URL):
        name = path.removeprefix(settings.STATIC_URL)
        found = _inside(settings.STATIC_ROOT, name) or finders.find(name)
        return Path(found) if found else None
    return None


class LocalFiles:
    """A WeasyPrint URL fetcher that serves /static/ and /media/ from disk."""

    _fail_on_errors = False

    def __call__(self, url: str):
        from weasyprint.urls import URLFetcherResponse

        path = _local_path(url)
        if path is None:
            raise ValueError(f"not a file of this site: {url}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.open("rb"), headers={"Content-Type": mime}
        )
