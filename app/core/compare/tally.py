"""The per-model tally of votes: wins, ties, losses and an Elo-style rating.

Every model starts at :data:`START_RATING`.  A vote is replayed as games between the
models that answered: the chosen one beats each of the others; a tie is a draw (0.5)
between every pair.  All games of one vote are scored against the ratings before it
(so the order of the models in it does not matter), with :data:`K` = 32:
``new = old + K * (score - 1 / (1 + 10 ** ((opponent - old) / 400)))``.
Wins, ties and losses count votes, not games: the chosen model gets a win, each other
model a loss; a tie gives each model a tie.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

K = 32.0
START_RATING = 1000.0


@dataclass
class Standing:
    """One model's record."""

    model_id: str
    name: str
    wins: int = 0
    ties: int = 0
    losses: int = 0
    rating: float = START_RATING

    @property
    def votes(self) -> int:
        return self.wins + self.ties + self.losses


@dataclass(frozen=True)
class Vote:
    """One vote: the models that answered (id, name) and the chosen one's place among
    them (None: a tie)."""

    models: Sequence[tuple[str, str]]
    winner: int | None


def expected(rating: float, opponent: float) -> float:
    """The score ``rating`` is expected to make against ``opponent``."""
    return 1.0 / (1.0 + 10.0 ** ((opponent - rating) / 400.0))


def tally(votes: Iterable[Vote]) -> list[Standing]:
    """The standings after ``votes`` (oldest first), best rating first."""
    table: dict[str, Standing] = {}
    for vote in votes:
        ids = [model_id for model_id, _ in vote.models]
        for model_id, name in vote.models:
            table.setdefault(model_id, Standing(model_id, name)).name = name
        before = {model_id: table[model_id].rating for model_id in ids}
        change = dict.fromkeys(ids, 0.0)
        for a in range(len(ids)):
            for b in range(a + 1, len(ids)):
                if ids[a] == ids[b]:
                    continue  # the same model twice: no game
                if vote.winner is None:
                    score = 0.5
                elif vote.winner in (a, b):
                    score = 1.0 if vote.winner == a else 0.0
                else:
                    continue  # two losers: no game between them
                delta = K * (score - expected(before[ids[a]], before[ids[b]]))
                change[ids[a]] += delta
                change[ids[b]] -= delta
        for model_id in dict.fromkeys(ids):
            standing = table[model_id]
            standing.rating += change[model_id]
        for place, model_id in enumerate(ids):
            standing = table[model_id]
            if vote.winner is None:
                standing.ties += 1
            elif place == vote.winner:
                standing.wins += 1
            else:
                standing.losses += 1
    return sorted(table.values(), key=lambda s: (-s.rating, s.name))
