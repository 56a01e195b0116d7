"""Reading a search's query parameters (GET /api/annotations, the Atom feed) into the filters that
`reads.search_notes` takes. A 422 names each bad parameter. Not a view: feeds parse the same filters
through it, and no feature imports another's views.
"""
from __future__ import annotations


from server import times
from server.accounts.schemas import USERNAME
from server.annotations import fulltext
from server.annotations.schemas import MOTIVATIONS
from server.documents.hosts import HOST_PROBLEM, parse_host
from server.documents.urls import key_of_normalized
from server.errors import Unprocessable
from server.web import settings

# Any of these turns GET /api/annotations?url= from the page listing into a search.
SEARCH_PARAMS = ("text", "domain", "user", "tag", "motivation", "created_after", "created_before", "updated_after",
                 "sort")


def search_filters(args, url: str | None) -> tuple[dict, str]:
    """Validated search filters (422 naming the parameter) and the sort order."""
    problems, filters = {}, {}
    if url is not None:
        filters["url_key"] = key_of_normalized(url)
    if "text" in args:
        limits = settings().limits
        try:
            filters["text"] = fulltext.parse(args["text"], limits.max_search_text_chars, limits.max_search_terms)
        except fulltext.QueryError as err:
            problems["text"] = [str(err)]
    if "domain" in args:
        host = parse_host(args["domain"])
        if host:
            filters["domain"] = host
        else:
            problems["domain"] = [HOST_PROBLEM]
    if "user" in args:
        if USERNAME.regex.match(args["user"]):
            filters["user"] = args["user"].lower()
        else:
            problems["user"] = ["A username."]
    if "tag" in args:
        if 1 <= len(args["tag"]) <= settings().limits.max_tag_chars:
            filters["tag"] = args["tag"]
        else:
            problems["tag"] = [f"1 to {settings().limits.max_tag_chars} characters."]
    if "motivation" in args:
        if args["motivation"] in MOTIVATIONS:
            filters["motivation"] = args["motivation"]
        else:
            problems["motivation"] = [f"One of {', '.join(MOTIVATIONS)}."]
    for key in ("created_after", "created_before", "updated_after"):
        if key in args:
            try:
                filters[key] = times.parse(args[key])
            except times.BadTime as err:
                problems[key] = [str(err)]
    sort = args.get("sort", "created")
    if sort not in ("created", "updated"):
        problems["sort"] = ["created or updated."]
    if problems:
        raise Unprocessable(fields=problems)
    return filters, sort
