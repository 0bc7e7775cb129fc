"""Menus, panels, links and providers of the service feature."""
