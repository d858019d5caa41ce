"""Plan the fewest Modbus read requests that cover a set of points.

Points are grouped per table, sorted by address and packed greedily into
blocks.  A block never exceeds the table's size limit, bridges at most
``max_gap`` unused registers, never splits a point and never touches an
address the device refused.  A ``no_merge`` point always gets a block of its
own.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from ..profile.model import ModbusPoint, ModbusSettings, Table

Address = tuple[Table, int]


@dataclass(frozen=True, slots=True)
class ReadBlock:
    """One read request: ``count`` registers (or bits) from ``start``."""

    table: Table
    start: int
    count: int
    points: tuple[ModbusPoint, ...]

    @property
    def end(self) -> int:
        """First address after the block."""
        return self.start + self.count

    def addresses(self) -> range:
        """Every address the request covers."""
        return range(self.start, self.end)


def point_addresses(point: ModbusPoint) -> range:
    """Every address a point occupies."""
    return range(point.address, point.address + point.count)


def is_refused(point: ModbusPoint, refused: Collection[Address]) -> bool:
    """Whether the point sits on an address the device refused."""
    return any((point.table, a) in refused for a in point_addresses(point))


def refused_points(
    points: Iterable[ModbusPoint], refused: Collection[Address]
) -> list[ModbusPoint]:
    """The points a plan leaves out because they sit on refused addresses."""
    return [p for p in points if is_refused(p, refused)] if refused else []


def _block(points: list[ModbusPoint]) -> ReadBlock:
    start = min(p.address for p in points)
    end = max(p.address + p.count for p in points)
    return ReadBlock(points[0].table, start, end - start, tuple(points))


def _fits(
    current: list[ModbusPoint],
    end: int,
    point: ModbusPoint,
    *,
    limit: int,
    settings: ModbusSettings,
    refused: Collection[Address],
) -> bool:
    """Whether ``point`` may join the block holding ``current`` (ending at end)."""
    if point.no_merge or current[0].no_merge:
        return False
    if point.address - end > settings.max_gap:
        return False
    if max(end, point.address + point.count) - current[0].address > limit:
        return False
    return not any((point.table, a) in refused for a in range(end, point.address))


def _plan_table(
    points: list[ModbusPoint],
    limit: int,
    settings: ModbusSettings,
    refused: Collection[Address],
) -> list[ReadBlock]:
    blocks: list[ReadBlock] = []
    current: list[ModbusPoint] = []
    end = 0
    for point in sorted(points, key=lambda p: (p.address, p.count, p.key)):
        if current and _fits(
            current, end, point, limit=limit, settings=settings, refused=refused
        ):
            current.append(point)
            end = max(end, point.address + point.count)
            continue
        if current:
            blocks.append(_block(current))
        current, end = [point], point.address + point.count
    if current:
        blocks.append(_block(current))
    return blocks


def plan_reads(
    points: Iterable[ModbusPoint],
    settings: ModbusSettings,
    refused: Collection[Address] = (),
) -> list[ReadBlock]:
    """Blocks that read every point once, leaving out refused ones.

    Points with the same key are read once.  Blocks come sorted by table and
    address.  A point larger than the table limit cannot be planned and
    raises ``ValueError``.
    """
    by_table: dict[Table, list[ModbusPoint]] = {}
    seen: set[str] = set()
    for point in points:
        if point.key not in seen and not is_refused(point, refused):
            seen.add(point.key)
            by_table.setdefault(point.table, []).append(point)
    blocks: list[ReadBlock] = []
    for table in Table:
        chosen = by_table.get(table, [])
        limit = settings.max_bits if table.is_bits else settings.max_registers
        for point in chosen:
            if point.count > limit:
                raise ValueError(f"{point.key}: {point.count} > block limit {limit}")
        blocks.extend(_plan_table(chosen, limit, settings, refused))
    return blocks


def split_block(block: ReadBlock) -> list[ReadBlock]:
    """Halve a refused block by its points; a single point stays as is."""
    if len(block.points) < 2:
        return [block]
    half = len(block.points) // 2
    return [_block(list(block.points[:half])), _block(list(block.points[half:]))]
