"""Who is asking: the client's address, read robustly behind the reverse proxies we trust.

With TRUSTED_PROXY_COUNT = 0 (the default, no proxy) the client is REMOTE_ADDR. With N trusted
proxies the client is the address the outermost of them saw: the N-th entry from the right of
X-Forwarded-For (each proxy appends the address it received the request from). A missing, short
or malformed header never raises: the request is then counted against the nearest proxy's own
address, which is what an attacker stripping the header deserves.
"""

import ipaddress

from django.conf import settings

UNKNOWN = "0.0.0.0"


def _address(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's IP address as text; never raises, never empty."""
    remote = _address(request.META.get("REMOTE_ADDR") or "") or UNKNOWN
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    hops = [hop for hop in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
    if len(hops) < trusted:
        return remote
    return _address(hops[-trusted]) or remote
