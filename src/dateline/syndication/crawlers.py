"""Crawlers: which of them robots.txt admits, and how many pages the application
makes for them (docs/crawlers.md).

Search engines and AI crawlers walk the whole archive, where nearly every page is a
cache miss that the application has to make. ``CrawlerLimitMiddleware`` sits just
after the page cache, so it counts only pages that are made, never copies from a
cache: each crawler (by the name in its user agent) and each client address gets
so many a second; past that, a short 429 with ``Retry-After``, which search
engines read as "slow down". Readers' cached pages are not touched by it at all.
"""

import re

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _

from dateline.core.clients import client_address
from dateline.core.limits import allow

# Crawlers that gather text for AI models or AI answers, by the name robots.txt
# knows them by (each operator's published user-agent token).
AI_CRAWLERS = (
    "GPTBot",
    "OAI-SearchBot",
    "ChatGPT-User",
    "ClaudeBot",
    "Claude-User",
    "Claude-SearchBot",
    "anthropic-ai",
    "CCBot",
    "Google-Extended",
    "Applebot-Extended",
    "PerplexityBot",
    "Perplexity-User",
    "Bytespider",
    "Amazonbot",
    "meta-externalagent",
    "cohere-ai",
    "Diffbot",
    "Timpibot",
    "Omgilibot",
)
_AI = "|".join(re.escape(name) for name in AI_CRAWLERS)
# Any other robot says so in its user agent, by a convention every major one keeps.
_ROBOT = re.compile(rf"{_AI}|bot\b|crawl|spider|slurp|fetcher|scrap", re.IGNORECASE)
_NAMED = re.compile(rf"{_AI}|[\w.-]*(?:bot|crawler|spider|slurp)\b", re.IGNORECASE)


def crawler_name(user_agent: str) -> str | None:
    """The crawler's name from its user agent ("googlebot", "gptbot"), or None for a
    browser."""
    if not user_agent or not _ROBOT.search(user_agent):
        return None
    found = _NAMED.search(user_agent)
    return found.group(0).lower() if found else "robot"


def admitted_ai_crawlers() -> set[str]:
    return {name.lower() for name in settings.DATELINE_CRAWLERS["AI_ADMITTED"]}


def robots_txt(sitemap_index: str) -> str:
    """Every crawler may read everything but the admin; the AI crawlers that the
    agency has not admitted (``DATELINE_AI_CRAWLERS_ADMITTED``) may read nothing."""
    admitted = admitted_ai_crawlers()
    refused = [name for name in AI_CRAWLERS if name.lower() not in admitted]
    lines = ["User-agent: *", "Disallow: /admin/", ""]
    if refused:
        lines += [f"User-agent: {name}" for name in refused] + ["Disallow: /", ""]
    lines += [f"Sitemap: {sitemap_index}", ""]
    return "\n".join(lines)


def too_many(request) -> HttpResponse:
    """A short answer, costing nothing to make (the point is to save the work), in
    the language of the address (this runs before Django's LocaleMiddleware)."""
    with translation.override(get_language_from_request(request, check_path=True)):
        text = _("Too many requests: please try again in a moment.")
    response = HttpResponse(text, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "1"  # the next window starts within a second
    response["Cache-Control"] = "no-store"
    return response


class CrawlerLimitMiddleware:
    """Pages made for one crawler, or for one client address, at most so many a
    second (``DATELINE_CRAWLERS``). Editors (a session) are never counted."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limits = settings.DATELINE_CRAWLERS
        if (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(settings.MEDIA_URL)  # a page's pictures
        ):
            name = crawler_name(request.META.get("HTTP_USER_AGENT", ""))
            counted = []
            # Behind a proxy that does not say whose request it is, every request
            # comes from the proxy's address: one limit for the whole site.
            if settings.DATELINE_CLIENT_IP_HEADER or not settings.DATELINE_PURGE_URL:
                counted.append(
                    ("address", client_address(request), limits["PER_ADDRESS"])
                )
            if name is not None:
                counted.append(("crawler", name, limits["PER_CRAWLER"]))
            for scope, who, limit in counted:
                if limit and not allow(f"made-{scope}", who, limit=limit, seconds=1):
                    return too_many(request)
        return self.get_response(request)
