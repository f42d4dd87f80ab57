"""The layers of docs/architecture.md, read from the source with `ast`: website → {news,
consultation} → core, and inside consultation the domain below the public site and the admin.

A failure names the file, the line and the import that breaks a rule.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "news", "consultation", "website")
LAYER = {"core": 0, "news": 1, "consultation": 1, "website": 2}
# Inside consultation: what the public site and the admin both show; the domain never imports it.
CONSULTATION_SHARED = ("consultation.pages", "consultation.downloads")
CONSULTATION_FRONTS = ("consultation.web", "consultation.admin")
# Wagtail imports `<app>.wagtail_hooks` by name; consultation's only forwards to consultation.admin.
ENTRY_POINTS = ("consultation.wagtail_hooks",)


def module_name(path, root=ROOT):
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(root=ROOT):
    for app in APPS:
        yield from sorted((root / app).rglob("*.py"))


def resolve(node, module, is_package):
    """The absolute module names an import statement refers to."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - node.level + 1]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module
    # `from consultation import workflow` imports the module consultation.workflow.
    return [target] + [f"{target}.{alias.name}" for alias in node.names]


class ImportVisitor(ast.NodeVisitor):
    """Every import of a project module: (line, imported module, inside a function?, function name)."""

    def __init__(self, module, is_package, known):
        self.module, self.is_package, self.known = module, is_package, known
        self.functions = []
        self.found = []

    def visit_FunctionDef(self, node):
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node):
        self.record(node)

    visit_ImportFrom = visit_Import

    def record(self, node):
        for target in resolve(node, self.module, self.is_package):
            if target.split(".")[0] in APPS and target in self.known:
                self.found.append(
                    (node.lineno, target, bool(self.functions), self.functions[-1] if self.functions else "")
                )


def project_imports(root=ROOT):
    """[(file, line, importing module, imported module, inside a function, function)] of the project."""
    files = list(source_files(root))
    known = {module_name(path, root) for path in files}
    result = []
    for path in files:
        module = module_name(path, root)
        visitor = ImportVisitor(module, path.name == "__init__.py", known)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        result += [
            (path.relative_to(root), line, module, target, nested, function)
            for line, target, nested, function in visitor.found
        ]
    return result


def upward(importer, imported):
    """Why importing `imported` from `importer` breaks the layering, or ""."""
    source_app, target_app = importer.split(".")[0], imported.split(".")[0]
    if source_app != target_app:
        if LAYER[target_app] >= LAYER[source_app]:
            return f"{source_app} may not import {target_app}"
        return ""
    if source_app != "consultation" or importer in ENTRY_POINTS:
        return ""

    def part(name):
        for front in CONSULTATION_FRONTS:
            if name == front or name.startswith(front + "."):
                return front
        return "shared" if name in CONSULTATION_SHARED else "domain"

    source_part, target_part = part(importer), part(imported)
    if source_part == target_part or target_part == "domain":
        return ""
    if target_part == "shared" and source_part in CONSULTATION_FRONTS:
        return ""
    return f"{source_part} may not import {target_part}"


def test_no_import_runs_up_a_layer():
    wrong = [
        f"{path}:{line} {importer} imports {imported}: {why}"
        for path, line, importer, imported, _nested, _function in project_imports()
        if (why := upward(importer, imported))
    ]
    assert wrong == []


def test_no_project_module_is_imported_inside_a_function():
    """A lazy import of our own code hides a cycle or a layer in the wrong place. Only an
    AppConfig's ready() imports lazily: Django's app registry is not ready before it runs."""
    lazy = [
        f"{path}:{line} {imported} imported inside {function}()"
        for path, line, _importer, imported, nested, function in project_imports()
        if nested and function != "ready"
    ]
    assert lazy == []


def test_module_imports_form_no_cycle():
    graph = {}
    for _path, _line, importer, imported, nested, _function in project_imports():
        if not nested and imported != importer:
            graph.setdefault(importer, set()).add(imported)
    cycles = strongly_connected(graph)
    assert [sorted(c) for c in cycles] == []


def strongly_connected(graph):
    """The components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                result.append(component)

    for node in list(graph):
        if node not in index:
            visit(node)
    return result


@pytest.mark.parametrize(
    ("importer", "imported", "allowed"),
    [
        ("website.models", "consultation.models", True),
        ("consultation.workflow", "core.formatting", True),
        ("core.models", "news.models", False),
        ("news.models", "consultation.models", False),
        ("consultation.models.proposals", "website.models", False),
        ("consultation.records", "consultation.web.views", False),
        ("consultation.records", "consultation.pages", False),
        ("consultation.web.views", "consultation.admin.forms", False),
        ("consultation.admin.views", "consultation.pages", True),
        ("consultation.wagtail_hooks", "consultation.admin.hooks", True),
    ],
)
def test_the_rule_itself(importer, imported, allowed):
    """The checker refuses what the layering forbids (so a green run above means something)."""
    assert (upward(importer, imported) == "") is allowed
