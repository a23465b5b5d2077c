#!/usr/bin/env bash
# Split the app's wasm by route (Trunk's post_build hook, before pwa-precache.py and
# precompress.sh). Trunk 0.21 cannot split a module (trunk-rs/trunk#1022): the cut must
# happen between rustc and wasm-bindgen, and Trunk runs both in one step. So Trunk builds
# as before (cargo; its wasm-bindgen output is replaced here; no wasm-opt,
# `data-wasm-opt="0"` in index.html) and this script takes the module rustc left in the
# target dir and does what cargo-leptos does with `--split`:
#   1. `wasm-split-cli` (crates.io `wasm_split_cli_support`, by the Leptos authors) cuts
#      it at every `#[lazy]` function (src/app.rs): a main module, one wasm per split
#      point and chunks shared by several, and a JS link module that fetches a split's
#      wasm (and the chunks it needs) the first time its function is called. It needs
#      the linker's relocations (`--emit-relocs`, build.rs);
#   2. wasm-bindgen (`--keep-lld-exports`: the parts import the stack pointer and the
#      other linker globals from the main module) on the main module only;
#   3. release builds: wasm-opt -Oz on every wasm (the main one and each part);
#   4. every file named after its content (`NAME-HASH.ext`, so the server caches it for a
#      year), the references between them rewritten, Trunk's own glue and wasm removed,
#      and the loader written into the staged index.html (after the first paint).
#   scripts/wasm-split.sh [DIR]    (DIR: Trunk's staging dir, else $TRUNK_STAGING_DIR)
# Tools: wasm-split-cli (`cargo install --locked wasm_split_cli_support --version 0.2.4
# --features build-binary`, or $WASM_SPLIT_CLI), wasm-bindgen and wasm-opt at Trunk.toml's
# versions.
set -euo pipefail
dir=${1:-${TRUNK_STAGING_DIR:-dist}}
profile=${TRUNK_PROFILE:-debug}
split_cli=${WASM_SPLIT_CLI:-wasm-split-cli}
command -v "$split_cli" >/dev/null || {
  echo "wasm-split: $split_cli is not installed (cargo install --locked wasm_split_cli_support --version 0.2.4 --features build-binary)" >&2
  exit 1
}
target_dir=${CARGO_TARGET_DIR:-$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')}
input=$target_dir/wasm32-unknown-unknown/$profile/clientbook.wasm
[ -f "$input" ] || { echo "wasm-split: no $input (Trunk builds it first)" >&2; exit 1; }
started=$SECONDS

work=$(mktemp -d "${TMPDIR:-/tmp}/wasm-split.XXXXXX")
[ -n "${WASM_SPLIT_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# 1. Split.
"$split_cli" "$input" "$work/split" --out-name clientbook --target web

# 2. Bindings for the main module.
mkdir -p "$work/out"
wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
  --out-dir "$work/out" --out-name clientbook "$work/split/clientbook.wasm"
cp "$work/split/__wasm_split.js" "$work/out/"
find "$work/split" -maxdepth 1 -name '*.wasm' ! -name clientbook.wasm -exec cp {} "$work/out/" \;
t_split=$((SECONDS - started))

# 3. Size, every module, two at a time.
if [ "$profile" = release ]; then
  features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext
    --enable-mutable-globals --enable-multivalue --enable-reference-types)
  # (binaryen 132 warns about every part's "name subsection with id 3", which it drops.)
  printf '%s\0' "$work/out"/*.wasm | xargs -0 -P 2 -I{} wasm-opt -Oz "${features[@]}" {} -o {} \
    2> >(grep -v 'unknown name subsection' >&2 || true)
fi
t_opt=$((SECONDS - started - t_split))

# 4. Content-hashed names, and the loader.
python3 - "$work/out" "$dir" <<'PY'
import hashlib, pathlib, re, shutil, sys

out, dist = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def h(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]

link = (out / "__wasm_split.js").read_text(encoding="utf-8")
main_js = (out / "clientbook.js").read_text(encoding="utf-8")
placed = {}
# The chunks: referenced by the link module only, as "./NAME.wasm".
for chunk in sorted(out.glob("*.wasm")):
    if chunk.name == "clientbook_bg.wasm":
        continue
    data = chunk.read_bytes()
    name = f"{chunk.stem}-{h(data)}.wasm"
    ref = f'"./{chunk.name}"'
    if link.count(ref) != 1:
        sys.exit(f"wasm-split: the link module names {ref} {link.count(ref)} times, not once")
    link = link.replace(ref, f'"./{name}"')
    placed[name] = data
# The main module: named by the JS glue's default URL (the loader passes it anyway).
wasm = (out / "clientbook_bg.wasm").read_bytes()
wasm_name = f"clientbook-{h(wasm)}_bg.wasm"
placed[wasm_name] = wasm
main_js = main_js.replace("'clientbook_bg.wasm'", f"'{wasm_name}'")
# The glue imports the link module and the link module imports the glue: both are named
# after the two together. Only the import statement is renamed in the glue: the module
# name the wasm imports from ("./__wasm_split.js") stays the key of its import object.
# (wasm-bindgen writes one import statement per imported function, all of one module.)
pair = h(main_js.encode() + b"\0" + link.encode())
glue_name, link_name = f"clientbook-{pair}.js", f"wasm-split-{pair}.js"
main_js, n = re.subn(r"""(\bfrom\s*)(['"])\./__wasm_split\.js\2""", rf"\1\2./{link_name}\2", main_js)
if n == 0:
    sys.exit("wasm-split: the glue does not import the link module")
link, n = re.subn(r"""(\bfrom\s*)(['"])\./clientbook\.js\2""", rf"\1\2./{glue_name}\2", link)
if n != 1:
    sys.exit(f"wasm-split: the link module imports the glue {n} times, not once")
placed[glue_name] = main_js.encode()
placed[link_name] = link.encode()

# Trunk's glue and wasm of the unsplit module (and any earlier output).
for old in dist.glob("clientbook-*"):
    old.unlink()
for old in dist.glob("wasm-split-*"):
    old.unlink()
for name, data in placed.items():
    (dist / name).write_bytes(data)

# The loader (what Trunk's `pattern_script` was): the wasm is fetched once the first
# paint is recorded, or after a second at the latest, so it never competes with the CSS
# and the HTML sign-in form; the server allows this script by its hash.
loader = f"""<script type="module">
import init from '/{glue_name}';
await new Promise((go) => {{
  setTimeout(go, 1000);
  new PerformanceObserver((entries, observer) => {{
    observer.disconnect();
    go();
  }}).observe({{ type: "paint", buffered: true }});
}});
await init({{ module_or_path: '/{wasm_name}' }});
</script>"""
index = dist / "index.html"
html = index.read_text(encoding="utf-8")
html = re.sub(r'<script type="module">\s*import init from \'/clientbook-[^<]*</script>', "", html)
# Trunk's minifier may leave out the optional </head>: then before <body.
anchor = "</head>" if "</head>" in html else "<body"
if html.count(anchor) != 1:
    sys.exit("wasm-split: index.html has neither one </head> nor one <body")
html = html.replace(anchor, loader + anchor)
index.write_text(html, encoding="utf-8")
sizes = ", ".join(f"{n} {len(d):,} B" for n, d in sorted(placed.items(), key=lambda x: -len(x[1])))
print(f"wasm-split: {len(placed)} files: {sizes}")
PY
echo "wasm-split: $profile build split in $((SECONDS - started))s (split + bindgen ${t_split}s, wasm-opt ${t_opt}s)"
