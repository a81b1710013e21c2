"""Editors' rich text, cleaned again as it goes out (docs/security.md).

Wagtail's editor keeps only the elements its features allow, but rich text also
arrives by import, by the API of the admin, or straight from the database. Whatever
is stored, readers, feeds, partners and e-mails get only this allow-list: a paragraph's
bold, italics, line breaks and links (web, mail and the site's own), never a script,
a style, an event handler or a ``javascript:`` address.
"""

import re
from urllib.parse import urljoin

import nh3

TAGS = {"p", "a", "b", "strong", "i", "em", "br"}
ATTRIBUTES = {"a": {"href"}}
SCHEMES = {"http", "https", "mailto"}


def clean(html: str) -> str:
    """``html`` with only the allowed elements, attributes and link schemes; links
    get ``rel="noopener noreferrer"``."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=SCHEMES,
        link_rel="noopener noreferrer",
    )


# The attributes of rendered HTML that hold an address; the site's own templates
# always quote them with double quotes.
_URL_ATTRIBUTE = re.compile(r'(\s(?:href|src|poster)=")([^"]*)(")', re.IGNORECASE)
_SRCSET = re.compile(r'(\ssrcset=")([^"]*)(")', re.IGNORECASE)


def absolute_urls(html: str, base: str) -> str:
    """``html`` (rendered by the site's templates) with every ``href``, ``src`` and
    ``srcset`` address made absolute against ``base``: what leaves the site, in a
    feed, the API, a printed page or an e-mail, must work where it lands."""

    def one(match):
        return match[1] + urljoin(base, match[2]) + match[3]

    def candidates(match):
        parts = []
        for candidate in match[2].split(","):
            url, _, descriptor = candidate.strip().partition(" ")
            parts.append(" ".join(filter(None, [urljoin(base, url), descriptor])))
        return match[1] + ", ".join(parts) + match[3]

    return _SRCSET.sub(candidates, _URL_ATTRIBUTE.sub(one, str(html)))
