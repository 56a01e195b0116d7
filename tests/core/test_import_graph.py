"""The corridors between features, checked on the source (`ast`, nothing is imported or run).

A feature is a package directly under server/ (`server.annotations`, `server.moderation`, …; a
module's feature is its first package, so `server.moderation.ui.views` is moderation's). Modules
directly under server/ (`web.py`, `db.py`, `errors.py`, `cursors.py`, `ratelimits.py`, …, and the
package's own `__init__.py`, the app factory) are the app shell, not features. Every import counts,
wherever it stands in a file (inside a function too): it is a dependency all the same.

The rules held here:
1. No module in a feature `server/<a>/` imports a views module of another feature `server/<b>/`
   (`server.<b>.views`, or any `views` module under it such as `server.moderation.ui.views`). Views
   are routes, not a library: another feature uses a feature's services and public surface modules
   (for annotations, `representation.py` and `visibility.py`). The app factory registers every
   blueprint, so it imports every views module.
2. No two features import each other (issue 14, step 6), and no longer cycle runs through features
   either: every import between features runs one way. Where one feature needs to call into a feature
   that builds on it, the lower one offers a hook (annotations.events.note_written, accounts.auth's
   use_app_keys, annotations.page_anchoring's use_copy_finder) and the app factory plugs the higher one in.
3. The shell modules features import (web, db, errors, …) import no feature: otherwise a feature would
   reach another through the shell, unseen by rule 2. The app factory, the CLI, `models.py` and the
   health blueprint import features, and no feature imports them. (`from server import cursors` imports
   `server.cursors`; the package itself, the app factory, is loaded in every process anyway.)

4. No views module imports another feature's models (`server.<b>.models`, issue 14 step 5): a view
   reaches other features' data through its own feature's services, which may use them.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SERVER = Path(__file__).resolve().parents[2] / "server"


def module_name(path: Path) -> str:
    parts = path.relative_to(SERVER.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every module a source file imports, anywhere in it (functions included), as absolute dotted
    names; `from x import y` yields both x and x.y, since y may be a module."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            found.add(origin)
            found.update(f"{origin}.{alias.name}" for alias in node.names)
    return found


def feature_of(module: str) -> str | None:
    """`server.<a>.…` → a, for modules inside a feature package; None for the app shell."""
    parts = module.split(".")
    if parts[0] != "server" or len(parts) < 2:
        return None
    return parts[1] if (SERVER / parts[1]).is_dir() else None


def is_views(module: str) -> bool:
    return "views" in module.split(".")[2:]


def is_models(module: str) -> bool:
    return "models" in module.split(".")[2:]


def cross_feature_model_imports_in_views(source: str, module: str, is_package: bool = False) -> list[str]:
    own = feature_of(module)
    if own is None or not is_views(module):
        return []
    return sorted(target for target in imported_modules(source, module, is_package)
                  if is_models(target) and feature_of(target) not in (None, own))


def cross_feature_view_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    own = feature_of(module)
    if own is None:
        return []
    return sorted(target for target in imported_modules(source, module, is_package)
                  if is_views(target) and feature_of(target) not in (None, own))


def server_modules():
    for path in sorted(SERVER.rglob("*.py")):
        yield path, module_name(path)


def test_no_feature_imports_another_features_views():
    offenders = {}
    for path, module in server_modules():
        found = cross_feature_view_imports(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
        if found:
            offenders[module] = found
    assert offenders == {}, ("Features must use another feature's services and public surface "
                             "(e.g. annotations.representation / annotations.visibility), "
                             f"never its views: {offenders}")


def test_the_walk_sees_every_feature_and_the_app_shell_registering_blueprints():
    modules = dict((module, path) for path, module in server_modules())
    assert {"server.annotations.views", "server.feeds.views", "server.moderation.ui.views"} <= modules.keys()
    shell = imported_modules(modules["server"].read_text(encoding="utf-8"), "server", is_package=True)
    assert "server.annotations.views" in shell  # the one allowed importer, seen by the walk
    assert cross_feature_view_imports(modules["server"].read_text(encoding="utf-8"), "server", True) == []


def test_the_check_catches_every_spelling_of_an_import_of_views():
    spellings = [
        "from server.annotations.views import present",
        "from server.annotations import views",
        "import server.annotations.views",
        "import server.annotations.views as annotation_views",
        "def f():\n    from server.moderation.ui.views import bp",
        "from ..annotations.views import present",
        "from .. import annotations\nfrom ..annotations import views",
    ]
    for source in spellings:
        assert cross_feature_view_imports(source, "server.feeds.views"), source
    allowed = [
        "from server.annotations.representation import present",
        "from server.annotations import services, visibility",
        "from server.feeds.views import bp",  # its own views
        "from .views import bp",
        "from server.apidocs.declare import documented",
    ]
    for source in allowed:
        assert cross_feature_view_imports(source, "server.feeds.services") == [], source


# --- rule 4: no view imports another feature's models ----------------------------------------------------

def test_no_view_imports_another_features_models():
    offenders = {}
    for path, module in server_modules():
        found = cross_feature_model_imports_in_views(path.read_text(encoding="utf-8"), module,
                                                     path.name == "__init__.py")
        if found:
            offenders[module] = found
    assert offenders == {}, f"Views reach other features' data through their own feature's services: {offenders}"


def test_the_check_catches_views_importing_models_and_lets_services_do_it():
    for source in ("from server.annotations.models import Annotation", "from server.accounts import models",
                   "def f():\n    import server.ratings.models"):
        assert cross_feature_model_imports_in_views(source, "server.moderation.ui.views"), source
    for source, module in (("from server.moderation.models import Flag", "server.moderation.ui.views"),
                           ("from server.annotations.models import Annotation", "server.moderation.services"),
                           ("from server.annotations.representation import present", "server.moderation.views")):
        assert cross_feature_model_imports_in_views(source, module) == [], (source, module)


# --- rule 2: no two features import each other ----------------------------------------------------------

def feature_edges(sources: dict[str, tuple[str, bool]]) -> dict[tuple[str, str], set[str]]:
    """(importing feature, imported feature) → the imports behind the arrow ("module -> target"), for
    sources given as module name → (source text, is a package's __init__)."""
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    for module, (source, is_package) in sources.items():
        own = feature_of(module)
        if own is None:
            continue
        for target in imported_modules(source, module, is_package):
            other = feature_of(target)
            if other is not None and other != own:
                edges[(own, other)].add(f"{module} -> {target}")
    return dict(edges)


def mutual_imports(edges) -> dict[tuple[str, str], list[str]]:
    """Each pair of features that import each other (once, in name order), with the imports both ways."""
    return {(a, b): sorted(edges[(a, b)] | edges[(b, a)]) for a, b in edges if a < b and (b, a) in edges}


def cycles(edges) -> list[list[str]]:
    """The strongly connected groups of more than one feature (Tarjan's algorithm), each sorted."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
        graph[b]
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def server_sources() -> dict[str, tuple[str, bool]]:
    return {module: (path.read_text(encoding="utf-8"), path.name == "__init__.py")
            for path, module in server_modules()}


def test_no_two_features_import_each_other():
    mutual = mutual_imports(feature_edges(server_sources()))
    assert mutual == {}, ("Two features import each other; one of them owns the concept and the other "
                          "subscribes to a hook of it, or the shared piece moves to a module both import "
                          f"(ARCHITECTURE.md, Corridors): {mutual}")


def test_no_cycle_runs_through_features_at_all():
    found = cycles(feature_edges(server_sources()))
    assert found == [], f"These features reach each other through a cycle of imports: {found}"


def test_the_feature_graph_is_seen_one_way_where_the_write_hook_stands():
    edges = feature_edges(server_sources())
    for downstream in ("feeds", "fingerprints", "moderation"):
        assert (downstream, "annotations") in edges  # they build on the hub...
        assert ("annotations", downstream) not in edges  # ...which reaches them only through note_written
    assert ("apikeys", "accounts") in edges and ("accounts", "apikeys") not in edges
    assert ("accounts", "apidocs") in edges and ("apidocs", "accounts") not in edges


def test_the_cycle_checks_catch_mutual_and_longer_cycles():
    sources = {
        "server.annotations.services": ("from server.feeds import changelog", False),
        "server.feeds.changelog": ("from server.annotations.models import Annotation", False),
        "server.ratings.services": ("def f():\n    from ..moderation import services", False),
        "server.moderation.services": ("import server.documents.models", False),
        "server.documents.services": ("from server.ratings.models import Rating", False),
        "server.accounts.services": ("from server.db import db\nfrom server import web", False),
        "server.apidocs.declare": ("from server.accounts import services", False),
    }
    edges = feature_edges(sources)
    assert mutual_imports(edges) == {("annotations", "feeds"): [
        "server.annotations.services -> server.feeds", "server.annotations.services -> server.feeds.changelog",
        "server.feeds.changelog -> server.annotations.models",
        "server.feeds.changelog -> server.annotations.models.Annotation"]}
    assert cycles(edges) == [["annotations", "feeds"], ["documents", "moderation", "ratings"]]
    assert ("accounts", "apidocs") not in edges and ("apidocs", "accounts") in edges  # the shell is no feature


# --- rule 3: the shell modules features import import no feature ---------------------------------------

def shell_module_of(target: str, modules: set[str]) -> str | None:
    """The shell module (directly under server/) an imported name lives in, None for anything else."""
    parts = target.split(".")
    if len(parts) < 2 or parts[0] != "server" or feature_of(target) is not None:
        return None
    module = f"server.{parts[1]}"
    return module if module in modules else None


def test_the_shell_modules_features_import_import_no_feature():
    sources = server_sources()
    shared: dict[str, set[str]] = defaultdict(set)
    for module, (source, is_package) in sources.items():
        if feature_of(module) is not None:
            for target in imported_modules(source, module, is_package):
                shell = shell_module_of(target, set(sources))
                if shell is not None:
                    shared[shell].add(module)
    assert {"server.web", "server.db", "server.errors", "server.cursors", "server.ratelimits"} <= shared.keys()
    reaching = {}
    for shell in shared:
        source, is_package = sources[shell]
        features = sorted({feature_of(t) for t in imported_modules(source, shell, is_package)} - {None})
        if features:
            reaching[shell] = {"imports": features, "imported by": sorted(shared[shell])}
    assert reaching == {}, ("A shell module that features import must not import a feature (hand it what it "
                            f"needs from the app factory instead): {reaching}")
