from . import (
    ui_cash,  # noqa: F401 - cash board menu entry, warning panel, duty-log section
    ui_duty,  # noqa: F401  (the duty manager's day: menus and panels)
)
