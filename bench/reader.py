"""Speed as the reader feels it: time to first byte and largest contentful paint of
the front page and of an article, in Debian's Chromium, on DevTools' "Fast 3G"
profile (562.5 ms round trip, 1.44 Mbit/s down, 675 kbit/s up) with the CPU slowed
four times, as Lighthouse does for phones. The site is the demo, served by gunicorn
with a worker beside it (deploy.localsite). Prints medians; never fails.

Time to first byte is read from DevTools' network events (the page's request sent,
its response received), not from the page's Navigation Timing: under DevTools'
throttling, Navigation Timing's ``responseStart`` carries the network stack's own
timings, before the emulated latency is added (a few milliseconds on this machine,
where the response reaches the page one round trip later). The paint and load
times are the page's own: they happen after the throttled response arrives.

    python bench/reader.py [--runs 5]
"""

import argparse
import shutil
import statistics
import sys
import tempfile
from functools import partial
from pathlib import Path

from deploy.localsite import LocalSite

FAST_3G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
    "uploadThroughput": 750 * 1024 / 8 * 0.9,
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LCP = """new Promise(done => new PerformanceObserver(list => {
    const entries = list.getEntries();
    done(entries[entries.length - 1].startTime);
}).observe({type: "largest-contentful-paint", buffered: true}))"""
TIMING = """(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const rest = performance.getEntriesByType("resource");
    return {load: nav.loadEventEnd,
            bytes: nav.transferSize + rest.reduce((sum, r) => sum + r.transferSize, 0)};
})()"""


def _first(seen: dict, event: dict) -> None:
    """Keep the first event about the page itself (its document request)."""
    if event.get("type") == "Document" and not seen:
        seen.update(event)


def measure(browser, url: str, viewport: dict, runs: int) -> dict:
    figures = []
    for _ in range(runs):
        context = browser.new_context(viewport=viewport)  # a cold cache each time
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        sent, received = {}, {}
        cdp.on("Network.requestWillBeSent", partial(_first, sent))
        cdp.on("Network.responseReceived", partial(_first, received))
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", FAST_3G)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(url, wait_until="load")
        ttfb = (received["timestamp"] - sent["timestamp"]) * 1000
        figures.append(
            {**page.evaluate(TIMING), "lcp": page.evaluate(LCP), "ttfb": ttfb}
        )
        context.close()
    return {key: statistics.median(f[key] for f in figures) for key in figures[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="dateline-bench-reader-"))
    site = LocalSite(folder)
    try:
        print("Loading the demo…", file=sys.stderr)
        site.prepare(demo=True)
        site.start()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            page = browser.new_page()
            pages = {}
            for edition in ("en", "zh-hans"):
                page.goto(f"{site.url}/{edition}/")
                lead = page.locator(".story--lead .story__headline a").get_attribute(
                    "href"
                )
                pages[f"front page ({edition})"] = f"/{edition}/"
                pages[f"article with a picture ({edition})"] = lead
            page.close()
            print(
                f"{'page':36} {'size':8} {'TTFB ms':>8} {'LCP ms':>8} "
                f"{'load ms':>8} {'KB':>6}"
            )
            for name, path in pages.items():
                for size, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                    f = measure(browser, site.url + path, viewport, args.runs)
                    print(
                        f"{name:36} {size:8} {f['ttfb']:8.0f} {f['lcp']:8.0f} "
                        f"{f['load']:8.0f} {f['bytes'] / 1024:6.1f}"
                    )
            browser.close()
    finally:
        site.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
