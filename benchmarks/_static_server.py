"""A minimal keep-alive HTTP/1.1 server for benchmarks, run in its own process.

It answers from prepared bytes so that the client, not the server, is what gets measured.
Routes:
  GET /v2/meta                                   small JSON object
  GET /v2/organizations/acme/pipelines/app/builds   page-style listing (Link next/last)
  GET /v2/organizations/acme/jobs/<job>/artifacts/<bytes>/download   302 to /artifact/<bytes>
  GET /artifact/<bytes>                          that many bytes, streamed
Flags: --latency S adds S seconds before each builds page (concurrent requests overlap).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from urllib.parse import parse_qs, urlsplit

META = json.dumps({"webhook_ips": ["192.0.2.0/24", "198.51.100.1"]}).encode()
PAGES = 50


def build(n: int) -> dict[str, object]:
    return {
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "number": n,
        "state": "passed",
        "branch": "main",
        "commit": "abcd0b72a1e580e90712cdd9eb26d3fb41cd09c8",
        "message": "Bump version",
        "created_at": "2015-05-09T21:05:59.874Z",
        "finished_at": "2015-05-09T21:08:59.874Z",
        "web_url": f"https://buildkite.com/acme/app/builds/{n}",
    }


def builds_page(page: int, per_page: int, host: str) -> tuple[bytes, str]:
    start = PAGES * per_page - (page - 1) * per_page
    items = [build(start - i) for i in range(per_page)]
    # page comes first: pybuildkite 1.3.0 misreads a Link whose last parameter is page.
    base = f"http://{host}/v2/organizations/acme/pipelines/app/builds"
    links = []
    if page < PAGES:
        links.append(f'<{base}?page={page + 1}&per_page={per_page}>; rel="next"')
        links.append(f'<{base}?page={PAGES}&per_page={per_page}>; rel="last"')
    return json.dumps(items).encode(), ", ".join(links)


class Server:
    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.pages: dict[tuple[int, int, str], tuple[bytes, str]] = {}

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line, *header_lines = head.decode("latin-1").split("\r\n")
                method, target, _ = line.split(" ", 2)
                host = "127.0.0.1"
                for h in header_lines:
                    if h.lower().startswith("host:"):
                        host = h.split(":", 1)[1].strip()
                await self.respond(writer, method, target, host)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def respond(
        self, writer: asyncio.StreamWriter, method: str, target: str, host: str
    ) -> None:
        parts = urlsplit(target)
        extra = ""
        if parts.path == "/v2/meta":
            body = META
        elif parts.path.endswith("/builds"):
            query = parse_qs(parts.query)
            page = int(query.get("page", ["1"])[0])
            per_page = int(query.get("per_page", ["30"])[0])
            key = (page, per_page, host)
            if key not in self.pages:
                self.pages[key] = builds_page(page, per_page, host)
            body, link = self.pages[key]
            if link:
                extra = f"Link: {link}\r\n"
            if self.latency:
                await asyncio.sleep(self.latency)
        elif parts.path.endswith("/download"):
            # The API's artifact download: 302 to storage on another origin (localhost vs
            # 127.0.0.1), so the client must drop the token on the way.
            port = host.rsplit(":", 1)[1]
            size = parts.path.split("/artifacts/")[1].split("/")[0]
            location = f"http://localhost:{port}/artifact/{size}"
            body = json.dumps({"url": location}).encode()
            writer.write(
                b"HTTP/1.1 302 Found\r\nContent-Type: application/json\r\n"
                + f"Location: {location}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            await writer.drain()
            return
        elif parts.path.startswith("/artifact/"):
            size = int(parts.path.rsplit("/", 1)[1])
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                + f"Content-Length: {size}\r\n\r\n".encode()
            )
            chunk = b"x" * (1 << 20)
            sent = 0
            while sent < size:
                piece = chunk[: min(len(chunk), size - sent)]
                writer.write(piece)
                sent += len(piece)
                await writer.drain()
            return
        else:
            body = b'{"message":"Not Found"}'
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n{extra}\r\n".encode()
            + body
        )
        await writer.drain()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency", type=float, default=0.0)
    args = parser.parse_args()
    server = Server(args.latency)
    srv = await asyncio.start_server(server.handle, "127.0.0.1", 0, backlog=512)
    port = srv.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with srv:
        await srv.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
