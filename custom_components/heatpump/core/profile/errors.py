"""Faults found while loading a profile, each pointing at one field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ProfileIssue:
    """One fault in one profile file.

    ``point_key`` names the point the fault is in (``None`` for profile-level
    fields).  A point without a usable key is named by its 1-based position,
    ``"#3"``.  ``field`` is a dotted path such as ``source.document`` or
    ``writable.min`` (``None`` when the fault concerns the whole file).
    """

    file: str
    point_key: str | None
    field: str | None
    message: str

    def __str__(self) -> str:
        """Render as one line: file, point, field, message."""
        where: list[str] = []
        if self.point_key is not None:
            if self.point_key.startswith("#"):
                where.append(f"point {self.point_key}")
            else:
                where.append(f"point {self.point_key!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        if not where:
            return f"{self.file}: {self.message}"
        return f"{self.file}: {', '.join(where)}: {self.message}"


class ProfileError(ValueError):
    """A profile failed validation; ``issues`` lists every fault found."""

    def __init__(self, issues: Iterable[ProfileIssue]) -> None:
        """Keep the issues; the message lists one per line."""
        self.issues: tuple[ProfileIssue, ...] = tuple(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))
