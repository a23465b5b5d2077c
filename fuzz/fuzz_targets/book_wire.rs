#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| clientbook_fuzz::book_wire::check(data));
