"""Read YAML keeping the line of every key and list item; write YAML deterministically.

Corpus files are read defensively: an oversized file, anchors and aliases (the "billion
laughs" that take gigabytes), and a value the YAML constructor cannot build (an impossible
date) are refused as YAML errors with the line, never as a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class LineDict(dict):
    """A mapping that remembers the source line of each key."""

    lines: dict[Any, int]
    line: int


class LineList(list):
    """A sequence that remembers the source line of each item."""

    lines: list[int]
    line: int


# libyaml's parser (CSafeLoader) is ~10x faster than the pure-Python one and keeps the marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


MAX_YAML_BYTES = 20_000_000  # the largest corpus file (the glossary) is about 0.2 MB


class YamlRefused(yaml.YAMLError):
    """A document this project will not read; `line` where it is known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise YamlRefused(
                "anchors and aliases (& and *) are not allowed in corpus files; "
                "write the value out",
                node.start_mark.line + 1,
            )
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as error:  # e.g. 2024-13-45: month must be in 1..12
            raise YamlRefused(
                f"{error} (value {node.value!r:.60})", node.start_mark.line + 1
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        self.flatten_mapping(node)
        result = LineDict()
        result.lines = {}
        result.line = node.start_mark.line + 1
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_sequence(self, node: yaml.SequenceNode, deep: bool = False) -> LineList:
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.lines = [child.start_mark.line + 1 for child in node.value]
        result.line = node.start_mark.line + 1
        return result


_LineLoader.add_constructor("tag:yaml.org,2002:map", _LineLoader.construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _LineLoader.construct_sequence)


def read_yaml(path: Path) -> Any:
    """Parse a YAML file into LineDict/LineList nodes that know their source lines."""
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise YamlRefused(f"{size:,} bytes; a corpus file may hold at most {MAX_YAML_BYTES:,}")
    with path.open(encoding="utf-8-sig") as stream:
        try:
            return yaml.load(stream, Loader=_LineLoader)
        except RecursionError:
            raise YamlRefused("nested too deeply") from None


def line_of(document: Any, location: tuple[Any, ...]) -> int | None:
    """Return the source line of the deepest node reachable along `location`."""
    node, line = document, getattr(document, "line", None)
    for step in location:
        if not _has_child(node, step):
            break
        line, node = node.lines[step], node[step]
    return line


def _has_child(node: Any, step: Any) -> bool:
    if isinstance(node, LineDict):
        return step in node
    return isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node)


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        """Every value written out: the reader refuses anchors and aliases in corpus files,
        so the writer never makes one (a value shared by two records is written twice)."""
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list) -> yaml.SequenceNode:
    short_numbers = len(value) <= 4 and all(isinstance(v, int | float) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short_numbers)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(LineDict, _Dumper.represent_dict)
_Dumper.add_representer(LineList, _represent_list)


def dump_yaml(data: Any, header: str = "") -> str:
    """Serialise to YAML in a stable, readable form (keys in insertion order, unicode kept)."""
    body = yaml.dump(
        data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, indent=2
    )
    return (f"# {header}\n" if header else "") + body


def write_yaml(path: Path, data: Any, header: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(data, header), encoding="utf-8")
