"""The command line against a hostile user: every refusal is one line and exit status 2.

Each class of issue 11 that the command line owns: orders refused inside batch workers,
strategy files whose orders no game could play, output paths that are not files of
ours, numbers past their bounds, input names and files that would hang or fill memory,
and numpy warnings. Nothing here may hang on a broken build: reading a file that is not
a regular one fails the test at once instead of blocking (``no_odd_reads``).
"""

from __future__ import annotations

import errno
import os
import pickle
import stat
import unicodedata
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import build_parser, main
from game.commands.options import (
    BYTES_PER_RUN,
    MAX_RUNS,
    MAX_TURNS,
    MAX_WORKERS,
    SEED_LIMIT,
    check_batch,
)
from game.commands.saves import is_save
from game.engine import OrdersRefused
from game.errors import USER_ERRORS, ContentError, SaveError, UsageError
from game.infiles import MAX_CONTENT_BYTES, MAX_PATH_BYTES, MAX_SAVE_BYTES, check_name
from game.loader import prepare_game, validate
from game.schema import StrategySpec
from game.sim.batch import BLOCK, run_batch
from game.sim.strategy import Strategy, load_strategy

#: The smallest batch that ``--workers 2`` really splits: two blocks.
SPLIT_RUNS = BLOCK + 1

HEAD = 'id = "hostile"\nname = "Hostile"\ndescription = "refused orders"\n'
#: Strategies whose orders no game can play, and what the refusal says.
REFUSED = {
    "teams": ("[[settings]]\norders = { eradication_teams = { vraem = 1e9 } }\n", "teams"),
    "negative": ("[[settings]]\nmultiply = { troops = -1 }\n", "greater than or equal to 0"),
    "infinite": ("[[settings]]\norders = { precursor_musd = inf }\n", "finite"),
    "later": (
        "[[settings]]\nfrom_turn = 30\norders = { eradication_teams = { vraem = 1e9 } }\n",
        "turn 30",
    ),
    "troops": ("[[settings]]\nfrom_turn = 6\nmultiply = { troops = 1.5 }\n", "60 available"),
}


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The one line a refused command printed on stderr (and that it printed one)."""
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def strategy_file(folder: Path, body: str) -> Path:
    path = folder / "hostile.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


@pytest.fixture
def no_odd_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening a device, a FIFO or a folder through ``Path`` fails the test at once,
    instead of hanging or filling the memory: those must be refused before anything
    reads them or writes to them."""

    def guard(method: str) -> None:
        original = getattr(Path, method)

        def guarded(self: Path, *args, **kwargs):
            if self.exists() and not stat.S_ISREG(os.stat(self).st_mode):
                raise AssertionError(f"{method} of {self}, which is not a regular file")
            return original(self, *args, **kwargs)

        monkeypatch.setattr(Path, method, guarded)

    for method in ("read_bytes", "read_text", "write_bytes", "write_text", "open"):
        guard(method)


# --- 1. worker errors are user errors ----------------------------------------------------


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_strategy_whose_orders_no_game_can_play_is_refused_when_it_loads(
    content, setup, tmp_path, case
):
    body, said = REFUSED[case]
    path = strategy_file(tmp_path, body)
    with pytest.raises(ContentError) as refused:
        load_strategy(content, setup, str(path))
    assert str(path) in str(refused.value) and said in str(refused.value)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.sampled_from(["troops", "eradication_teams", "development_musd", "precursor_musd"]),
    factor=st.one_of(
        st.floats(max_value=-1e-6, allow_nan=False, allow_infinity=True),
        st.just(float("nan")),
        st.just(float("inf")),
    ),
    start=st.integers(0, 60),
)
def test_any_negative_or_infinite_scaling_is_refused_at_load(
    content, setup, tmp_path, name, factor, start
):
    spec = {
        "id": "hostile",
        "name": "Hostile",
        "description": "x",
        "settings": [{"from_turn": start, "multiply": {name: factor}}],
    }
    # refused by the file's own check, naming the field, before any orders are worked out
    with pytest.raises(ContentError, match=rf"settings\[0\]\.multiply\.{name}"):
        load_strategy_spec(content, setup, spec)


def load_strategy_spec(content, setup, data: dict) -> Strategy:
    """``load_strategy`` of a file holding ``data``, without writing it."""
    from game.sim import strategy as module

    spec = validate(StrategySpec, data, "hostile.toml")
    module.check_strategy(setup, spec, "hostile.toml")
    built = Strategy(spec=spec, setup=setup)
    module.check_orders_given(built, "hostile.toml")
    return built


def unchecked(setup, body: str) -> Strategy:
    """A strategy with refused orders, built past the checks ``load_strategy`` makes: what
    a worker meets when orders are refused mid-game (by a run's own budget, say)."""
    import tomllib

    spec = validate(StrategySpec, tomllib.loads(HEAD + body), "hostile.toml")
    return Strategy(spec=spec, setup=setup)


def test_orders_refused_in_a_worker_are_raised_as_themselves(setup):
    strategy = unchecked(setup, REFUSED["teams"][0])
    seeds = np.arange(SPLIT_RUNS)
    with pytest.raises(OrdersRefused) as alone:
        run_batch(setup, strategy, seeds, 1, workers=1)
    with pytest.raises(OrdersRefused) as split:
        run_batch(setup, strategy, seeds, 1, workers=2)
    assert str(split.value) == str(alone.value)


@pytest.mark.parametrize("case", ["teams"])
def test_simulate_says_the_same_line_with_any_number_of_workers(
    tmp_path, monkeypatch, capsys, case
):
    from game.sim import strategy as module

    # past the checks at load, so that the refusal comes from the engine, in the workers
    monkeypatch.setattr(module, "check_orders_given", lambda strategy, where: None)
    path = strategy_file(tmp_path, REFUSED[case][0])
    lines = []
    for workers in ("1", "2"):
        args = ["simulate", "--strategy", str(path), "--turns", "1", "--quiet"]
        assert main([*args, "--runs", str(SPLIT_RUNS), "--workers", workers]) == 2
        lines.append(one_line(capsys))
    assert lines[0] == lines[1] and "Worker" not in lines[1]


def test_every_user_error_crosses_a_process_whole():
    errors = [
        ContentError("a.toml", "settings[0]", "why"),
        UsageError("u"),
        SaveError("s"),
        OrdersRefused("o"),
    ]
    assert all(isinstance(e, USER_ERRORS) for e in errors)
    for error in errors:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error)
    content_error = pickle.loads(pickle.dumps(errors[0]))
    assert (content_error.path, content_error.field) == ("a.toml", "settings[0]")


# --- 4. nothing is overwritten by surprise -----------------------------------------------


@pytest.fixture
def a_save(tmp_path) -> Path:
    path = tmp_path / "game.json"
    assert main(["simulate", "--turns", "2", "--quiet", "--save", str(path)]) == 0
    return path


@pytest.mark.parametrize("name", ["README.md", "vraem-2022.toml", "notes.json"])
def test_out_and_save_refuse_a_file_that_is_not_a_save(tmp_path, a_save, capsys, name):
    other = tmp_path / name
    other.write_text("# someone's work\n", encoding="utf-8")
    commands = [
        ["replay", str(a_save), "--to-turn", "1", "--out", str(other)],
        ["simulate", "--turns", "1", "--quiet", "--save", str(other)],
    ]
    for command in commands:
        assert main(command) == 2
        assert "not a save" in one_line(capsys)
        assert other.read_text(encoding="utf-8") == "# someone's work\n"
    assert main([*commands[0], "--force"]) == 0
    assert is_save(other.read_bytes())


def test_a_save_of_this_game_is_replaced_without_force(tmp_path, a_save):
    out = tmp_path / "branch.json"
    out.write_bytes(a_save.read_bytes())
    assert main(["replay", str(a_save), "--to-turn", "1", "--out", str(out)]) == 0
    assert out.read_bytes() != a_save.read_bytes()


@pytest.mark.parametrize("option", ["--save", "--json", "--csv"])
def test_outputs_are_regular_files_only(tmp_path, capsys, no_odd_reads, option):
    """A FIFO stands for every file that is not a regular one (``/dev/full`` is one too,
    but a broken build run as root would replace the machine's own device node)."""
    target = tmp_path / "target"
    os.mkfifo(target)
    assert main(["simulate", "--turns", "1", "--quiet", option, str(target), "--force"]) == 2
    assert "target" in one_line(capsys)
    assert stat.S_ISFIFO(os.stat(target).st_mode)  # still the FIFO it was


#: An earlier output of each kind: a re-run replaces it without --force.
EARLIER = {"--json": '{"the old": "results"}\n', "--csv": "turn,region,metric,mean,p10,p90\n"}


@pytest.mark.parametrize("option", ["--json", "--csv"])
def test_a_failed_write_keeps_the_old_file_and_names_it(tmp_path, monkeypatch, capsys, option):
    path = tmp_path / f"out{option.replace('--', '.')}"
    path.write_text(EARLIER[option], encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    assert main(["simulate", "--runs", "2", "--turns", "1", "--quiet", option, str(path)]) == 2
    line = one_line(capsys)
    assert str(path) in line and "No space left" in line
    assert path.read_text(encoding="utf-8") == EARLIER[option]
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


OUTPUTS = {
    "simulate --json": ("simulate", "--runs", "2", "--turns", "1", "--quiet", "--json"),
    "simulate --csv": ("simulate", "--runs", "2", "--turns", "1", "--quiet", "--csv"),
    "compare --parquet": (
        *("compare", "--strategies", "status-quo,integrated"),
        *("--runs", "2", "--turns", "1", "--quiet", "--parquet"),
    ),
    "hindcast --json": ("hindcast", "--runs", "2", "--until", "2013", "--json"),
    "events --json": ("events", "--json"),
}


@pytest.mark.parametrize("command", OUTPUTS)
def test_an_output_never_replaces_a_file_of_another_kind_without_force(tmp_path, capsys, command):
    """Notes, a strategy, a report: a --json, --csv or --parquet that names one is refused
    (one line, the file untouched); with --force it is replaced; a re-run replaces its
    own earlier output without asking."""
    notes = tmp_path / "notes.txt"
    notes.write_text("# someone's work\n", encoding="utf-8")
    argv = [*OUTPUTS[command], str(notes)]
    assert main(argv) == 2
    assert "--force" in one_line(capsys)
    assert notes.read_text(encoding="utf-8") == "# someone's work\n"
    assert main([*argv, "--force"]) == 0
    written = notes.read_bytes()
    assert written != b"# someone's work\n"
    assert main(argv) == 0  # now an output of that kind: replaced again without --force


@given(head=st.binary(max_size=300))
def test_only_a_save_s_own_first_bytes_say_it_is_a_save(head):
    assert not is_save(head) or b"balloon-effect" in head


def test_the_first_bytes_of_a_real_save_say_it_is_one(a_save):
    assert is_save(a_save.read_bytes()[:4096])


# --- 6. bounds on numbers -----------------------------------------------------------------


BEYOND = [
    ("--runs", str(MAX_RUNS + 1)),
    ("--turns", str(MAX_TURNS + 1)),
    ("--workers", str(MAX_WORKERS + 1)),
    ("--seed", str(SEED_LIMIT)),
    ("--seed", "9" * 5000),
    ("--runs", "1" + "0" * 4400),
]


@pytest.mark.parametrize(("option", "value"), BEYOND)
def test_numbers_past_their_bounds_are_one_short_line(capsys, option, value):
    with pytest.raises(SystemExit) as done:
        build_parser().parse_args(["simulate", option, value])
    assert done.value.code == 2
    line = one_line(capsys)
    assert option in line and len(line) < 200


@given(runs=st.integers(min_value=-(10**30), max_value=10**30))
def test_any_run_count_is_accepted_only_within_its_bounds(runs):
    parser = build_parser()
    try:
        args = parser.parse_args(["simulate", "--runs", str(runs)])
    except SystemExit as exit_:
        assert exit_.code == 2 and not 1 <= runs <= MAX_RUNS
    else:
        assert args.runs == runs and 1 <= runs <= MAX_RUNS


def test_a_batch_is_refused_before_it_needs_more_memory_than_exists():
    check_batch(1, 1000, memory=1000 * BYTES_PER_RUN)
    with pytest.raises(UsageError, match="GB of memory"):
        check_batch(1, 1001, memory=1000 * BYTES_PER_RUN)
    with pytest.raises(UsageError, match="memory"):
        check_batch(1, 600, batches=2, memory=1000 * BYTES_PER_RUN)
    with pytest.raises(UsageError, match="2\\*\\*62"):
        check_batch(SEED_LIMIT - 2, 3)


# --- 6. input names and files -------------------------------------------------------------


def odd_inputs(folder: Path, limit: int) -> dict[str, str]:
    """Names that are no file to read, by what is wrong with them."""
    fifo = folder / "fifo.json"
    os.mkfifo(fifo)
    huge = folder / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(limit + 1)  # sparse: nothing is written
    return {
        "empty": "",
        "newline": "a\nb.json",
        "escape": "\x1b[31mred.json",
        "long": "x" * 300 + ".json",
        "device": "/dev/zero",
        "fifo": str(fifo),
        "huge": str(huge),
    }


INPUTS = {
    "--strategy": (["simulate", "--turns", "1", "--quiet", "--strategy"], MAX_CONTENT_BYTES),
    "--scenario": (["simulate", "--turns", "1", "--quiet", "--scenario"], MAX_CONTENT_BYTES),
    "--from-save": (["simulate", "--turns", "1", "--quiet", "--from-save"], MAX_SAVE_BYTES),
    "replay": (["replay"], MAX_SAVE_BYTES),
    "--load": (["play", "--load"], MAX_SAVE_BYTES),
}


@pytest.mark.parametrize("option", sorted(INPUTS))
def test_odd_input_names_and_files_are_refused_unread(tmp_path, capsys, no_odd_reads, option):
    command, limit = INPUTS[option]
    for what, name in odd_inputs(tmp_path, limit).items():
        assert main([*command, name]) == 2, what
        line = one_line(capsys)
        assert "\n" not in line and "\x1b" not in line and len(line) < 300, what
        if what in ("device", "fifo", "huge"):
            assert "nothing was read" in line, (what, line)


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=300))
def test_any_text_as_a_file_name_is_checked_in_one_line(text):
    try:
        check_name(text, "--strategy")
    except UsageError as refused:
        assert len(str(refused).splitlines()) == 1 and "\x1b" not in str(refused)
        assert len(str(refused)) < 200
    else:
        raw = os.fsencode(text)
        assert text and len(raw) <= MAX_PATH_BYTES and len(text.splitlines()) == 1
        assert not any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text)


@settings(max_examples=15, deadline=None)
@given(text=st.text(alphabet=st.characters(max_codepoint=0x2FF), max_size=40))
def test_simulate_with_any_strategy_name_is_a_game_or_one_line(content, text):
    if text in content.strategies:
        return
    with pytest.raises(USER_ERRORS) as refused:
        load_strategy(content, prepare_game(content, "vraem-2022"), text)
    assert len(str(refused.value).splitlines()) == 1


# --- 6. numpy warnings ---------------------------------------------------------------------


def test_numpy_warnings_never_reach_the_player(tmp_path, capsys):
    path = strategy_file(tmp_path, REFUSED["infinite"][0])
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        with np.errstate(all="warn"):
            assert main(["simulate", "--strategy", str(path), "--turns", "1", "--quiet"]) == 2
    assert not [w for w in seen if issubclass(w.category, RuntimeWarning)]
    assert "finite" in one_line(capsys)


# --- outputs never replace what the command reads -------------------------------------------

SCENARIO_FILE = Path(__file__).resolve().parents[1] / "content" / "scenarios" / "vraem-2022.toml"


def test_json_onto_the_scenario_being_played_is_refused_and_it_survives(tmp_path, capsys):
    scenario = tmp_path / "mine.toml"
    scenario.write_text(
        SCENARIO_FILE.read_text(encoding="utf-8").replace('id = "vraem-2022"', 'id = "mine"', 1),
        encoding="utf-8",
    )
    before = scenario.read_bytes()
    args = ["simulate", "--scenario", str(scenario), "--runs", "2", "--turns", "1", "--quiet"]
    assert main([*args, "--json", str(scenario)]) == 2
    assert "input of this command" in one_line(capsys)
    assert main([*args, "--csv", str(scenario)]) == 2
    assert "input of this command" in one_line(capsys)
    assert scenario.read_bytes() == before


def test_an_output_onto_the_games_own_files_is_refused(capsys):
    before = SCENARIO_FILE.read_bytes()
    args = ["simulate", "--runs", "2", "--turns", "1", "--quiet", "--json", str(SCENARIO_FILE)]
    assert main(args) == 2
    assert "the game's files" in one_line(capsys)
    assert main(["hindcast", "--runs", "2", "--json", str(SCENARIO_FILE)]) == 2
    assert "the game's files" in one_line(capsys)
    assert SCENARIO_FILE.read_bytes() == before


def test_json_and_csv_on_one_file_are_refused(tmp_path, capsys):
    out = tmp_path / "both"
    args = ["simulate", "--runs", "2", "--turns", "1", "--quiet", "--json", str(out)]
    assert main([*args, "--csv", str(out)]) == 2
    assert "same file" in one_line(capsys)
    assert not out.exists()


def test_json_with_a_saved_game_is_refused_not_silently_skipped(tmp_path, capsys):
    args = ["simulate", "--turns", "1", "--save", str(tmp_path / "g.json")]
    assert main([*args, "--json", str(tmp_path / "g-out.json")]) == 2
    assert "--json and --csv" in one_line(capsys)
    assert not (tmp_path / "g.json").exists()


@pytest.mark.parametrize("name", ["a" * 300, "x\ny\x1b[31mZ"])
def test_a_saves_folder_no_file_can_have_is_one_line(tmp_path, capsys, monkeypatch, name):
    assert main(["saves", "--saves-dir", str(tmp_path / name)]) == 2
    line = one_line(capsys)
    assert "--saves-dir" in line and "\x1b" not in line
    monkeypatch.setenv("BALLOON_SAVES_DIR", str(tmp_path / name))
    assert main(["saves"]) == 2
    assert "BALLOON_SAVES_DIR" in one_line(capsys)
