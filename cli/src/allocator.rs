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

/// mimalloc v2's option number for eager arena commits (`mi_option_e` in the `mimalloc.h`
/// that libmimalloc-sys 0.1.49 builds; the crate does not name it).
const MI_OPTION_ARENA_EAGER_COMMIT: mi::mi_option_t = 4;

/// For a long-running process (the language server): arenas are committed as they are
/// used, and no transparent huge pages (the first arena is mapped before the command line
/// is read, so the process-wide switch is the one that reaches it). Freed memory is
/// returned when the server is idle ([`release_free_memory`], on every thread), not after
/// each free: purging at once made each keystroke's reparse fault its pages in again (edit
/// → completion p50 24 → 35 ms on an 800 KB file).
pub fn set_up_for_a_server() {
    // SAFETY: setting an option is a plain store mimalloc allows at any time; the prctl
    // takes no pointers.
    unsafe {
        // mimalloc's own variable, when set, wins.
        if std::env::var_os("MIMALLOC_ARENA_EAGER_COMMIT").is_none() {
            mi::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        }
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

/// Returns the calling thread's free memory to the system (mimalloc's forced collect
/// purges the thread's segments whatever the purge delay).
pub fn release_free_memory() {
    // SAFETY: collecting the calling thread's heap is always allowed.
    unsafe { mi::mi_collect(true) }
}
