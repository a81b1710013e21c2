"""Development and demo settings: DEBUG on, an insecure key, mail to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str(
    "SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production"
)
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
DATELINE_SERVE_MEDIA = env.bool("DATELINE_SERVE_MEDIA", default=DEBUG)
