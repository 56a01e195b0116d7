"""App keys: read-only credentials a signed-in user makes for a third-party app."""
