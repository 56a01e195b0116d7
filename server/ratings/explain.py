"""A sentence a reader can follow: why a note has the community status it has."""
from __future__ import annotations

from server.ratings.scorer import ScorerConfig

CONFIG = ScorerConfig()


def explain(status: str, score, ratings: int, config: ScorerConfig = CONFIG) -> str:
    need = config.min_ratings_per_note
    if score is None or score.intercept is None:
        return (f"Not scored yet: {ratings} rating(s); a note needs at least {need}, from raters who have rated "
                f"at least {config.min_ratings_per_rater} notes, before the community model can place it.")
    placed = f"helpfulness intercept {score.intercept:+.2f}, viewpoint factor {score.factor:+.2f}"
    if score.candidate_status == "helpful":
        why = (f"Rated helpful by people across viewpoints ({placed}: intercept at least "
               f"{config.helpful_intercept:.2f} and factor within ±{config.helpful_max_factor:.2f}).")
    elif score.candidate_status == "not_helpful":
        why = (f"Rated not helpful ({placed}: intercept at most "
               f"{config.not_helpful_intercept:+.2f} − {config.not_helpful_factor_slope:.1f}×|factor|).")
    else:
        why = (f"Needs more ratings ({placed}): helpful needs intercept at least {config.helpful_intercept:.2f} "
               f"with factor within ±{config.helpful_max_factor:.2f}, i.e. agreement from people who usually disagree.")
    if score.candidate_status != status:
        why += f" Shown as {status.replace('_', ' ')} until the new status has held long enough."
    return why
