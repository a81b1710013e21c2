from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .articles import routing
from .articles import views as articles_views
from .core import views as core_views
from .editions import views as editions_views
from .newsroom.visibility import SiteHistoryView
from .search import views as search_views
from .syndication import views as syndication_views

handler500 = "dateline.core.views.server_error"

# The site history, where a member sees only what they may read, ahead of
# Wagtail's own at the same address (dateline.newsroom.visibility).
site_history = decorate_urlpatterns(
    [
        path(
            "admin/reports/site-history/",
            SiteHistoryView.as_view(),
            name="dateline_site_history",
        ),
        path(
            "admin/reports/site-history/results/",
            SiteHistoryView.as_view(results_only=True),
            name="dateline_site_history_results",
        ),
    ],
    lambda view: csp_override(settings.DATELINE_ADMIN_CSP)(
        never_cache(require_admin_access(view))
    ),
)

urlpatterns = [
    *site_history,
    # The admin's own Content-Security-Policy (docs/security.md).
    path(
        "admin/",
        include(
            decorate_urlpatterns(
                wagtailadmin_urls.urlpatterns, csp_override(settings.DATELINE_ADMIN_CSP)
            )
        ),
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("editions/<str:language>/", editions_views.choose, name="edition_choose"),
    path("sitemap.xml", syndication_views.sitemap_index, name="sitemap_index"),
    path("sitemap-<str:section>.xml", syndication_views.sitemap, name="sitemap"),
    path("robots.txt", syndication_views.robots, name="robots"),
    path(".well-known/security.txt", core_views.security_txt, name="security_txt"),
    path("favicon.ico", core_views.favicon, name="favicon"),
]

# An e-mail service's tracking webhooks (bounces, complaints), only once they can be
# authenticated: anymail refuses nothing without WEBHOOK_SECRET.
if settings.ANYMAIL.get("WEBHOOK_SECRET"):
    urlpatterns.append(path("anymail/", include("anymail.urls")))

if settings.DATELINE_SERVE_MEDIA:
    from django.views.static import serve

    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

# Every edition under its language prefix (/en/, /it/, /zh-hans/, /es/); "/" sends a
# reader to their edition (docs/editions.md).
urlpatterns += i18n_patterns(
    path("newsletters/", include("dateline.newsletters.urls")),
    path("feeds/", include("dateline.syndication.urls")),
    path("api/ninjs/", include("dateline.syndication.api_urls")),
    path("privacy/", core_views.privacy, name="privacy"),
    path("search/", search_views.search, name="search"),
    path("corrections/", articles_views.corrections, name="corrections"),
    # Wagtail's serve, given the route found quickly (dateline.articles.routing).
    re_path(serve_pattern, routing.serve),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
