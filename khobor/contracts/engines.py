"""The build engines: where pass 1 runs. One list, read by the command line (`--engine`) and
by the dispatch (`khobor.pipeline.engines`); a light module, so `khobor --help` stays quick."""

from __future__ import annotations

from enum import StrEnum


class Engine(StrEnum):
    """Where `khobor build` runs its steps; both give byte-identical releases."""

    LOCAL = "local"  # worker processes on this machine (`khobor.pipeline.run`)
    DATATROVE = "datatrove"  # datatrove's pipeline executor (pip install 'khobor[scale]')


ENGINES: tuple[str, ...] = tuple(engine.value for engine in Engine)
