"""What guards the web server against slow, idle and too many clients, and forged
``X-Forwarded-For`` headers.

- A connection must send its request headers within ``header_timeout`` of opening (or of
  its previous response); aiohttp's keep-alive timer closes it otherwise, also when it
  drips the headers a byte at a time.
- A request body must arrive within ``body_timeout`` (``bot.web`` answers 408).
- At most ``max_connections`` are open at once: the next ones are closed at once.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from aiohttp import web

from bot.settings import Network

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limits:
    """Time and connection limits of the web server."""

    header_timeout: float = 10.0
    body_timeout: float = 10.0
    max_connections: int = 512  # under the usual 1,024 open files, with room for SQLite and httpx


def make_runner(app: web.Application, limits: Limits) -> web.AppRunner:
    """An AppRunner whose connections must send their headers within the time limit."""
    return web.AppRunner(app, access_log=None, keepalive_timeout=limits.header_timeout)


class _Refused(asyncio.Protocol):
    """A connection over the cap: closed as soon as it is accepted."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        transport.close()


class GuardedSite(web.TCPSite):
    """A TCP site that accepts at most ``limits.max_connections`` connections at once."""

    def __init__(self, runner: web.AppRunner, host: str, port: int, limits: Limits) -> None:
        super().__init__(runner, host, port)
        self.limits = limits
        self.refused = 0

    async def start(self) -> None:
        await web.BaseSite.start(self)  # registers the site with its runner
        server = self._runner.server
        assert server is not None

        def protocol() -> asyncio.Protocol:
            if len(server.connections) < self.limits.max_connections:
                return server()
            self.refused += 1
            if self.refused == 1 or self.refused % 1000 == 0:
                log.warning(
                    "%d connection(s) refused: more than %d open",
                    self.refused,
                    self.limits.max_connections,
                )
            return _Refused()

        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            protocol, self._host, self._port, backlog=self._backlog, reuse_address=True
        )


def client_address(peer: str | None, forwarded: str | None, trusted: Iterable[Network]) -> str:
    """The client, for rate limiting: the peer, unless it is a trusted proxy; then the
    last address of ``X-Forwarded-For`` that is not a trusted proxy (the ones before it
    were written by the client, and may be forged)."""
    networks = tuple(trusted)
    if not peer or not forwarded or not _within(peer, networks):
        return peer or ""
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _within(hop, networks):
            return hop
    return hops[0] if hops else peer


def _within(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
