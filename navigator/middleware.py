"""Pages with health data must never be stored by a browser or a proxy."""

from django.utils.cache import patch_cache_control

# Public pages that carry no personal data and may be cached: home and the library.
CACHEABLE_PREFIXES = ("/learn/", "/static/")


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path
        if path == "/" or path.startswith(CACHEABLE_PREFIXES):
            if not path.endswith("/pdf/"):
                return response
        patch_cache_control(response, no_store=True, private=True, no_cache=True, max_age=0)
        return response
