"""The client's address, when a proxy we trust stands between it and us.

Rate limits, django-axes lockouts and the audit trail all read request.META["REMOTE_ADDR"].
Behind a TLS proxy that is the proxy's own address, so every family and every member of
staff would share one counter (five wrong passwords would lock a username for everyone).
ClientAddressMiddleware, first in MIDDLEWARE, puts the real client there instead:

- only when the direct peer (REMOTE_ADDR) is in NAVIGATOR_TRUSTED_PROXIES (addresses or
  networks; empty by default, so X-Forwarded-For is ignored unless configured);
- reading X-Forwarded-For from the right, skipping proxies we trust, and taking the first
  address that is not one of them. Anything to its left was written by the client and
  may be forged. An entry that is not an address ends the walk at the last trusted hop.

The same goes for the scheme: Django counts a request as HTTPS when SECURE_PROXY_SSL_HEADER
(X-Forwarded-Proto, set by DJANGO_BEHIND_TLS_PROXY) says so, whoever sent the header. The
middleware removes that header unless the direct peer is a trusted proxy, so a client that
reaches the server past the proxy cannot make a plain HTTP request count as secure (secure
cookies, the HTTPS redirect, HSTS and the downloads' access checks all rely on it).

(django-xff was considered: it trusts a fixed number of hops whatever the peer is, and
with no depth configured it takes the left-most, client-written address.)
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"NAVIGATOR_TRUSTED_PROXIES: {entry!r} is not an IP address or network"
            ) from error
    return tuple(networks)


def trusted_proxies() -> tuple[Network, ...]:
    return _networks(tuple(settings.NAVIGATOR_TRUSTED_PROXIES))


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address in network for network in trusted)


def client_address(peer: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """The client's address, given the direct peer and the X-Forwarded-For header."""
    peer_address = _address(peer)
    if peer_address is None or not _trusted(peer_address, trusted):
        return peer
    found = peer_address
    for hop in reversed(forwarded_for.split(",")):
        address = _address(hop)
        if address is None:
            break
        found = address
        if not _trusted(address, trusted):
            break
    return str(found)


def client_ip(request) -> str | None:
    """The one client address everything uses: rate limits (django-ratelimit's key="ip"
    reads REMOTE_ADDR), django-axes (AXES_CLIENT_IP_CALLABLE) and the audit trail."""
    return request.META.get("REMOTE_ADDR") or None


def from_trusted_proxy(peer: str, trusted: tuple[Network, ...]) -> bool:
    """Whether the direct peer is one of the proxies we trust."""
    address = _address(peer)
    return address is not None and _trusted(address, trusted)


def _proxy_scheme_header() -> str | None:
    """The META key of SECURE_PROXY_SSL_HEADER, when one is configured."""
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    return header[0] if header else None


class ClientAddressMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        # A mistyped setting stops the server at start, not per request; so does a TLS
        # proxy nobody is trusted to speak for (every request would then be plain HTTP,
        # and the HTTPS redirect would loop).
        if _proxy_scheme_header() and not trusted_proxies():
            raise ImproperlyConfigured(
                "DJANGO_BEHIND_TLS_PROXY needs NAVIGATOR_TRUSTED_PROXIES: the proxy's address"
            )

    def __call__(self, request):
        trusted = trusted_proxies()
        peer = request.META.get("REMOTE_ADDR", "")
        if from_trusted_proxy(peer, trusted):
            request.META["REMOTE_ADDR"] = client_address(
                peer, request.META.get("HTTP_X_FORWARDED_FOR", ""), trusted
            )
        else:
            # Only a trusted proxy may say the request came over HTTPS.
            scheme_header = _proxy_scheme_header()
            if scheme_header:
                request.META.pop(scheme_header, None)
        return self.get_response(request)
