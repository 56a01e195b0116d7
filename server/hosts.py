"""Which Host a request may name, when ids are minted under it.

With PUBLIC_BASE_URL set (required in production) ids, `Location` and `next` links use it and the
Host header plays no part. Without it (development, test) `web.base_url()` takes the origin from the
request, so a request naming any other host than the allowed ones (the loopback names, plus
ALLOWED_HOSTS; any port) is refused with a 400 before any view runs: no id is ever minted, and no
link written, under a host the operator did not choose.
"""
from __future__ import annotations

from flask import Flask, request

from server.errors import BadRequest


def host_name(host: str) -> str:
    """The Host header without its port, lower-cased ('[::1]:5000' -> '[::1]')."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    name, _, port = host.rpartition(":")
    return name if name and port.isdigit() else host


def install_host_check(app: Flask) -> None:
    settings = app.config["GLOSS"]
    if settings.public_base_url:
        return
    allowed = frozenset(settings.allowed_hosts)

    @app.before_request
    def _refuse_unknown_hosts():
        if host_name(request.host) not in allowed:
            raise BadRequest("This server does not answer for that Host; set PUBLIC_BASE_URL or add the host "
                             "to ALLOWED_HOSTS.", code="bad_host")
