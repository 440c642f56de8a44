"""`khobor build`: raw pages → records → duplicate clusters → splits → a release-shaped folder.

Two streaming passes, so memory holds per-record ids, offsets and MinHash signatures, never
the corpus:

1. every raw page is extracted and its body signed (`khobor.corpus.dedup.BodySigner`), in worker
   processes when there are many, order kept; a record's JSON line goes to a spool file in
   the output folder, its digest and signature to the `Deduper`; a page that cannot become a
   record goes to the quarantine list with its reason code, and so does a copy of a body
   kept already (`Deduper.add_signed` refuses it: `duplicate_body`);
2. clusters and the ledger give every record its split; each split is written sorted by id,
   in batches read back from the spool and converted to Arrow (in worker processes, a few
   batches ahead of the writer), to `data/{split}-0000i-of-0000N.parquet` with the explicit
   schema.

Then the card, the Croissant metadata and the manifest. Nothing depends on the clock, on the
folder the build runs in, on the number of workers or on the engine (`local` here;
`datatrove` in `khobor.pipeline.datatrove_engine` feeds the same `BuildState`): two builds of
the same inputs are byte-identical.

Memory per input, besides what deduplication keeps per record (`khobor.corpus.dedup`, ~0.7 KB): its
source path, SHA-256 and size for the manifest (~0.2 KB), and per record 24 bytes of spool
offset, length and input number. The split assignment and the manifest's input list are built
at the end (~0.5 KB a record for the time they exist). No record text is held.

The package is cut along those passes, each module one job:

- `base`: the build's errors, the split `Ledger`, `BuildResult`, the progress hook;
- `spool`: pass 1 for one page (`extract_input`, both engines) and the spool's line format;
- `pool`: the worker processes (they die with the build) and pass 1 over them;
- `corpus`: pass 1 with the corpus furniture pass (`CorpusPass`: count as the pages are
  annotated, annotate again the pages the learned furniture touches);
- `state`: `BuildState`, pass 1's accumulator — the public contract the engines feed;
- `writer`: `ReleaseWriter`, the release folder's write (shards, quarantine, card, Croissant,
  manifest) and the Parquet schema and options;
- `run`: `build_local`, the local engine;
- `datatrove_engine`: the same steps as datatrove pipeline steps;
- `engines`: `build_dataset`, the engine the caller names;
- `working`: the working build's `--out` rules and atomic swap;
- `ui`: progress bars and summary tables.

The release folder's names, checksums and `ReleaseContext` are `khobor.contracts.layout`'s.
"""

from __future__ import annotations

from khobor.contracts.engines import ENGINES, Engine
from khobor.contracts.layout import (
    BUILD_VERSION,
    CARD,
    CROISSANT,
    MANIFEST,
    QUARANTINE,
    Figures,
    ReleaseContext,
    sha256_file,
    shard_name,
    source_date_epoch,
)
from khobor.pipeline.base import (
    BuildError,
    BuildRefused,
    BuildResult,
    BuildSignatures,
    Ledger,
    ProgressHook,
    no_progress,
)
from khobor.pipeline.engines import build_dataset
from khobor.pipeline.pool import default_workers
from khobor.pipeline.spool import Extracted, extract_input, from_spool, spool_line
from khobor.pipeline.state import BuildState, list_inputs
from khobor.pipeline.ui import print_summary, rich_progress
from khobor.pipeline.working import check_out_folder, errors_named_after, write_working_build
from khobor.pipeline.writer import (
    BATCH_ROWS,
    MAX_SHARD_ROWS,
    PARQUET_OPTIONS,
    ReleaseWriter,
    ShardWriter,
    parquet_schema,
)

__all__ = [
    "BATCH_ROWS",
    "BUILD_VERSION",
    "CARD",
    "CROISSANT",
    "ENGINES",
    "MANIFEST",
    "MAX_SHARD_ROWS",
    "PARQUET_OPTIONS",
    "QUARANTINE",
    "BuildError",
    "BuildRefused",
    "BuildResult",
    "BuildSignatures",
    "BuildState",
    "Engine",
    "Extracted",
    "Figures",
    "Ledger",
    "ProgressHook",
    "ReleaseContext",
    "ReleaseWriter",
    "ShardWriter",
    "build_dataset",
    "check_out_folder",
    "default_workers",
    "errors_named_after",
    "extract_input",
    "from_spool",
    "list_inputs",
    "no_progress",
    "parquet_schema",
    "print_summary",
    "rich_progress",
    "sha256_file",
    "shard_name",
    "source_date_epoch",
    "spool_line",
    "write_working_build",
]
