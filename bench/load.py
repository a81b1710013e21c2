"""Load with wrk: a page's rate and latencies, and readers beside a crawler."""

import argparse
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from common import archive_parser

# Each connection waits so many milliseconds before its next request: readers at a
# steady pace, not as fast as the machine goes.
PACED = "delay = function() return {pause} end\n"

RANDOM_PATHS = """
paths = {}
init = function(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""

# A crawler that walks the archive as fast as it can, under a search engine's name.
CRAWLER = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


def load_parser(description: str) -> argparse.ArgumentParser:
    """A load benchmark's options: its archive, and how long and on how many
    gunicorn workers it loads the site."""
    parser = archive_parser(description)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    return parser


PACKAGES = {"varnishd": "varnish"}  # Debian's package of each tool, where it differs


def tools_needed(*tools: str) -> None:
    """Stop, saying what to install, if one of ``tools`` is missing."""
    missing = [
        tool
        for tool in tools
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()
    ]
    if missing:
        packages = " ".join(PACKAGES.get(tool, tool) for tool in missing)
        sys.exit(f"{', '.join(missing)} needed (apt-get install {packages})")


def wrk_command(
    url: str, seconds: float, *, connections=32, threads=2, script=None, agent=None
) -> list[str]:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    if agent:
        command += ["-H", f"User-Agent: {agent}"]
    if script:  # (the Lua file, an argument for it or None)
        command += ["-s", str(script[0]), url]
        command += ["--", str(script[1])] if script[1] else []
    else:
        command.append(url)
    return command


def wrk(url: str, seconds: float, **options) -> dict:
    """Requests a second and latencies of ``url`` under wrk."""
    out = subprocess.run(  # noqa: S603  (wrk, with our arguments)
        wrk_command(url, seconds, **options), capture_output=True, text=True, check=True
    ).stdout
    return wrk_figures(out)


def wrk_figures(out: str) -> dict:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}

    def latency(percent: int) -> float:
        found = re.search(rf"{percent}%\s+([\d.]+)(us|ms|s)\b", out)
        return float(found.group(1)) * scale[found.group(2)]

    return {
        "rate": rate,
        "requests": total,
        "errors": int(errors.group(1)) if errors else 0,
        "median_ms": latency(50),
        "p99_ms": latency(99),
    }


def readers_beside_a_crawler(
    site, url: str, home: str, paths: tuple, seconds: float, *, pause: int = 10
) -> dict[str, dict]:
    """Readers of ``url`` (a cached page: 32 connections) on a quiet machine, then
    while a crawler (8 connections) walks random archive articles from ``home``
    (``paths``: the Lua script and its list), mostly pages no cache holds. Pages
    made for the crawler are counted where they are made: Varnish's requests to
    the application (``site``), less the crawler's 429s, all of them the
    application's."""
    paced = Path(paths[0]).with_name("paced.lua")
    paced.write_text(PACED.format(pause=pause))
    readers = {"script": (paced, None)}
    wrk(url, 1)  # the workers warm
    quiet = wrk(url, seconds, **readers)
    before = site.backend_requests()
    crawler = subprocess.Popen(  # noqa: S603  (wrk, with our arguments)
        wrk_command(
            home, seconds + 2, connections=8, threads=1, script=paths, agent=CRAWLER
        ),
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(1)  # the crawler under way first
    busy = wrk(url, seconds, **readers)
    out, _ = crawler.communicate()
    walked = wrk_figures(out)
    made = site.backend_requests() - before - walked["errors"]
    walked["made_rate"] = made / (seconds + 2)
    walked["refused_rate"] = walked["errors"] / (seconds + 2)
    return {"quiet": quiet, "busy": busy, "crawler": walked}
