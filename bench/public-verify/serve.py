# Serves the synthetic draw (gen.py) and verify.js for bench/public-verify/run.sh; prints what the page posts to /result.
import http.server, sys, os
ROOT = sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def send(self, body, ctype):
        self.send_response(200); self.send_header("Content-Type", ctype); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_GET(self):
        p = self.path
        if p == "/public/draws/D-T-BENCH": self.send(open("record.json","rb").read(), "application/json")
        elif p.endswith("/snapshot"): self.send(open("snapshot.txt","rb").read(), "text/plain; charset=UTF-8")
        elif p.endswith("/substitutions"): self.send(b"[]", "application/json")
        elif p == "/verify.js": self.send(open(os.path.join(ROOT, "verify.js"),"rb").read(), "text/javascript")
        elif p == "/bench.html": self.send(b'<!doctype html><meta charset="utf-8"><script src="/verify.js"></script><script src="/bench.js"></script>', "text/html")
        elif p == "/bench.js": self.send(b"SpotcheckVerify.verify('', 'D-T-BENCH').then(r => fetch('/result', {method:'POST', body: JSON.stringify({match:r.match, millis:r.millis, download:r.downloadMillis, hash:r.hashMillis, size:r.size, diffs:r.differences.slice(0,5)})})).catch(e => fetch('/result',{method:'POST', body: String(e)}));", "text/javascript")
        else: self.send_response(404); self.end_headers()
    def do_POST(self):
        n = int(self.headers["Content-Length"]); print(self.rfile.read(n).decode(), flush=True)
        self.send_response(200); self.end_headers()
        open("done", "w").write("1")
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
