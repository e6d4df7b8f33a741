"""Help: what every lever does and what every indicator means, in the player's words."""

from __future__ import annotations

from typing import ClassVar

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ...engine.metrics import COLLECTED
from ...goal import goal_paragraphs
from ..widgets.footer import KeyBar

LEVERS = """\
# How to play

Each quarter you spread the budget, the eradication teams and the troops over the
regions, answer the events of the last quarter, and press **End turn** (`ctrl+e` or `e`).
The quarterly report then shows what the press sees beside what really happened, and
*why* each number moved.

**Keys** — `1`–`5` tabs (Map, Regions, Orders, National, Log) · `l` or `c w v i o` map
layer · on the Orders tab `↑↓` choose a lever, `+`/`-` change it, `0` zero it, `[`/`]`
region · `d` region detail (history, growers' budget, sources) · `f` forecast · `r` last
report · `e` end turn · `?`/`F1` help · `ctrl+q` quit.

**Budget** — on the Orders tab `+`/`-` move a lever one step, `>`/`<` five steps, `a`
as far as it can go (all the money left, or every free team or troop), `0` to nothing,
and `enter` types an amount (money in $M). Orders that cost more than the quarter's
budget are never cut for you: End turn says what is over, and `t` trims every money order
by the same share if you choose. Money not spent in a quarter is lost: each quarter's
budget is set afresh. What an answer to an event costs comes out of the budget of the
quarter after the one you are planning, and the event says what it would leave.

# Levers

- **Eradication teams** — pull up coca by hand. Cuts hectares now; growers replant,
  move to the next valley (the *balloon effect*) or give up, and welfare and approval in
  the valley suffer. Teams cannot work where there is no coca.
- **Troops** — state presence and pressure on the armed remnant and the traffickers;
  they protect teams, but more troops mean more harm to civilians.
- **Development** — cacao, coffee, technical help and market access: licit income that
  makes coca less worth the risk. Slow, and it decays if not kept up.
- **Infrastructure** — roads, electricity and sanitation: cheaper licit crops, more state.
- **Indigenous protection** — titling and community guards that keep new coca off
  Indigenous territories.
- **Interdiction → route** — money on a river, road, air strip or port: seizes cocaine,
  raises traffickers' costs and lowers the leaf price; the trade shifts to other routes.
- **Precursor control** — chemicals for processing: less cocaine per leaf.
- **Intelligence** — the hunt for the armed remnant's leader, and better targeting.
- **Diplomacy** — backing from consumer countries, which pays for part of the budget.

# Indicators
"""


def help_markdown(term_quarters: int) -> str:
    """Help's text: the goal (as the title screen states it), the levers, the indicators."""
    goal, losing = goal_paragraphs(term_quarters)
    rows = "\n".join(f"- **{m.title}** — {m.description} ({m.unit})" for m in COLLECTED)
    return f"# The goal\n\n{goal}\n\n{losing}\n\n" + LEVERS + "\n" + rows + "\n"


class HelpScreen(ModalScreen[None]):
    """A scrollable help page over the game; escape or ? closes it.

    ``term_quarters``: the game's term, which the goal names.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close")
    ]
    #: focused when shown (an on_mount query fails if a queued key closed it first)
    AUTO_FOCUS = "#help-text"

    def __init__(self, term_quarters: int) -> None:
        super().__init__()
        self.term_quarters = term_quarters

    def compose(self) -> ComposeResult:
        # One Rich renderable in a scroll view: Textual's Markdown widget builds a widget
        # per paragraph and took half a second to open the first time.
        with VerticalScroll(id="help-text"):
            yield Static(Markdown(help_markdown(self.term_quarters)))
        yield KeyBar()
