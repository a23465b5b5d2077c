#!/usr/bin/env python3
"""Write the build's app shell into its service worker (Trunk's post_build hook).

    scripts/pwa-precache.py [DIR]     (DIR: Trunk's staging dir, else $TRUNK_STAGING_DIR)

Reads DIR/index.html, as Trunk wrote it with its content-hashed names, takes every
local file it refers to (the wasm, the JS glue, the CSS, the favicon, the manifest), the
files those scripts load in turn (the wasm split by route: its link module and every
page's chunk, scripts/wasm-split.sh, so a lazy page opens offline too) and the
manifest's icons, and replaces the `const SHELL = ...;` line of DIR/sw.js with those
files and a version: the SHA-256 of their bytes. Any change to the app is a new worker,
and the same build always gives the same one.
"""
import hashlib
import json
import os
import pathlib
import re
import sys

REFERENCE = re.compile(
    r"""(?:=|["'])(/[A-Za-z0-9_./-]+\.(?:js|wasm|css|svg|png|webmanifest|ico|woff2?|ttf))"""
)
# What a script loads relative to itself: `from "./x.js"`, `new URL("./x.wasm", ...)`.
# (Only those: the glue also names modules as keys of the wasm's import object.)
SCRIPT_REFERENCE = re.compile(
    r"""(?:\bfrom\s*|\bnew URL\(\s*)["']\./([A-Za-z0-9_.-]+\.(?:js|wasm))["']"""
)
SHELL_LINE = re.compile(r"^const SHELL = .*;$", re.MULTILINE)


def shell_files(root: pathlib.Path) -> list[str]:
    html = (root / "index.html").read_text(encoding="utf-8")
    files = {"/index.html"}
    files.update(m.group(1) for m in REFERENCE.finditer(html))
    scripts = [f for f in files if f.endswith(".js")]
    while scripts:
        script = root / scripts.pop().lstrip("/")
        if not script.is_file():
            continue
        base = "/" + str(script.parent.relative_to(root)).strip(".") + "/"
        for m in SCRIPT_REFERENCE.finditer(script.read_text(encoding="utf-8")):
            found = (base + m.group(1)).replace("//", "/")
            if found not in files:
                files.add(found)
                if found.endswith(".js"):
                    scripts.append(found)
    manifest = root / "manifest.webmanifest"
    if manifest.is_file():
        files.add("/manifest.webmanifest")
        for icon in json.loads(manifest.read_text(encoding="utf-8")).get("icons", []):
            files.add(icon["src"])
    missing = sorted(f for f in files if not (root / f.lstrip("/")).is_file())
    if missing:
        sys.exit(f"pwa-precache: index.html names files the build does not have: {missing}")
    files.discard("/sw.js")
    return sorted(files)


def main() -> None:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("TRUNK_STAGING_DIR", "dist"))
    files = shell_files(root)
    digest = hashlib.sha256()
    for f in files:
        digest.update(f.encode() + b"\0" + (root / f.lstrip("/")).read_bytes())
    version = digest.hexdigest()[:16]
    sw = root / "sw.js"
    text = sw.read_text(encoding="utf-8")
    shell = json.dumps({"version": version, "files": files})
    text, count = SHELL_LINE.subn(lambda _: f"const SHELL = {shell};", text, count=1)
    if count != 1:
        sys.exit("pwa-precache: sw.js has no `const SHELL = ...;` line")
    sw.write_text(text, encoding="utf-8")
    print(f"pwa-precache: {len(files)} files, version {version}")


if __name__ == "__main__":
    main()
