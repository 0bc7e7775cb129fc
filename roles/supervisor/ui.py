from . import ui_duty  # noqa: F401  (the duty manager's day: menus and panels)
