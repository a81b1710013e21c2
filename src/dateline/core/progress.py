"""The progress bar of Dateline's long commands (import, rebuilds, sending)."""

import sys
from contextlib import contextmanager

from tqdm import tqdm


def progress_bar(iterable=None, *, hidden: bool = False, **kwargs) -> tqdm:
    """A tqdm bar on standard error: hidden by ``--no-progress`` (``hidden``), and
    when standard error is not a terminal (tqdm's ``disable=None``)."""
    return tqdm(iterable, disable=hidden or None, file=sys.stderr, **kwargs)


@contextmanager
def progress_bars(*, desc: str, unit: str, hidden: bool = False):
    """The ``progress(total)`` that services take, as a bar per call (each returns
    the bar's ``update``); every bar is closed on the way out, interrupted or not."""
    bars = []

    def progress(total: int):
        bar = progress_bar(total=total, desc=desc, unit=unit, hidden=hidden)
        bars.append(bar)
        return bar.update

    try:
        yield progress
    finally:
        for bar in bars:
            bar.close()


@contextmanager
def stage_bars(*, names: dict[str, str], units: dict[str, str], hidden: bool = False):
    """The ``progress(stage, total)`` that staged services take (See also's rebuild),
    as a bar per stage, named ``names[stage]`` and counting ``units[stage]``; every
    bar is closed on the way out, interrupted or not."""
    bars = []

    def progress(stage: str, total: int):
        bar = progress_bar(
            total=total, desc=names[stage], unit=units[stage], hidden=hidden
        )
        bars.append(bar)
        return bar.update

    try:
        yield progress
    finally:
        for bar in bars:
            bar.close()
