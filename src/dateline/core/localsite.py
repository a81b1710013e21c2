"""A Dateline running on this machine as it runs in production: gunicorn serving the
application, a worker beside it, on a data folder of its own. The browser tests and
the reader benchmark (bench/reader.py) use it; each process is a real one."""

import os
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


class LocalSite:
    def __init__(self, folder: Path, port: int | None = None, **environment: str):
        port = port or free_port()
        self.folder = Path(folder)
        self.url = f"http://127.0.0.1:{port}"
        self.port = port
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

    def prepare(self, *, demo: bool = True) -> None:
        """Migrate, load the demo, collect the static files."""
        steps = [("migrate", "--no-input")]
        if demo:
            steps.append(("demo", "--no-progress"))
        steps.append(("collectstatic", "--no-input", "-v0"))
        for step in steps:
            with self.log.open("a") as out:
                done = subprocess.run(  # noqa: S603  (our own command)
                    self._command(*step),
                    env=self.env,
                    cwd=self.folder,
                    stdout=out,
                    stderr=out,
                    check=False,
                )
            if done.returncode:
                raise RuntimeError(
                    f"dateline {step[0]} failed:\n{self.log.read_text()[-3000:]}"
                )

    def start(self, *, workers: int = 2) -> None:
        """Start gunicorn and a worker; return once the site answers."""
        with self.log.open("a") as out:
            for command in (
                [sys.executable, "-m", "gunicorn", "dateline.wsgi"]
                + ["--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
                + ["--threads", "4"],
                self._command("worker", "--interval", "0.2", "--no-startup-delay"),
            ):
                self.processes.append(
                    subprocess.Popen(  # noqa: S603  (our own command)
                        command, env=self.env, cwd=self.folder, stdout=out, stderr=out
                    )
                )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(process.poll() is not None for process in self.processes):
                break
            try:
                with urllib.request.urlopen(self.url + "/en/", timeout=2):  # noqa: S310
                    return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"the site did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=20)
        self.processes = []
