"""A seeded synthetic community of raters and notes, shared by the scorer tests and bench/score_bench.py.

Raters
    Two camps, left (-1) and right (+1): a rater's latent position is its camp plus N(0, 0.3)
    noise, and it has a leniency N(0, 0.4) (some raters call more notes helpful). A share of
    "noise raters" (default 5%) rate at random, whatever the note.
Notes, four kinds
    BOTH   helpful to both camps: quality ~ N(3.0, 0.4), no slant;
    LEFT   partisan: quality ~ N(0.3, 0.4), slant ~ -N(1.8, 0.3) (liked by the left only);
    RIGHT  the mirror image, slant ~ +N(1.8, 0.3);
    BAD    quality ~ N(-2.5, 0.4), slant ~ N(0, 0.3).
Ratings
    Who rates what: each note gets a number of ratings (uniform in `note_ratings`, default 10..40,
    or, given `n_ratings`, a multinomial split with log-normal popularity), each rater at least
    `min_rater_ratings` (10), more for more active raters; note slots and rater slots are then
    paired with a mild selection bias (partisan notes are shown a little more to their own camp:
    both sides are sorted by camp/slant * `selection_bias` + N(0, 1) and matched in order), and
    degree-preserving swaps remove repeated (note, rater) pairs.
    What they say: an ordinal logistic model of z = quality + slant * position + leniency,
    P(helpful) = sigmoid(z - 0.75), P(at least somewhat_helpful) = sigmoid(z + 0.75), values
    1.0 / 0.5 / 0.0.
Brigade (optional)
    `brigade_share` of all raters, drawn from one camp (`brigade_camp`), additionally rate every
    partisan note of their side helpful (replacing their own rating of it if they had one); they
    rate everything else honestly, as a group would that builds a normal record first.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BOTH, LEFT, RIGHT, BAD = 0, 1, 2, 3
KIND_NAMES = ("helpful to both", "partisan left", "partisan right", "bad")


@dataclass
class Community:
    note_index: np.ndarray  # int32, one per rating
    rater_index: np.ndarray  # int32, one per rating
    value: np.ndarray  # float64: 1.0 helpful, 0.5 somewhat_helpful, 0.0 not_helpful
    n_notes: int
    n_raters: int
    note_kind: np.ndarray  # int8: BOTH / LEFT / RIGHT / BAD
    note_quality: np.ndarray
    note_slant: np.ndarray
    rater_camp: np.ndarray  # int8: -1 left, +1 right
    rater_position: np.ndarray
    rater_noise: np.ndarray  # bool: rates at random
    rater_brigade: np.ndarray  # bool
    seed: int = 0

    @property
    def n_ratings(self) -> int:
        return int(self.value.size)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _dedupe_by_swaps(note_of: np.ndarray, rater_of: np.ndarray, n_raters: int, rng,
                     rounds: int = 100) -> np.ndarray:
    """Swap raters between slots until no (note, rater) pair repeats; returns a keep mask (any
    pair still repeated after `rounds` is dropped)."""
    for _ in range(rounds):
        key = note_of.astype(np.int64) * n_raters + rater_of
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        repeated = np.zeros(key.size, dtype=bool)
        repeated[order[1:]] = sorted_key[1:] == sorted_key[:-1]
        bad = np.flatnonzero(repeated)
        if bad.size == 0:
            return np.ones(key.size, dtype=bool)
        others = np.flatnonzero(~repeated)
        partner = others[rng.choice(others.size, min(bad.size, others.size), replace=False)]
        bad = bad[:partner.size]
        rater_of[bad], rater_of[partner] = rater_of[partner], rater_of[bad]
    key = note_of.astype(np.int64) * n_raters + rater_of
    _, first = np.unique(key, return_index=True)
    keep = np.zeros(key.size, dtype=bool)
    keep[first] = True
    return keep


def make_community(n_notes: int = 600, n_raters: int = 1000, n_ratings: int | None = None,
                   note_ratings: tuple[int, int] = (15, 40), min_rater_ratings: int = 10,
                   kind_shares: tuple[float, float, float, float] = (0.25, 0.25, 0.25, 0.25),
                   right_share: float = 0.5, noise_share: float = 0.05, selection_bias: float = 0.5,
                   brigade_share: float = 0.0, brigade_camp: int = 1, both_quality: float = 3.5,
                   seed: int = 0) -> Community:
    """Make a community (see the module docstring). Deterministic for a seed."""
    rng = np.random.default_rng(seed)

    # Notes.
    shares = np.asarray(kind_shares, dtype=np.float64)
    kind_counts = np.floor(shares / shares.sum() * n_notes).astype(int)
    kind_counts[0] += n_notes - kind_counts.sum()
    note_kind = rng.permutation(np.repeat(np.arange(4, dtype=np.int8), kind_counts))
    quality = np.select([note_kind == BOTH, note_kind == BAD],
                        [rng.normal(both_quality, 0.4, n_notes), rng.normal(-2.5, 0.4, n_notes)],
                        rng.normal(0.3, 0.4, n_notes))
    slant = np.select([note_kind == LEFT, note_kind == RIGHT, note_kind == BAD],
                      [-rng.normal(1.8, 0.3, n_notes), rng.normal(1.8, 0.3, n_notes),
                       rng.normal(0.0, 0.3, n_notes)], 0.0)

    # Raters.
    camp = np.where(rng.random(n_raters) < right_share, 1, -1).astype(np.int8)
    position = camp + rng.normal(0.0, 0.3, n_raters)
    leniency = rng.normal(0.0, 0.4, n_raters)
    noise = rng.random(n_raters) < noise_share

    # How many ratings each note and each rater has.
    if n_ratings is None:
        note_count = rng.integers(note_ratings[0], note_ratings[1] + 1, n_notes)
        total = int(note_count.sum())
    else:
        total = int(n_ratings)
        popularity = rng.lognormal(0.0, 0.8, n_notes)
        note_count = rng.multinomial(total, popularity / popularity.sum())
    spare = total - min_rater_ratings * n_raters
    if spare < 0:
        raise ValueError(f"{total} ratings cannot give {n_raters} raters {min_rater_ratings} each")
    activity = rng.lognormal(0.0, 1.0, n_raters)
    rater_count = min_rater_ratings + rng.multinomial(spare, activity / activity.sum())
    if note_count.max(initial=0) > n_raters or rater_count.max(initial=0) > n_notes:
        raise ValueError("more ratings per note (rater) than raters (notes)")

    # Pair note slots with rater slots, with a mild selection bias towards the own camp.
    note_of = np.repeat(np.arange(n_notes, dtype=np.int32), note_count)
    rater_of = np.repeat(np.arange(n_raters, dtype=np.int32), rater_count)
    lean = np.sign(slant) * (note_kind != BAD)
    note_key = lean[note_of] * selection_bias + rng.normal(0.0, 1.0, total)
    rater_key = camp[rater_of] * selection_bias + rng.normal(0.0, 1.0, total)
    note_of = note_of[np.argsort(note_key, kind="stable")]
    rater_of = rater_of[np.argsort(rater_key, kind="stable")]
    keep = _dedupe_by_swaps(note_of, rater_of, n_raters, rng)
    note_of, rater_of = note_of[keep], rater_of[keep]

    # Brigade: every partisan note of their side, rated helpful.
    brigade = np.zeros(n_raters, dtype=bool)
    n_brigade = int(round(brigade_share * n_raters))
    if n_brigade:
        pool = np.flatnonzero((camp == brigade_camp) & ~noise)
        if n_brigade > pool.size:
            raise ValueError("the brigade is larger than its camp")
        brigade[rng.choice(pool, n_brigade, replace=False)] = True
    forced = brigade[rater_of] & (note_kind[note_of] == (RIGHT if brigade_camp > 0 else LEFT))

    # Values: ordinal logistic model; noise raters uniform.
    z = quality[note_of] + slant[note_of] * position[rater_of] + leniency[rater_of]
    u = rng.random(note_of.size)
    value = np.where(u < _sigmoid(z - 0.75), 1.0, np.where(u < _sigmoid(z + 0.75), 0.5, 0.0))
    random_value = rng.integers(0, 3, note_of.size) * 0.5
    value = np.where(noise[rater_of], random_value, value)
    value[forced] = 1.0

    if n_brigade:
        targets = np.flatnonzero(note_kind == (RIGHT if brigade_camp > 0 else LEFT)).astype(np.int32)
        members = np.flatnonzero(brigade).astype(np.int32)
        b_note = np.tile(targets, members.size)
        b_rater = np.repeat(members, targets.size)
        have = np.isin(b_note.astype(np.int64) * n_raters + b_rater,
                       note_of.astype(np.int64) * n_raters + rater_of)
        note_of = np.concatenate([note_of, b_note[~have]])
        rater_of = np.concatenate([rater_of, b_rater[~have]])
        value = np.concatenate([value, np.ones(int((~have).sum()))])

    order = rng.permutation(note_of.size)  # no ordering the scorer could lean on
    return Community(note_index=note_of[order], rater_index=rater_of[order], value=value[order],
                     n_notes=n_notes, n_raters=n_raters, note_kind=note_kind, note_quality=quality,
                     note_slant=slant, rater_camp=camp, rater_position=position, rater_noise=noise,
                     rater_brigade=brigade, seed=seed)
