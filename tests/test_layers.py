"""The module map of docs/api.md is the code's: every module is in one layer, and imports only
from its own layer and the layers above it in the table."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "newsformat"

# Modules outside the map's table, with the reason.
OUTSIDE_THE_MAP = {
    "newsformat": "the package's __init__ only re-exports",
    "newsformat.convert": "the deprecated alias of newsformat.tree, named below the table",
}


def _layers() -> list[tuple[str, set[str]]]:
    """(layer, module names) for each row of the table under '## Module map', in order."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    section = text.split("## Module map", 1)[1].split("\n## ", 1)[0]
    layers = []
    for row in section.splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("layer", "---"):
            continue
        names: set[str] = set()
        for package, inner in re.findall(r"`(\w+)/` \(([^)]*)\)", cells[1]):
            inside = re.findall(r"`(\w+)`", inner)
            names.update(f"newsformat.{package}.{name}".removesuffix(".__init__") for name in inside)
        outer = re.sub(r"`\w+/` \([^)]*\)", "", cells[1])
        names.update(f"newsformat.{name}" for name in re.findall(r"`(\w+)`", outer))
        layers.append((cells[0], names))
    return layers


LAYERS = _layers()
LAYER_OF = {module: index for index, (_, modules) in enumerate(LAYERS) for module in modules}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imported(name: str, path: Path) -> set[str]:
    """The newsformat modules ``name`` imports, at the top or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("newsformat"))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            elif node.module and node.module.startswith("newsformat"):
                target = node.module
            else:
                continue
            for alias in node.names:  # `from . import jsoncodec` imports a module, not a name
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target)
    return found


def test_the_map_reads_as_layers() -> None:
    assert [layer for layer, _ in LAYERS][:3] == ["rules", "links", "records"]
    assert LAYERS[-1][0] == "command line"


def test_every_module_is_in_the_map_once() -> None:
    listed = [module for _, modules in LAYERS for module in modules]
    assert len(listed) == len(set(listed)), "a module is named in two layers"
    assert set(listed) - MODULES.keys() == set(), "the map names modules that do not exist"
    assert MODULES.keys() - set(listed) - OUTSIDE_THE_MAP.keys() == set(), "modules missing from docs/api.md"


@pytest.mark.parametrize("name", sorted(set(MODULES) - OUTSIDE_THE_MAP.keys()))
def test_imports_come_from_above(name: str) -> None:
    layer = LAYER_OF[name]
    for target in sorted(_imported(name, MODULES[name])):
        if target == "newsformat":  # `from . import __version__`: a constant, not a layer
            continue
        target_layer = LAYER_OF.get(target)
        assert target_layer is not None, f"{name} imports {target}, which is outside the map"
        assert target_layer <= layer, (
            f"{name} ({LAYERS[layer][0]}) imports {target} ({LAYERS[target_layer][0]}), a layer below it"
        )


def test_nothing_imports_the_command_line() -> None:
    for name, path in MODULES.items():
        if name not in ("newsformat.cli", "newsformat.__main__"):
            assert "newsformat.cli" not in _imported(name, path), name
