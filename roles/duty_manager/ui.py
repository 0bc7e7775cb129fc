from . import (
    ui_business,  # noqa: F401 - business-day panel and menu
    ui_cash,  # noqa: F401 - cash board menu entry, warning panel, duty-log section
    ui_duty,  # noqa: F401 - the duty manager's day: menus and panels
    ui_search,  # noqa: F401 - the pages the search links to
)
