"""The W3C Web Annotation Protocol container at /annotations/ (LDP BasicContainer + AnnotationCollection)."""
