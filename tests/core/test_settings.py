import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "dateline" / "settings"


def env_names():
    names = set()
    for path in SETTINGS.glob("*.py"):
        names |= set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', path.read_text()))
    return names


def test_every_environment_setting_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", readme, re.MULTILINE))
    assert env_names() - documented == set()
    assert documented - env_names() == set()  # and nothing stale


def run_python(code, **env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    result = django_setup(
        env
        | {
            "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
            "DATELINE_DATA_DIR": str(tmp_path),
        }
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
    "SECRET_KEY": "a-test-key-" + "x" * 50,
    "BASE_URL": "https://news.example",
    "EMAIL_URL": "smtp+tls://user:pw@mail.example:587",
}


@pytest.mark.parametrize(
    ("missing", "setting", "message"),
    [
        ("EMAIL_URL", {}, "EMAIL_URL"),
        ("", {"EMAIL_URL": "consolemail://"}, "delivers nothing"),
        ("", {"EMAIL_URL": "dummymail://"}, "delivers nothing"),
        ("BASE_URL", {}, "BASE_URL"),
    ],
)
def test_production_refuses_to_start_without_real_mail_or_its_address(
    tmp_path, missing, setting, message
):
    # Without them, confirmations and digests would vanish into the console, or
    # every link in them name a machine's own address.
    env = {k: v for k, v in os.environ.items() if k not in ("EMAIL_URL", "BASE_URL")}
    env |= {k: v for k, v in PRODUCTION.items() if k != missing}
    env |= setting | {"DATELINE_DATA_DIR": str(tmp_path)}
    result = django_setup(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
    # With both, it starts (the same command).
    env |= {k: v for k, v in PRODUCTION.items() if k in ("EMAIL_URL", "BASE_URL")}
    started = django_setup(env)
    assert started.returncode == 0, started.stderr


def django_setup(env: dict) -> subprocess.CompletedProcess:
    """Django set up in a process of its own, with exactly this environment."""
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import django; django.setup()"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.mark.parametrize(
    ("url", "backend", "option", "value"),
    [
        (
            "smtp+tls://user:pw@mail.example:587",
            "dateline.mail.smtp.EmailBackend",
            "use_tls",
            True,
        ),
        ("smtp://mail.example:25", "dateline.mail.smtp.EmailBackend", "timeout", 60),
        ("filemail:///tmp/mail", "filebased.EmailBackend", "file_path", "/tmp/mail"),  # noqa: S108
    ],
)
def test_email_url_becomes_a_mailer(url, backend, option, value):
    from dateline.settings.base import _mailer

    mailer = _mailer(url)
    assert mailer["BACKEND"].endswith(backend)
    assert mailer["OPTIONS"][option] == value


def test_redis_url_selects_the_redis_cache(tmp_path):
    """Django's Redis cache, in the subclass that skips a Redis that is down."""
    result = run_python(
        "import django;django.setup();"
        "from django.core.cache import caches; cache = caches['default'];"
        "from django.core.cache.backends.redis import RedisCache;"
        "print(type(cache).__name__, isinstance(cache, RedisCache),"
        " cache._cache._servers)",
        DJANGO_SETTINGS_MODULE="dateline.settings.dev",
        DATELINE_DATA_DIR=str(tmp_path),
        REDIS_URL="redis://127.0.0.1:6379/1",
    )
    assert result.stdout.split() == [
        "ResilientRedisCache",
        "True",
        "['redis://127.0.0.1:6379/1']",
    ], result.stderr


def test_dateline_command_accepts_hyphenated_names(tmp_path):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "dateline", "import-text", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "DATELINE_DATA_DIR": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "FILE_OR_DIR" in result.stdout


def test_checks_refuse_a_bad_paper_and_a_zero_limit(settings):
    from django.core.checks import run_checks

    settings.DATELINE_PDF_PAPER = "A3"
    settings.DATELINE_SHARING = settings.DATELINE_SHARING | {"PER_HOUR": 0}
    ids = {message.id for message in run_checks(tags=["dateline"])}
    assert {"dateline.E003", "dateline.E004"} <= ids


def test_checks_refuse_a_bad_digest_hour_day_and_feed_content(settings):
    from django.core.checks import run_checks

    settings.DATELINE_NEWSLETTERS = settings.DATELINE_NEWSLETTERS | {
        "DAILY_AT": "25:00",
        "WEEKLY_DAY": 0,
    }
    settings.DATELINE_FEEDS = settings.DATELINE_FEEDS | {"CONTENT": "all"}
    ids = {message.id for message in run_checks(tags=["dateline"])}
    assert {"dateline.E005", "dateline.E006", "dateline.E007"} <= ids
    settings.DATELINE_NEWSLETTERS = settings.DATELINE_NEWSLETTERS | {
        "DAILY_AT": "06:30",
        "WEEKLY_DAY": 7,
    }
    settings.DATELINE_FEEDS = settings.DATELINE_FEEDS | {"CONTENT": "full"}
    assert not run_checks(tags=["dateline"])


@pytest.mark.parametrize("module", ["dev", "production"])
def test_the_checks_pass_on_postgresql_too(tmp_path, module):
    # The checks run before every migrate: on PostgreSQL, Wagtail's search index
    # needs django.contrib.postgres (checking needs no connection).
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "dateline", "check", "--fail-level", "ERROR"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": f"dateline.settings.{module}",
            "SECRET_KEY": "a-test-key-" + "x" * 50,
            "DATELINE_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/never_used",
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "BASE_URL": "https://news.example",
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
