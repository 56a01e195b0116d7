"""Marshmallow fields for what names a page, shared by every schema that takes one: a URL (body or
query), normalized the one way documents are keyed; a host filter, read as server.documents.hosts does."""
from __future__ import annotations

from marshmallow import ValidationError, fields

from server.documents.hosts import HOST_PROBLEM, parse_host
from server.documents.urls import InvalidURL, normalize_url


class Url(fields.String):
    """An http(s) URL, returned normalized (tracking parameters and fragments gone)."""

    def _deserialize(self, value, attr, data, **kwargs):
        raw = super()._deserialize(value, attr, data, **kwargs)
        try:
            return normalize_url(raw)
        except InvalidURL as err:
            raise ValidationError(str(err)) from None


class Host(fields.String):
    """A host name: a page on it or on any of its subdomains, with or without a port."""

    def _deserialize(self, value, attr, data, **kwargs):
        host = parse_host(super()._deserialize(value, attr, data, **kwargs))
        if host is None:
            raise ValidationError(HOST_PROBLEM)
        return host
