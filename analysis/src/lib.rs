//! The incremental analyzer (salsa database): parse, name resolution, diagnostics, IDE
//! features. Not written yet: its issue builds it on the `syntax` tree.
