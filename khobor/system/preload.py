"""Modules a process will need later, imported in a thread meanwhile: the build's last steps
import Arrow's pandas, scipy's graphs, mlcroissant (and a release's gates, pandera), ~0.75 s
one after the other once pass 1 is over, when nothing else runs beside them; during pass 1 the
main thread mostly waits on its workers (`bench/results/build_speed_20k_issue23_batches.txt`)."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager


def _import_all(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a speed hint only: the module's user imports it again where it
            continue  # needs it, and reports there what fails


@contextmanager
def preloading(modules: tuple[str, ...]) -> Iterator[None]:
    """Import `modules` in a thread while the body runs; at its end, wait for the thread.

    Start it only once the process has forked what it forks for the body (a fork while a
    thread imports copies the import's lock held), and leave it before forking again. A body
    that raises does not wait (a stop kills the workers at once; the process waits for the
    thread only as it exits)."""
    if not modules:
        yield
        return
    thread = threading.Thread(target=_import_all, args=(modules,), name="khobor-preload")
    thread.start()
    yield
    thread.join()
