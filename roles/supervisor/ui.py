from . import (
    ui_duty,  # noqa: F401  (the duty manager's day: menus and panels)
    ui_search,  # noqa: F401  (the pages the search links to)
)
