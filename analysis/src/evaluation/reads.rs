//! The file system an editor evaluation sees: open buffers in front of the disk, every read
//! recorded, so a warm evaluator is dropped as soon as a file it read has changed. A `.nix`
//! buffer that does not parse (typing `x.` leaves one so) is read as last saved, so that
//! evaluating what it imports, or its flake, still works while it is being typed.

use eval::io::FileType;
use eval::{DiskFileSystem, FileSystem};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Open buffers: path to text.
pub type Buffers = HashMap<PathBuf, Arc<str>>;

/// What a read saw, to tell later whether the file is still the same.
#[derive(Clone, Debug, PartialEq)]
enum Seen {
    Buffer(Arc<str>),
    Disk(Option<(SystemTime, u64)>),
    /// A buffer that does not parse, read from disk instead.
    SavedBehind(Arc<str>, Option<(SystemTime, u64)>),
}

fn disk_stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

/// The files the warm evaluator has read, shared with the service's handle: `true` for a
/// buffer read as saved because it did not parse. An edit interrupts the evaluation
/// running only when it changes what was read.
pub type ReadSet = std::sync::Arc<std::sync::Mutex<HashMap<PathBuf, bool>>>;

pub struct RecordingFs {
    buffers: Buffers,
    seen: RefCell<HashMap<PathBuf, Seen>>,
    shared: ReadSet,
}

impl RecordingFs {
    pub fn new(buffers: Buffers, shared: ReadSet) -> RecordingFs {
        shared.lock().unwrap_or_else(|e| e.into_inner()).clear();
        RecordingFs {
            buffers,
            shared,
            seen: RefCell::default(),
        }
    }

    /// The buffer a read of `path` sees, and records what it saw.
    fn note(&self, path: &Path) -> Option<Arc<str>> {
        if let Some(seen) = self.seen.borrow().get(path) {
            return match seen {
                Seen::Buffer(text) => Some(text.clone()),
                _ => None,
            };
        }
        let (seen, buffer) = match self.buffers.get(path) {
            Some(text) if unparsable(path, text) && path.is_file() => {
                (Seen::SavedBehind(text.clone(), disk_stamp(path)), None)
            }
            Some(text) => (Seen::Buffer(text.clone()), Some(text.clone())),
            None => (Seen::Disk(disk_stamp(path)), None),
        };
        let saved_behind = matches!(seen, Seen::SavedBehind(..));
        self.shared
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.to_path_buf(), saved_behind);
        self.seen.borrow_mut().insert(path.to_path_buf(), seen);
        buffer
    }

    /// Whether every file read so far is as it was, given the buffers open now; files read
    /// from disk are looked at only with `check_disk` (see `service::DISK_RECHECK`).
    pub fn unchanged(&self, buffers: &Buffers, check_disk: bool) -> bool {
        let same_on_disk = |path: &Path, stamp: &Option<(SystemTime, u64)>| {
            !check_disk || disk_stamp(path) == *stamp
        };
        self.seen.borrow().iter().all(|(path, seen)| match seen {
            Seen::Buffer(text) => buffers.get(path).is_some_and(|t| Arc::ptr_eq(t, text)),
            Seen::Disk(stamp) => !buffers.contains_key(path) && same_on_disk(path, stamp),
            // Still read from disk while the buffer still does not parse: typing the rest
            // of a line keeps the evaluator warm.
            Seen::SavedBehind(text, stamp) => {
                buffers
                    .get(path)
                    .is_some_and(|t| Arc::ptr_eq(t, text) || unparsable(path, t))
                    && same_on_disk(path, stamp)
            }
        })
    }
}

pub(crate) fn unparsable(path: &Path, text: &str) -> bool {
    path.extension().is_some_and(|e| e == "nix") && !syntax::parse(text).errors().is_empty()
}

impl FileSystem for RecordingFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        if let Some(text) = self.note(path) {
            return Ok(text.as_bytes().to_vec());
        }
        // Not a device, a FIFO or the server's own standard input (the protocol stream).
        if !std::fs::metadata(path)?.is_file() {
            return Err(io::Error::new(
                io::ErrorKind::PermissionDenied,
                "the editor's evaluations read regular files only",
            ));
        }
        DiskFileSystem.read(path)
    }

    fn file_type(&self, path: &Path) -> io::Result<FileType> {
        if self.buffers.contains_key(path) {
            return Ok(FileType::Regular);
        }
        self.note(path);
        DiskFileSystem.file_type(path)
    }

    fn symlink_type(&self, path: &Path) -> io::Result<FileType> {
        if self.buffers.contains_key(path) {
            return Ok(FileType::Regular);
        }
        self.note(path);
        DiskFileSystem.symlink_type(path)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<(String, FileType)>> {
        self.note(path);
        DiskFileSystem.read_dir(path)
    }

    fn read_link(&self, path: &Path) -> io::Result<PathBuf> {
        DiskFileSystem.read_link(path)
    }

    fn is_executable(&self, path: &Path) -> bool {
        !self.buffers.contains_key(path) && DiskFileSystem.is_executable(path)
    }
}
