"""A throwaway HTTP server on 127.0.0.1 for download tests (bounded, stops itself)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _Handler(SimpleHTTPRequestHandler):
    truncate: set[str] = set()

    def log_message(self, format: str, *args: object) -> None:  # silence
        pass

    def do_GET(self) -> None:
        name = self.path.rsplit("/", 1)[-1]
        if name in self.truncate:
            body = b"only part of the file"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) + 1000))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@contextmanager
def serve(root: Path, truncate: set[str] | None = None) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"truncate": truncate or set()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
