"""Writes the audit events a request raised once its view has finished (see
audit.services.collecting)."""

from . import services


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with services.collecting(request):
            return self.get_response(request)
