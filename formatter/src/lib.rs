//! The RFC 166 formatter. Not written yet: its issue builds it on the `syntax` tree.
