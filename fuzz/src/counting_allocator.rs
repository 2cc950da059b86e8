//! The system allocator, counting the bytes held, so that the evaluator's memory ceiling
//! measures what one fuzz input allocates (a fuzzer's resident set only grows). Binaries
//! that want the count install it with `#[global_allocator]`; elsewhere the count is 0.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

pub struct CountingAllocator;

static HELD: AtomicU64 = AtomicU64::new(0);

/// Bytes allocated and not yet freed.
pub fn bytes_held() -> Option<u64> {
    Some(HELD.load(Ordering::Relaxed))
}

// SAFETY: every call forwards to the system allocator with the same arguments.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            HELD.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            HELD.fetch_add(layout.size() as u64, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        HELD.fetch_sub(layout.size() as u64, Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            HELD.fetch_sub(layout.size() as u64, Ordering::Relaxed);
            HELD.fetch_add(new_size as u64, Ordering::Relaxed);
        }
        p
    }
}
