"""The corridors between features, checked on the source (`ast`, nothing is imported or run).

The rule held here (issue 14, step 1): no module in a feature `server/<a>/` imports a views module of
another feature `server/<b>/` (`server.<b>.views`, or any `views` module under it such as
`server.moderation.ui.views`). Views are routes, not a library: another feature uses a feature's
services and public surface modules (for annotations, `representation.py` and `visibility.py`). The
app factory `server/__init__.py` registers every blueprint, so it imports every views module; it is the
app shell, not a feature, and modules directly under `server/` are not checked.

Also held (issue 14, step 5): no views module imports another feature's models (`server.<b>.models`):
a view reaches other features' data through its own feature's services, which may use them.

Not held here yet: "no two features import each other" (ARCHITECTURE.md, Corridors) is a later step
of issue 14.
"""
from __future__ import annotations

import ast
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


def cross_feature_view_imports(source: str, module: str, is_package: bool = False) -> list[str]:
    own = feature_of(module)
    if own is None:
        return []
    return sorted(target for target in imported_modules(source, module, is_package)
                  if is_views(target) and feature_of(target) not in (None, own))


def cross_feature_model_imports_in_views(source: str, module: str, is_package: bool = False) -> list[str]:
    own = feature_of(module)
    if own is None or not is_views(module):
        return []
    return sorted(target for target in imported_modules(source, module, is_package)
                  if is_models(target) and feature_of(target) not in (None, own))


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
                             f"(e.g. annotations.representation / annotations.visibility), never its views: {offenders}")


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


def test_no_view_imports_another_features_models():
    offenders = {}
    for path, module in server_modules():
        found = cross_feature_model_imports_in_views(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
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
