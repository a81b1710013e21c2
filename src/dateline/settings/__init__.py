"""Settings: ``base`` holds everything; ``dev``, ``test`` and ``production`` adjust it.

The environment is read only in this package (see the settings table in README.md).
"""
