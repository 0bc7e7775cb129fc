from . import ui_cash  # noqa: F401 - registers the till menu entry
