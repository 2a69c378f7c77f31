"""The HTTP side of the interop WHIP/WHEP clients (whip_client.py, gst_whip_client.py)."""
import urllib.error
import urllib.request


def http(method, url, body=None, content_type=None):
    """(status, headers, body text) of one request; error statuses are returned, not raised."""
    req = urllib.request.Request(url, data=body.encode() if body else None, method=method)
    if content_type:
        req.add_header("Content-Type", content_type)
    try:
        with urllib.request.urlopen(req, timeout=15) as res:
            return res.status, res.headers, res.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()
