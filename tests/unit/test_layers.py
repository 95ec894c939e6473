"""The packages are layers and imports point one way (DESIGN.md, "The shape of the
code"): read from the source, every import inside functions included."""

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "mailreg"
# what each part of mailreg may import from mailreg; `config` is the settings every
# layer above the reading may be handed
ALLOWED = {
    "domain": {"domain"},
    "reading": {"domain", "reading"},
    "config": set(),
    "adapters": {"domain", "adapters", "config"},
    "services": {"domain", "reading", "adapters", "services", "config"},
    "entrypoints": {"domain", "reading", "adapters", "services", "entrypoints", "config"},
    "__init__": set(),
    "__main__": {"entrypoints"},
}


def part_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "versions" not in p.parts)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    part = part_of(path)
    wrong = []
    for line, module in imports(path):
        names = module.split(".")
        if names[0] != "mailreg":
            continue
        target = names[1] if len(names) > 1 else "__init__"
        if target not in ALLOWED[part]:
            wrong.append(f"line {line}: {part} imports {module}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", sorted((PACKAGE / "domain").rglob("*.py")),
                         ids=lambda p: p.name)
def test_domain_uses_the_standard_library_only(path: Path) -> None:
    outside = [f"line {line}: {module}" for line, module in imports(path)
               if module.split(".")[0] not in sys.stdlib_module_names
               and module.split(".")[0] != "mailreg"]
    assert not outside, "\n".join(outside)


def test_every_module_belongs_to_a_layer() -> None:
    assert {part_of(p) for p in SOURCES} <= set(ALLOWED)
