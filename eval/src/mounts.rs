//! Store paths that exist only in firn's mind. Nix copies a flake's source (and each
//! `path:` / `git+file:` input) to the store and evaluates it there; firn writes nothing, so
//! it computes the same store path and *mounts* the source directory at it: every read of
//! `/nix/store/…-source/x` is answered from `<directory>/x`, and a git source shows only
//! its tracked files, as Nix's copy would.

use crate::io::{FileSystem, FileType};
use rustc_hash::FxHashSet;
use std::cell::RefCell;
use std::io;
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// One source directory seen at a store path.
#[derive(Clone, Debug)]
pub struct Mount {
    pub store_path: String,
    pub root: PathBuf,
    /// For a git source: the tracked files and every directory above them, relative to
    /// `root` ("" is `root` itself). `None`: every file under `root`.
    pub tracked: Option<Rc<FxHashSet<String>>>,
}

impl Mount {
    fn visible(&self, rel: &str) -> bool {
        match &self.tracked {
            None => true,
            Some(t) => rel.is_empty() || t.contains(rel),
        }
    }
}

/// The mounts of one evaluation, shared between the machine and its file system.
#[derive(Default, Debug)]
pub struct Mounts(RefCell<Vec<Mount>>);

impl Mounts {
    pub fn add(&self, mount: Mount) {
        let mut mounts = self.0.borrow_mut();
        if !mounts.iter().any(|m| m.store_path == mount.store_path) {
            mounts.push(mount);
        }
    }

    pub fn all(&self) -> Vec<Mount> {
        self.0.borrow().clone()
    }

    /// The mount `path` lies in, and `path` relative to its store path.
    fn find(&self, path: &Path) -> Option<(Mount, String)> {
        let path = path.to_str()?;
        self.0.borrow().iter().find_map(|m| {
            let rest = path.strip_prefix(m.store_path.as_str())?;
            let rel = match rest.strip_prefix('/') {
                Some(r) => r.trim_end_matches('/'),
                None if rest.is_empty() => "",
                None => return None,
            };
            Some((m.clone(), rel.to_string()))
        })
    }

    /// Where a path really is: its directory on disk when it lies under a mount, `None`
    /// for a path a git mount hides.
    pub fn translate(&self, path: &Path) -> Option<PathBuf> {
        match self.find(path) {
            None => Some(path.to_path_buf()),
            Some((m, rel)) if m.visible(&rel) => Some(if rel.is_empty() {
                m.root.clone()
            } else {
                m.root.join(rel)
            }),
            Some(_) => None,
        }
    }

    /// The store path of a file on disk, when it lies in a mounted source (for editors:
    /// positions in evaluated code point at the file the user can open).
    pub fn store_path_of(&self, real: &Path) -> Option<PathBuf> {
        self.0.borrow().iter().find_map(|m| {
            let rel = real.strip_prefix(&m.root).ok()?;
            Some(PathBuf::from(&m.store_path).join(rel))
        })
    }
}

/// A file system with the mounts in front of it.
pub struct MountedFs {
    pub mounts: Rc<Mounts>,
    pub inner: Rc<dyn FileSystem>,
}

fn hidden(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::NotFound,
        format!("'{}' is not tracked by git", path.display()),
    )
}

impl MountedFs {
    fn real(&self, path: &Path) -> io::Result<PathBuf> {
        self.mounts.translate(path).ok_or_else(|| hidden(path))
    }
}

impl FileSystem for MountedFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.inner.read(&self.real(path)?)
    }

    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        self.inner.file_type(&self.real(path)?)
    }

    fn symlink_type(&self, path: &Path) -> io::Result<FileType> {
        self.inner.symlink_type(&self.real(path)?)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        let entries = self.inner.read_dir(&self.real(path)?)?;
        match self.mounts.find(path) {
            Some((m, rel)) if m.tracked.is_some() => Ok(entries
                .into_iter()
                .filter(|(name, _)| {
                    let child = if rel.is_empty() {
                        name.clone()
                    } else {
                        format!("{rel}/{name}")
                    };
                    m.visible(&child)
                })
                .collect()),
            _ => Ok(entries),
        }
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        self.inner.read_link(&self.real(path)?)
    }

    fn is_executable(&self, path: &Path) -> bool {
        self.real(path).is_ok_and(|p| self.inner.is_executable(&p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_under_a_store_path_come_from_the_source_and_git_hides_untracked_files() {
        let dir = tempfile_dir();
        std::fs::write(dir.join("tracked.nix"), "1").unwrap();
        std::fs::write(dir.join("untracked.nix"), "2").unwrap();
        let mounts = Rc::new(Mounts::default());
        mounts.add(Mount {
            store_path: "/nix/store/aaaa-source".into(),
            root: dir.clone(),
            tracked: Some(Rc::new(["tracked.nix".to_string()].into_iter().collect())),
        });
        let fs = MountedFs {
            mounts: mounts.clone(),
            inner: Rc::new(crate::io::DiskFileSystem),
        };
        let read = |p: &str| fs.read_to_string(Path::new(p));
        assert_eq!(read("/nix/store/aaaa-source/tracked.nix").unwrap(), "1");
        assert!(read("/nix/store/aaaa-source/untracked.nix").is_err());
        assert!(read("/nix/store/aaaa-sourcex/tracked.nix").is_err());
        let names: Vec<String> = fs
            .read_dir(Path::new("/nix/store/aaaa-source"))
            .unwrap()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["tracked.nix"]);
        assert_eq!(
            mounts.store_path_of(&dir.join("tracked.nix")),
            Some(PathBuf::from("/nix/store/aaaa-source/tracked.nix"))
        );
        std::fs::remove_dir_all(dir).unwrap();
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("firn-mounts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
