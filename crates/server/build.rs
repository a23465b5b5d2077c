// `sqlx::migrate!` embeds the migrations at compile time, but cargo does not know that it
// reads them: without this, a new migration file is not in the binary until some source
// file changes (found adding 0016: the rebuilt server had 0013 as its last). What
// `sqlx migrate build-script` writes.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
