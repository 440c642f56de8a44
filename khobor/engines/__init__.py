"""Build engines: the same build steps on other executors.

`local` (the default) is `khobor.build.build_dataset` itself: worker processes on one machine.
`datatrove` (`khobor.engines.datatrove_engine`) runs the steps as datatrove pipeline steps, on
datatrove's local executor here and on its Ray or Slurm executors on a cluster. Both feed the
same `khobor.build.BuildState`, so their releases are byte-identical. Nothing here is imported
unless that engine is chosen (datatrove is an optional dependency: `pip install khobor[scale]`).
"""
