"""bench/reader.py's measurement, once, on the test site: the harness keeps working
(the figures themselves are written to docs/performance.md, never asserted)."""

import importlib.util
from pathlib import Path

from .conftest import PHONE, ROOT


def load_bench():
    path = Path(ROOT) / "bench" / "reader.py"
    spec = importlib.util.spec_from_file_location("bench_reader", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_reader_benchmark_measures_a_throttled_page_load(reader_site, browser):
    bench = load_bench()
    figures = bench.measure(browser, reader_site.url + "/en/", PHONE, runs=1)
    assert set(figures) == {"ttfb", "lcp", "load", "bytes"}
    assert 0 < figures["ttfb"] <= figures["lcp"]
    # Throttled to Fast 3G, the page's own request included: its first byte comes
    # at least one emulated round trip (562.5 ms) after it was sent, and the paint
    # after that.
    assert figures["ttfb"] >= bench.FAST_3G["latency"]
    assert figures["lcp"] > figures["ttfb"]
    assert figures["bytes"] > 10_000
