"""A stand-in for the Hugging Face Hub API on the tests' local server.

It answers the two calls Fireside makes through huggingface_hub (search and
a repository's file list with LFS metadata) and serves the files at
``/{repo}/resolve/main/{file}``, so the real huggingface_hub client code runs.
"""

from __future__ import annotations

import hashlib
import json

from local_server import LocalServer, Route

REPO = "someone/Tiny-GGUF"


def install_fake_hub(server: LocalServer, model: bytes) -> dict[str, str]:
    """Register the routes; return {filename: sha256} of the served files."""
    files = {"tiny-Q8_0.gguf": model, "tiny-Q4_K_M.gguf": model,
             "tiny-Q2_K-00001-of-00002.gguf": model}
    json_headers = {"Content-Type": "application/json"}
    server.add("/api/models", Route(data=json.dumps([
        {"_id": "1", "id": REPO, "modelId": REPO, "downloads": 1234, "likes": 5,
         "tags": ["gguf"]},
        {"_id": "2", "id": "other/Thing-GGUF", "modelId": "other/Thing-GGUF", "downloads": 7,
         "likes": 0, "tags": ["gguf"]}]).encode(), headers=json_headers))
    siblings = [{"rfilename": "README.md", "size": 120}]
    for name, data in files.items():
        siblings.append({"rfilename": name, "size": len(data), "lfs": {
            "size": len(data), "sha256": hashlib.sha256(data).hexdigest(), "pointerSize": 134}})
        server.add(f"/{REPO}/resolve/main/{name}", Route(data=data))
    server.add(f"/api/models/{REPO}", Route(data=json.dumps(
        {"_id": "1", "id": REPO, "modelId": REPO, "siblings": siblings}).encode(),
        headers=json_headers))
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
