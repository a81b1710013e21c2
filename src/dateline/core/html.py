"""Editors' rich text, cleaned again as it goes out (docs/security.md).

Wagtail's editor keeps only the elements its features allow, but rich text also
arrives by import, by the API of the admin, or straight from the database. Whatever
is stored, readers, feeds, partners and e-mails get only this allow-list: a paragraph's
bold, italics, line breaks and links (web, mail and the site's own), never a script,
a style, an event handler or a ``javascript:`` address.
"""

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
