"""The interface every source offers the coordinator."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.profile.model import Point, Profile
from ..core.quantities import Quantity, Value


@dataclass(slots=True)
class Reading:
    """What a source knows at one moment."""

    points: dict[str, Value | None] = field(default_factory=dict)
    """Decoded values by profile point key (None: no reading)."""
    quantities: dict[Quantity, Value] = field(default_factory=dict)
    """Canonical quantities, in their canonical units."""


class SourceUnavailable(Exception):
    """The unit cannot be reached; ``translation_key`` says why."""

    def __init__(self, translation_key: str, detail: str = "") -> None:
        """Keep the reason for a translated message."""
        super().__init__(detail or translation_key)
        self.translation_key = translation_key
        self.detail = detail


class WriteFailed(Exception):
    """A write was refused by the unit or did not read back."""

    def __init__(self, translation_key: str, point: Point, detail: str = "") -> None:
        """Keep the point and the reason for a translated message."""
        super().__init__(detail or translation_key)
        self.translation_key = translation_key
        self.point = point
        self.detail = detail


PushCallback = Callable[[Reading], None]
AvailabilityCallback = Callable[[bool, str], None]


class Source(ABC):
    """A unit's values, polled or pushed."""

    polling: bool = False
    profile: Profile | None = None
    offline_key = "unit_offline"
    """The translated message when the unit stops reporting."""

    @abstractmethod
    async def async_start(
        self, push: PushCallback, availability: AvailabilityCallback
    ) -> None:
        """Connect; push sources call ``push`` with every new reading."""

    async def async_poll(self, wanted: set[str]) -> Reading:
        """Read the wanted points now (polling sources only)."""
        raise NotImplementedError

    @abstractmethod
    async def async_write(self, point: Point, value: Value) -> None:
        """Write one point and verify it reads back."""

    @abstractmethod
    async def async_stop(self) -> None:
        """Disconnect and release everything."""

    @property
    def quantities_read(self) -> frozenset[Quantity]:
        """The quantities this source can supply (its profile's points)."""
        if self.profile is None:
            return frozenset()
        return frozenset(p.quantity for p in self.profile.points if p.quantity)

    @property
    def refused_points(self) -> set[str]:
        """Keys of profile points the unit refuses to serve (none by default)."""
        return set()

    def diagnostics(self) -> dict[str, object]:
        """Source-specific facts for diagnostics (redacted by the caller)."""
        return {}
