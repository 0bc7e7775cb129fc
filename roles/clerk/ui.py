from . import (
    ui_business,  # noqa: F401 - business-day panels and menu
    ui_cash,  # noqa: F401 - the till menu entry
    ui_search,  # noqa: F401 - the pages the search links to
)
