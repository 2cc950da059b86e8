//! File access goes through [`FileSystem`], so the analyzer can evaluate unsaved editor
//! buffers: it answers reads of open files from memory and the rest from disk.

use std::io;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileType {
    Regular,
    Directory,
    Symlink,
    Unknown,
}

impl FileType {
    /// The name `readDir` and `readFileType` use.
    pub fn nix_name(self) -> &'static str {
        match self {
            FileType::Regular => "regular",
            FileType::Directory => "directory",
            FileType::Symlink => "symlink",
            FileType::Unknown => "unknown",
        }
    }
}

pub trait FileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// The type of the file, following symlinks.
    fn file_type(&self, path: &Path) -> io::Result<FileType>;
    /// The type of the file itself (a symlink is a symlink).
    fn symlink_type(&self, path: &Path) -> io::Result<FileType>;
    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>>;

    /// The target of a symlink (NAR serialisation). Wrappers forward this.
    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("cannot read the link '{}'", path.display()),
        ))
    }

    /// Whether a regular file has its owner's execute bit (NAR serialisation).
    fn is_executable(&self, _path: &Path) -> bool {
        false
    }

    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        let bytes = self.read(path)?;
        String::from_utf8(bytes).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
    }

    fn exists(&self, path: &Path) -> bool {
        self.symlink_type(path).is_ok()
    }
}

/// The real file system.
pub struct DiskFileSystem;

fn file_type_of(t: std::fs::FileType) -> FileType {
    if t.is_symlink() {
        FileType::Symlink
    } else if t.is_dir() {
        FileType::Directory
    } else if t.is_file() {
        FileType::Regular
    } else {
        FileType::Unknown
    }
}

/// The most read from something that is not a regular file (a device, a FIFO): `/dev/zero`
/// never ends, and reading it whole would only end when the kernel kills the process.
pub const MAX_STREAM_READ: u64 = 64 << 20;

impl FileSystem for DiskFileSystem {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        use std::io::Read;
        let file = std::fs::File::open(path)?;
        if file.metadata()?.is_file() {
            return std::fs::read(path);
        }
        let mut bytes = Vec::new();
        file.take(MAX_STREAM_READ + 1).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > MAX_STREAM_READ {
            return Err(io::Error::other(format!(
                "not a regular file, and more than {} MiB long: not read to its end",
                MAX_STREAM_READ >> 20
            )));
        }
        Ok(bytes)
    }

    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        Ok(file_type_of(std::fs::metadata(path)?.file_type()))
    }

    fn symlink_type(&self, path: &Path) -> io::Result<FileType> {
        Ok(file_type_of(std::fs::symlink_metadata(path)?.file_type()))
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(path)? {
            let entry = entry?;
            out.push((
                entry.file_name().to_string_lossy().into_owned(),
                file_type_of(entry.file_type()?),
            ));
        }
        Ok(out)
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        std::fs::read_link(path)
    }

    #[cfg(unix)]
    fn is_executable(&self, path: &Path) -> bool {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o100 != 0)
    }
}

/// Files held in memory in front of another file system (unsaved editor buffers).
pub struct Overlay<F> {
    pub files: std::collections::HashMap<PathBuf, String>,
    pub inner: F,
}

impl<F: FileSystem> FileSystem for Overlay<F> {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        match self.files.get(path) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => self.inner.read(path),
        }
    }

    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        if self.files.contains_key(path) {
            return Ok(FileType::Regular);
        }
        self.inner.file_type(path)
    }

    fn symlink_type(&self, path: &Path) -> io::Result<FileType> {
        if self.files.contains_key(path) {
            return Ok(FileType::Regular);
        }
        self.inner.symlink_type(path)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        self.inner.read_dir(path)
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        self.inner.read_link(path)
    }

    fn is_executable(&self, path: &Path) -> bool {
        !self.files.contains_key(path) && self.inner.is_executable(path)
    }
}
