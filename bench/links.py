"""Benchmark of the link check: `python bench/links.py [--hosts 20] [--urls 1000] [--latency 0.2]`.

Starts HOSTS local HTTP servers (asyncio, 127.0.0.1, one port each = one host for the
politeness caps), each answering every request (robots.txt included) after LATENCY seconds,
then checks URLS distinct URLs spread evenly over them with scripts/linkcheck_run.check_urls and
the default politeness settings of scripts/check_links.py (Politeness()). Prints the wall time
next to the ideal bound

    max(URLs per host x latency / per-host concurrency,  URLs per host / per-host rate cap)

and their ratio (target: at most 1.3). Also prints the bound LinkChecker's own throttle allows:
it waits a random 1/rate..6/rate seconds (at least 0.1..0.6 s) between two requests to a host,
3.5/rate on average, so a run limited by the rate cap takes about 3.5 x the ideal bound.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from linkcheck_run import Politeness, check_urls  # noqa: E402


async def _answer(reader, writer, latency: float, counter: list[int]) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            if not head:
                return
            await asyncio.sleep(latency)
            counter[0] += 1
            body = b"<html><body>ok</body></html>"
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
            )
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def start_servers(hosts: int, latency: float) -> tuple[list[int], list[int]]:
    """Start the servers in a background thread; (ports, request counter)."""
    ports: list[int] = []
    counter = [0]
    ready = threading.Event()

    async def main():
        for _ in range(hosts):
            server = await asyncio.start_server(
                lambda r, w: _answer(r, w, latency, counter), "127.0.0.1", 0
            )
            ports.append(server.sockets[0].getsockname()[1])
        ready.set()
        await asyncio.Event().wait()

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
    ready.wait()
    return ports, counter


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--urls", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--rate", type=float, default=Politeness.rate_per_host)
    parser.add_argument("--per-host", type=int, default=Politeness.per_host)
    parser.add_argument("--processes", type=int, default=Politeness.processes)
    args = parser.parse_args()
    politeness = Politeness(args.per_host, args.rate, args.processes)

    ports, counter = start_servers(args.hosts, args.latency)
    urls = [f"http://127.0.0.1:{ports[i % args.hosts]}/page/{i}" for i in range(args.urls)]
    per_host = args.urls / args.hosts
    ideal = max(per_host * args.latency / politeness.per_host, per_host / politeness.rate_per_host)
    spacing = max(1 / politeness.rate_per_host, 0.1) * 3.5  # LinkChecker's mean wait per host
    throttle = max(per_host * args.latency / politeness.per_host, per_host * spacing)

    started = time.monotonic()
    rows = check_urls(urls, politeness, timeout=10, bound=3600)
    wall = time.monotonic() - started
    ok = sum(row.result.startswith("200") for row in rows.values())
    print(
        f"links bench: {args.urls} URLs over {args.hosts} hosts, {args.latency * 1000:.0f} ms "
        f"latency, per-host concurrency {politeness.per_host}, per-host rate cap "
        f"{politeness.rate_per_host}/s, {politeness.processes} LinkChecker processes"
    )
    print(f"  checked OK: {ok}/{args.urls} ({counter[0]} requests served, robots.txt included)")
    print(f"  wall time: {wall:.1f} s")
    print(f"  ideal bound: {ideal:.1f} s -> ratio {wall / ideal:.2f} (target <= 1.3)")
    print(
        f"  bound with LinkChecker's random per-host wait (mean {spacing:.2f} s): "
        f"{throttle:.1f} s -> ratio {wall / throttle:.2f}"
    )
    return 0 if ok == args.urls else 1


if __name__ == "__main__":
    sys.exit(main())
