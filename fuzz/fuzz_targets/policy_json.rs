#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| clientbook_fuzz::policy_json::check(data));
