//! Writing results over the files they came from, so that nothing is ever lost: through a
//! temporary file in the same directory and a rename, which is atomic, so a full disk, a
//! failed write or a kill leaves either the old file or the new one, never a mix.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Replaces the contents of `path` (which held `original` when it was read) with `contents`.
/// A symlink is followed and its target replaced (the link stays); the file keeps its
/// permissions; a file that changed on disk since it was read is left alone (an error).
pub fn replace_file(path: &Path, original: &[u8], contents: &[u8]) -> Result<(), String> {
    let target = resolve_symlinks(path)?;
    let metadata = std::fs::metadata(&target).map_err(|e| format!("cannot read: {e}"))?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".firn-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| format!("cannot create a temporary file in {}: {e}", dir.display()))?;
    temporary
        .write_all(contents)
        .and_then(|()| temporary.as_file().sync_all())
        .map_err(|e| format!("cannot write: {e}"))?;
    std::fs::set_permissions(temporary.path(), metadata.permissions())
        .map_err(|e| format!("cannot keep the file's permissions: {e}"))?;
    // Checked last, to leave the smallest window for a concurrent editor's save.
    let now = std::fs::read(&target).map_err(|e| format!("cannot read: {e}"))?;
    if now != original {
        return Err("changed on disk since it was read; left as it is".to_string());
    }
    temporary
        .persist(&target)
        .map_err(|e| format!("cannot replace the file: {}", e.error))?;
    Ok(())
}

/// The file a chain of symlinks ends at (relative targets taken from the link's directory).
fn resolve_symlinks(path: &Path) -> Result<PathBuf, String> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)
                    .map_err(|e| format!("cannot read the symlink: {e}"))?;
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) => return Err(format!("cannot read: {e}")),
        }
    }
    Err("too many levels of symbolic links".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.nix");
        std::fs::write(&file, "edited by someone else").unwrap();
        let error = replace_file(&file, b"what firn read", b"formatted").unwrap_err();
        assert!(error.contains("changed on disk"), "{error}");
        assert_eq!(std::fs::read(&file).unwrap(), b"edited by someone else");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn symlinks_are_followed_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("real")).unwrap();
        std::fs::write(dir.path().join("real/a.nix"), "old").unwrap();
        std::os::unix::fs::symlink("real/a.nix", dir.path().join("link.nix")).unwrap();
        replace_file(&dir.path().join("link.nix"), b"old", b"new").unwrap();
        assert!(dir.path().join("link.nix").is_symlink());
        assert_eq!(
            std::fs::read(dir.path().join("real/a.nix")).unwrap(),
            b"new"
        );
    }
}
