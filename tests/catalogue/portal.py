"""A real HTTP server on 127.0.0.1 for the harvesters, and a CKAN portal it can play."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class PortalServer:
    """Routes map a path to ``answer(query: dict) -> (status, headers, body)``; ``body`` may
    be bytes or an iterator of bytes (sent chunk by chunk, for endless responses)."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                server.requests.append((parts.path, query))
                route = server.routes.get(parts.path)
                if route is None:
                    status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
                else:
                    status, headers, body = route(query)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if isinstance(body, bytes):
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    for chunk in body:
                        self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        self.wfile.flush()
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def json_answer(payload, status=200):
    return status, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(payload).encode()


class FakeCkan:
    """Enough of CKAN's package_search for harvesters: rows/start, sort on
    metadata_modified, fq metadata_modified ranges and fl=id."""

    def __init__(self, records, *, with_search=True):
        self.records = list(records)
        self.with_search = with_search

    def install(self, server: PortalServer, prefix="/api/3/action/"):
        if self.with_search:
            server.routes[prefix + "package_search"] = self.package_search
        server.routes[prefix + "current_package_list_with_resources"] = self.package_list

    def package_search(self, query):
        records = self.records
        fq = query.get("fq", "")
        if fq.startswith("metadata_modified:["):
            since = fq.split("[", 1)[1].split(" TO", 1)[0].rstrip("Z")
            records = [r for r in records if isinstance(r, dict) and r.get("metadata_modified", "") >= since]
        records = sorted(records, key=lambda r: r.get("metadata_modified", "") if isinstance(r, dict) else "")
        start, rows = int(query.get("start", 0)), int(query.get("rows", 10))
        page = records[start : start + rows]
        if query.get("fl") == "id":
            page = [{"id": r["id"]} for r in page if isinstance(r, dict) and "id" in r]
        return json_answer({"help": "", "success": True, "result": {"count": len(records), "results": page}})

    def package_list(self, query):
        offset, limit = int(query.get("offset", 0)), int(query.get("limit", 1000))
        return json_answer({"help": "", "success": True, "result": self.records[offset : offset + limit]})


def slow_chunks(total_seconds: float):
    deadline = time.monotonic() + total_seconds
    while time.monotonic() < deadline:
        yield b" "
        time.sleep(0.05)
