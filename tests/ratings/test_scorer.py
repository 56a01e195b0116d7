"""Unit tests of server/ratings/scorer.py on small hand-built data (pure numpy, no database)."""
from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from server.ratings.scorer import (
    HELPFUL,
    NEEDS_MORE_RATINGS,
    NOT_HELPFUL,
    ScorerConfig,
    compute_status,
    fit_model,
    majority_status,
    rater_agreement,
    score,
)


def _planted(seed: int = 3, n_notes: int = 40, n_raters: int = 60, density: float = 0.7):
    """A planted model in the representative the regularization picks among exact fits:
    mu = mean(i_n) = mean(i_u), factors centred and uncorrelated with the other side's
    intercepts, and equally spread on both sides (see scorer._gauge)."""
    rng = np.random.default_rng(seed)
    mu = 0.2

    def side(n):
        factor = rng.normal(0.0, 0.7, n)
        factor -= factor.mean()
        intercept = rng.normal(0.0, 0.3, n)
        intercept -= intercept.mean()
        intercept -= factor * (intercept @ factor) / (factor @ factor)
        return intercept + mu, factor

    i_n, f_n = side(n_notes)
    i_u, f_u = side(n_raters)
    scale = (np.mean(f_n ** 2) / np.mean(f_u ** 2)) ** 0.25
    f_u, f_n = f_u * scale, f_n / scale
    # Which rater rated which note (every note and rater well covered).
    rated = rng.random((n_notes, n_raters)) < density
    note_index, rater_index = np.nonzero(rated)
    value = mu + i_n[note_index] + i_u[rater_index] + f_n[note_index] * f_u[rater_index]
    return note_index, rater_index, value, (mu, i_n, f_n, i_u, f_u)


def test_fit_recovers_a_planted_model_on_noise_free_data():
    note_index, rater_index, value, (mu, i_n, f_n, i_u, f_u) = _planted()
    tiny = ScorerConfig(intercept_lambda=1e-6, factor_lambda=1e-6, global_intercept_lambda=1e-6,
                        tolerance=1e-15, max_iterations=5000)
    fit = fit_model(note_index, rater_index, value, i_n.size, i_u.size, tiny)
    sign = np.sign(fit.note_factor @ f_n)
    assert fit.mu == pytest.approx(mu, abs=1e-3)
    np.testing.assert_allclose(fit.note_intercept, i_n, atol=1e-3)
    np.testing.assert_allclose(fit.rater_intercept, i_u, atol=1e-3)
    np.testing.assert_allclose(sign * fit.note_factor, f_n, atol=1e-3)
    np.testing.assert_allclose(sign * fit.rater_factor, f_u, atol=1e-3)
    # The reference's identification: at least half of the raters have a negative factor.
    assert np.mean(fit.rater_factor < 0) >= 0.5


def test_fit_is_a_stationary_point_of_the_normalized_loss():
    """With the default lambdas the fit zeroes the gradient of
    mean(err^2) + l_i (mean i_n^2 + mean i_u^2 + mu^2) + l_f (mean f_n^2 + mean f_u^2)."""
    note_index, rater_index, value, _ = _planted(seed=5)
    value = np.clip(value + np.random.default_rng(1).normal(0, 0.2, value.size), 0, 1)
    config = ScorerConfig(tolerance=1e-15, max_iterations=5000)
    n_notes, n_raters = note_index.max() + 1, rater_index.max() + 1
    fit = fit_model(note_index, rater_index, value, n_notes, n_raters, config)
    err = (value - fit.mu - fit.note_intercept[note_index] - fit.rater_intercept[rater_index]
           - fit.note_factor[note_index] * fit.rater_factor[rater_index])
    n = value.size
    li, lf = config.intercept_lambda, config.factor_lambda
    # Gradients, each multiplied by the size of its parameter group to be O(1).
    g_mu = -2 * err.mean() + 2 * config.global_intercept_lambda * fit.mu
    g_in = (-2 * np.bincount(note_index, err) / n + 2 * li * fit.note_intercept / n_notes) * n_notes
    g_fn = (-2 * np.bincount(note_index, err * fit.rater_factor[rater_index]) / n
            + 2 * lf * fit.note_factor / n_notes) * n_notes
    g_iu = (-2 * np.bincount(rater_index, err) / n + 2 * li * fit.rater_intercept / n_raters) * n_raters
    g_fu = (-2 * np.bincount(rater_index, err * fit.note_factor[note_index]) / n
            + 2 * lf * fit.rater_factor / n_raters) * n_raters
    for grad in (g_mu, g_in, g_fn, g_iu, g_fu):
        assert np.max(np.abs(grad)) < 1e-6
    # mu is regularized as the reference does: shrunk well below the mean rating.
    assert 0 < fit.mu < value.mean()


def _block(notes, raters, value=1.0):
    """Every rater in `raters` rates every note in `notes`."""
    n, r = np.meshgrid(np.asarray(notes), np.asarray(raters), indexing="ij")
    return n.ravel(), r.ravel(), np.full(n.size, value)


def _concat(*blocks):
    return tuple(np.concatenate(parts) for parts in zip(*blocks, strict=True))


def test_prefilter_note_with_four_ratings_and_rater_with_nine():
    # Notes 0-11: rated by raters 0-14 (12 ratings each). Note 12: 4 ratings (raters 0-2, 16).
    # Rater 15: 9 ratings (notes 0-8). Rater 16: 10 ratings, one of them on note 12, so 9 once
    # note 12 is filtered out: the two filters iterate.
    rng = np.random.default_rng(0)
    base = _block(range(12), range(15))
    base = (base[0], base[1], rng.choice([0.0, 0.5, 1.0], base[0].size))
    note_index, rater_index, value = _concat(
        base, _block([12], range(3)), _block(range(9), [15]), _block(list(range(9)) + [12], [16]))
    result = score(note_index, rater_index, value, 13, 17)

    assert result.status[12] == NEEDS_MORE_RATINGS
    assert np.isnan(result.note_intercept[12]) and np.isnan(result.note_factor[12])
    assert result.note_rating_count[12] == 4 and result.note_fit_count[12] == 0
    assert not np.isnan(result.note_intercept[:12]).any()
    assert result.rater_kept[:15].all()
    assert not result.rater_kept[15] and np.isnan(result.rater_intercept[15])
    assert not result.rater_kept[16] and np.isnan(result.rater_factor[16])
    assert (result.note_fit_count[:12] == 15).all()
    assert result.rounds[0].notes == 12 and result.rounds[0].raters == 15

    # At exactly the thresholds, both are fitted: note 12 with 5 ratings, rater 15 with 10.
    note_index, rater_index, value = _concat(
        base, _block([12], range(5)), _block(range(10), [15]))
    result = score(note_index, rater_index, value, 13, 16)
    assert not np.isnan(result.note_intercept[12]) and result.rater_kept[15]


def test_status_rules_and_hysteresis():
    config = ScorerConfig()
    intercept = np.array([0.395, 0.395, 0.385, 0.41, 0.41, 0.41, -0.25, -0.24, np.nan, 0.5])
    factor = np.array([0.1, 0.1, 0.1, 0.6, -0.5, 0.2, 0.25, 0.25, np.nan, 0.0])
    count = np.array([10, 10, 10, 10, 10, 4, 10, 10, 0, 5])
    previous = np.array([True, False, True, False, False, False, False, False, True, False])
    status = compute_status(intercept, factor, count, previous, config)
    assert list(status) == [
        HELPFUL,             # was helpful, 0.395 >= 0.39: stays
        NEEDS_MORE_RATINGS,  # new note at 0.395 < 0.40
        NEEDS_MORE_RATINGS,  # was helpful, fell below 0.39
        NEEDS_MORE_RATINGS,  # |f_n| > 0.5
        HELPFUL,             # |f_n| = 0.5 is allowed
        NEEDS_MORE_RATINGS,  # fewer than 5 ratings
        NOT_HELPFUL,         # -0.25 <= -0.05 - 0.8 * 0.25
        NEEDS_MORE_RATINGS,  # just above the not_helpful line
        NEEDS_MORE_RATINGS,  # not fitted
        HELPFUL,             # 5 ratings are enough
    ]
    # Without previous statuses there is no hysteresis.
    assert compute_status(intercept, factor, count)[0] == NEEDS_MORE_RATINGS


def test_hysteresis_through_score():
    # End to end: put the two thresholds around the fitted intercept of note 0 (0.395 on the
    # scale of the defaults), then only the previous status decides.
    rng = np.random.default_rng(2)
    note_index, rater_index, _ = _block(range(10), range(12))
    value = np.where(note_index == 0, 1.0, rng.choice([0.0, 0.5, 1.0], note_index.size))
    one_round = ScorerConfig(two_rounds=False)
    fitted = score(note_index, rater_index, value, 10, 12, config=one_round)
    i0 = fitted.note_intercept[0]
    config = dataclasses.replace(one_round, helpful_intercept=i0 + 0.005, helpful_keep_intercept=i0 - 0.005,
                                 helpful_max_factor=abs(fitted.note_factor[0]) + 1)
    previous = np.zeros(10, dtype=bool)
    assert score(note_index, rater_index, value, 10, 12, config=config).status[0] == NEEDS_MORE_RATINGS
    previous[0] = True
    assert score(note_index, rater_index, value, 10, 12, previous, config).status[0] == HELPFUL


def test_deterministic_for_a_seed():
    note_index, rater_index, value, _ = _planted(seed=4)
    value = np.clip(np.round(value * 2) / 2, 0, 1)
    n_notes, n_raters = note_index.max() + 1, rater_index.max() + 1
    a = score(note_index, rater_index, value, n_notes, n_raters)
    b = score(note_index, rater_index, value, n_notes, n_raters)
    for field in ("note_intercept", "note_factor", "rater_intercept", "rater_factor", "status", "rater_kept"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))
    assert a.mu == b.mu and a.rounds == b.rounds
    # Another seed starts elsewhere and reaches the same optimum (up to the tolerance).
    c = score(note_index, rater_index, value, n_notes, n_raters, config=ScorerConfig(seed=7))
    np.testing.assert_allclose(c.note_intercept, a.note_intercept, atol=2e-3)
    np.testing.assert_array_equal(c.status, a.status)


def test_second_round_drops_a_rater_below_two_thirds_agreement():
    # Two camps of 20 honest raters: both rate notes 0-9 helpful and notes 10-19 not helpful,
    # and they split on the partisan notes 20-25 / 26-31 (which gives the factor its axis).
    good, bad = list(range(10)), list(range(10, 20))
    left, right = list(range(20, 26)), list(range(26, 32))
    camp_a, camp_b = range(20), range(20, 40)
    honest = _concat(_block(good, range(40), 1.0), _block(bad, range(40), 0.0),
                     _block(left, camp_a, 1.0), _block(left, camp_b, 0.0),
                     _block(right, camp_a, 0.0), _block(right, camp_b, 1.0))

    def rater(r, wrong):
        """Rater r rates notes 0-19 like everybody, except the notes in `wrong`."""
        return _concat(*[_block([n], [r], float((n in good) != (n in wrong))) for n in good + bad])

    note_index, rater_index, value = _concat(
        honest,
        rater(40, good + bad),                   # the opposite of everyone: agreement 0
        rater(41, good[0:3] + bad[3:6]),         # 14 of 20 = 0.70 >= 0.66: kept
        rater(42, good[3:7] + bad[6:9]),         # 13 of 20 = 0.65 < 0.66: dropped
        _block(good + bad + left, [43], 0.5))    # somewhat_helpful only: no evidence, kept
    result = score(note_index, rater_index, value, 32, 44)

    assert (result.status[good] == HELPFUL).all()
    assert (result.status[bad] == NOT_HELPFUL).all()
    assert (result.status[left + right] == NEEDS_MORE_RATINGS).all()
    assert result.rater_agreement[40] == 0.0
    assert result.rater_agreement[41] == pytest.approx(0.70)
    assert result.rater_agreement[42] == pytest.approx(0.65)
    assert np.isnan(result.rater_agreement[43])
    assert result.rater_kept[:40].all()
    assert list(result.rater_kept[40:]) == [False, True, False, True]
    assert result.rounds[0].raters == 44 and result.rounds[1].raters == 42
    assert result.rounds[1].ratings == result.rounds[0].ratings - 40
    assert np.isnan(result.rater_intercept[40]) and not np.isnan(result.rater_intercept[41])

    # One round only: everybody stays.
    single = score(note_index, rater_index, value, 32, 44, config=ScorerConfig(two_rounds=False))
    assert single.rater_kept.all() and len(single.rounds) == 1
    # The reference's choice for raters without evidence: dropped.
    strict = score(note_index, rater_index, value, 32, 44,
                   config=ScorerConfig(keep_raters_without_evidence=False))
    assert not strict.rater_kept[43] and strict.rater_kept[41]


def test_rater_agreement_ignores_somewhat_and_undecided_notes():
    status = np.array([HELPFUL, NOT_HELPFUL, NEEDS_MORE_RATINGS])
    note_index = np.array([0, 1, 2, 0, 1, 0])
    rater_index = np.array([0, 0, 0, 1, 1, 2])
    value = np.array([1.0, 1.0, 1.0, 0.5, 0.0, 0.5])
    agreement = rater_agreement(note_index, rater_index, value, status, 4)
    assert agreement[0] == 0.5 and agreement[1] == 1.0
    assert np.isnan(agreement[2]) and np.isnan(agreement[3])


def test_majority_baseline():
    note_index = np.repeat([0, 1, 2, 3], [5, 5, 4, 6])
    value = np.array([1, 1, 1, 0, 0,       # 3/5 helpful
                      1, 1, 0.5, 0, 0,     # 2.5/5: not above half
                      1, 1, 1, 1,          # only 4 ratings
                      0.5, 0.5, 0.5, 0.5, 1, 1], dtype=float)  # somewhat counts half: 4/6
    assert list(majority_status(note_index, value, 5)) == [
        HELPFUL, NEEDS_MORE_RATINGS, NEEDS_MORE_RATINGS, HELPFUL, NEEDS_MORE_RATINGS]


def test_empty_and_invalid_input():
    empty = np.array([], dtype=np.int64)
    result = score(empty, empty, np.array([]), 3, 0)
    assert list(result.status) == [NEEDS_MORE_RATINGS] * 3 and np.isnan(result.note_intercept).all()
    with pytest.raises(ValueError):
        score(np.array([0, 1]), np.array([0]), np.array([1.0]), 2, 1)
    with pytest.raises(ValueError):
        score(np.array([2]), np.array([0]), np.array([1.0]), 2, 1)
    with pytest.raises(ValueError):
        score(np.array([0]), np.array([0]), np.array([np.nan]), 2, 1)
    with pytest.raises(ValueError):
        score(np.array([0]), np.array([0]), np.array([1.0]), 2, 1, previous_helpful=np.array([True]))


def test_progress_callback_and_config_defaults():
    calls = []
    note_index, rater_index, value, _ = _planted(seed=6)
    score(note_index, rater_index, value, note_index.max() + 1, rater_index.max() + 1,
          progress=lambda step, done, total: calls.append((step, done, total)))
    steps = [step for step, _, _ in calls]
    assert steps[0] == "round 1: pre-filter" and "agreement" in steps and steps[-1] == "round 2: fit"
    assert all(0 < done <= total for _, done, total in calls)
    defaults = {f.name: f.default for f in dataclasses.fields(ScorerConfig)}
    assert defaults["intercept_lambda"] == 0.15 and defaults["factor_lambda"] == 0.03
    assert defaults["helpful_intercept"] == 0.40 and defaults["helpful_keep_intercept"] == 0.39
    assert defaults["min_rater_agreement"] == 0.66 and defaults["tolerance"] == 1e-7
