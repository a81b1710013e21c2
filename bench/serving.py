"""Benchmark serving reader pages at archive scale: ``make bench`` (or ``uv run python
bench/serving.py --articles 100000 --database postgres``). See bench/README.md.

Builds an archive (the demo, then ``--articles`` more in four editions, written as an
export and imported with ``dateline import-jsonl``: bench/importer.py), starts Dateline
as in production (gunicorn, a worker, Varnish in front: deploy.localsite), and
loads it with wrk, the same page each time, beside nginx serving that page's bytes as a
static file: the reference, measured in the same run so that the machine's noise
cancels. Then the same for Django's cache
(local memory, then Redis), for pages made on every request, and for random
articles across the archive; the query count of each page type; and the app
server's memory after the random run. Prints a Markdown table for
docs/performance.md. Nothing here asserts a time.
"""

import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from common import archive_folder, setup
from load import RANDOM_PATHS, load_parser, tools_needed, wrk

NGINX = """
user root;
worker_processes {workers};
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/nginx-body;
    proxy_temp_path {folder}/nginx-proxy;
    fastcgi_temp_path {folder}/nginx-fastcgi;
    uwsgi_temp_path {folder}/nginx-uwsgi;
    scgi_temp_path {folder}/nginx-scgi;
    server {{
        listen 127.0.0.1:{port};
        root {folder}/static-copy;
        default_type text/html;
    }}
}}
"""


def fetch(url: str) -> tuple[dict, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        return dict(response.headers), response.read()


PRODUCTION = "production: DATELINE_PURGE_URL set, as behind Varnish"
EMBEDDED = "embedded: no proxy"


def archive_ready(folder: str, articles: int, *, reuse: bool, smoke: bool) -> None:
    """The demo and ``articles`` more in the archive (unless ``reuse``: built by an
    earlier run), analysed for PostgreSQL's planner."""
    from django.core.management import call_command
    from django.db import connection

    if not reuse:
        print("Loading the demo, then building the archive…", file=sys.stderr)
        if not smoke:
            call_command("demo", no_progress=True, verbosity=0)
        import importer
        import see_also

        if smoke:
            see_also.LEXICON = 2_000  # its made-up words: enough for a few pages
        importer.load(Path(folder), articles)
    if connection.vendor == "postgresql":  # statistics for the planner
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def random_articles(folder: str) -> tuple[Path, Path]:
    """wrk's script for random articles across the archive, and its list of them
    (readers' paths: the url_path starts with the front page's slug, a reader's
    path with the language)."""
    from dateline.articles.models import ArticlePage

    rng = random.Random(1)
    rows = list(
        ArticlePage.objects.published().values_list("url_path", "locale__language_code")
    )
    paths = Path(folder) / "random-paths.txt"
    paths.write_text(
        "\n".join(
            quote(f"/{language}/{url_path.strip('/').split('/', 1)[1]}/")
            for url_path, language in rng.sample(rows, min(len(rows), 50_000))
        )
    )
    lua = Path(folder) / "random.lua"
    lua.write_text(RANDOM_PATHS)
    return lua, paths


def site_environment() -> dict[str, str]:
    """The environment of a site started on the benchmark's archive: its database
    and data folder, and its worker on the database, as in production (the
    benchmark's own tasks go nowhere)."""
    environment = {
        key: os.environ[key]
        for key in ("DATABASE_URL", "DATELINE_DATA_DIR")
        if key in os.environ
    }
    environment["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    return environment


def query_counts(paths: dict[str, str]) -> dict[str, dict[str, int]]:
    """Queries each page costs when it is made (not served from a cache), once warm,
    in both configurations: embedded, and production behind Varnish, where every
    request that reaches Django is a proxy's miss and reads the page generations
    afresh (pagecache/)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    no_cache = {**settings.DATELINE_PAGE_CACHE, "SECONDS": 0}
    configurations = {
        EMBEDDED: {"DATELINE_PAGE_CACHE": no_cache, "DATELINE_PURGE_URL": ""},
        # Nothing is purged here: the address only has to be set.
        PRODUCTION: {
            "DATELINE_PAGE_CACHE": no_cache,
            "DATELINE_PURGE_URL": "http://127.0.0.1:9/",
        },
    }
    counts = {}
    for configuration, overrides in configurations.items():
        with override_settings(**overrides):
            client = Client(HTTP_HOST="127.0.0.1")
            counts[configuration] = {}
            for name, path in paths.items():
                client.get(path)
                with CaptureQueriesContext(connection) as queries:
                    status = client.get(path).status_code
                if status != 200:
                    sys.exit(f"{path} answered {status}")
                counts[configuration][name] = len(queries)
    return counts


def cpu_per_page(paths: dict[str, str], requests: int) -> dict[str, dict]:
    """CPU time of one request for each page, made in this process (every page
    cache off, production settings: DATELINE_PURGE_URL set), beside the anchor: a
    plain Django view answering with the same bytes through the same middleware.
    The best of three rounds of ``requests`` each (the machine's noise only adds)."""
    import plain_urls
    from django.conf import settings
    from django.test import Client, override_settings

    no_cache = {**settings.DATELINE_PAGE_CACHE, "SECONDS": 0}
    figures = {}
    with override_settings(
        DATELINE_PAGE_CACHE=no_cache,
        DATELINE_PURGE_URL="http://127.0.0.1:9/",
        ROOT_URLCONF="plain_urls",
    ):
        client = Client(HTTP_HOST="127.0.0.1")

        def best(path: str) -> float:
            client.get(path)
            rounds = []
            for _ in range(3):
                started = time.process_time()
                for _ in range(requests):
                    client.get(path)
                rounds.append((time.process_time() - started) / requests * 1000)
            return min(rounds)

        for name, path in paths.items():
            response = client.get(path)
            plain_urls.BODY["bytes"] = response.content
            figures[name] = {"page": best(path), "plain": best("/__plain__/")}
    return figures


def worker_memory(site) -> list[float]:
    """Resident memory (MB) of each gunicorn worker of ``site``."""
    master = site.processes[0].pid
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", text, re.M):
            found.append(int(re.search(r"VmRSS:\s+(\d+)", text).group(1)) / 1024)
    return found


def main() -> None:
    parser = load_parser(__doc__.split("\n\n")[0])
    parser.add_argument(
        "--memory-requests",
        type=int,
        default=20_000,
        help="random articles made before the workers' memory is read",
    )
    parser.add_argument(
        "--smoke", action="store_true", help="a few seconds: is the harness working"
    )
    args = parser.parse_args()
    if args.smoke:
        args.articles, args.seconds, args.memory_requests = 200, 1, 200
    tools_needed("wrk", "nginx", "varnishd")

    from deploy.localsite import LocalSite, free_port

    with archive_folder(args.database, f"dateline_bench_serving_{args.articles}") as (
        folder,
        reuse,
    ):
        setup(folder, EMAIL_URL="dummymail://")
        from django.db.models import Exists, OuterRef, Q

        from dateline.articles.models import ArticlePage
        from dateline.importers.models import ImportedItem

        started = time.monotonic()
        archive_ready(folder, args.articles, reuse=reuse, smoke=args.smoke)
        built = time.monotonic() - started
        total = ArticlePage.objects.count()

        # A demo story (a picture, bylines, See also), its section, its front page;
        # in the smoke run, without the demo, an article and its month.
        article = (
            ArticlePage.objects.published()
            .filter(locale__language_code="en")
            # NOT EXISTS, an anti-join: NOT IN over a million imported ids is
            # checked row by row once they no longer fit PostgreSQL's work_mem.
            .exclude(
                Exists(ImportedItem.objects.filter(page_id=OuterRef("pk")))
                if not args.smoke
                else Q(pk__in=[])
            )
            .order_by("-published_at")
            .first()
        )
        listing = article.section or article.get_parent()
        paths = {"article": article.url, "front page": "/en/", "section": listing.url}
        counts = query_counts(paths)
        cpu = cpu_per_page(paths, 20 if args.smoke else 200)
        lua, random_paths = random_articles(folder)
        environment = site_environment()
        # wrk is one client address making thousands of pages a second: the
        # benchmark measures what a page costs, not the crawlers' limit.
        environment["DATELINE_ADDRESS_PAGES_PER_SECOND"] = "0"
        results = []

        def measure(name: str, url: str, reference: dict, **options) -> dict:
            fetch(url)
            headers, _ = fetch(url)
            figures = wrk(url, args.seconds, **options)
            figures["name"] = name
            figures["ratio"] = figures["rate"] / reference["rate"]
            figures["cache"] = headers.get("X-Cache", "")
            results.append(figures)
            print(
                f"{name}: {figures['rate']:.0f}/s ({figures['ratio']:.1%} of static)",
                file=sys.stderr,
            )
            return figures

        def static_reference(site, path: str) -> tuple[dict, int]:
            """nginx serving this page's bytes as a file, measured now."""
            _, body = fetch(site.url + path)
            copy = Path(folder) / "static-copy" / path.strip("/")
            copy.mkdir(parents=True, exist_ok=True)
            (copy / "index.html").write_bytes(body)
            port = free_port()
            conf = Path(folder) / "nginx.conf"
            conf.write_text(
                NGINX.format(workers=2, folder=folder, port=port),
            )
            nginx = subprocess.Popen(  # noqa: S603
                [shutil.which("nginx") or "/usr/sbin/nginx", "-c", str(conf)]
            )
            time.sleep(0.5)
            try:
                figures = wrk(f"http://127.0.0.1:{port}{path}", args.seconds)
            finally:
                nginx.terminate()
                nginx.wait()
            figures.update(name=f"nginx, static file ({path})", ratio=1.0, cache="")
            results.append(figures)
            return figures, len(body)

        sizes = {}
        # The smoke run measures one page behind each cache: enough to run it all.
        measured = {"article": paths["article"]} if args.smoke else paths
        # 1. Varnish in front.
        site = LocalSite(
            Path(tempfile.mkdtemp(prefix="site-", dir=folder)),
            proxy=True,
            **environment,
        )
        site.start(workers=args.workers, threads=2)
        try:
            for name, path in paths.items():
                reference, sizes[name] = static_reference(site, path)
                measure(f"Varnish: {name}", site.proxy_url + path, reference)
        finally:
            site.stop()

        # 2. Django's cache: the embedded set-up's (local memory), then Redis.
        for cache, extra in (
            ("local memory", {}),
            ("Redis", {"REDIS_URL": "redis://127.0.0.1:6379/3"}),
        ):
            site = LocalSite(
                Path(tempfile.mkdtemp(prefix="site-", dir=folder)),
                **environment,
                **extra,
            )
            site.start(workers=args.workers, threads=2)
            try:
                for name, path in measured.items():
                    reference = next(
                        r for r in results if r["name"].endswith(f"({path})")
                    )
                    measure(
                        f"Django's cache ({cache}): {name}", site.url + path, reference
                    )
            finally:
                site.stop()

        def made_on_request(site, label: str) -> None:
            """Each page, then random articles of the archive, made on each request."""
            article = next(
                r for r in results if r["name"].endswith(f"({paths['article']})")
            )
            for name, path in measured.items():
                reference = next(r for r in results if r["name"].endswith(f"({path})"))
                measure(
                    f"uncached, {label}: {name}",
                    site.url + path,
                    reference,
                    connections=8,
                )
            measure(
                f"uncached, {label}: random articles",
                site.url + "/",
                article,
                connections=8,
                script=(lua, random_paths),
            )

        # 3. Made on every request: first as in production, behind Varnish, each
        # request sent to the application itself, as Varnish sends its misses.
        site = LocalSite(
            Path(tempfile.mkdtemp(prefix="site-", dir=folder)),
            proxy=True,
            DATELINE_PAGE_CACHE_SECONDS="0",
            **environment,
        )
        site.start(workers=args.workers, threads=1)
        try:
            made_on_request(site, "production")
        finally:
            site.stop()
        # Then embedded (no proxy), where the memory is read too.
        site = LocalSite(
            Path(tempfile.mkdtemp(prefix="site-", dir=folder)),
            DATELINE_PAGE_CACHE_SECONDS="0",
            **environment,
        )
        site.start(workers=args.workers, threads=1)
        try:
            made_on_request(site, "embedded")
            served = sum(
                r["requests"]
                for r in results
                if r["name"].startswith("uncached, embedded")
            )
            # The workers' memory as requests for random articles go on: a leak
            # shows as growth from one reading to the next.
            memory = [(served, worker_memory(site))]
            while served < args.memory_requests:
                served += wrk(
                    site.url + "/",
                    args.seconds * 6,
                    connections=8,
                    script=(lua, random_paths),
                )["requests"]
                memory.append((served, worker_memory(site)))
                print(f"memory after {served:,}: {memory[-1][1]}", file=sys.stderr)
        finally:
            site.stop()

    print()
    print(
        f"{total:,} articles ({args.database}; built in {built:.0f} s); "
        f"gunicorn: {args.workers} workers; wrk: 2 threads, 32 connections "
        f"(8 uncached), {args.seconds:.0f} s each."
    )
    print()
    print("| what | requests/s | of static | median latency | X-Cache |")
    print("|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['name']} | {r['rate']:,.0f} | {r['ratio']:.0%} | "
            f"{r['median_ms']:.2f} ms | {r['cache']} |"
            + (f" {r['errors']} errors" if r["errors"] else "")
        )
    print()
    print(f"| page | SQL queries made, {EMBEDDED} | {PRODUCTION} | bytes |")
    print("|---|---|---|---|")
    for name in paths:
        print(
            f"| {name} | {counts[EMBEDDED][name]} | {counts[PRODUCTION][name]} | "
            f"{sizes.get(name, 0):,} |"
        )
    print()
    print(
        "| page | CPU per page made, one process (ms) | a plain Django view, "
        "the same bytes (ms) |"
    )
    print("|---|---|---|")
    for name, figures in cpu.items():
        print(f"| {name} | {figures['page']:.2f} | {figures['plain']:.2f} |")
    print()
    print("| uncached requests served | each app-server worker's resident memory |")
    print("|---|---|")
    for count, sizes_mb in memory:
        print(f"| {count:,} | {', '.join(f'{mb:.0f} MB' for mb in sizes_mb)} |")
    errors = sum(r["errors"] for r in results)
    if errors:
        sys.exit(f"{errors} requests failed")


if __name__ == "__main__":
    main()
