"""Where a unit's values come from: Modbus, MQTT or existing entities."""
