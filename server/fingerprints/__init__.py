"""Quote fingerprints (issue 8): notes follow their quote onto copies of an article.

``shingles`` and ``bloom`` are pure functions on plain strings (no Flask, no database) because the
extension re-implements them in JavaScript and both run ``tests/fingerprints/vectors.json``.
The algorithm is fixed by docs/anchoring.md ("syndication") and must not drift between the two.
"""
