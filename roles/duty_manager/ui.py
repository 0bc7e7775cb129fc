from . import ui_business  # noqa: F401 - registers the business-day panel and menu
