"""Third-party feeds: the change log and change feed, the Atom feed, the JSON Lines export, ClaimReview."""
