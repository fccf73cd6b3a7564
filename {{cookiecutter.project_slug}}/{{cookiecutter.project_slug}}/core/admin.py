"""Admin: core has no models of its own to manage."""
