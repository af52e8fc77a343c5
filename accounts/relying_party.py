"""Who Navigator is to a passkey (WebAuthn's "relying party"), read from the public URL.

Pure: no Django here, because settings.py calls it. A passkey is bound to the relying
party id (the host name) and is only accepted from the listed origins, so both come from
NAVIGATOR_PUBLIC_URL, the one address staff reach the site on.
"""

import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

NAME = "Navigator"


@dataclass(frozen=True)
class RelyingParty:
    id: str  # a host name: "navigator.example.org", "localhost"
    name: str
    origins: tuple[str, ...]  # e.g. ("https://navigator.example.org",)


def relying_party(public_url: str) -> RelyingParty | None:
    """The relying party for this public URL, or None where browsers refuse passkeys:
    plain http anywhere but localhost, or an IP address (an id must be a domain name)."""
    parts = urlsplit(public_url)
    host = (parts.hostname or "").lower()
    if not host or _is_ip_address(host):
        return None
    if parts.scheme != "https" and not (parts.scheme == "http" and host == "localhost"):
        return None
    origin = f"{parts.scheme}://{host}" + (f":{parts.port}" if parts.port else "")
    return RelyingParty(id=host, name=NAME, origins=(origin,))


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
