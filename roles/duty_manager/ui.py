from . import ui_cash  # noqa: F401 - cash board menu entry, warning panel, duty-log section
