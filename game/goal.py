"""The game's goal and how it is lost, in a player's words, from the rules themselves.

The title screen, Help and the guided first quarter all state the goal; each reads it
here, and the words are built from the score's weights (``engine.score.WEIGHTS``), the
play-on (``engine.final.PLAY_ON_QUARTERS``) and the thresholds that end a game
(``APPROVAL_COLLAPSE``, ``REGION_TAKEN``), so the text cannot drift from the rules when a
weight or a threshold is changed.
"""

from __future__ import annotations

from .engine.final import PLAY_ON_QUARTERS
from .engine.metrics import METRICS
from .engine.score import APPROVAL_COLLAPSE, REGION_TAKEN, WEIGHTS


def span(quarters: int, before_noun: bool = False) -> str:
    """A stretch of quarters as a person says it: "2 years", "7 quarters", or before a
    noun "10-year", "7-quarter"."""
    count, unit = (quarters // 4, "year") if quarters % 4 == 0 else (quarters, "quarter")
    if before_noun:
        return f"{count}-{unit}"
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def weights_text() -> str:
    """The score's weights, heaviest first: "coca 20%, welfare 20%, cocaine 15%, …"."""
    ranked = sorted(WEIGHTS.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{name} {round(100 * weight)}%" for name, weight in ranked)


def goal_text(term_quarters: int) -> str:
    """What the score weighs and over which quarters, in one paragraph."""
    return (
        f"Your goal: the best score over a {span(term_quarters, before_noun=True)} term and the "
        f"{span(PLAY_ON_QUARTERS)} after it, played on with your last orders. Every "
        f"quarter is graded on {weights_text()}; 50 is as at the start, 100 the best."
    )


def losing_text() -> str:
    """How the game is lost, with the thresholds in the game's own number formats."""
    approval = METRICS["approval"].fmt.number(APPROVAL_COLLAPSE)
    remnant = METRICS["insurgency"]
    return (
        f"You lose at once if approval falls below {approval} or the "
        f"{remnant.label} reaches {remnant.fmt.number(REGION_TAKEN)} in any region; "
        "the quarters left then grade 0."
    )


def goal_paragraphs(term_quarters: int) -> tuple[str, str]:
    """The goal and how it is lost: what the title screen and Help show."""
    return goal_text(term_quarters), losing_text()
