#!/usr/bin/env python
"""Django's manage.py, for habit's sake: ``dateline`` is the same command."""

from dateline.cli import main

if __name__ == "__main__":
    main()
