"""A Dateline running on this machine as it runs in production: gunicorn serving the
application, a worker beside it, and, with ``proxy=True``, Varnish in front, on a
data folder of its own. The browser tests, the benchmarks and
``make serve-production`` use it; each process is a real one."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


VCL = Path(__file__).resolve().parent / "varnish" / "dateline.vcl"


class LocalSite:
    def __init__(
        self,
        folder: Path,
        port: int | None = None,
        *,
        proxy: bool = False,
        proxy_port: int | None = None,
        **environment: str,
    ):
        port = port or free_port()
        self.folder = Path(folder)
        self.url = f"http://127.0.0.1:{port}"
        self.port = port
        # Varnish in front: readers go to proxy_url; the application purges it.
        self.proxy_port = (proxy_port or free_port()) if proxy else None
        self.proxy_url = f"http://127.0.0.1:{self.proxy_port}" if proxy else None
        if proxy:
            environment = {"DATELINE_PURGE_URL": self.proxy_url, **environment}
        self.log = self.folder / "site.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
            "DEBUG": "false",
            "SECRET_KEY": uuid.uuid4().hex,
            "DATELINE_DATA_DIR": str(self.folder),
            "DATABASE_URL": f"sqlite:///{self.folder / 'site.sqlite3'}",
            "BASE_URL": self.url,
            "DATELINE_SERVE_MEDIA": "true",  # no web server in front
            "LOG_LEVEL": "WARNING",
            **environment,
        }
        # Set by test runners that drive a browser; it must not leak into the site.
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.processes: list[subprocess.Popen] = []

    def _command(self, *arguments: str) -> list[str]:
        return [sys.executable, "-m", "dateline.cli", *arguments]

    def run(self, *arguments: str) -> str:
        """Run a ``dateline`` command on the site; its output (kept in the log too)."""
        done = subprocess.run(  # noqa: S603  (our own command)
            self._command(*arguments),
            env=self.env,
            cwd=self.folder,
            capture_output=True,
            text=True,
            check=False,
        )
        with self.log.open("a") as out:
            out.write(done.stdout + done.stderr)
        if done.returncode:
            raise RuntimeError(
                f"dateline {arguments[0]} failed:\n{self.log.read_text()[-3000:]}"
            )
        return done.stdout

    def prepare(self, *, demo: bool = True) -> None:
        """Migrate, load the demo, collect the static files."""
        self.run("migrate", "--no-input")
        if demo:
            self.run("demo", "--no-progress")
        self.run("collectstatic", "--no-input", "-v0")

    def _varnish(self) -> list[str]:
        """Varnish in front of this site's gunicorn: the repository's VCL, with
        this site's port."""
        varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
        vcl = self.folder / "dateline.vcl"
        vcl.write_text(
            VCL.read_text().replace('.port = "8000";', f'.port = "{self.port}";')
        )
        listen = f"127.0.0.1:{self.proxy_port}"
        work = str(self.folder / "varnish")
        # -j none: run as the user who starts it (the machine may give no other).
        return [varnishd, "-F", "-j", "none", "-n", work, "-a", listen] + [
            "-f",
            str(vcl),
            "-s",
            "malloc,256m",
        ]

    def start(self, *, workers: int = 2, threads: int = 4) -> None:
        """Start gunicorn, a worker and, if asked for, Varnish; return once the site
        answers."""
        commands = [
            [sys.executable, "-m", "gunicorn", "dateline.wsgi"]
            + ["--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
            + ["--threads", str(threads)],
            self._worker_command(),
        ]
        if self.proxy_port:
            commands.append(self._varnish())
        for command in commands:
            self._spawn(command)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(process.poll() is not None for process in self.processes):
                break
            try:
                for url in filter(None, (self.url, self.proxy_url)):
                    with urllib.request.urlopen(url + "/robots.txt", timeout=5):  # noqa: S310
                        pass
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the site did not start:\n{self.log.read_text()[-3000:]}")

    def _worker_command(self) -> list[str]:
        return self._command("worker", "--interval", "0.2", "--no-startup-delay")

    def start_worker(self) -> subprocess.Popen:
        """Start a worker on its own (one more, or one that replaces a worker a
        test killed)."""
        return self._spawn(self._worker_command())

    def _spawn(self, command: list[str]) -> subprocess.Popen:
        """Start ``command`` in the site's folder and environment, its output in the
        site's log; ``stop`` ends it."""
        with self.log.open("a") as out:
            process = subprocess.Popen(  # noqa: S603  (our own command)
                command, env=self.env, cwd=self.folder, stdout=out, stderr=out
            )
        self.processes.append(process)
        return process

    def backend_requests(self) -> int:
        """Varnish's own count of the requests it has sent to gunicorn."""
        out = subprocess.run(  # noqa: S603  (varnishstat, with our arguments)
            [shutil.which("varnishstat") or "/usr/bin/varnishstat"]
            + ["-n", str(self.folder / "varnish"), "-1", "-f", "MAIN.backend_req"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return int(re.search(r"MAIN\.backend_req\s+(\d+)", out).group(1))

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=20)
        self.processes = []
