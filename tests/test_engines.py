"""Build engines: `local` (worker processes) and `datatrove` (its pipeline executor) give the
same release, byte for byte."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from release_pages import SEEDS, copy_seeds, variant_text, write_near_duplicate
from typer.testing import CliRunner

from khobor.cli.commands import app
from khobor.contracts.policy import FurnitureConfig, Policy
from khobor.contracts.records import Reason
from khobor.corpus.splits import read_ledger
from khobor.pipeline import CARD, MANIFEST, QUARANTINE, BuildError, Figures, Ledger, build_dataset

pytest.importorskip("datatrove")
pytest.importorskip("orjson")

from khobor.pipeline.datatrove_engine import (
    AnnotateAndSign,
    build_with_datatrove,
)


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def edited_copy(text: str, salt: int) -> str:
    """`text` with one word of its longest line changed: a near duplicate with other bytes."""
    lines = text.split("\n")
    longest = max(range(len(lines)), key=lambda i: len(lines[i]))
    words = lines[longest].split(" ")
    words[(salt * 7) % len(words)] = f"পরিবর্তন{salt}"
    lines[longest] = " ".join(words)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """~320 pages: seeds, distinct variants in nested folders (the order of `a/b.txt` and
    `a-b.txt` differs between path parts and strings), near duplicates, an exact copy and
    broken inputs."""
    raw = copy_seeds(tmp_path_factory.mktemp("engines") / "raw")
    write_near_duplicate(raw, 2)
    bases = {index: seed.read_text(encoding="utf-8") for index, seed in enumerate(SEEDS)}
    variants = {}
    for salt in range(300):
        index = salt % len(SEEDS)
        folder = raw / f"v{salt % 4}" if salt % 3 else raw
        folder.mkdir(exist_ok=True)
        text = variant_text(SEEDS[index], salt)
        variants[salt] = text
        (folder / f"v{salt % 4}-{salt:03d}.txt").write_text(text, encoding="utf-8")
    for salt in range(0, 300, 25):  # near duplicates of variants: clusters across folders
        (raw / f"near-v{salt:03d}.txt").write_text(edited_copy(variants[salt], salt), "utf-8")
    (raw / "copy.txt").write_text(bases[0], encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (raw / "v1" / "markup.txt").write_text("<html><body><p>খবর</p></body></html>", "utf-8")
    return raw


@pytest.fixture(scope="module")
def local_build(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local") / "out"
    build_dataset(corpus, out, version="1.0.0", policy=Policy(), workers=2)
    return out


def test_both_engines_give_the_same_release_bytes(
    corpus: Path, local_build: Path, tmp_path: Path
) -> None:
    result = build_dataset(
        corpus, tmp_path / "dt", version="1.0.0", policy=Policy(), workers=2, engine="datatrove"
    )
    local, datatrove = tree_bytes(local_build), tree_bytes(result.out)
    assert sorted(local) == sorted(datatrove)
    assert [name for name in local if local[name] != datatrove[name]] == []
    figures = result.figures
    assert figures.inputs == len(list(corpus.rglob("*.txt")))
    assert figures.records > 300
    assert figures.clustered_records >= 2 * 13  # the near duplicates found their originals
    assert figures.quarantined[str(Reason.DUPLICATE_RAW)] == 1
    assert sum(figures.quarantined.values()) == 4
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".datatrove-")]
    # the corpus pass learned furniture (60 variants of each seed) and both engines used it
    assert figures.furniture and all(site["furniture_lines"] for site in figures.furniture.values())
    manifest = json.loads((local_build / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["figures"]["furniture"] == figures.furniture
    assert manifest["policy"]["furniture"]["enabled"] is True
    assert Figures.from_json(manifest["figures"]).furniture == figures.furniture
    card = (local_build / CARD).read_text(encoding="utf-8")
    assert "### Furniture learned from the corpus" in card
    assert all(f"| `{site}` |" in card for site in figures.furniture)


def test_both_engines_without_the_corpus_pass(corpus: Path, tmp_path: Path) -> None:
    """`[furniture] enabled = false`: no corpus stages, no evidence, no `furniture` keys."""
    policy = Policy(furniture=FurnitureConfig(enabled=False))
    local = build_dataset(corpus, tmp_path / "local", version="1.0.0", policy=policy, workers=2)
    dt = build_dataset(
        corpus, tmp_path / "dt", version="1.0.0", policy=policy, workers=2, engine="datatrove"
    )
    assert tree_bytes(local.out) == tree_bytes(dt.out)
    assert local.figures.furniture == {}
    manifest = json.loads((local.out / MANIFEST).read_text(encoding="utf-8"))
    assert "furniture" not in manifest["policy"]
    assert "furniture" not in manifest["figures"]
    assert "Furniture learned" not in (local.out / CARD).read_text(encoding="utf-8")


def test_datatrove_output_does_not_depend_on_tasks_or_workers(
    corpus: Path, local_build: Path, tmp_path: Path
) -> None:
    for tasks, workers in ((1, 1), (7, 2)):
        out = tmp_path / f"dt-{tasks}-{workers}"
        build_with_datatrove(
            corpus, out, version="1.0.0", policy=Policy(), workers=workers, tasks=tasks
        )
        assert tree_bytes(out) == tree_bytes(local_build)


def test_the_ledger_is_honoured_by_both_engines(corpus: Path, tmp_path: Path) -> None:
    first = build_dataset(corpus, tmp_path / "first", version="1.0.0", policy=Policy())
    ledger = Ledger("1.0.0", {i: "test" for i in sorted(read_ledger(first.out))[:40]})
    outs = [
        build_dataset(
            corpus,
            tmp_path / engine,
            version="1.1.0",
            policy=Policy(),
            ledger=ledger,
            engine=engine,
        )
        for engine in ("local", "datatrove")
    ]
    assert tree_bytes(outs[0].out) == tree_bytes(outs[1].out)
    assert outs[1].splits.kept_from_ledger == 40
    manifest = json.loads((outs[1].out / MANIFEST).read_text())
    assert manifest["ledger"]["previous_version"] == "1.0.0"


def test_quarantine_is_the_exclusion_writer(corpus: Path, tmp_path: Path) -> None:
    """The annotate step drops a bad page with its reason code (datatrove counts it) and hands
    it to its exclusion writer; a good page is kept with its record as the text."""
    from datatrove.data import Document
    from datatrove.pipeline.writers import JsonlWriter

    writer = JsonlWriter(
        str(tmp_path / "excluded"), output_filename="${rank}.jsonl", compression=None
    )
    step = AnnotateAndSign(corpus, Policy().dedup, exclusion_writer=writer)
    docs = [
        Document(text="", id="empty.txt", metadata={"index": 0}),
        Document(text="", id=SEEDS[1].name, metadata={"index": 1}),
    ]
    kept = list(step.run(iter(docs)))
    assert [doc.id for doc in kept] == [SEEDS[1].name]
    assert json.loads(kept[0].text)["headline"]
    assert len(bytes.fromhex(kept[0].metadata["digest"])) == 16
    assert step.stats.stats[f"dropped_{Reason.EMPTY_FILE}"].total == 1
    excluded = [json.loads(line) for line in (tmp_path / "excluded" / "00000.jsonl").open()]
    assert [row["id"] for row in excluded] == ["empty.txt"]
    assert json.loads(excluded[0]["text"])["quarantine_reason"] == str(Reason.EMPTY_FILE)


def test_quarantine_file_is_the_same_as_the_local_one(local_build: Path) -> None:
    rows = [json.loads(line) for line in (local_build / QUARANTINE).open()]
    assert [row["source"] for row in rows] == [
        "binary.txt",
        "copy.txt",
        "empty.txt",
        "v1/markup.txt",
    ]


def test_cli_build_with_the_datatrove_engine(
    corpus: Path, local_build: Path, tmp_path: Path
) -> None:
    out = tmp_path / "build"
    args = ["build", "--raw", str(corpus), "--out", str(out), "--releases", str(tmp_path / "r")]
    result = CliRunner().invoke(app, [*args, "--engine", "datatrove", "--workers", "2"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / MANIFEST).read_text())
    assert manifest["figures"] == json.loads((local_build / MANIFEST).read_text())["figures"]
    bad = CliRunner().invoke(app, [*args, "--engine", "spark"])
    assert bad.exit_code == 2
    # --engine is a choice: click names the value and the choices (a usage error)
    assert "'spark' is not one of" in " ".join(bad.output.split()) and "Traceback" not in bad.output


def test_unknown_engine_is_a_build_error(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(BuildError, match="unknown engine"):
        build_dataset(corpus, tmp_path / "x", version="1.0.0", policy=Policy(), engine="spark")


@pytest.fixture
def local_ray() -> Iterator[None]:
    """A Ray instance of this machine only (two CPUs, no dashboard, no usage report: nothing
    leaves the machine), shut down after the test."""
    ray = pytest.importorskip("ray")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RAY_USAGE_STATS_ENABLED", "0")
        patch.delenv("RAY_ADDRESS", raising=False)
        ray.init(
            address="local",
            num_cpus=2,
            include_dashboard=False,
            log_to_driver=False,
            logging_level="ERROR",
        )
        try:
            yield
        finally:
            ray.shutdown()


# datatrove 0.10 places its Ray actors with parameters Ray 2.60 calls deprecated
@pytest.mark.filterwarnings("ignore:placement_group.*:DeprecationWarning")
def test_ray_executor_gives_the_local_release_bytes(tmp_path: Path, local_ray: None) -> None:
    """Stage 1 on datatrove's RayPipelineExecutor against a local Ray: a handful of pages
    (seeds, two variants, a near duplicate, an empty file) in three Ray tasks."""
    from ray._private.state import (
        actors,
    )  # the GCS actor table (the public API needs the dashboard)

    raw = copy_seeds(tmp_path / "raw")
    write_near_duplicate(raw, 2)
    for salt in range(2):
        (raw / f"variant-{salt}.txt").write_text(variant_text(SEEDS[salt], salt), "utf-8")
    (raw / "empty.txt").write_bytes(b"")
    local = build_dataset(raw, tmp_path / "local", version="1.0.0", policy=Policy(), workers=1)
    on_ray = build_with_datatrove(
        raw,
        tmp_path / "ray",
        version="1.0.0",
        policy=Policy(),
        workers=2,
        tasks=3,
        executor="ray",
    )
    ran_on = [actor["ActorClassName"] for actor in actors().values()]
    # one Ray actor per task of each Ray stage: the corpus pass's one (issue 23: its hashes,
    # learned from in one task) and stage 1
    assert ran_on.count("RankWorker") == 6
    assert tree_bytes(on_ray.out) == tree_bytes(local.out)
    assert on_ray.figures.quarantined == {str(Reason.EMPTY_FILE): 1}
    assert on_ray.figures.clustered_records == 2  # the near duplicate found its seed
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".datatrove-")]


def test_pages_the_furniture_does_not_touch_keep_their_first_annotation(tmp_path: Path) -> None:
    """The local engine annotates again only the pages its index touches
    (`FurnitureIndex.touches`); the others keep pass 1's record. 40 pages of a site print its
    invented disclaimer, 12 more of the site do not, and other pages are of sites without
    furniture: the release is byte for byte what annotating every page with the index (the
    datatrove engine) gives, and the untouched pages' records are the plain annotator's."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import synth

    from khobor.pages.extract import ExtractContext, extract_file, to_json
    from khobor.pipeline.corpus_pass import CorpusPass
    from khobor.pipeline.state import BuildState, list_inputs

    raw = tmp_path / "raw"
    raw.mkdir()
    invented = [line for _, line, _ in synth.invented_site(7, 0).lines]
    rows = ["source,url"]
    for index in range(52):
        text = synth.make_page(7, index, synth.LAYOUT_NAMES, sites=1).render()
        for line in invented if index >= 40 else ():
            text = text.replace(line + "\n", "")
        name = f"page{index:03d}.txt"
        (raw / name).write_text(text, encoding="utf-8")
        rows.append(f"{name},{synth.site_url(7, index, 1)}")
    (raw / "sources.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    copy_seeds(raw / "seeds")

    items = list_inputs(raw)
    corpus = CorpusPass(tmp_path, Policy(), workers=1)
    state = BuildState(tmp_path / "state", Policy(), len(items))
    index = corpus.learn(items, state)
    extracted = {found.source: found for found in corpus.extracted(items, state)}
    state.abort()
    assert not (tmp_path / ".pending.pickles").exists()
    touched = {
        item.source
        for item, page in zip(items, map(_hashes_of, items), strict=True)
        if page is not None and index.touches(page)
    }
    assert len(touched) == 40 and all(name < "page040" for name in touched)
    plain, learned = ExtractContext(), ExtractContext(furniture=index)
    for item in items:
        if item.source in touched:
            continue
        record = to_json(extract_file(item, learned))
        assert record == to_json(extract_file(item, plain))
        if "id" in record:
            assert extracted[item.source].record_id == record["id"]

    local = build_dataset(raw, tmp_path / "local", version="1.0.0", policy=Policy(), workers=1)
    dt = build_dataset(
        raw, tmp_path / "dt", version="1.0.0", policy=Policy(), workers=1, engine="datatrove"
    )
    assert tree_bytes(local.out) == tree_bytes(dt.out)
    site = local.figures.furniture["site00"]
    assert site["pages"] == 52 and site["pages_with_evidence"] == 40


def _hashes_of(item):  # type: ignore[no-untyped-def]
    from khobor.pages.extract import ExtractContext, extract_file_and_hashes

    return extract_file_and_hashes(item, ExtractContext())[1]
