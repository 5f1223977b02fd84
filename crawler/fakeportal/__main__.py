"""Run the fake portal until interrupted (or until stdin closes, with ``--until-stdin-closes``).

    python -m crawler.fakeportal --sites-dir /tmp/sites            # the three sites, with traps
    python -m crawler.fakeportal --no-traps --sites-dir data/sites  # what `kiemsat demo` crawls
    python -m crawler.fakeportal --large 10000 --sites-dir /tmp/s   # the benchmark's portal

Prints one JSON line with the sites' base URLs once they listen.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from crawler.fakeportal.server import FakePortal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crawler.fakeportal", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--no-traps", action="store_true", help="serve only well-behaved pages")
    parser.add_argument(
        "--large", type=int, default=0, metavar="N", help="serve N generated articles"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated articles")
    parser.add_argument(
        "--prerender", action="store_true", help="render every large-mode page before listening"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="port of the first site (the next sites take the next ports)",
    )
    parser.add_argument("--sites-dir", help="write profiles pointing at the portal here")
    parser.add_argument(
        "--until-stdin-closes", action="store_true", help="stop when stdin reaches EOF"
    )
    args = parser.parse_args(argv)
    names = ["large"] if args.large else ["vksndtc", "sharepoint_province", "wordpress_province"]
    ports = {n: args.port + i for i, n in enumerate(names)} if args.port else None
    try:
        portal = FakePortal(traps=not args.no_traps, large=args.large, seed=args.seed, ports=ports)
    except OSError as exc:
        print(f"fakeportal: cannot listen: {exc}", file=sys.stderr)
        return 2
    if args.prerender:
        portal.prerender()
    portal.start()
    if args.sites_dir:
        portal.write_sites(args.sites_dir)
    print(json.dumps(portal.describe()), flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    if args.until_stdin_closes:
        threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    portal.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
