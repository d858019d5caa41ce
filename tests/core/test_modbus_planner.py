"""Read planning: limits, gaps, no-merge, refused addresses, bisection."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from custom_components.heatpump.core.modbus.planner import (
    ReadBlock,
    plan_reads,
    refused_points,
    split_block,
)
from custom_components.heatpump.core.profile.model import (
    DataType,
    ModbusPoint,
    ModbusSettings,
    Table,
)

from .modbus_points import point

SETTINGS = ModbusSettings(max_registers=125, max_bits=2000, max_gap=10)


def spans(blocks: list[ReadBlock]) -> list[tuple[Table, int, int]]:
    """(table, start, count) of each block."""
    return [(b.table, b.start, b.count) for b in blocks]


def test_merges_within_gap_and_splits_beyond() -> None:
    """Gaps up to max_gap are bridged; larger ones start a new block."""
    points = [
        point("a", 0),
        point("b", 1, DataType.INT32),
        point("c", 13),  # gap of 10 after b (3..12)
        point("d", 30),  # gap of 16: new block
        point("e", 5, table=Table.INPUT),
        point("f", 0, DataType.BOOL, Table.COIL),
        point("g", 1500, DataType.BOOL, Table.COIL),
    ]
    assert spans(plan_reads(points, SETTINGS)) == [
        (Table.HOLDING, 0, 14),
        (Table.HOLDING, 30, 1),
        (Table.INPUT, 5, 1),
        (Table.COIL, 0, 1),
        (Table.COIL, 1500, 1),
    ]
    wide = ModbusSettings(max_gap=2000)
    assert (Table.COIL, 0, 1501) in spans(plan_reads(points, wide))


def test_limits_no_merge_and_points_never_split() -> None:
    """125 registers per request, a 32-bit point stays whole, no_merge alone."""
    points = [point(f"p{i}", i) for i in range(124)]
    points.append(point("wide", 124, DataType.UINT32))  # would end at 126
    points.append(point("alone", 127, no_merge=True))
    points.append(point("after", 128))
    assert spans(plan_reads(points, SETTINGS)) == [
        (Table.HOLDING, 0, 124),
        (Table.HOLDING, 124, 2),
        (Table.HOLDING, 127, 1),
        (Table.HOLDING, 128, 1),
    ]


def test_refused_addresses_are_left_out_and_never_bridged() -> None:
    """Points on refused addresses drop out; gaps holding them are not read."""
    points = [point("a", 0), point("b", 4), point("c", 8, DataType.INT32)]
    refused = {(Table.HOLDING, 2), (Table.HOLDING, 9)}
    blocks = plan_reads(points, SETTINGS, refused)
    assert spans(blocks) == [(Table.HOLDING, 0, 1), (Table.HOLDING, 4, 1)]
    assert [p.key for p in refused_points(points, refused)] == ["c"]
    # Same address on another table is not refused.
    assert refused_points([point("x", 2, table=Table.INPUT)], refused) == []


def test_duplicate_keys_are_read_once_and_oversized_points_fail() -> None:
    """A key is planned once; a point larger than the limit is an error."""
    blocks = plan_reads([point("a", 0), point("a", 0)], SETTINGS)
    assert [p.key for b in blocks for p in b.points] == ["a"]
    with pytest.raises(ValueError, match="limit"):
        plan_reads([point("f", 0, DataType.FLOAT32)], ModbusSettings(max_registers=1))


def test_split_block_bisects_by_points() -> None:
    """Halves cover only their own points; one point cannot split."""
    (block,) = plan_reads([point(f"p{i}", i * 3) for i in range(5)], SETTINGS)
    left, right = split_block(block)
    assert (left.start, left.count, len(left.points)) == (0, 4, 2)
    assert (right.start, right.count, len(right.points)) == (6, 7, 3)
    single = split_block(left)[0]
    assert split_block(single) == [single]


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[list[ModbusPoint], ModbusSettings, set[tuple[Table, int]]]:
    """Random point sets, limits and refused addresses."""
    count = draw(st.integers(0, 40))
    points = []
    for i in range(count):
        table = draw(st.sampled_from(Table))
        if table.is_bits:
            data_type = DataType.BOOL
        else:
            data_type = draw(
                st.sampled_from([DataType.INT16, DataType.UINT32, DataType.FLOAT32])
            )
        points.append(
            point(
                f"p{i}",
                draw(st.integers(0, 300)),
                data_type,
                table,
                no_merge=draw(st.integers(0, 6)) == 0,
            )
        )
    settings = ModbusSettings(
        max_registers=draw(st.integers(2, 125)),
        max_bits=draw(st.integers(1, 2000)),
        max_gap=draw(st.integers(0, 30)),
    )
    refused = draw(
        st.sets(st.tuples(st.sampled_from(Table), st.integers(0, 300)), max_size=10)
    )
    return points, settings, refused


@given(scenarios())
def test_plan_properties(
    scenario: tuple[list[ModbusPoint], ModbusSettings, set[tuple[Table, int]]],
) -> None:
    """Limits hold, each readable point once and whole, refused never read."""
    points, settings, refused = scenario
    blocks = plan_reads(points, settings, refused)
    dropped = {p.key for p in refused_points(points, refused)}
    planned = [p.key for b in blocks for p in b.points]
    assert sorted(planned) == sorted(p.key for p in points if p.key not in dropped)
    assert len(blocks) <= len(points)
    for block in blocks:
        limit = settings.max_bits if block.table.is_bits else settings.max_registers
        assert 1 <= block.count <= limit
        assert not any((block.table, a) in refused for a in block.addresses())
        for p in block.points:
            assert p.table is block.table
            assert block.start <= p.address
            assert p.address + p.count <= block.end
            assert not p.no_merge or len(block.points) == 1
        for part in split_block(block):
            assert {p.key for p in part.points} <= {p.key for p in block.points}
            assert block.start <= part.start
            assert part.end <= block.end


def optimum(addresses: list[int], limit: int, gap: int) -> int:
    """Fewest blocks for distinct single-register points (exact DP)."""
    addresses = sorted(addresses)
    best = [0] + [len(addresses) + 1] * len(addresses)
    for end in range(1, len(addresses) + 1):
        for start in range(end):
            run = addresses[start:end]
            feasible = run[-1] - run[0] + 1 <= limit and all(
                b - a - 1 <= gap for a, b in itertools.pairwise(run)
            )
            if feasible:
                best[end] = min(best[end], best[start] + 1)
    return best[-1]


@given(
    addresses=st.sets(st.integers(0, 400), max_size=30),
    limit=st.integers(1, 125),
    gap=st.integers(0, 20),
)
def test_plan_is_optimal_on_simple_cases(
    addresses: set[int], limit: int, gap: int
) -> None:
    """Single-register points, nothing refused: as few blocks as possible."""
    points = [point(f"p{a}", a) for a in addresses]
    settings = ModbusSettings(max_registers=limit, max_gap=gap)
    assert len(plan_reads(points, settings)) == optimum(list(addresses), limit, gap)
