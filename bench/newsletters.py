"""Benchmark newsletters: ``make bench`` (or ``uv run python bench/newsletters.py
--subscribers 100000``).

In a throw-away SQLite database: a day's articles in four editions, and confirmed
subscribers with varied preferences (editions, countries, topics). Then:

1. the daily digest, built and delivered end to end to a local SMTP sink (aiosmtpd in
   a process of its own, as a relay would be), in this one process: messages a second
   and resident memory as the run goes (flat if nothing grows with the list);
2. the subscribe request under load: a real server (gunicorn, two workers) and eight
   clients posting the form while the digest is sent again to a second list.

Prints Markdown rows for docs/performance.md. Nothing here asserts a time.
"""

import argparse
import http.client
import multiprocessing
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from common import peak_mb, rss_mb, setup
from common import workers as bench_workers

from deploy.localsite import free_port

HERE = Path(__file__).resolve().parent
EDITIONS = ["en", "it", "zh-hans", "es"]


def sink(port: int, ready, count) -> None:
    """An SMTP server that accepts every message and keeps only a count."""
    import asyncio

    from aiosmtpd.controller import Controller

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802
            with count.get_lock():
                count.value += 1
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    asyncio.run(asyncio.sleep(10**6))


def articles(per_edition: int) -> int:
    """A day's news in every edition, in the demo's sections, some translated."""
    from django.utils import timezone

    from dateline.articles.models import ArticleCountry, ArticlePage, SectionPage
    from dateline.articles.services import archive_month_get_or_create
    from dateline.demo.management.commands.demo import sections_ensure

    sections_ensure()
    rng = random.Random(3)
    now = timezone.now()
    made = 0
    for language in EDITIONS:
        sections = list(SectionPage.objects.filter(locale__language_code=language))
        for n in range(per_edition):
            section = rng.choice(sections)
            codes = section.country_codes or ["CN", "IN", "ID"]
            when = now - timedelta(minutes=rng.randint(10, 23 * 60))
            home = section.get_parent()
            month = archive_month_get_or_create(home=home.specific, when=when)
            article = ArticlePage(
                title=f"Story {n} of the day in {language}",
                slug=f"story-{n}",
                lede="A lede of two sentences, as agencies write them. " * 2,
                published_at=when,
                body=[("paragraph", "<p>Body.</p>")],
                section=section,
                locale_id=section.locale_id,
                digest_lead=n == 0,
            )
            article.countries = [
                ArticleCountry(code=code, sort_order=i)
                for i, code in enumerate(rng.sample(codes, min(2, len(codes))))
            ]
            month.add_child(instance=article)
            article.save_revision().publish()
            made += 1
    return made


def subscribers(count: int, *, prefix: str = "reader") -> None:
    """Confirmed subscribers: most want everything in their language, many one
    country or topic, some several; a tenth weekly, a tenth breaking news."""
    from django.utils import timezone

    from dateline.articles.models import SectionPage
    from dateline.newsletters.models import Subscriber

    rng = random.Random(4)
    countries = sorted(
        {
            c
            for codes in SectionPage.objects.values_list("country_codes", flat=True)
            for c in codes
        }
    )
    topics = [
        str(k)
        for k in SectionPage.objects.filter(locale__language_code="en").values_list(
            "translation_key", flat=True
        )
    ]
    confirmed = timezone.now() - timedelta(days=30)
    batch = []
    for n in range(count):
        language = rng.choices(EDITIONS, weights=[50, 20, 15, 15])[0]
        editions = [language] + (
            ["en"] if language != "en" and rng.random() < 0.3 else []
        )
        kind = rng.random()
        chosen_countries, chosen_topics = [], []
        if 0.4 <= kind < 0.7:
            chosen_countries = [rng.choice(countries)]
        elif 0.7 <= kind < 0.85:
            chosen_topics = [rng.choice(topics)]
        elif kind >= 0.85:
            chosen_countries = rng.sample(countries, rng.randint(1, 3))
            chosen_topics = rng.sample(topics, rng.randint(0, 2))
        batch.append(
            Subscriber(
                email=f"{prefix}{n}@example.org",
                status="active",
                language=language,
                editions=editions,
                countries=chosen_countries,
                sections=chosen_topics,
                frequency=rng.choices(["daily", "weekly", "breaking"], [8, 1, 1])[0],
                confirmed_at=confirmed,
            )
        )
        if len(batch) == 5000:
            Subscriber.objects.bulk_create(batch)
            batch = []
    Subscriber.objects.bulk_create(batch)


def send_daily(delivered) -> dict:
    """Build and deliver today's daily digest; memory read every tenth of the way."""
    from dateline.newsletters import digests
    from dateline.newsletters.models import Subscriber
    from dateline.newsletters.tasks import batch_enqueue

    total = Subscriber.objects.receiving("daily").count()
    seen, memory = 0, []

    def progress(n):
        nonlocal seen
        seen += n
        if not memory or seen >= (len(memory)) * total / 10:
            memory.append((seen, rss_mb()))

    start_count = delivered.value
    began = time.perf_counter()
    digest = digests.digest_send(
        frequency="daily", enqueue=batch_enqueue, progress=progress
    )
    elapsed = time.perf_counter() - began
    counts = digests.digest_counts(digest)
    return {
        "receiving": total,
        "versions": digest.versions.count(),
        "counts": counts,
        "sink": delivered.value - start_count,
        "seconds": elapsed,
        "memory": memory,
    }


def send_with_workers(workers: int, delivered) -> dict:
    """The same digest again, as in production: ``dateline newsletters send`` queues
    the batches and ``workers`` worker processes send them (SMTP waits for each
    reply, so more connections at once send more)."""
    from django.utils import timezone

    from dateline.newsletters import digests
    from dateline.newsletters.models import Digest

    Digest.objects.all().delete()
    # The workers' clock must start no digest of its own: it starts the daily one
    # once the agency's local time passes DAILY_AT, the weekly one on WEEKLY_DAY
    # (it did, on a Monday afternoon, when the hour was set in UTC).
    local = timezone.localtime()
    if (local.hour, local.minute) >= (23, 58):
        time.sleep(180)  # into tomorrow, before 23:59 again
        local = timezone.localtime()
    environment = os.environ | {
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "DATELINE_NEWSLETTER_DAILY_AT": "23:59",
        "DATELINE_NEWSLETTER_WEEKLY_DAY": str(local.isoweekday() % 7 + 1),
    }
    command = [sys.executable, "-m", "dateline"]
    start_count = delivered.value
    began = time.perf_counter()
    with bench_workers(workers, "--interval", "0.05", environment=environment):
        subprocess.run(  # noqa: S603
            [*command, "newsletters", "send", "--no-wait", "--no-progress"],
            env=environment,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        digest = Digest.objects.get()
        while True:
            counts = digests.digest_counts(digest)
            if not counts["queued"] + counts["claimed"] + counts["handed"]:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - began
    return {
        "workers": workers,
        "counts": counts,
        "sink": delivered.value - start_count,
        "seconds": elapsed,
    }


def load(port: int, clients: int, requests: int) -> list[float]:
    """``clients`` threads posting the subscribe form; each request's latency (ms)."""
    latencies, lock = [], threading.Lock()
    per_client = requests // clients

    def client(k: int):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/en/newsletters/")
        response = connection.getresponse()
        page = response.read().decode()
        cookie = response.getheader("Set-Cookie").split(";")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        for n in range(per_client):
            body = (
                f"csrfmiddlewaretoken={token}&email=load{k}x{n}%40example.org"
                "&frequency=daily&editions=en&consent=on&leave_empty="
            )
            began = time.perf_counter()
            connection.request(
                "POST",
                "/en/newsletters/",
                body,
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": cookie,
                    "Referer": f"http://127.0.0.1:{port}/en/newsletters/",
                },
            )
            reply = connection.getresponse()
            reply.read()
            took = (time.perf_counter() - began) * 1000
            if reply.status != 200:
                raise RuntimeError(f"subscribe answered {reply.status}")
            with lock:
                latencies.append(took)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=30, help="per edition")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    smtp_port = free_port()
    with tempfile.TemporaryDirectory(prefix="dateline-bench-") as tmp:
        setup(
            tmp,
            TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
            EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
            DATELINE_NEWSLETTER_PER_HOUR="1000000",
            DATELINE_NEWSLETTER_BATCH="1000",
        )
        delivered = multiprocessing.Value("i", 0)
        ready = multiprocessing.Event()
        relay = multiprocessing.Process(
            target=sink, args=(smtp_port, ready, delivered), daemon=True
        )
        relay.start()
        ready.wait(10)

        began = time.perf_counter()
        made = articles(args.articles)
        subscribers(args.subscribers)
        sys.stderr.write(
            f"{made} articles, {args.subscribers} subscribers in "
            f"{time.perf_counter() - began:.0f} s\n"
        )
        run = send_daily(delivered)
        # Every rate is what the SMTP server accepted, not what we marked sent.
        sent = run["sink"]
        rate = sent / run["seconds"]
        parallel = send_with_workers(args.workers, delivered)

        # The subscribe form under load, while a second list gets its digest.
        from django.db import connection

        connection.close()
        web_port = free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "dateline.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{web_port}",
                "--log-level",
                "warning",
            ],
            # The web server queues mail, as in production; it does not send it.
            env=os.environ | {"TASKS_BACKEND": "django_tasks_db.DatabaseBackend"},
        )
        try:
            for _attempt in range(100):
                try:
                    socket.create_connection(("127.0.0.1", web_port), 0.2).close()
                    break
                except OSError:
                    time.sleep(0.2)
            from dateline.newsletters.models import Digest

            subscribers(args.subscribers // 10, prefix="second")
            Digest.objects.all().delete()
            background = threading.Thread(target=send_daily, args=(delivered,))
            background.start()
            latencies = load(web_port, 8, args.requests)
            background.join()
        finally:
            server.terminate()
            server.wait()
        relay.terminate()

    memory = ", ".join(f"{seen:,}: {mb:.0f} MB" for seen, mb in run["memory"])
    p95 = latencies[int(len(latencies) * 0.95)]
    parallel_sent = parallel["sink"]
    sys.stdout.write(
        "\n".join(
            [
                f"| list | {args.subscribers:,} confirmed subscribers, "
                f"{run['receiving']:,} of them daily; {made} articles of the day "
                f"in 4 editions ({connection.vendor}) |",
                f"| daily digest, built and delivered to the SMTP sink by one "
                f"process | the sink accepted {sent:,} "
                f"messages in {run['seconds']:.0f} s: **{rate:.0f} messages/s** "
                f"(marked sent: {run['counts']['sent']:,}); "
                f"{run['versions']:,} distinct digests rendered |",
                f"| the same, queued by `dateline newsletters send` and sent "
                f"by {parallel['workers']} `dateline worker` processes | "
                f"the sink accepted {parallel_sent:,} messages in "
                f"{parallel['seconds']:.0f} s: "
                f"**{parallel_sent / parallel['seconds']:.0f} messages/s** "
                f"(marked sent: {parallel['counts']['sent']:,}) |",
                f"| resident memory as subscribers are visited (one process) | "
                f"{memory}; peak {peak_mb():.0f} MB |",
                f"| subscribe request (POST), 8 clients, {len(latencies):,} "
                f"requests, during a send | median "
                f"{statistics.median(latencies):.0f} ms, 95th percentile "
                f"{p95:.0f} ms, slowest {latencies[-1]:.0f} ms |",
            ]
        )
        + "\n"
    )


if __name__ == "__main__":
    main()
