//! The app's wasm keeps the linker's relocations (`--emit-relocs`): the splitter that
//! cuts it into per-route chunks (`scripts/wasm-split.sh`, `wasm-split-cli`) reads them to
//! know which function and data each part uses. Only the app binary for wasm32 is
//! linked this way (a link argument: nothing else is rebuilt); wasm-opt drops the
//! relocations from what is shipped.
fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo::rustc-link-arg-bin=clientbook=--emit-relocs");
    }
}
