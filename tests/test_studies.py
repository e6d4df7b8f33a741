"""Class studies: a folder of strategy files, per-run Parquet, chunked play, Dask.

Batches are small (a few thousand runs of a few quarters, chunks of 256–1,024 runs) so
that each check takes a second or two; what is checked is that chunking, workers and
where chunks run change nothing, and that a class's broken file is reported, not fatal.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from game.cli import main
from game.engine.metrics import COLLECTED
from game.loader import load_content, prepare_game
from game.sim import study as study_module
from game.sim.batch import run_batch
from game.sim.compare import compare_study
from game.sim.parquet import column_names
from game.sim.strategy import load_strategy
from game.sim.study import run_study

ROOT = Path(__file__).resolve().parents[1]
BUILT_IN = ROOT / "content" / "strategies"


@pytest.fixture(scope="module")
def game():
    content = load_content()
    setup = prepare_game(content, "vraem-2022")
    strategies = [load_strategy(content, setup, s) for s in ("status-quo", "follow-the-coca")]
    return setup, strategies


@pytest.fixture
def classroom(tmp_path: Path) -> Path:
    """Three students' files: two good, one with a field no strategy has."""
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(BUILT_IN / "status-quo.toml", folder / "ana.toml")
    shutil.copy(BUILT_IN / "integrated.toml", folder / "ben.toml")
    broken = (BUILT_IN / "integrated.toml").read_text() + "\nbudget_of_dreams = 3\n"
    (folder / "cleo.toml").write_text(broken)
    return folder


def test_a_folder_with_a_broken_file_names_it_and_plays_the_others(classroom, capsys):
    code = main(["simulate", "--strategy", str(classroom), "--runs", "3", "--turns", "2"])
    out, err = capsys.readouterr()
    assert code == 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "cleo.toml" in lines[0] and "budget_of_dreams" in lines[0]
    # the others are played: both named in the class table
    assert "status-quo" in out and "integrated" in out


def test_strict_stops_before_anything_is_played_or_written(classroom, tmp_path, capsys):
    out_file = tmp_path / "runs.parquet"
    argv = ["compare", "--strategies", str(classroom), "--runs", "3", "--turns", "2"]
    code = main([*argv, "--strict", "--parquet", str(out_file)])
    out, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert "cleo.toml" in lines[0] and "--strict" in lines[-1]
    assert out == "" and not out_file.exists()


def test_parquet_holds_every_run_with_the_batchs_values(game, tmp_path, capsys):
    pq = pytest.importorskip("pyarrow.parquet")
    setup, strategies = game
    path = tmp_path / "class.parquet"
    argv = ["compare", "--strategies", "status-quo,follow-the-coca", "--runs", "600"]
    argv += ["--turns", "3", "--seed", "5", "--chunk", "256", "--parquet", str(path), "--quiet"]
    assert main(argv) == 0, capsys.readouterr().err
    table = pq.read_table(path)
    assert table.num_rows == 2 * 600
    regions = setup.world.region_ids
    expected = ["strategy", "run", "seed", "score", "ended_turn", "end_reason", "events"]
    assert table.column_names == [*expected, "events_fired", *column_names(regions)]
    assert {m.key for m in COLLECTED} <= set(table.column_names)
    rows = table.to_pydict()
    for strategy in strategies:
        mine = [i for i, s in enumerate(rows["strategy"]) if s == strategy.id]
        batch = run_batch(setup, strategy, np.arange(5, 605), 3, series=False)
        assert [rows["run"][i] for i in mine] == list(range(600))
        assert [rows["seed"][i] for i in mine] == list(range(5, 605))
        assert np.array_equal([rows["score"][i] for i in mine], batch.score)
        for metric in COLLECTED:
            got = np.array([rows[metric.key][i] for i in mine])
            assert np.array_equal(got, batch.final_values(metric.key)), metric.key
            if metric.regional:
                got = np.array([rows[f"{metric.key}.{regions[1]}"][i] for i in mine])
                assert np.array_equal(got, batch.final_values(metric.key, regions[1]))
        fired = [[(e["turn"], e["event"]) for e in rows["events_fired"][i]] for i in mine]
        assert fired == batch.fired.by_run()
        assert [rows["events"][i] for i in mine] == batch.fired.counts().tolist()


def test_parquet_without_pyarrow_is_one_line_before_any_play(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    path = tmp_path / "runs.parquet"
    code = main(["simulate", "--runs", "2", "--turns", "1", "--parquet", str(path)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "pip install" in err[0]
    assert not path.exists()


def pieces_of(setup, strategies, **options):
    """A study's results and every piece's per-run values, in the order handed over."""
    seen: list[tuple[int, int, np.ndarray, np.ndarray]] = []

    def keep(piece) -> None:
        seen.append((piece.strategy, piece.first, piece.final, piece.score))

    results = run_study(setup, strategies, 9, 1500, 4, on_piece=keep, **options)
    finals = {
        s: np.concatenate([f for i, _, f, _ in seen if i == s]) for s in range(len(strategies))
    }
    return results, finals


def test_chunked_equals_unchunked(game):
    setup, strategies = game
    options = {"series": True, "bands": True}
    whole, whole_finals = pieces_of(setup, strategies, chunk=2048, **options)
    chunked, chunked_finals = pieces_of(setup, strategies, chunk=512, workers=2, **options)
    for a, b, s in zip(whole, chunked, range(len(strategies)), strict=True):
        assert a.runs == b.runs == 1500
        assert np.array_equal(
            a.mean, b.mean, equal_nan=True
        )  # bit for bit: the same blocks, the same order
        assert np.array_equal(a.score, b.score)
        assert np.array_equal(whole_finals[s], chunked_finals[s], equal_nan=True)
        assert np.array_equal(a.event_counts, b.event_counts)
        assert np.array_equal(a.longest_gaps, b.longest_gaps)
        # fewer runs than the band sample: every run is kept, so the bands are exact too
        assert np.array_equal(a.p10, b.p10, equal_nan=True) and np.array_equal(
            a.p90, b.p90, equal_nan=True
        )
        assert a.sampling_note() is None and b.sampling_note() is None


def test_large_studies_say_their_bands_are_estimated_and_chunks_do_not_move_them(game, monkeypatch):
    setup, strategies = game
    monkeypatch.setattr(study_module, "BAND_SAMPLE", 100)
    monkeypatch.setattr(study_module, "FINAL_SAMPLE", 300)
    options = {"series": True, "bands": True}
    exact, _ = pieces_of(setup, strategies[:1], chunk=2048, **options)
    a, _ = pieces_of(setup, strategies[:1], chunk=256, **options)
    b, _ = pieces_of(setup, strategies[:1], chunk=768, **options)
    assert exact[0].sampling_note() is None
    note = a[0].sampling_note()
    assert note is not None and "every 15th run (100)" in note and "every 5th run (300)" in note
    assert np.array_equal(a[0].p10, b[0].p10, equal_nan=True)
    assert np.array_equal(a[0].sample, b[0].sample, equal_nan=True)
    assert np.array_equal(a[0].sample, exact[0].sample[::5], equal_nan=True)
    assert np.array_equal(a[0].mean, exact[0].mean, equal_nan=True)


def test_compare_counts_wins_over_every_run_when_medians_are_sampled(game, monkeypatch):
    setup, strategies = game
    whole = compare_study(setup, strategies, 3, 1200, 3, chunk=2048)
    monkeypatch.setattr(study_module, "FINAL_SAMPLE", 200)
    sampled = compare_study(setup, strategies, 3, 1200, 3, chunk=256)
    a, b = whole.strategies
    for key in ("score", "coca_ha", "welfare"):
        exact, counted = whole.paired(a, b, key), sampled.paired(a, b, key)
        assert counted.a_beats_b == exact.a_beats_b and counted.ties == exact.ties
    assert whole.note is None and sampled.note is not None


def test_json_of_more_runs_than_a_chunk_is_refused_in_one_line(tmp_path, capsys):
    path = tmp_path / "out.json"
    argv = ["simulate", "--runs", "600", "--chunk", "512", "--json", str(path), "--turns", "1"]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--parquet" in err[0] and not path.exists()


def test_dask_chunks_equal_a_local_run(game):
    distributed = pytest.importorskip("distributed")
    from game.sim.cluster import DaskChunks

    setup, strategies = game
    local, local_finals = pieces_of(setup, strategies, chunk=512, series=True)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        chunks = DaskChunks(client)
        assert chunks.workers == 2
        remote, remote_finals = pieces_of(
            setup, strategies, chunk=512, series=True, workers=chunks.workers, executor=chunks
        )
    for a, b, s in zip(local, remote, range(len(strategies)), strict=True):
        assert np.array_equal(a.mean, b.mean, equal_nan=True)
        assert np.array_equal(a.score, b.score)
        assert np.array_equal(local_finals[s], remote_finals[s], equal_nan=True)
        assert np.array_equal(a.event_counts, b.event_counts)
