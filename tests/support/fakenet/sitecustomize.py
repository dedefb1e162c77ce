"""A stand-in for DNS and the network in Python processes the link tests start (LinkChecker).

Python imports `sitecustomize` at start-up from its path; the tests put this folder on
PYTHONPATH and describe the network in $BP_FAKENET (tests/conftest_links.py: `fake_network`):

    "alpha.test=127.0.0.1 gone.test=unknown"  names resolve to loopback, or do not exist
                                               (EAI_NONAME); other names: EAI_AGAIN
    "dns-down"   every name lookup fails with EAI_AGAIN ("Temporary failure in name resolution")
    "offline alpha.test=127.0.0.1 ..."  names as above, every connection fails with
                 ENETUNREACH ("Network is unreachable"), loopback addresses included
    "crash"      every name lookup raises RuntimeError (a bug inside the checker)

Addresses written as numbers (127.0.0.1) are looked up as usual, except offline. Nothing here
reaches a real resolver or the internet.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket

_SPEC = os.environ.get("BP_FAKENET", "")


def _install(spec: str) -> None:
    first = spec.split()[0]
    mode = first if first in ("dns-down", "offline", "crash") else "hosts"
    table = dict(item.split("=", 1) for item in spec.split() if "=" in item)
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        name = host.decode() if isinstance(host, bytes) else host
        try:
            ipaddress.ip_address(name or "")
            numeric = True
        except ValueError:
            numeric = False
        if mode == "crash":
            raise RuntimeError(f"fake resolver bug for {name}")
        if not numeric and name not in ("localhost",):
            target = table.get(name, "again") if mode != "dns-down" else "again"
            if target == "unknown":
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            if target == "again":
                raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
            name = target
        return real_getaddrinfo(name, port, family, type, proto, flags)

    def gethostbyname(host):
        return getaddrinfo(host, None, socket.AF_INET)[0][4][0]

    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    if mode == "offline":

        def connect(self, address):
            raise OSError(errno.ENETUNREACH, os.strerror(errno.ENETUNREACH))

        socket.socket.connect = connect
        socket.socket.connect_ex = lambda self, address: errno.ENETUNREACH


if _SPEC:
    _install(_SPEC)
