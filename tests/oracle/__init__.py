"""Our oracle of heatpumpmonitor.org's daily figures, and the scenarios."""
