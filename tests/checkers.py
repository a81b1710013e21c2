"""Outside checkers the tests run on Dateline's output, in one place: the W3C Nu
HTML checker (the ``vnu-jar`` npm package, on the machine's Java)."""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def nu_errors(documents: dict[str, str | bytes]) -> list[str]:
    """The Nu HTML checker's errors (and its warnings of a wrong document) in each
    HTML document, named ``name:line: message``; all checked in one run (the
    checker's start is the slow part)."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.fail("the Nu HTML checker needs Java and `npm ci` (vnu-jar)")
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{number}.html"
            path.write_bytes(html.encode() if isinstance(html, str) else html)
            names[path.name] = name
        result = subprocess.run(  # noqa: S603  (our own tool, our own files)
            [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always"]
            + [str(Path(folder) / f"{n}.html") for n in range(len(documents))],
            capture_output=True,
            text=True,
            check=True,
        )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{names.get(m.get('url', '').rpartition('/')[2], m.get('url'))}:"
        f"{m.get('lastLine', '?')}: "
        f"{m['message']}  [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
