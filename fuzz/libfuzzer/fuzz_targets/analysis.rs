//! libFuzzer target for `fuzz_checks::analysis` (the property is documented there). Run with
//! `scripts/fuzz analysis SECONDS`.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[global_allocator]
static ALLOCATOR: fuzz_checks::CountingAllocator = fuzz_checks::CountingAllocator;

fuzz_target!(|data: &[u8]| fuzz_checks::on_big_stack(fuzz_checks::analysis::check, data));
