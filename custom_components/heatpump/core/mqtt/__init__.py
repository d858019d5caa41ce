"""MQTT payload handling: decode messages and encode commands per profile point.

The MQTT client itself lives in the integration (it uses Home Assistant's MQTT
integration); this package is pure and HA-free.
"""

from __future__ import annotations

from .payload import (
    CommandError,
    PayloadError,
    decode_payload,
    encode_command,
    topic_index,
)

__all__ = [
    "CommandError",
    "PayloadError",
    "decode_payload",
    "encode_command",
    "topic_index",
]
