"""Benchmark the admin at archive scale: ``make bench`` (or ``uv run python
bench/admin.py --articles 100000 [--database postgres]``).

Builds an archive of ``--articles`` articles in the English edition (see_also.build),
spreads them over six sections and 400 authors, leaves a few as drafts, in review,
changed or under embargo, and builds Wagtail's search index (the admin's search). Then
times, as an English desk editor (page permissions on the edition, so every listing is
filtered by them) and as a superuser, each admin page an editor opens: the Articles
listing and its search and filters, the page explorer, the page chooser and its search.

Each URL is fetched once to warm up, then seven times; prints the median and the
slowest as Markdown rows for docs/performance.md. Nothing here asserts a time.
"""

import random
import statistics
import sys
import time

from common import archive_arguments, archive_folder, setup

PG_DATABASE = "dateline_bench_admin"
RUNS = 7
SECTIONS = [
    "East Asia",
    "South Asia",
    "Southeast Asia",
    "Central Asia",
    "Climate",
    "Economy",
]


def furnish(seed: int = 2) -> None:
    """Sections, authors and statuses for the archive see_also.build made."""
    from django.contrib.auth.models import Group, User
    from django.db import transaction
    from wagtail.models import Page

    from dateline.articles.models import (
        ArticleByline,
        ArticlePage,
        Author,
        HomePage,
        SectionPage,
    )

    rng = random.Random(seed)
    home = HomePage.objects.get(locale__language_code="en")
    sections = []
    for n, title in enumerate(SECTIONS):
        section = SectionPage(title=title, slug=f"s{n}", kind="theme")
        home.add_child(instance=section)
        sections.append(section)
    authors = Author.objects.bulk_create(
        Author(name=f"Reporter {n:03d}", slug=f"reporter-{n:03d}") for n in range(400)
    )
    ids = list(ArticlePage.objects.values_list("pk", flat=True))
    with transaction.atomic():
        for n, section in enumerate(sections):
            ArticlePage.objects.filter(pk__in=ids[n :: len(sections)]).update(
                section=section
            )
        ArticleByline.objects.bulk_create(
            (
                ArticleByline(article_id=pk, author=rng.choice(authors), sort_order=0)
                for pk in ids
            ),
            batch_size=5000,
        )
        drafts = rng.sample(ids, len(ids) // 100)
        Page.objects.filter(pk__in=drafts).update(
            live=False, has_unpublished_changes=True, first_published_at=None
        )
    editor = User.objects.create_user("desk", "desk@example.com", "x")
    editor.groups.add(Group.objects.get(name="English editors"))
    User.objects.create_superuser("chief", "chief@example.com", "x")


def search_index() -> float:
    """Wagtail's index of the articles (``manage.py update_index``); articles a
    second."""
    from django.core.management import call_command

    from dateline.articles.models import ArticlePage

    began = time.perf_counter()
    call_command("update_index", verbosity=0)
    return ArticlePage.objects.count() / (time.perf_counter() - began)


def urls() -> dict[str, str]:
    from django.db.models import Count
    from django.urls import reverse

    from dateline.articles.models import (
        ArticlePage,
        Author,
        HomePage,
        MonthArchivePage,
        SectionPage,
        YearArchivePage,
    )

    home = HomePage.objects.get(locale__language_code="en")
    year = YearArchivePage.objects.filter(locale=home.locale).order_by("-path").first()
    month = (
        MonthArchivePage.objects.filter(locale=home.locale)
        .order_by("-numchild")
        .first()
    )
    section = SectionPage.objects.filter(locale=home.locale).first()
    author = Author.objects.annotate(n=Count("bylines")).order_by("-n").first()
    word = ArticlePage.objects.order_by("-pk").first().title.split()[0]
    articles = reverse("articles:index")
    chooser = reverse("wagtailadmin_choose_page")
    return {
        "Articles listing, newest first": articles,
        "Articles, page 400": f"{articles}?p=400",
        f"Articles, search “{word}”": f"{articles}?q={word}",
        "Articles, filter: edition": f"{articles}?locale=en",
        "Articles, filter: section": f"{articles}?section={section.pk}",
        "Articles, filter: country": f"{articles}?country=MN",
        "Articles, filter: status (drafts)": f"{articles}?status=draft",
        "Articles, filter: author": f"{articles}?author={author.pk}",
        "Articles, filter: a year's dates": (
            f"{articles}?published_at_from=2015-01-01&published_at_to=2015-12-31"
        ),
        "Articles, all filters and a search": (
            f"{articles}?q={word}&locale=en&section={section.pk}&country=CN"
            "&status=live&published_at_from=2010-01-01&published_at_to=2025-12-31"
        ),
        "Explorer: the edition's home": reverse("wagtailadmin_explore", args=[home.pk]),
        "Explorer: a section": reverse("wagtailadmin_explore", args=[section.pk]),
        "Explorer: a year": reverse("wagtailadmin_explore", args=[year.pk]),
        f"Explorer: the busiest month ({month.numchild} articles)": reverse(
            "wagtailadmin_explore", args=[month.pk]
        ),
        f"Wagtail's page search “{word}”": reverse("wagtailadmin_pages:search")
        + f"?q={word}",
        "Page chooser (See also), opened": f"{chooser}?page_type=articles.articlepage",
        "Page chooser, the busiest month": reverse(
            "wagtailadmin_choose_page_child", args=[month.pk]
        )
        + "?page_type=articles.articlepage",
        f"Page chooser, search “{word}”": reverse("wagtailadmin_choose_page_search")
        + f"?q={word}&page_type=articles.articlepage",
    }


def timed(username: str, pages: dict[str, str]) -> dict[str, tuple[float, float]]:
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(username=username))
    figures = {}
    for name, url in pages.items():
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code} as {username}")
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - began) * 1000)
        figures[name] = (statistics.median(times), max(times))
    return figures


def main() -> None:
    args = archive_arguments(__doc__.splitlines()[0])

    with archive_folder(args.database, PG_DATABASE) as (tmp, reuse):
        setup(tmp)
        from django.db import connection
        from see_also import build

        if not reuse:
            began = time.perf_counter()
            build(args.articles, editions=["en"])
            furnish()
            sys.stderr.write(f"archive: built in {time.perf_counter() - began:.0f} s\n")
            rate = search_index()
            sys.stderr.write(f"Wagtail's index: {rate:,.0f} articles/s\n")
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"
            )
        pages = urls()
        desk = timed("desk", pages)
        chief = timed("chief", pages)
        for name in pages:
            (d_median, d_max), (c_median, c_max) = desk[name], chief[name]
            print(
                f"| admin, {connection.vendor}, {args.articles:,} articles: {name} | "
                f"desk editor: median {d_median:.0f} ms, slowest {d_max:.0f} ms; "
                f"superuser: median {c_median:.0f} ms, slowest {c_max:.0f} ms |"
            )


if __name__ == "__main__":
    main()
