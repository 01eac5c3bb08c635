"""One domain error, raised by services, shown next to the field or as a JSON 400."""


class DomainError(Exception):
    """A rule of the domain refused the change. The message is for the person who tried it.

    `field` names the form or API field to show it against (None for the whole form).
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [self.message]}
