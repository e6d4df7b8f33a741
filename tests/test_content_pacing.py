"""Content check: the shipped events keep coming (issue 12, "Events that keep coming").

Measured headless over 1,000 games of each of four built-in strategies, as the issue
asks: a median of at least ``TARGET_MEDIAN_EVENTS`` events a game, and no spell of more
than ``TARGET_LONGEST_GAP`` quarters without one in ``TARGET_SHARE_WITHIN_GAP`` of games.
This is a check of the content, not of the engine: it changes when events are added.
"""

from __future__ import annotations

from game.sim.pacing import (
    PACING_RUNS,
    TARGET_LONGEST_GAP,
    TARGET_MEDIAN_EVENTS,
    TARGET_SHARE_WITHIN_GAP,
    measure_pacing,
)


def test_events_keep_coming_whatever_the_strategy(content, setup):
    figures = measure_pacing(content, setup, PACING_RUNS)
    misses = [
        f"{p.name}: median {p.median_events:g} events a game (target {TARGET_MEDIAN_EVENTS})"
        for p in figures
        if not p.events_ok
    ] + [
        f"{p.name}: {p.share_within_gap:.0%} of games with no spell over "
        f"{TARGET_LONGEST_GAP} quarters (target {TARGET_SHARE_WITHIN_GAP:.0%})"
        for p in figures
        if not p.gaps_ok
    ]
    assert not misses, "; ".join(misses)
