"""The 4-way reversing valve: reported, or inferred from what the unit does.

The valve sits in its cooling position while cooling and while defrosting
(reverse-cycle defrost) and in its heating position otherwise.  Whether that
position means energised depends on the wiring: O-wired units energise it in
cooling, B-wired ones (Rheem, Ruud, Bosch air source, many mini-splits) in
heating.  Off or standby counts as de-energised.  The mode is never inferred
from the valve.
"""

from __future__ import annotations

_HEATING_POSITION = frozenset({"heating", "dhw", "pool", "drying", "auto"})
_AT_REST = frozenset({"off", "standby"})


def infer_reversing_valve(
    mode: str | None, defrosting: bool, energized_in: str
) -> bool | None:
    """True when the valve is energised; None when the mode is unknown."""
    if defrosting or mode == "cooling":
        return energized_in == "cooling"
    if mode in _HEATING_POSITION:
        return energized_in == "heating"
    if mode in _AT_REST:
        return False
    return None
