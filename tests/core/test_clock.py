"""One clock: the wall clock is read in core/clock.py only, and a service or selector that
is given `today` never reads the clock behind its caller's back.

Entry points (views, API views, forms, admin, tasks, management commands, benchmarks) decide
the day for a request or a job; everything below them takes it as an argument and may read
`clock.today()` only as the fallback of a parameter (`today or clock.today()`), so that a
caller who passes a day gets that day all the way down.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "core", "practices", "placements", "commissioning", "oversight")
ENTRY_POINTS = (
    "views",
    "inspection_views.py",
    "forms.py",
    "admin",
    "tasks.py",
    "management/commands",
    "templatetags",
)
# Who may act is decided at the real present (memberships in force now), whatever day a
# report is about: the access policy reads the clock itself, on purpose, and so do these
# functions, each for the reason given.
ACCESS_POLICY = ("practices/access.py",)
REAL_PRESENT = {
    "administered_inspectorates": "who may schedule an inspection now (access)",
    "status_today": "an inspection's status as a page shows it now (a template property)",
}

WALL_CLOCK = {
    ("timezone", "now"),
    ("timezone", "localdate"),
    ("timezone", "localtime"),
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("time", "time"),
}


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _call_name(node: ast.Call) -> tuple[str, str] | None:
    func = node.func
    if not isinstance(func, ast.Attribute):
        return None
    owner = func.value
    if isinstance(owner, ast.Attribute):  # dt.date.today(), datetime.datetime.now()
        return owner.attr, func.attr
    if isinstance(owner, ast.Name):
        return owner.id, func.attr
    return None


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _enclosing_function(node: ast.AST, parents):
    while node is not None and not isinstance(node, ast.FunctionDef | ast.Lambda):
        node = parents.get(node)
    return node


def _is_parameter_fallback(call: ast.Call, parents) -> bool:
    """`name or clock.today()` where `name` is a parameter of the enclosing function."""
    if getattr(_enclosing_function(call, parents), "name", None) in REAL_PRESENT:
        return True
    parent = parents.get(call)
    while isinstance(parent, ast.Call):  # year.as_at(clock.today()) as the fallback
        call, parent = parent, parents.get(parent)
    if not (isinstance(parent, ast.BoolOp) and isinstance(parent.op, ast.Or)):
        return False
    if parent.values[-1] is not call or not isinstance(parent.values[0], ast.Name):
        return False
    function = _enclosing_function(parent, parents)
    if function is None:
        return False
    arguments = function.args
    names = {a.arg for a in arguments.args + arguments.kwonlyargs + arguments.posonlyargs}
    return parent.values[0].id in names


def test_the_wall_clock_is_read_only_in_core_clock():
    found = []
    for path in modules():
        if _relative(path) == "core/clock.py":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in WALL_CLOCK and not node.args:
                found.append(f"{_relative(path)}:{node.lineno}")
    assert found == [], "read the clock through core.clock: " + ", ".join(found)


def test_below_the_entry_points_today_is_only_a_parameters_fallback():
    found = []
    for path in modules():
        name = _relative(path)
        if name == "core/clock.py" or name in ACCESS_POLICY:
            continue
        if any(part in name for part in ENTRY_POINTS):
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        parents = _parents(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and _call_name(node) == ("clock", "today")
                and not _is_parameter_fallback(node, parents)
            ):
                found.append(f"{name}:{node.lineno}")
    assert found == [], (
        "a service or selector takes `today` from its caller (`today or clock.today()` at "
        "most): " + ", ".join(found)
    )


def test_the_guard_sees_a_hidden_read():
    """The check above is not vacuous: it flags a read that ignores the caller's day."""
    source = (
        "def refuse_if_closed(inspection, today=None):\n"
        "    return inspection.ends_on < clock.today()\n"
        "def fine(today=None):\n"
        "    return today or clock.today()\n"
    )
    tree = ast.parse(source)
    parents = _parents(tree)
    flagged = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and _call_name(node) == ("clock", "today")
        and not _is_parameter_fallback(node, parents)
    ]
    assert flagged == [2]
