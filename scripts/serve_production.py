"""``make serve-production``: Dateline on this machine as it runs in production
(docs/deployment.md). Varnish in front, gunicorn, a worker, PostgreSQL and Redis;
the production settings, with plain HTTP (no TLS on a laptop). Stops on Ctrl-C.

Readers: http://127.0.0.1:PORT (Varnish). The application itself: PORT + 1.
"""

import argparse
import os
import secrets
import signal
import sys
import time
from pathlib import Path

import psycopg

from deploy.localsite import LocalSite


def database(url: str) -> None:
    """Create the database at ``url`` if the server has none of that name."""
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if not admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="where readers go")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--folder", type=Path, default=Path("data/production"))
    parser.add_argument(
        "--database",
        default="postgres://postgres@127.0.0.1:5432/dateline_production",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/1")
    arguments = parser.parse_args()

    folder = arguments.folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    secret = folder / "secret-key.txt"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
        secret.chmod(0o600)
    database(arguments.database)
    url = f"http://127.0.0.1:{arguments.port}"
    site = LocalSite(
        folder,
        port=arguments.port + 1,
        proxy=True,
        proxy_port=arguments.port,
        DJANGO_SETTINGS_MODULE="dateline.settings.production",
        SECRET_KEY=secret.read_text(),
        DATABASE_URL=arguments.database,
        REDIS_URL=arguments.redis,
        BASE_URL=url,
        EMAIL_URL=f"filemail://{folder / 'mail'}",
        # Plain HTTP on this machine: in production, TLS ends in front of Varnish.
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        LOG_LEVEL="INFO",
    )
    print(f"Preparing {arguments.database} (migrations, demo content)...")
    site.prepare(demo=True)
    site.start(workers=arguments.workers, threads=2)
    print(f"Dateline is served at {url}/ (Varnish), the application at {site.url}/")
    print(f"The admin: {url}/admin/ (the demo's accounts: {folder / 'site.log'})")
    print("Ctrl-C stops everything.")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(process.poll() is None for process in site.processes):
            time.sleep(1)
        print(f"A process stopped; see {site.log}", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        site.stop()


if __name__ == "__main__":
    main()
