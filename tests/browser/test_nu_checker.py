"""Every reader page type of every edition, as the server sends it (the demo's
content: pictures, corrections, See also, four scripts), through the W3C Nu HTML
checker: zero errors. Also a page in each of its states a reader meets: a form sent
back with its errors, a search that finds nothing, a later page of a listing."""

import urllib.error
import urllib.request

from tests.checkers import nu_errors

from .conftest import EDITIONS
from .test_accessibility import page_types


def fetch(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.read()
    except urllib.error.HTTPError as error:  # a 404 page is a page too
        return error.read()


def test_every_page_type_of_every_edition_is_valid_html(
    reader_site, browser, error_pages
):
    documents = {}
    for edition in EDITIONS:
        for name, path in page_types(reader_site, browser, edition).items():
            documents[f"{edition} {name} {path}"] = fetch(reader_site.url + path)
    for path in (
        "/en/?page=2",
        "/en/search/?q=zzzzqqq",
        "/en/search/?q=rail&since=2024-02-30",
        "/zh-hans/search/?q=%E9%93%81%E8%B7%AF",
    ):
        documents[path] = fetch(reader_site.url + path)
    documents |= error_pages  # 429 and 500, as the application renders them
    assert len(documents) >= 4 * 14
    assert nu_errors(documents) == []
