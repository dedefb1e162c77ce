"""Benchmark of the link check: `python bench/links.py [--hosts 20] [--urls 1000] [--latency 0.2]`.

Starts HOSTS local HTTP servers (asyncio, 127.0.0.1, one port each = one host for the
politeness caps), each answering every request (robots.txt included) after LATENCY seconds,
then checks URLS distinct URLs spread evenly over them with scripts/linkcheck_run.check_urls and
the default politeness settings of scripts/check_links.py (Politeness()). Prints the wall time
next to the ideal bound

    max(URLs per host x latency / per-host concurrency,  URLs per host / per-host rate cap)

and their ratio (target: at most 1.3). The servers also note when each request arrives and
leaves, so the bench prints what the hosts saw: the shortest gap between two request starts to
one host (the cap is 1/rate; robots.txt counts), the most requests one host had at once, and how
far apart the hosts' first requests came (hosts do not wait for each other: a fraction of a
second) and the longest time one host took next to its own bound (URLs per host / rate). These
are the timing figures; tests/test_links_politeness.py checks the caps by the order of events.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time

from linkcheck_run import Politeness, check_urls


async def _answer(reader, writer, latency: float, seen: dict) -> None:
    port = writer.get_extra_info("sockname")[1]
    try:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            start = time.monotonic()
            await asyncio.sleep(latency)
            body = b"<html><body>ok</body></html>"
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(body), body)
            )
            await writer.drain()
            seen.setdefault(port, []).append((start, time.monotonic()))
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def start_servers(hosts: int, latency: float) -> tuple[list[int], dict]:
    """Start the servers in a background thread; (ports, {port: [(start, end) per request]})."""
    ports: list[int] = []
    seen: dict[int, list[tuple[float, float]]] = {}
    ready = threading.Event()

    async def serve():
        for _ in range(hosts):
            server = await asyncio.start_server(
                lambda r, w: _answer(r, w, latency, seen), "127.0.0.1", 0
            )
            ports.append(server.sockets[0].getsockname()[1])
        ready.set()
        await asyncio.Event().wait()

    threading.Thread(target=lambda: asyncio.run(serve()), daemon=True).start()
    ready.wait()
    return ports, seen


def what_hosts_saw(seen: dict) -> tuple[float, int, float, float]:
    """(shortest gap between two request starts to one host, most requests at once on one,
    seconds between the first host's first request and the last host's, longest time from a
    host's first request start to its last)."""
    gap, crowd = float("inf"), 0
    for spans in seen.values():
        starts = sorted(start for start, _ in spans)
        gap = min([gap, *(b - a for a, b in zip(starts, starts[1:], strict=False))])
        level = 0
        for _, step in sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans]):
            level += step
            crowd = max(crowd, level)
    firsts = [min(start for start, _ in spans) for spans in seen.values()]
    longest = max(max(s for s, _ in spans) - min(s for s, _ in spans) for spans in seen.values())
    return gap, crowd, max(firsts) - min(firsts), longest


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

    ports, seen = start_servers(args.hosts, args.latency)
    urls = [f"http://127.0.0.1:{ports[i % args.hosts]}/page/{i}" for i in range(args.urls)]
    per_host = args.urls / args.hosts
    ideal = max(per_host * args.latency / politeness.per_host, per_host / politeness.rate_per_host)

    started = time.monotonic()
    rows = check_urls(urls, politeness, timeout=10, bound=3600)
    wall = time.monotonic() - started
    ok = sum(row.result.startswith("200") for row in rows.values())
    print(
        f"links bench: {args.urls} URLs over {args.hosts} hosts, {args.latency * 1000:.0f} ms "
        f"latency, per-host concurrency {politeness.per_host}, per-host rate cap "
        f"{politeness.rate_per_host}/s, {politeness.processes} LinkChecker processes"
    )
    served = sum(map(len, seen.values()))
    gap, crowd, spread, longest = what_hosts_saw(seen)
    print(f"  checked OK: {ok}/{args.urls} ({served} requests served, robots.txt included)")
    print(f"  wall time: {wall:.1f} s")
    print(f"  ideal bound: {ideal:.1f} s -> ratio {wall / ideal:.2f} (target <= 1.3)")
    print(
        f"  hosts saw: starts at least {gap:.3f} s apart (cap {1 / politeness.rate_per_host:.3f}"
        f" s), at most {crowd} request(s) at once (cap {politeness.per_host})"
    )
    alone = per_host / politeness.rate_per_host  # robots.txt + pages, 1/rate apart
    print(
        f"  hosts' first requests within {spread:.2f} s of each other; the slowest host took "
        f"{longest:.1f} s from its first request to its last (alone: {alone:.1f} s)"
    )
    return 0 if ok == args.urls else 1


if __name__ == "__main__":
    sys.exit(main())
