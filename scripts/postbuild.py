#!/usr/bin/env python3
"""Trunk post-build hook: turns the staged build into an offline app.

- boot-<hash>.js: boot.js under a name that carries a hash of its content, like every file Trunk
  writes, so that nothing the page loads needs asking for again (only index.html is unhashed).
- sw.js: a service worker that caches exactly the app's own files, so the served app works offline
  after the first visit (it never caches or fetches anything else). It is told which files carry a
  hash, to take those from the HTTP cache instead of downloading them again.
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
    hash_boot_script(staging)
    write_service_worker(staging)
    write_single_file(staging, index, js, wasm, css, icon)


# Trunk's hashed names: `name-<16 hex digits>.ext` (the wasm: `name-<hash>_bg.wasm`).
HASHED_NAME = re.compile(r"-[0-9a-f]{16}(_bg)?\.[a-z]+$")


def hash_boot_script(staging: pathlib.Path) -> None:
    """Renames boot.js to boot-<hash>.js and points index.html's script tag at it."""
    boot = staging / "boot.js"
    hashed = f"boot-{hashlib.sha256(boot.read_bytes()).hexdigest()[:16]}.js"
    boot.rename(staging / hashed)
    index = staging / "index.html"
    html = index.read_text()
    if 'src="./boot.js"' not in html:
        sys.exit("postbuild: index.html has no <script src=\"./boot.js\"> (see pattern_script in Trunk.toml)")
    index.write_text(html.replace('src="./boot.js"', f'src="./{hashed}"'))


def write_service_worker(staging: pathlib.Path) -> None:
    # index.html is cached as "./", the URL the page is opened by (and every navigation falls
    # back to it).
    assets = sorted(
        p.name
        for p in staging.iterdir()
        if p.is_file() and p.name not in ("sw.js", "index.html", SINGLE)
    )
    digest = hashlib.sha256()
    for name in ["index.html"] + assets:
        digest.update(name.encode())
        digest.update((staging / name).read_bytes())
    version = digest.hexdigest()[:16]
    hashed = [name for name in assets if HASHED_NAME.search(name)]
    plain = [name for name in assets if name not in hashed]
    page = (staging / "index.html").read_text()
    page_names = [name for name in hashed if name in page]
    template = (pathlib.Path(__file__).parent.parent / "static" / "sw.template.js").read_text()
    sw = (
        template.replace("__HASHED__", json.dumps(hashed))
        .replace("__PLAIN__", json.dumps(plain))
        .replace("__PAGE_NAMES__", json.dumps(page_names))
        .replace("__VERSION__", version)
    )
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
