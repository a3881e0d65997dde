"""A few calls to the real API server over HTTPS with a bearer token (the story's admin)."""
from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from typing import Any


class KubeApi:
    def __init__(self, url: str, token: str):
        self.url = url.rstrip("/")
        self.token = token
        self.context = ssl.create_default_context()
        self.context.check_hostname = False
        self.context.verify_mode = ssl.CERT_NONE   # loopback server with a self-signed certificate

    def request(self, method: str, path: str, body: Any = None, content_type: str = "application/json") -> Any:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.token}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", content_type)
        with urllib.request.urlopen(request, context=self.context, timeout=30) as response:
            payload = response.read()
            return json.loads(payload) if payload else None

    def get(self, path: str) -> Any:
        return self.request("GET", path)

    def get_or_none(self, path: str) -> Any:
        try:
            return self.get(path)
        except urllib.error.HTTPError as e:
            if e.code == 404:
                return None
            raise

    def create(self, path: str, body: Any) -> Any:
        return self.request("POST", path, body)

    def merge_patch(self, path: str, body: Any) -> Any:
        return self.request("PATCH", path, body, "application/merge-patch+json")

    def nodes(self) -> list[dict[str, Any]]:
        return self.get("/api/v1/nodes")["items"]

    def pods(self, namespace: str, selector: str) -> list[dict[str, Any]]:
        return self.get(f"/api/v1/namespaces/{namespace}/pods?labelSelector={selector}")["items"]

    def events(self, namespace: str) -> list[dict[str, Any]]:
        return self.get(f"/api/v1/namespaces/{namespace}/events")["items"]
