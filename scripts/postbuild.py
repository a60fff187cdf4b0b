#!/usr/bin/env python3
"""Trunk post-build hook: turns the staged build into an offline app.

- sw.js: a service worker that caches exactly the app's own files, so the served app works offline
  after the first visit (it never caches or fetches anything else).
- mi-token-inspector.html: the whole app in one file (JS glue and wasm inlined, the wasm started
  with the async init from bytes, CSS and icon inlined) that works opened from file://. Its CSP
  allows only its own inline script and style (by hash) and has connect-src 'none'.

Trunk runs it with TRUNK_STAGING_DIR set; it can also be run by hand on a dist folder:
    python3 scripts/postbuild.py dist
"""
import base64
import hashlib
import json
import os
import pathlib
import re
import sys

SINGLE = "mi-token-inspector.html"


def main() -> None:
    staging = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else os.environ["TRUNK_STAGING_DIR"])
    index = (staging / "index.html").read_text()
    js = next(p for p in staging.glob("mi-token-inspector-*.js"))
    wasm = next(p for p in staging.glob("mi-token-inspector-*_bg.wasm"))
    css = next(p for p in staging.glob("style-*.css"))
    icon = staging / "favicon.svg"
    write_service_worker(staging)
    write_single_file(staging, index, js, wasm, css, icon)


def write_service_worker(staging: pathlib.Path) -> None:
    assets = sorted(
        p.name for p in staging.iterdir() if p.is_file() and p.name not in ("sw.js", SINGLE)
    )
    digest = hashlib.sha256()
    for name in assets:
        digest.update(name.encode())
        digest.update((staging / name).read_bytes())
    version = digest.hexdigest()[:16]
    template = (pathlib.Path(__file__).parent.parent / "static" / "sw.template.js").read_text()
    sw = template.replace("__ASSETS__", json.dumps(["./"] + assets)).replace("__VERSION__", version)
    (staging / "sw.js").write_text(sw)


def sha256_b64(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def write_single_file(staging, index, js, wasm, css, icon) -> None:
    glue = js.read_text()
    wasm_b64 = base64.b64encode(wasm.read_bytes()).decode()
    script = (
        glue
        + "\n// Started from bytes: a file:// page cannot fetch its wasm.\n"
        + f'const __bytes = Uint8Array.from(atob("{wasm_b64}"), (c) => c.charCodeAt(0));\n'
        + "await __wbg_init({ module_or_path: __bytes });\n"
    )
    style = css.read_text()
    icon_uri = "data:image/svg+xml;base64," + base64.b64encode(icon.read_bytes()).decode()
    csp = (
        "default-src 'none'; "
        f"script-src 'sha256-{sha256_b64(script)}' 'wasm-unsafe-eval'; "
        f"style-src 'sha256-{sha256_b64(style)}'; "
        "img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
    description = re.search(r'<meta name="description" content="([^"]*)">', index)
    shell = re.search(r"<!-- shell:.*?<!-- /shell -->", index, re.S)
    html = f"""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta http-equiv="Content-Security-Policy" content="{csp}">
  <meta name="referrer" content="no-referrer">
  <meta name="color-scheme" content="light dark">
  <meta name="description" content="{description.group(1) if description else ''}">
  <title>MI Token Inspector</title>
  <link rel="icon" href="{icon_uri}">
  <style>{style}</style>
</head>
<body>
  {shell.group(0) if shell else ''}
  <noscript>MI Token Inspector needs JavaScript and WebAssembly; it runs entirely in this file.</noscript>
  <script type="module">{script}</script>
</body>
</html>
"""
    (staging / SINGLE).write_text(html)


if __name__ == "__main__":
    main()
