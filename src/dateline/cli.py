"""The ``dateline`` command: Django's manage.py with Dateline's own commands.

Dateline's commands are spelled with hyphens on the command line
(``dateline import-text``) and with underscores as Django commands
(``import_text``); both spellings work.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, defaulting to the development settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.dev")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
