#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| clientbook_fuzz::survey_csv::check(data));
