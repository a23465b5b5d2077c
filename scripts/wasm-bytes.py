#!/usr/bin/env python3
"""Where the wasm bytes go, per crate: `twiggy top --format csv` of the app's wasm as rustc
left it (before wasm-bindgen and wasm-opt, so with function names), summed by the crate
each function is named after. Generic code is counted under the crate that defines it
(tachys for views, even when instantiated for our components). Then the same bytes by
kind across crates (serde decoders vs encoders, component bodies, resources' futures...)
and the biggest functions.
    scripts/wasm-bytes.py $CARGO_TARGET_DIR/wasm32-unknown-unknown/release/clientbook.wasm [TOP]
"""
import csv, collections, io, re, shutil, subprocess, sys

if not shutil.which("twiggy"):
    sys.exit("wasm-bytes: needs twiggy on PATH (cargo install twiggy)")

csv.field_size_limit(sys.maxsize)
wasm = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
rows = subprocess.run(["twiggy", "top", "-n", "1000000", "--format", "csv", wasm],
                      check=True, capture_output=True, text=True).stdout
by_crate = collections.Counter()
kinds = {
    "serde Deserialize (decoding API answers)": r"serde_core::de::Deserialize|Visitor|deserialize",
    "serde Serialize (encoding requests)": r"serde_core::ser::Serialize",
    "component bodies (__component_*)": r"__component_",
    "resources' futures (ScopedFuture::poll)": r"ScopedFuture",
    "send_wrapper (!Send values in signals)": r"send_wrapper",
    "core::fmt (formatting)": r"core::fmt",
    "panics": r"panic",
    "chrono": r"chrono",
    "plotters": r"plotters",
}
by_kind = collections.Counter()
functions = []
total = 0
for row in csv.DictReader(io.StringIO(rows)):
    name, size = row["Name"], int(row["ShallowSize"])
    if name.startswith(("\"function names\"", "custom section", "Σ", "...")):
        continue
    total += size
    for kind, pattern in kinds.items():
        if re.search(pattern, name):
            by_kind[kind] += size
    if not name.startswith("data segment"):
        functions.append((size, name))
    if "__wbindgen_describe" in name:
        continue  # type descriptions that wasm-bindgen reads and removes
    if name.startswith("data segment"):
        crate = "(data: strings, tables)"
    else:
        # `<T as tachys::view::..>::f` counts for tachys; `core[5f3a..]::fmt` for core.
        name = re.sub(r"^<[A-Z]\w* as ", "", name)
        m = re.match(r"[<&\s(]*(?:mut |dyn |impl )?([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::", name)
        crate = m.group(1) if m else "(other)"
    by_crate[crate] += size
print(f"{'crate':32} {'bytes':>9} {'share':>6}")
for crate, size in by_crate.most_common(25):
    print(f"{crate:32} {size:9d} {100 * size / total:5.1f}%")
print(f"{'total (code + data, names excluded)':32} {total:9d}")
print(f"\n{'kind (across crates)':42} {'bytes':>9} {'share':>6}")
for kind in kinds:
    print(f"{kind:42} {by_kind[kind]:9d} {100 * by_kind[kind] / total:5.1f}%")
print(f"\nthe {top} biggest functions")
for size, name in sorted(functions, reverse=True)[:top]:
    print(f"{size:9d}  {re.sub(r'::h[0-9a-f]{16}$', '', name)[:110]}")
