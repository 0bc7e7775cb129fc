"""Menus, home panels, the duty-log section and the demo step of materials (filled below)."""
