"""The root of every refusal a service raises on purpose.

A view catches `ApplicationError` and shows its message to the person who asked; anything
else is a bug and gets the error page. Subclasses are named `...Error` and live beside
the service that raises them.
"""


class ApplicationError(Exception):
    """A refusal whose message is written for the person who tried."""
