"""The code keeps its homes: no import loops inside app/, one clock, models that return no HTML.

Read from the source with the standard library's ``ast``: no request, no database.
"""
import ast
import pathlib
import re

APP = pathlib.Path(__file__).resolve().parent.parent / "app"


def module_name(path):
    parts = list(path.relative_to(APP.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in APP.rglob("*.py")}


def _known(name):
    """The module of app/ that ``name`` (a module or a name inside one) lives in."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module):
    """The modules of app/ that importing ``module`` may import, at its top or inside a function.

    Importing ``app.models.calendar`` first runs ``app/models/__init__.py``, so a
    package a module imports into counts too (but not the module's own packages,
    which Python has already started).
    """
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(_known(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.update(_known(f"{node.module}.{alias.name}") for alias in node.names)
    for target in list(found):
        parts = (target or "").split(".")
        for end in range(1, len(parts)):
            package = ".".join(parts[:end])
            if package in MODULES and not module.startswith(package + "."):
                found.add(package)
    found.discard(None)
    found.discard(module)
    return found


def import_cycles(graph):
    """The strongly connected groups of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def test_no_module_of_app_imports_itself_back_through_others():
    graph = {module: imports_of(module) for module in MODULES}
    assert import_cycles(graph) == []


def test_the_cycle_check_sees_a_loop_through_a_package():
    graph = {"app.a": {"app.models"}, "app.models": {"app.models.b"}, "app.models.b": {"app.a"}, "app.c": set()}
    assert import_cycles(graph) == [["app.a", "app.models", "app.models.b"]]


def test_only_app_clock_asks_the_wall_clock():
    wall_clock = re.compile(r"date\.today\(\)|datetime\.now\(|utcnow")
    offenders = [f"{path.relative_to(APP.parent)}:{number}"
                 for path in APP.rglob("*.py") if path.name != "clock.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if wall_clock.search(line)]
    assert offenders == []


def test_models_return_no_html():
    offenders = [str(path.relative_to(APP.parent)) for path in (APP / "models").glob("*.py")
                 if re.search(r"\bmarkupsafe\b|\bMarkup\(|<span|<a ", path.read_text(encoding="utf-8"))]
    assert offenders == []
