"""What ``balloon simulate --json/--csv`` writes, as a pydantic model.

The JSON is read by notebooks and other tools, so its shape is a contract: this model is
the one place it is defined, the writer builds it, and the tests validate files against
it. Output is deterministic: the same seed gives byte-identical files (no timestamps, no
machine names, floats written with ``repr`` precision so nothing is lost).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..engine.metrics import COLLECTED, METRICS
from ..outfiles import write_text
from .batch import METRIC_NAMES, NATIONAL, BatchResult
from .pacing import TARGET_LONGEST_GAP, pacing_of

FORMAT_VERSION = 2  # 2: events fired per run


class FiredEvent(BaseModel):
    model_config = ConfigDict(extra="forbid")
    event: str = Field(description="the event's id")
    turn: int = Field(description="the quarter played (1 for the first) at whose end it fired")


class RunEvents(BaseModel):
    """The events one game saw."""

    model_config = ConfigDict(extra="forbid")
    count: int
    longest_gap: int = Field(description="most quarters played in a row with no event")
    fired: list[FiredEvent]


class EventsSummary(BaseModel):
    """Pacing over the batch (``sim.pacing``): how many events a game sees, how long it waits."""

    model_config = ConfigDict(extra="forbid")
    median_per_game: float
    mean_per_game: float
    median_longest_gap: float
    longest_gap: int = Field(description="the longest spell without an event in any game")
    share_within_gap_target: float = Field(
        description="share of games with no spell longer than gap_target quarters"
    )
    gap_target: int


class Band(BaseModel):
    """The 10th and 90th percentile over runs, one value per turn 0..T."""

    model_config = ConfigDict(extra="forbid")
    p10: list[float]
    p90: list[float]


class MetricInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: str
    unit: str
    national_only: bool


PerColumn = dict[str, list[float]]


class SimulationOutput(BaseModel):
    """A batch's summaries. Keys of the inner dicts are region ids or ``"national"``."""

    model_config = ConfigDict(extra="forbid")
    format_version: int = FORMAT_VERSION
    scenario: str
    strategy: str
    seed: int = Field(description="run i was played with seed + i")
    runs: int = Field(ge=1)
    turns: int = Field(ge=0)
    balloon: str
    difficulty: str
    regions: list[str]
    metrics: dict[str, MetricInfo]
    series: dict[str, PerColumn] = Field(description="mean over runs, turns 0..T")
    bands: dict[str, dict[str, Band]]
    final: dict[str, PerColumn] = Field(description="one value per run at turn T")
    score: list[float] = Field(
        description="final score of each run: the turns as its term, then the play-on"
    )
    ended_turn: list[int] = Field(description="turn a run ended early, -1 if it did not")
    events: list[RunEvents] = Field(description="the events each run saw, in order")
    events_summary: EventsSummary


def columns_of(metric: str, regions: tuple[str, ...]) -> tuple[str, ...]:
    """Where a metric is defined: every region and the nation, or the nation only."""
    return (*regions, NATIONAL) if METRICS[metric].regional else (NATIONAL,)


def build_output(
    result: BatchResult,
    *,
    scenario: str,
    strategy: str,
    seed: int,
    balloon: str,
    difficulty: str,
) -> SimulationOutput:
    regions = result.region_ids
    series: dict[str, PerColumn] = {}
    bands: dict[str, dict[str, Band]] = {}
    final: dict[str, PerColumn] = {}
    for metric in METRIC_NAMES:
        series[metric], bands[metric], final[metric] = {}, {}, {}
        for column in columns_of(metric, regions):
            p10, p90 = result.band(metric, column)
            series[metric][column] = result.series(metric, column).tolist()
            bands[metric][column] = Band(p10=p10.tolist(), p90=p90.tolist())
            final[metric][column] = result.final_values(metric, column).tolist()
    return SimulationOutput(
        scenario=scenario,
        strategy=strategy,
        seed=seed,
        runs=result.runs,
        turns=result.turns,
        balloon=balloon,
        difficulty=difficulty,
        regions=list(regions),
        metrics={
            m.key: MetricInfo(description=m.description, unit=m.unit, national_only=not m.regional)
            for m in COLLECTED
        },
        series=series,
        bands=bands,
        final=final,
        score=result.score.tolist(),
        ended_turn=result.ended_turn.astype(int).tolist(),
        events=[
            RunEvents(
                count=len(fired),
                longest_gap=gap,
                fired=[FiredEvent(event=event, turn=turn) for turn, event in fired],
            )
            for fired, gap in zip(
                result.fired.by_run(), result.fired.longest_gaps().tolist(), strict=True
            )
        ],
        events_summary=events_summary(result),
    )


def events_summary(result: BatchResult) -> EventsSummary:
    pacing = pacing_of(result.fired)
    return EventsSummary(
        median_per_game=pacing.median_events,
        mean_per_game=pacing.mean_events,
        median_longest_gap=pacing.median_longest_gap,
        longest_gap=pacing.longest_gap,
        share_within_gap_target=pacing.share_within_gap,
        gap_target=TARGET_LONGEST_GAP,
    )


def write_json(output: SimulationOutput, path: Path) -> None:
    """Write the JSON atomically (``outfiles``): a failed write leaves the old file."""
    write_text(path, output.model_dump_json(indent=1) + "\n")


def write_csv(result: BatchResult, path: Path) -> None:
    """Write ``csv_text`` atomically (``outfiles``): a failed write leaves the old file."""
    write_text(path, csv_text(result))


def csv_text(result: BatchResult) -> str:
    """Long form: one row per (turn, region, metric) with the mean, p10 and p90."""
    with io.StringIO(newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("turn", "region", "metric", "mean", "p10", "p90"))
        for metric in METRIC_NAMES:
            for column in columns_of(metric, result.region_ids):
                mean = result.series(metric, column).tolist()
                p10, p90 = (band.tolist() for band in result.band(metric, column))
                for turn in range(result.turns + 1):
                    writer.writerow(
                        (turn, column, metric, repr(mean[turn]), repr(p10[turn]), repr(p90[turn]))
                    )
        return handle.getvalue()
