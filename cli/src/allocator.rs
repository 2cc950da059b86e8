//! The global allocator: mimalloc, called through its plain entry points whenever the
//! alignment asked for is one every mimalloc block has anyway (8 bytes: nearly every thunk,
//! frame and string firn allocates). The `mimalloc` crate always calls the `_aligned`
//! variants, which take a longer path: about a tenth of the evaluator's instructions on
//! nixpkgs lib's tests went there.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

pub struct Allocator;

/// Every mimalloc block is aligned to at least a machine word.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each method forwards to mimalloc, which satisfies the `Layout`: plain
// `mi_malloc` blocks are word-aligned, and larger alignments take the aligned calls.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if layout.align() <= WORD {
                mi::mi_malloc(layout.size()) as *mut u8
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        unsafe {
            if layout.align() <= WORD {
                mi::mi_zalloc(layout.size()) as *mut u8
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        unsafe { mi::mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        unsafe {
            if layout.align() <= WORD {
                mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

/// mimalloc v2's option numbers (`mi_option_e` in the `mimalloc.h` that libmimalloc-sys
/// 0.1.49 builds; the crate names only some of them).
const MI_OPTION_ARENA_EAGER_COMMIT: mi::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: mi::mi_option_t = 15;

/// For a long-running process (the language server): memory a revision freed goes back to
/// the system at once, arenas are committed as they are used, and no transparent huge
/// pages (the first arena is already mapped by now, so the process-wide switch is the one
/// that reaches it). The defaults (purge after 10 ms, eager arenas, huge pages) suit batch
/// commands: on an 800 KB file they made the server hold 96 MB after opening it and
/// 190–230 MB after 1,000 edits; with these, 35 MB and 70–75 MB.
pub fn return_memory_promptly() {
    // SAFETY: setting an option is a plain store mimalloc allows at any time; the prctl
    // takes no pointers.
    unsafe {
        mi::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        mi::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
