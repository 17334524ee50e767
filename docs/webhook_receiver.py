"""A minimal Buildkite webhook receiver, standard library only.

    BUILDKITE_WEBHOOK_TOKEN=... python docs/webhook_receiver.py [port]

Point the webhook's URL at it (behind TLS in production), with either token mode.
"""

from __future__ import annotations

import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from pybuildkite.webhooks import BuildEvent, JobEvent, WebhookVerificationError, verify

#: Buildkite's payloads are a few kilobytes; refusing large bodies unread bounds memory.
MAX_BODY = 1024 * 1024


def make_server(secret: str, host: str = "127.0.0.1", port: int = 8080) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                self.send_error(413 if length > MAX_BODY else 411)
                return
            body = self.rfile.read(length)  # the raw bytes: the signature covers exactly these
            try:
                event = verify(body, self.headers.items(), secret)
            except WebhookVerificationError as err:
                self.log_message("rejected webhook: %s", err.reason)
                self.send_error(401)
                return
            # Answer quickly; Buildkite does not wait long. Slow work belongs on a queue.
            self.send_response(204)
            self.end_headers()
            if isinstance(event, BuildEvent):
                self.log_message("%s %s #%d %s", event.event, event.pipeline.slug,
                                 event.build.number, event.build.state)  # fmt: skip
            elif isinstance(event, JobEvent):
                self.log_message("%s %s", event.event, event.job.name or event.job.id)
            else:
                self.log_message("%s", event.event)

    return ThreadingHTTPServer((host, port), Handler)


def main() -> None:
    secret = os.environ.get("BUILDKITE_WEBHOOK_TOKEN")
    if not secret:
        sys.exit("set BUILDKITE_WEBHOOK_TOKEN to the webhook's token")
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    server = make_server(secret, port=port)
    print(f"listening on http://127.0.0.1:{port}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


if __name__ == "__main__":
    main()
