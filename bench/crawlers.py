"""Benchmark readers of cached pages while a crawler walks the archive: ``uv run
python bench/crawlers.py --articles 10000 --database postgres`` (bench/README.md).

The site as in production (deploy.localsite: gunicorn, a worker, Varnish in front,
Redis, so that the crawlers' counts are the site's, not each process's), on the
serving benchmark's archive (built if missing: bench/serving.py). Readers read a
cached article at a steady pace (wrk, each connection waiting ``--pause`` ms between
requests, so that the machine is busy but not saturated) for ``--seconds``, on the
quiet machine; then again while a crawler (8 connections, a search engine's user
agent) walks random archive articles as fast as it can. Once with the crawlers'
default limit, once on a site with the limit off. Prints a Markdown table for
docs/performance.md; asserts nothing.
"""

import sys
import tempfile
from pathlib import Path

import redis
from common import archive_folder, setup
from load import load_parser, readers_beside_a_crawler, tools_needed
from serving import archive_ready, random_articles, site_environment

REDIS_URL = "redis://127.0.0.1:6379/4"
LIMIT = 10  # the default of DATELINE_CRAWLER_PAGES_PER_SECOND


def main() -> None:
    parser = load_parser(__doc__.split("\n\n")[0])
    parser.add_argument("--pause", type=int, default=10, help="readers' pause (ms)")
    parser.add_argument("--smoke", action="store_true", help="a few seconds")
    args = parser.parse_args()
    if args.smoke:
        args.articles, args.seconds = 200, 1
    tools_needed("wrk", "varnishd")

    from deploy.localsite import LocalSite

    with archive_folder(args.database, f"dateline_bench_serving_{args.articles}") as (
        folder,
        reuse,
    ):
        setup(folder, EMAIL_URL="dummymail://")
        archive_ready(folder, args.articles, reuse=reuse, smoke=args.smoke)
        from dateline.articles.models import ArticlePage

        article = (
            ArticlePage.objects.published()
            .filter(locale__language_code="en")
            .order_by("-published_at")
            .first()
        )
        paths = random_articles(folder)
        environment = site_environment() | {"REDIS_URL": REDIS_URL}
        runs = {}
        for label, limit in (
            (f"{LIMIT} pages/s for each crawler (the default)", LIMIT),
            ("no limit", 0),
        ):
            redis.Redis.from_url(REDIS_URL).flushdb()  # no page left from before
            site = LocalSite(
                Path(tempfile.mkdtemp(prefix="site-", dir=folder)),
                proxy=True,
                DATELINE_CRAWLER_PAGES_PER_SECOND=str(limit),
                **environment,
            )
            site.start(workers=args.workers, threads=2)
            try:
                runs[label] = readers_beside_a_crawler(
                    site,
                    site.proxy_url + article.url,
                    site.proxy_url + "/",
                    paths,
                    args.seconds,
                    pause=args.pause,
                )
            finally:
                site.stop()
            print(f"{label}: done", file=sys.stderr)

    print()
    print(
        f"{ArticlePage.objects.count():,} articles ({args.database}); gunicorn: "
        f"{args.workers} workers, Varnish, Redis; readers: wrk, 2 threads, 32 "
        f"connections, {args.pause} ms between a connection's requests; crawler: "
        f"wrk, 1 thread, 8 connections, random archive articles; {args.seconds:.0f} s."
    )
    print()
    print(
        "| crawlers' limit | readers/s (quiet) | readers' p99 (quiet) "
        "| readers/s (crawled) | readers' p99 (crawled) | readers' median (crawled) "
        "| crawler's pages made/s | crawler's 429s/s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for label, run in runs.items():
        quiet, busy, crawler = run["quiet"], run["busy"], run["crawler"]
        print(
            f"| {label} | {quiet['rate']:,.0f} | {quiet['p99_ms']:.2f} ms "
            f"| {busy['rate']:,.0f} | {busy['p99_ms']:.2f} ms "
            f"| {busy['median_ms']:.2f} ms | {crawler['made_rate']:,.0f} "
            f"| {crawler['refused_rate']:,.0f} |"
        )


if __name__ == "__main__":
    main()
