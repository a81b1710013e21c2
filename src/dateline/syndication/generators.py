"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1) as one more of Django's feed
generators, beside its RSS 2.0 and Atom 1.0."""

import json

from django.utils.feedgenerator import SyndicationFeed


def _date(value):
    return value.isoformat() if value else None


class JsonFeed(SyndicationFeed):
    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = self.feed
        data = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": feed["title"],
            "home_page_url": feed["link"],
            "feed_url": feed["feed_url"],
            "description": feed["description"],
            "language": feed["language"],
            "items": [self._item(item) for item in self.items],
        }
        outfile.write(json.dumps(_without_empty(data), ensure_ascii=False))

    def _item(self, item: dict) -> dict:
        return _without_empty(
            {
                "id": item["unique_id"] or item["link"],
                "url": item["link"],
                "title": item["title"],
                # content_html, or the lede as content_text: one is required.
                "content_html": item.get("content"),
                "content_text": None if item.get("content") else item["description"],
                "summary": item["description"],
                "date_published": _date(item["pubdate"]),
                "date_modified": _date(item["updateddate"]),
                "authors": [{"name": name} for name in item.get("authors") or []],
                "tags": list(item["categories"] or []),
                "language": item.get("language"),
            }
        )


def _without_empty(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}
