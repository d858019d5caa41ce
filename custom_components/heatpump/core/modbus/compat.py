"""The few places where pymodbus versions (3.8 to 3.16) differ for a client."""

from __future__ import annotations

import inspect

from pymodbus import FramerType
from pymodbus.client import (
    AsyncModbusSerialClient,
    AsyncModbusTcpClient,
    ModbusBaseClient,
)
from pymodbus.client.mixin import ModbusClientMixin

from .endpoint import PARITY_LETTERS, Endpoint

UNIT_KW = (
    "device_id"
    if "device_id"
    in inspect.signature(ModbusClientMixin.read_holding_registers).parameters
    else "slave"
)
"""Keyword for the unit id: ``slave`` up to pymodbus 3.9, ``device_id`` after."""


def make_client(
    endpoint: Endpoint, *, timeout: float, retries: int
) -> ModbusBaseClient:
    """A pymodbus client that never reconnects on its own (we do, with backoff)."""
    if endpoint.kind == "serial":
        assert endpoint.serial_port is not None
        return AsyncModbusSerialClient(
            endpoint.serial_port,
            framer=FramerType.RTU,
            baudrate=endpoint.baudrate,
            bytesize=endpoint.bytesize,
            parity=PARITY_LETTERS[endpoint.parity],
            stopbits=endpoint.stopbits,
            timeout=timeout,
            retries=retries,
            reconnect_delay=0,
        )
    assert endpoint.host is not None
    return AsyncModbusTcpClient(
        endpoint.host,
        port=endpoint.port,
        framer=FramerType.RTU if endpoint.kind == "rtu_over_tcp" else FramerType.SOCKET,
        timeout=timeout,
        retries=retries,
        reconnect_delay=0,
    )
