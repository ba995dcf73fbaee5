"""Behind a proxy: whose address a request comes from, and only through the proxy.

With PROXY_HOPS = n, the client's address is read from the X-Forwarded-For header the
proxies add (werkzeug's ProxyFix). That header is only true if every request comes
through those proxies: a client reaching the app directly could write any address in
it and dodge every rate limit. So when PROXY_HOPS is set, a request whose direct peer
is not in PROXY_ADDRESSES (the proxies' networks) is refused with a plain 403.
"""

from __future__ import annotations

import ipaddress

from werkzeug.middleware.proxy_fix import ProxyFix

from .config import ConfigError

REFUSED = b"This service must be reached through its proxy.\n"


def networks(setting: str) -> tuple:
    try:
        return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())
    except ValueError as err:
        raise ConfigError(f"PROXY_ADDRESSES: {err}") from None


class ThroughProxiesOnly:
    def __init__(self, wsgi_app, hops: int, addresses: str, headers: dict[str, str]):
        self.proxied = ProxyFix(wsgi_app, x_for=hops, x_proto=hops)
        self.networks = networks(addresses)
        self.headers = headers
        if not self.networks:
            raise ConfigError("PROXY_ADDRESSES must name the proxies' networks when PROXY_HOPS is set")

    def _from_proxy(self, peer: str | None) -> bool:
        try:
            address = ipaddress.ip_address((peer or "").split("%")[0])
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    def __call__(self, environ, start_response):
        if not self._from_proxy(environ.get("REMOTE_ADDR")):
            start_response("403 FORBIDDEN", [("Content-Type", "text/plain; charset=utf-8"),
                                             ("Content-Length", str(len(REFUSED))), ("Cache-Control", "no-store"),
                                             *self.headers.items()])
            return [REFUSED]
        return self.proxied(environ, start_response)
