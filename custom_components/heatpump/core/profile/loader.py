"""Load profiles from YAML files: the shipped ones and the user's own.

``load_profile`` caches each file by path, modification time and size, so
calling it again (or ``load_profiles`` over the same directories) only costs
a ``stat`` per file until a file changes.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import yaml

from .errors import ProfileError, ProfileIssue
from .model import Profile
from .parse import parse_profile

__all__ = [
    "ProfileError",
    "ProfileIssue",
    "clear_cache",
    "load_profile",
    "load_profiles",
    "parse_profile",
    "parse_yaml",
    "shipped_profiles_dir",
]

_SUFFIXES = (".yaml", ".yml")


class _ProfileYamlLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and exponent floats, no duplicate keys.

    YAML 1.1 reads unquoted ``off``/``on``/``yes``/``no`` as booleans, which
    would turn ``{0: off}`` into ``{0: False}``; here only true/false are
    booleans.  ``1e-3`` is a float, and a key given twice is an error rather
    than silently overwritten.
    """

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[Hashable, object]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=False)  # type: ignore[no-untyped-call]
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found the key {key!r} twice",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


_BOOL_TAG = "tag:yaml.org,2002:bool"
_ProfileYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ProfileYamlLoader.add_implicit_resolver(  # type: ignore[no-untyped-call]
    _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_ProfileYamlLoader.add_implicit_resolver(  # type: ignore[no-untyped-call]
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)

_cache: dict[Path, tuple[tuple[int, int], Profile | tuple[ProfileIssue, ...]]] = {}


def shipped_profiles_dir() -> Path:
    """The directory of the profiles that ship with the integration."""
    return Path(__file__).resolve().parent.parent / "profiles"


def clear_cache() -> None:
    """Forget every loaded file (tests; normally not needed)."""
    _cache.clear()


def load_profile(path: str | Path) -> Profile:
    """Load and validate one profile file; raises :class:`ProfileError`."""
    file = Path(path)
    try:
        stat = file.stat()
    except OSError as err:
        raise ProfileError(
            [ProfileIssue(file.name, None, None, f"cannot read: {err.strerror}")]
        ) from err
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(file.resolve())
    if cached is not None and cached[0] == stamp:
        result = cached[1]
    else:
        result = _load_uncached(file)
        _cache[file.resolve()] = (stamp, result)
    if isinstance(result, Profile):
        return result
    raise ProfileError(result)


def parse_yaml(text: str) -> Any:
    """A profile file's YAML as profiles read it (``yes``/``no`` stay text)."""
    return yaml.load(text, Loader=_ProfileYamlLoader)


def _load_uncached(file: Path) -> Profile | tuple[ProfileIssue, ...]:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return (ProfileIssue(file.name, None, None, f"cannot read: {err}"),)
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as err:
        return (ProfileIssue(file.name, None, None, _yaml_message(err)),)
    if data is None:
        return (ProfileIssue(file.name, None, None, "the file is empty"),)
    try:
        profile = parse_profile(data, file.name)
    except ProfileError as err:
        return err.issues
    return dataclasses.replace(profile, path=str(file))


def _yaml_message(err: yaml.YAMLError) -> str:
    if isinstance(err, yaml.MarkedYAMLError) and err.problem_mark is not None:
        mark = err.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}"
        return f"invalid YAML at {where}: {err.problem}"
    return f"invalid YAML: {err}"


def load_profiles(
    *directories: str | Path,
) -> tuple[dict[str, Profile], list[ProfileIssue]]:
    """Load every ``*.yaml`` under the directories, recursively.

    A profile in a later directory replaces one with the same id from an
    earlier directory (pass the shipped directory first, the user's last).
    A broken file is reported and skipped; the others still load.  Two
    files with the same id in one directory: the second is reported.
    Missing directories are skipped.
    """
    profiles: dict[str, Profile] = {}
    issues: list[ProfileIssue] = []
    for directory in directories:
        first_file: dict[str, str] = {}
        for file in _profile_files(Path(directory)):
            try:
                profile = load_profile(file)
            except ProfileError as err:
                issues.extend(err.issues)
                continue
            if profile.id in first_file:
                issues.append(
                    ProfileIssue(
                        file.name,
                        None,
                        "id",
                        f"{profile.id!r} is already the id of "
                        f"{first_file[profile.id]}; this file is skipped",
                    )
                )
                continue
            first_file[profile.id] = file.name
            profiles[profile.id] = profile
    return profiles, issues


def _profile_files(directory: Path) -> Iterator[Path]:
    if not directory.is_dir():
        return
    for file in sorted(directory.rglob("*")):
        relative = file.relative_to(directory)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if file.suffix in _SUFFIXES and file.is_file():
            yield file
