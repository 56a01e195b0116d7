"""Bridging scorer for community notes: matrix factorization of ratings, in pure numpy.

It makes the decisions of X Community Notes' open-source scorer (the `twitter/communitynotes`
repository, `sourcecode/scoring/`): a note is shown as helpful only when raters who usually
disagree with one another both found it helpful. No Flask, no SQLAlchemy: ratings in as arrays,
parameters and statuses out.

Model
    Each rating r (helpful 1.0, somewhat_helpful 0.5, not_helpful 0.0) of note n by rater u is
    predicted as ``mu + i_u + i_n + f_u * f_n`` with one-dimensional factors. The factor f absorbs
    what a rater's viewpoint explains (a partisan note rated helpful by one side only gets a large
    |f_n|); the note intercept i_n is the helpfulness left once viewpoints are accounted for.
    The loss is the reference's, normalized the way it normalizes it::

        mean over ratings of err**2
          + lambda_i * (mean(i_n**2) + mean(i_u**2) + mu**2)
          + lambda_f * (mean(f_n**2) + mean(f_u**2))

    with lambda_i = 0.15 and lambda_f = 0.03 (the reference's l2 lambda 0.03, intercepts x5; it
    regularizes the global intercept mu with lambda_i too). Means run over the fitted notes,
    fitted raters and ratings of the round.

Fitting
    Alternating least squares instead of the reference's full-batch Adam, vectorized with
    np.bincount. Multiplying the loss by N (ratings) turns each block into ridge regressions with
    strength lambda * N / n_notes for note parameters and lambda * N / n_raters for rater
    parameters (lambda_i * N for mu): every note's (i_n, f_n) given the raters is a 2x2 ridge
    solve in closed form, then every rater's (i_u, f_u) given the notes, then mu. After each sweep
    three exact "gauge" steps move along the directions the data cannot see (shifting mu against
    the mean intercepts, translating a factor against the other side's intercepts, rescaling f_u
    against f_n): they leave every prediction unchanged and lower the regularization to its
    minimum along that direction, which is where plain ALS crawls. Every step lowers the loss;
    the fit stops when it changes by less than `tolerance` (relative, after at least
    `min_iterations` sweeps) or after `max_iterations`. `ridge_scale="median"` (not the default)
    uses the median ratings per note / rater instead of N / n in the ridge strengths: a brigade
    that piles ratings onto a few notes then cannot raise the shrinkage of every other note.
    Initialization follows the reference: intercepts and mu 0, factors uniform in
    +-sqrt(6 / (n + 1)) (torch's xavier_uniform of an (n, 1) embedding), drawn from `seed`, so a
    run is deterministic. Factor signs follow the reference too: flipped so that at least half of
    the fitted raters have a negative factor.

Rounds
    0. Pre-filter: notes with fewer than 5 ratings and raters with fewer than 10 ratings (counted
       on the remaining notes) are dropped, the two filters repeated until nothing changes.
       Unfitted notes are needs_more_ratings with NaN parameters.
    1. Fit, compute statuses.
    2. Rater agreement: a rating agrees when a rater said helpful (1.0) on a note whose round-1
       status is helpful, or not_helpful (0.0) on a note that is not_helpful. As in the reference
       (helpfulness_scores.py keeps only ratings whose helpfulNum is 0 or 1 on CRH/CRNH notes),
       somewhat_helpful ratings count neither for nor against, and only ratings on notes that
       reached helpful / not_helpful count. Raters below 66% are dropped; raters with no such
       rating are kept (`keep_raters_without_evidence`; the reference drops them, since its NaN
       ratio fails the >= test). The pre-filter runs again on what is left and the model is
       refitted; its statuses are final.

Statuses (`compute_status`)
    helpful             >= 5 ratings in the fit, i_n >= 0.40 and |f_n| <= 0.5; a note that was
                        helpful before (`previous_helpful`) stays helpful while i_n >= 0.39 (the
                        factor and count conditions still apply);
    not_helpful         i_n <= -0.05 - 0.8 * |f_n|;
    needs_more_ratings  otherwise, and for every note that was not fitted.

API
    score(note_index, rater_index, value, n_notes, n_raters, previous_helpful=None,
          config=ScorerConfig(), progress=None) -> ScoreResult
        note_index, rater_index: integer arrays (one entry per rating) in [0, n_notes) and
        [0, n_raters); value: float array of 1.0 / 0.5 / 0.0. One rating per (note, rater) pair
        is expected (the caller deduplicates). previous_helpful: optional bool array (n_notes,)
        of the notes that are helpful now, for the hysteresis. progress: optional
        callback(step: str, done: int, total: int), called once per ALS sweep and per stage.
    ScoreResult: per note ``note_intercept``, ``note_factor`` (NaN when unfitted), ``status``
        (array of "helpful" / "not_helpful" / "needs_more_ratings"), ``note_rating_count`` (all
        ratings it has), ``note_fit_count`` (ratings in the final fit, the count the status rule
        uses); per rater ``rater_intercept``, ``rater_factor`` (NaN when unfitted),
        ``rater_kept`` (fitted in the final round), ``rater_agreement`` (round-1 agreement ratio,
        NaN without evidence); ``mu``; ``rounds`` (a RoundInfo per fit: iterations, loss,
        converged, sizes).
    compute_status(note_intercept, note_factor, note_fit_count, previous_helpful=None, config)
        the status rules above on arrays.
    fit_model(note_index, rater_index, value, n_notes, n_raters, config) -> Fit
        one fit on compact indices (every note and rater has a rating), no filtering.
    majority_status(note_index, value, n_notes, config) -> statuses
        the naive baseline: helpful when a note has >= 5 ratings and its mean value is above 0.5
        (more than half helpful, somewhat_helpful counting half); needs_more_ratings otherwise.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

HELPFUL = "helpful"
NOT_HELPFUL = "not_helpful"
NEEDS_MORE_RATINGS = "needs_more_ratings"
STATUS_DTYPE = "<U18"  # fits the longest status

Progress = Callable[[str, int, int], None] | None


@dataclass(frozen=True)
class ScorerConfig:
    """Every constant of the scorer; the defaults are the reference's (see the module docstring)."""

    # Regularization (the normalized loss): intercepts, factors, and mu (the reference
    # regularizes its global intercept like the intercepts).
    intercept_lambda: float = 0.15
    factor_lambda: float = 0.03
    global_intercept_lambda: float = 0.15
    # Pre-filter: fewer ratings than these and a note / rater is not fitted.
    min_ratings_per_note: int = 5
    min_ratings_per_rater: int = 10
    # helpful: >= min_ratings_helpful ratings, i_n >= helpful_intercept, |f_n| <= helpful_max_factor;
    # stays helpful (previous_helpful) while i_n >= helpful_keep_intercept.
    min_ratings_helpful: int = 5
    helpful_intercept: float = 0.40
    helpful_keep_intercept: float = 0.39
    helpful_max_factor: float = 0.5
    # not_helpful: i_n <= not_helpful_intercept - not_helpful_factor_slope * |f_n|.
    not_helpful_intercept: float = -0.05
    not_helpful_factor_slope: float = 0.8
    # Round 2 keeps raters whose ratings agree with the round-1 statuses at least this often.
    min_rater_agreement: float = 0.66
    # Raters with no rating on a helpful / not_helpful note: kept (the reference drops them).
    keep_raters_without_evidence: bool = True
    two_rounds: bool = True
    # ALS: stop when |loss change| < tolerance * loss (after min_iterations sweeps), or at
    # max_iterations sweeps.
    tolerance: float = 1e-7
    max_iterations: int = 500
    min_iterations: int = 5
    # Seed of the factor initialization.
    seed: int = 0
    # How many ratings "a typical note / rater" has when the normalized loss becomes ridge
    # strengths: "mean" (N / n_notes, N / n_raters) is the reference's normalization; "median"
    # (median ratings per fitted note / rater, and N for mu as before) is not moved by a group
    # that piles many ratings onto a few notes, which under "mean" raises the shrinkage of every
    # note's intercept (see tests/ratings/test_simulation.py).
    ridge_scale: str = "mean"


@dataclass
class Fit:
    """One fit on compact indices: every array is per fitted note / rater."""

    mu: float
    note_intercept: np.ndarray
    note_factor: np.ndarray
    rater_intercept: np.ndarray
    rater_factor: np.ndarray
    iterations: int
    loss: float
    converged: bool


@dataclass
class RoundInfo:
    round: int
    ratings: int
    notes: int
    raters: int
    iterations: int
    loss: float
    converged: bool


@dataclass
class ScoreResult:
    note_intercept: np.ndarray
    note_factor: np.ndarray
    status: np.ndarray
    note_rating_count: np.ndarray
    note_fit_count: np.ndarray
    rater_intercept: np.ndarray
    rater_factor: np.ndarray
    rater_kept: np.ndarray
    rater_agreement: np.ndarray
    mu: float
    rounds: list[RoundInfo] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Statuses


def compute_status(note_intercept: np.ndarray, note_factor: np.ndarray, note_fit_count: np.ndarray,
                   previous_helpful: np.ndarray | None = None,
                   config: ScorerConfig = ScorerConfig()) -> np.ndarray:
    """The status rules of the module docstring, elementwise; NaN parameters give
    needs_more_ratings."""
    intercept = np.asarray(note_intercept, dtype=np.float64)
    factor = np.abs(np.asarray(note_factor, dtype=np.float64))
    count = np.asarray(note_fit_count)
    with np.errstate(invalid="ignore"):
        threshold = np.full(intercept.shape, config.helpful_intercept)
        if previous_helpful is not None:
            previous = np.asarray(previous_helpful, dtype=bool)
            threshold[previous] = config.helpful_keep_intercept
        helpful = ((count >= config.min_ratings_helpful) & (intercept >= threshold)
                   & (factor <= config.helpful_max_factor))
        not_helpful = intercept <= config.not_helpful_intercept - config.not_helpful_factor_slope * factor
    status = np.full(intercept.shape, NEEDS_MORE_RATINGS, dtype=STATUS_DTYPE)
    status[not_helpful & ~helpful] = NOT_HELPFUL
    status[helpful] = HELPFUL
    return status


def majority_status(note_index: np.ndarray, value: np.ndarray, n_notes: int,
                    config: ScorerConfig = ScorerConfig()) -> np.ndarray:
    """Naive baseline: helpful when >= 5 ratings and the mean value is above 0.5."""
    note_index = np.asarray(note_index, dtype=np.int64)
    count = np.bincount(note_index, minlength=n_notes)
    total = np.bincount(note_index, np.asarray(value, dtype=np.float64), minlength=n_notes)
    with np.errstate(invalid="ignore", divide="ignore"):
        helpful = (count >= config.min_ratings_helpful) & (total > 0.5 * count)
    return np.where(helpful, HELPFUL, NEEDS_MORE_RATINGS).astype(STATUS_DTYPE)


# --------------------------------------------------------------------------------------------
# Fitting


def _solve_pairs(index: np.ndarray, size: int, count: np.ndarray, other_factor: np.ndarray,
                 target: np.ndarray, ridge_intercept: float, ridge_factor: float):
    """Per group g, the ridge solution of target ~ i_g + f_g * other_factor (closed-form 2x2)."""
    s_f = np.bincount(index, other_factor, size)
    s_ff = np.bincount(index, other_factor * other_factor, size)
    s_y = np.bincount(index, target, size)
    s_fy = np.bincount(index, other_factor * target, size)
    a = count + ridge_intercept
    d = s_ff + ridge_factor
    det = np.maximum(a * d - s_f * s_f, 1e-300)
    return (d * s_y - s_f * s_fy) / det, (a * s_fy - s_f * s_y) / det


def _loss(err: np.ndarray, mu: float, i_n, f_n, i_u, f_u, config: ScorerConfig) -> float:
    return float(np.mean(err * err)
                 + config.intercept_lambda * (np.mean(i_n * i_n) + np.mean(i_u * i_u))
                 + config.global_intercept_lambda * mu * mu
                 + config.factor_lambda * (np.mean(f_n * f_n) + np.mean(f_u * f_u)))


def _gauge(mu: float, i_n, f_n, i_u, f_u, config: ScorerConfig) -> float:
    """Exact steps along directions that leave every prediction unchanged (updates in place).

    Minimizes the regularization over: factor scale (f_u * s, f_n / s); translating f_u by c
    (i_n -= c f_n) and f_n by d (i_u -= d f_u); shifting mu by a + b against i_n -= a, i_u -= b.
    Returns the new mu.
    """
    lam_i, lam_f, lam_g = config.intercept_lambda, config.factor_lambda, config.global_intercept_lambda
    # Scale: minimize lam_f (s^2 mean f_u^2 + mean f_n^2 / s^2).
    su, sn = np.mean(f_u * f_u), np.mean(f_n * f_n)
    if su > 0 and sn > 0:
        s = (sn / su) ** 0.25
        f_u *= s
        f_n /= s
    if lam_i > 0:
        # Translate f_u by c (exact when mu absorbs nothing: (f_u + c) f_n = f_u f_n + c f_n).
        c = (lam_i * np.mean(i_n * f_n) - lam_f * np.mean(f_u)) / (lam_f + lam_i * np.mean(f_n * f_n))
        f_u += c
        i_n -= c * f_n
        d = (lam_i * np.mean(i_u * f_u) - lam_f * np.mean(f_n)) / (lam_f + lam_i * np.mean(f_u * f_u))
        f_n += d
        i_u -= d * f_u
        # Shift: minimize lam_g (mu + a + b)^2 + lam_i (mean (i_n - a)^2 + mean (i_u - b)^2).
        m_n, m_u = np.mean(i_n), np.mean(i_u)
        if lam_g > 0:
            # Stationary point: lam_g (mu + a + b) = lam_i (m_n - a) = lam_i (m_u - b) = t.
            t = (mu + m_n + m_u) / (1.0 / lam_g + 2.0 / lam_i)
            a, b = m_n - t / lam_i, m_u - t / lam_i
        else:  # mu free: it takes all of the mean intercepts
            a, b = m_n, m_u
        mu += a + b
        i_n -= a
        i_u -= b
    return mu


def fit_model(note_index: np.ndarray, rater_index: np.ndarray, value: np.ndarray, n_notes: int,
              n_raters: int, config: ScorerConfig = ScorerConfig(), progress: Progress = None,
              step: str = "fit") -> Fit:
    """Fit the model by ALS on compact indices (every note and rater has at least one rating)."""
    note_index = np.asarray(note_index, dtype=np.intp)
    rater_index = np.asarray(rater_index, dtype=np.intp)
    value = np.asarray(value, dtype=np.float64)
    n = value.size
    rng = np.random.default_rng(config.seed)
    # Reference init: zeros for intercepts and mu, xavier_uniform for the (n, 1) factor tables.
    f_u = rng.uniform(-1.0, 1.0, n_raters) * np.sqrt(6.0 / (n_raters + 1))
    f_n = rng.uniform(-1.0, 1.0, n_notes) * np.sqrt(6.0 / (n_notes + 1))
    i_u = np.zeros(n_raters)
    i_n = np.zeros(n_notes)
    mu = 0.0
    if n == 0:
        return Fit(mu, i_n, f_n, i_u, f_u, 0, 0.0, True)

    note_count = np.bincount(note_index, minlength=n_notes).astype(np.float64)
    rater_count = np.bincount(rater_index, minlength=n_raters).astype(np.float64)
    # Ridge strengths: the normalized loss times N.
    if config.ridge_scale == "mean":
        per_note, per_rater = n / n_notes, n / n_raters
    elif config.ridge_scale == "median":
        per_note, per_rater = float(np.median(note_count)), float(np.median(rater_count))
    else:
        raise ValueError(f"ridge_scale must be 'mean' or 'median', not {config.ridge_scale!r}")
    note_ridge_i = config.intercept_lambda * per_note
    note_ridge_f = config.factor_lambda * per_note
    rater_ridge_i = config.intercept_lambda * per_rater
    rater_ridge_f = config.factor_lambda * per_rater
    mu_ridge = config.global_intercept_lambda * n

    loss = np.inf
    converged = False
    iterations = 0
    for iterations in range(1, config.max_iterations + 1):
        # Notes given raters and mu.
        fu_r = f_u[rater_index]
        target = value - mu - i_u[rater_index]
        i_n, f_n = _solve_pairs(note_index, n_notes, note_count, fu_r, target, note_ridge_i, note_ridge_f)
        # Raters given notes and mu.
        fn_r = f_n[note_index]
        target = value - mu - i_n[note_index]
        i_u, f_u = _solve_pairs(rater_index, n_raters, rater_count, fn_r, target, rater_ridge_i, rater_ridge_f)
        # mu given the rest.
        partial = value - i_n[note_index] - i_u[rater_index] - f_u[rater_index] * fn_r
        mu = float(partial.sum() / (n + mu_ridge))
        mu = _gauge(mu, i_n, f_n, i_u, f_u, config)
        err = value - mu - i_n[note_index] - i_u[rater_index] - f_u[rater_index] * f_n[note_index]
        new_loss = _loss(err, mu, i_n, f_n, i_u, f_u, config)
        change = abs(loss - new_loss)
        loss = new_loss
        if progress is not None:
            progress(step, iterations, config.max_iterations)
        if iterations >= config.min_iterations and change < config.tolerance * max(loss, 1e-300):
            converged = True
            break

    # Reference identification: at least half of the raters get a negative factor.
    nonzero = f_u != 0
    if nonzero.any() and np.count_nonzero(f_u < 0) < 0.5 * np.count_nonzero(nonzero):
        f_u = -f_u
        f_n = -f_n
    return Fit(mu, i_n, f_n, i_u, f_u, iterations, loss, converged)


# --------------------------------------------------------------------------------------------
# Scoring


def _prefilter(note_index, rater_index, active, n_notes, n_raters, config: ScorerConfig):
    """Iterate the note / rater minimum-count filters; returns (rating mask, note mask, rater mask)."""
    active = active.copy()
    while True:
        note_ok = np.bincount(note_index[active], minlength=n_notes) >= config.min_ratings_per_note
        active &= note_ok[note_index]
        rater_ok = np.bincount(rater_index[active], minlength=n_raters) >= config.min_ratings_per_rater
        keep = rater_ok[rater_index]
        if np.array_equal(keep & active, active):
            note_ok &= np.bincount(note_index[active], minlength=n_notes) > 0
            return active, note_ok, rater_ok & (np.bincount(rater_index[active], minlength=n_raters) > 0)
        active &= keep


def _fit_round(round_no, note_index, rater_index, value, active, n_notes, n_raters, config, progress):
    active, note_ok, rater_ok = _prefilter(note_index, rater_index, active, n_notes, n_raters, config)
    if progress is not None:
        progress(f"round {round_no}: pre-filter", 1, 1)
    note_map = np.cumsum(note_ok) - 1
    rater_map = np.cumsum(rater_ok) - 1
    n_fit_notes, n_fit_raters = int(note_ok.sum()), int(rater_ok.sum())
    fit = fit_model(note_map[note_index[active]], rater_map[rater_index[active]], value[active],
                    n_fit_notes, n_fit_raters, config, progress, step=f"round {round_no}: fit")
    nan_notes = np.full(n_notes, np.nan)
    nan_raters = np.full(n_raters, np.nan)
    i_n, f_n, i_u, f_u = nan_notes.copy(), nan_notes.copy(), nan_raters.copy(), nan_raters.copy()
    i_n[note_ok], f_n[note_ok] = fit.note_intercept, fit.note_factor
    i_u[rater_ok], f_u[rater_ok] = fit.rater_intercept, fit.rater_factor
    fit_count = np.bincount(note_index[active], minlength=n_notes)
    info = RoundInfo(round_no, int(active.sum()), n_fit_notes, n_fit_raters, fit.iterations, fit.loss,
                     fit.converged)
    return fit.mu, i_n, f_n, i_u, f_u, fit_count, rater_ok, info


def rater_agreement(note_index: np.ndarray, rater_index: np.ndarray, value: np.ndarray,
                    status: np.ndarray, n_raters: int) -> np.ndarray:
    """Share of a rater's helpful / not_helpful ratings on helpful / not_helpful notes that match
    the note's status (somewhat_helpful ignored); NaN for raters with no such rating."""
    rated_helpful = status[note_index] == HELPFUL
    rated_not_helpful = status[note_index] == NOT_HELPFUL
    binary = (value == 1.0) | (value == 0.0)
    counted = (rated_helpful | rated_not_helpful) & binary
    agrees = (rated_helpful & (value == 1.0)) | (rated_not_helpful & (value == 0.0))
    total = np.bincount(rater_index[counted], minlength=n_raters)
    agreed = np.bincount(rater_index[agrees], minlength=n_raters)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, agreed / np.maximum(total, 1), np.nan)


def score(note_index: np.ndarray, rater_index: np.ndarray, value: np.ndarray, n_notes: int,
          n_raters: int, previous_helpful: np.ndarray | None = None,
          config: ScorerConfig = ScorerConfig(), progress: Progress = None) -> ScoreResult:
    """Score every note: pre-filter, fit, rater agreement, refit, statuses (module docstring)."""
    note_index = np.asarray(note_index, dtype=np.intp).ravel()
    rater_index = np.asarray(rater_index, dtype=np.intp).ravel()
    value = np.asarray(value, dtype=np.float64).ravel()
    if not note_index.size == rater_index.size == value.size:
        raise ValueError("note_index, rater_index and value must have the same length")
    if note_index.size and (note_index.min() < 0 or note_index.max() >= n_notes):
        raise ValueError("note_index out of range [0, n_notes)")
    if rater_index.size and (rater_index.min() < 0 or rater_index.max() >= n_raters):
        raise ValueError("rater_index out of range [0, n_raters)")
    if not np.all(np.isfinite(value)):
        raise ValueError("value must be finite (1.0, 0.5 or 0.0)")
    if previous_helpful is not None:
        previous_helpful = np.asarray(previous_helpful, dtype=bool)
        if previous_helpful.shape != (n_notes,):
            raise ValueError("previous_helpful must have shape (n_notes,)")

    rating_count = np.bincount(note_index, minlength=n_notes)
    everything = np.ones(value.size, dtype=bool)
    mu, i_n, f_n, i_u, f_u, fit_count, rater_ok, info = _fit_round(
        1, note_index, rater_index, value, everything, n_notes, n_raters, config, progress)
    rounds = [info]
    status = compute_status(i_n, f_n, fit_count, previous_helpful, config)
    agreement = rater_agreement(note_index, rater_index, value, status, n_raters)

    if config.two_rounds:
        with np.errstate(invalid="ignore"):
            keep = agreement >= config.min_rater_agreement
        if config.keep_raters_without_evidence:
            keep |= np.isnan(agreement)
        if progress is not None:
            progress("agreement", 1, 1)
        mu, i_n, f_n, i_u, f_u, fit_count, rater_ok, info = _fit_round(
            2, note_index, rater_index, value, keep[rater_index], n_notes, n_raters, config, progress)
        rounds.append(info)
        status = compute_status(i_n, f_n, fit_count, previous_helpful, config)

    return ScoreResult(note_intercept=i_n, note_factor=f_n, status=status, note_rating_count=rating_count,
                       note_fit_count=fit_count, rater_intercept=i_u, rater_factor=f_u,
                       rater_kept=rater_ok, rater_agreement=agreement, mu=mu, rounds=rounds)
