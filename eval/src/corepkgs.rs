//! Nix's built-in search-path files (`<nix/fetchurl.nix>`): found after every search-path
//! entry, as in CppNix's `findFile`, and read from memory under a directory no real file
//! system path can shadow in practice.

use crate::io::{FileSystem, FileType};
use std::io;
use std::path::Path;
use std::rc::Rc;

/// Where the files appear: paths to them are ordinary path values.
pub const DIR: &str = "/«nix-internal»";

const FILES: &[(&str, &str)] = &[("fetchurl.nix", include_str!("corepkgs/fetchurl.nix"))];

/// The path of `<nix/NAME>` when NAME is a built-in file.
pub fn find(name: &str) -> Option<String> {
    let rest = name.strip_prefix("nix/")?;
    FILES
        .iter()
        .any(|(f, _)| *f == rest)
        .then(|| format!("{DIR}/{rest}"))
}

fn text(path: &Path) -> Option<&'static str> {
    let rest = path.to_str()?.strip_prefix(DIR)?.strip_prefix('/')?;
    FILES.iter().find(|(f, _)| *f == rest).map(|(_, t)| *t)
}

/// A file system that also holds the built-in files.
pub struct WithCorePkgs(pub Rc<dyn FileSystem>);

impl FileSystem for WithCorePkgs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match text(path) {
            Some(t) => Ok(t.as_bytes().to_vec()),
            None => self.0.read(path),
        }
    }

    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        match text(path) {
            Some(_) => Ok(FileType::Regular),
            None => self.0.file_type(path),
        }
    }

    fn symlink_type(&self, path: &Path) -> io::Result<FileType> {
        match text(path) {
            Some(_) => Ok(FileType::Regular),
            None => self.0.symlink_type(path),
        }
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        self.0.read_dir(path)
    }

    fn read_link(&self, path: &Path) -> io::Result<std::path::PathBuf> {
        self.0.read_link(path)
    }

    fn is_executable(&self, path: &Path) -> bool {
        text(path).is_none() && self.0.is_executable(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fetchurl_is_found_and_readable() {
        let path = find("nix/fetchurl.nix").expect("built in");
        let fs = WithCorePkgs(Rc::new(crate::io::DiskFileSystem));
        let text = fs.read_to_string(Path::new(&path)).unwrap();
        assert!(text.contains("builtin:fetchurl"));
        assert_eq!(find("nix/missing.nix"), None);
        assert_eq!(find("fetchurl.nix"), None);
    }
}
