"""The progress bar of Dateline's long commands (import, rebuilds, sending)."""

import sys

from tqdm import tqdm


def progress_bar(iterable=None, *, hidden: bool = False, **kwargs) -> tqdm:
    """A tqdm bar on standard error: hidden by ``--no-progress`` (``hidden``), and
    when standard error is not a terminal (tqdm's ``disable=None``)."""
    return tqdm(iterable, disable=hidden or None, file=sys.stderr, **kwargs)
