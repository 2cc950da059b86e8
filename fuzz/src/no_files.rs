//! A file system with no files, so that fuzzed programs (`import ./a`, `readFile /etc/…`)
//! depend on nothing outside the input and read nothing on the fuzzing machine.

use eval::io::FileType;
use std::io;
use std::path::Path;

pub struct NoFiles;

fn missing<T>(path: &Path) -> io::Result<T> {
    Err(io::Error::new(
        io::ErrorKind::NotFound,
        format!("{}: no files while fuzzing", path.display()),
    ))
}

impl eval::FileSystem for NoFiles {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        missing(path)
    }
    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        missing(path)
    }
    fn symlink_type(&self, path: &Path) -> io::Result<FileType> {
        missing(path)
    }
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        missing(path)
    }
}
