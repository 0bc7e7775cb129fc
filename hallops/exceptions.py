class DomainError(Exception):
    """A business rule refused an action.

    The message is already translated for the user; views show it with messages.error or
    attach it to a form field, and nothing has been saved.
    """

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
