"""Checks across points: register overlaps and the ``writes`` list."""

from __future__ import annotations

from collections.abc import Sequence

from ..quantities import Quantity
from .fields import Reporter
from .model import DataType, ModbusPoint, MqttPoint, Table


def check_overlaps(reporter: Reporter, points: Sequence[ModbusPoint]) -> None:
    """Report points whose registers (or bits) overlap in the same table.

    Bitfields may share a register, but not a bit.
    """
    for table in Table:
        in_table = sorted(
            (p for p in points if p.table is table), key=lambda p: p.address
        )
        open_points: list[ModbusPoint] = []
        for point in in_table:
            open_points = [
                p for p in open_points if p.address + p.count > point.address
            ]
            for other in open_points:
                _report_overlap(reporter, table, point, other)
            open_points.append(point)


def _report_overlap(
    reporter: Reporter, table: Table, point: ModbusPoint, other: ModbusPoint
) -> None:
    both_bits = DataType.BITFIELD is point.data_type is other.data_type
    if both_bits and point.bit != other.bit:
        return
    if both_bits:
        reporter.add(
            point.key,
            "bit",
            f"bit {point.bit} of {table} {point.address} is also point {other.key!r}",
        )
        return
    last = point.address + point.count - 1
    span = str(point.address) if last == point.address else f"{point.address}..{last}"
    reporter.add(
        point.key,
        "address",
        f"{table} {span} overlaps point {other.key!r} "
        f"({table} {other.address}, {other.data_type})",
    )


def check_sums(reporter: Reporter, points: Sequence[ModbusPoint | MqttPoint]) -> None:
    """Points of one quantity are either all summed or none is."""
    summed = {p.quantity for p in points if p.sum}
    for point in points:
        if point.quantity in summed and not point.sum:
            reporter.add(
                point.key,
                "sum",
                f"other points of {str(point.quantity)!r} are summed; "
                "add 'sum: true' here too, or give this point another quantity",
            )


def check_writes(
    reporter: Reporter,
    writes: Sequence[Quantity],
    points: Sequence[ModbusPoint | MqttPoint],
) -> None:
    """Each quantity in ``writes`` needs a writable point with that quantity."""
    for quantity in writes:
        feeding = [p for p in points if p.quantity is quantity]
        if any(p.is_writable for p in feeding):
            continue
        if feeding:
            keys = ", ".join(repr(p.key) for p in feeding)
            noun = "point" if len(feeding) == 1 else "points"
            verb = "is" if len(feeding) == 1 else "are"
            message = (
                f"{str(quantity)!r} is listed, but {noun} {keys} {verb} not writable"
            )
        else:
            message = f"{str(quantity)!r} is listed, but no point has that quantity"
        reporter.add(None, "writes", message)
