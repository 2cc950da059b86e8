//! NAR, the Nix ARchive: the canonical serialisation of a file system object that Nix
//! hashes for recursive hashes and `nix-store --dump` prints.
//!
//! The grammar is a stream of strings, each a little-endian u64 length, the bytes, and
//! zero padding to a multiple of 8:
//!
//! ```text
//! nar       = "nix-archive-1" node
//! node      = "(" "type" ( regular | symlink | directory ) ")"
//! regular   = "regular" [ "executable" "" ] "contents" <bytes>
//! symlink   = "symlink" "target" <target>
//! directory = "directory" { "entry" "(" "name" <name> "node" node ")" }
//! ```
//!
//! Directory entries are sorted by their name's bytes; only the owner's execute bit is
//! kept; nothing else (times, owners, permissions) is. Dumping streams: file contents go
//! through a fixed buffer, so memory does not grow with file size.

use crate::hash::{Hash, HashAlgo, Hasher};
use std::ffi::OsString;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The magic string a NAR starts with.
pub const MAGIC: &str = "nix-archive-1";

/// Size of the buffer file contents are copied through.
const BUFFER: usize = 64 * 1024;

/// A failure to dump or restore, naming the file system path involved.
#[derive(Debug)]
pub enum NarError {
    /// Reading (or, when restoring, creating) this path failed.
    Io { path: PathBuf, error: io::Error },
    /// The destination stream failed (e.g. a closed pipe).
    Write(io::Error),
    /// A file type NAR cannot hold (sockets, devices, FIFOs).
    Unsupported { path: PathBuf },
    /// The file's size changed while it was read, so no consistent NAR exists.
    Changed { path: PathBuf },
    /// The input is not a valid NAR (`offset` is its byte position).
    Format { offset: u64, message: String },
}

impl fmt::Display for NarError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NarError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            NarError::Write(error) => write!(f, "cannot write the archive: {error}"),
            NarError::Unsupported { path } => write!(
                f,
                "{}: unsupported file type (a NAR holds regular files, directories and symlinks)",
                path.display()
            ),
            NarError::Changed { path } => {
                write!(
                    f,
                    "{}: the file changed size while it was read",
                    path.display()
                )
            }
            NarError::Format { offset, message } => {
                write!(f, "invalid NAR at byte {offset}: {message}")
            }
        }
    }
}

impl std::error::Error for NarError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            NarError::Io { error, .. } | NarError::Write(error) => Some(error),
            _ => None,
        }
    }
}

fn read_error(path: &Path) -> impl FnOnce(io::Error) -> NarError + '_ {
    move |error| NarError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// Writes NAR strings to `out`, counting bytes.
struct Writer<'a, W: Write + ?Sized> {
    out: &'a mut W,
    written: u64,
    buffer: Vec<u8>,
}

impl<W: Write + ?Sized> Writer<'_, W> {
    fn raw(&mut self, bytes: &[u8]) -> Result<(), NarError> {
        self.out.write_all(bytes).map_err(NarError::Write)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    fn padding(&mut self, len: u64) -> Result<(), NarError> {
        let pad = (8 - len % 8) % 8;
        self.raw(&[0; 8][..pad as usize])
    }

    fn string(&mut self, bytes: &[u8]) -> Result<(), NarError> {
        self.raw(&(bytes.len() as u64).to_le_bytes())?;
        self.raw(bytes)?;
        self.padding(bytes.len() as u64)
    }

    fn strings(&mut self, strings: &[&str]) -> Result<(), NarError> {
        strings.iter().try_for_each(|s| self.string(s.as_bytes()))
    }

    fn node(&mut self, path: &Path) -> Result<(), NarError> {
        let meta = fs::symlink_metadata(path).map_err(read_error(path))?;
        let kind = meta.file_type();
        self.string(b"(")?;
        if kind.is_symlink() {
            let target = fs::read_link(path).map_err(read_error(path))?;
            self.strings(&["type", "symlink", "target"])?;
            self.string(target.as_os_str().as_bytes())?;
        } else if kind.is_file() {
            self.strings(&["type", "regular"])?;
            if meta.permissions().mode() & 0o100 != 0 {
                self.strings(&["executable", ""])?;
            }
            self.string(b"contents")?;
            self.contents(path)?;
        } else if kind.is_dir() {
            self.strings(&["type", "directory"])?;
            let mut names: Vec<OsString> = fs::read_dir(path)
                .map_err(read_error(path))?
                .map(|entry| entry.map(|e| e.file_name()))
                .collect::<Result<_, _>>()
                .map_err(read_error(path))?;
            // Byte order, as CppNix's std::map<std::string, …> sorts them.
            names.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            for name in names {
                self.strings(&["entry", "(", "name"])?;
                self.string(name.as_bytes())?;
                self.string(b"node")?;
                self.node(&path.join(&name))?;
                self.string(b")")?;
            }
        } else {
            return Err(NarError::Unsupported {
                path: path.to_path_buf(),
            });
        }
        self.string(b")")
    }

    /// A regular file's length-prefixed contents, streamed through the buffer. The length
    /// goes first, so the file must keep the size it had when it was opened.
    fn contents(&mut self, path: &Path) -> Result<(), NarError> {
        let mut file = File::open(path).map_err(read_error(path))?;
        let size = file.metadata().map_err(read_error(path))?.size();
        self.raw(&size.to_le_bytes())?;
        let mut left = size;
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.resize(BUFFER, 0);
        let result = loop {
            let want = left.min(BUFFER as u64) as usize;
            // Reading one byte more than is left detects a file that grew.
            let read = match file.read(&mut buffer[..(want + 1).min(BUFFER)]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => break Err(read_error(path)(e)),
            };
            if read as u64 > left || (read == 0 && left > 0) {
                break Err(NarError::Changed {
                    path: path.to_path_buf(),
                });
            }
            if read == 0 {
                break Ok(());
            }
            if let Err(e) = self.raw(&buffer[..read]) {
                break Err(e);
            }
            left -= read as u64;
        };
        self.buffer = buffer;
        result?;
        self.padding(size)
    }
}

/// Writes the NAR of `path` (not following a symlink at `path` itself) to `out`, and
/// returns its size in bytes. `out` should be buffered if small writes are slow.
pub fn dump_path<W: Write + ?Sized>(path: &Path, out: &mut W) -> Result<u64, NarError> {
    let mut writer = Writer {
        out,
        written: 0,
        buffer: Vec::new(),
    };
    writer.string(MAGIC.as_bytes())?;
    writer.node(path)?;
    Ok(writer.written)
}

/// The hash of `path`'s NAR and the NAR's size, as `nix-hash --type <algo> PATH`.
pub fn hash_path(path: &Path, algo: HashAlgo) -> Result<(Hash, u64), NarError> {
    let mut hasher = Hasher::new(algo);
    let size = dump_path(path, &mut hasher)?;
    Ok((hasher.finish(), size))
}

/// The SHA-256 of `path`'s NAR: Nix's `narHash`, and the hash of a recursive
/// fixed-output path.
pub fn nar_hash(path: &Path) -> Result<Hash, NarError> {
    hash_path(path, HashAlgo::Sha256).map(|(hash, _)| hash)
}

/// The hash of a regular file's bytes (following symlinks), as `nix-hash --flat`.
pub fn hash_file(path: &Path, algo: HashAlgo) -> Result<Hash, NarError> {
    let mut file = File::open(path).map_err(read_error(path))?;
    let mut hasher = Hasher::new(algo);
    io::copy(&mut file, &mut hasher).map_err(read_error(path))?;
    Ok(hasher.finish())
}

/// Reads NAR strings, checking the framing as strictly as CppNix.
struct Reader<R: Read> {
    input: R,
    offset: u64,
}

/// Longest string read into memory: names, targets and tokens (file contents stream).
const MAX_STRING: u64 = 1 << 20;

impl<R: Read> Reader<R> {
    fn fail<T>(&self, message: impl Into<String>) -> Result<T, NarError> {
        Err(NarError::Format {
            offset: self.offset,
            message: message.into(),
        })
    }

    fn exact(&mut self, buf: &mut [u8]) -> Result<(), NarError> {
        match self.input.read_exact(buf) {
            Ok(()) => {
                self.offset += buf.len() as u64;
                Ok(())
            }
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                self.fail("unexpected end of input")
            }
            Err(e) => Err(NarError::Io {
                path: PathBuf::from("<input>"),
                error: e,
            }),
        }
    }

    fn len(&mut self) -> Result<u64, NarError> {
        let mut bytes = [0; 8];
        self.exact(&mut bytes)?;
        Ok(u64::from_le_bytes(bytes))
    }

    fn padding(&mut self, len: u64) -> Result<(), NarError> {
        let mut pad = [0; 8];
        let n = ((8 - len % 8) % 8) as usize;
        self.exact(&mut pad[..n])?;
        if pad.iter().any(|&b| b != 0) {
            return self.fail("non-zero padding");
        }
        Ok(())
    }

    fn string(&mut self) -> Result<Vec<u8>, NarError> {
        let len = self.len()?;
        if len > MAX_STRING {
            return self.fail(format!("string of {len} bytes is too long"));
        }
        let mut bytes = vec![0; len as usize];
        self.exact(&mut bytes)?;
        self.padding(len)?;
        Ok(bytes)
    }

    fn expect(&mut self, token: &str) -> Result<(), NarError> {
        let at = self.offset;
        let got = self.string()?;
        if got != token.as_bytes() {
            return Err(NarError::Format {
                offset: at,
                message: format!(
                    "expected {token:?}, found {:?}",
                    String::from_utf8_lossy(&got)
                ),
            });
        }
        Ok(())
    }

    /// Restores one node at `dest`, which must not exist; with no `dest`, only checks it.
    fn node(&mut self, dest: Option<&Path>) -> Result<(), NarError> {
        let io_error = |error| NarError::Io {
            path: dest.map(Path::to_path_buf).unwrap_or_default(),
            error,
        };
        self.expect("(")?;
        self.expect("type")?;
        match self.string()?.as_slice() {
            b"regular" => {
                let mut tag = self.string()?;
                let executable = tag == b"executable";
                if executable {
                    self.expect("")?;
                    tag = self.string()?;
                }
                if tag != b"contents" {
                    return self.fail("expected \"contents\"");
                }
                let mut file: Box<dyn Write> = match dest {
                    Some(dest) => Box::new(
                        fs::OpenOptions::new()
                            .write(true)
                            .create_new(true)
                            .mode(if executable { 0o755 } else { 0o644 })
                            .open(dest)
                            .map_err(io_error)?,
                    ),
                    None => Box::new(io::sink()),
                };
                let size = self.len()?;
                let copied =
                    io::copy(&mut (&mut self.input).take(size), &mut file).map_err(io_error)?;
                self.offset += copied;
                if copied != size {
                    return self.fail("unexpected end of input in file contents");
                }
                self.padding(size)?;
            }
            b"symlink" => {
                self.expect("target")?;
                let target = OsString::from_vec(self.string()?);
                if let Some(dest) = dest {
                    std::os::unix::fs::symlink(&target, dest).map_err(io_error)?;
                }
            }
            b"directory" => {
                if let Some(dest) = dest {
                    fs::create_dir(dest).map_err(io_error)?;
                }
                let mut previous: Option<Vec<u8>> = None;
                loop {
                    match self.string()?.as_slice() {
                        b")" => return Ok(()),
                        b"entry" => {}
                        other => {
                            return self.fail(format!(
                                "expected \"entry\" or \")\", found {:?}",
                                String::from_utf8_lossy(other)
                            ));
                        }
                    }
                    self.expect("(")?;
                    self.expect("name")?;
                    let name = self.string()?;
                    if name.is_empty()
                        || name == b"."
                        || name == b".."
                        || name.contains(&b'/')
                        || name.contains(&0)
                    {
                        return self.fail(format!(
                            "invalid entry name {:?}",
                            String::from_utf8_lossy(&name)
                        ));
                    }
                    if previous.as_ref().is_some_and(|p| *p >= name) {
                        return self.fail("directory entries are not sorted");
                    }
                    self.expect("node")?;
                    let child = dest.map(|d| d.join(std::ffi::OsStr::from_bytes(&name)));
                    self.node(child.as_deref())?;
                    self.expect(")")?;
                    previous = Some(name);
                }
            }
            other => {
                return self.fail(format!(
                    "unknown node type {:?}",
                    String::from_utf8_lossy(other)
                ));
            }
        }
        self.expect(")")
    }
}

use std::os::unix::fs::OpenOptionsExt;

/// Unpacks a NAR read from `input` to `dest` (which must not exist), as
/// `nix-store --restore`. Stops at the first malformed token, leaving what was written.
pub fn restore<R: Read>(input: R, dest: &Path) -> Result<(), NarError> {
    let mut reader = Reader { input, offset: 0 };
    reader.expect(MAGIC)?;
    reader.node(Some(dest))?;
    let mut extra = [0u8; 1];
    match reader.input.read(&mut extra) {
        Ok(0) => Ok(()),
        _ => reader.fail("trailing data after the archive"),
    }
}

/// Reads one NAR from `input` into memory, checking it, and stops at its end: a NAR on a
/// stream (the daemon's `NarFromPath` reply) carries no length of its own.
pub fn read_archive<R: Read>(input: R) -> Result<Vec<u8>, NarError> {
    let mut reader = Reader {
        input: Tee {
            input,
            copy: Vec::new(),
        },
        offset: 0,
    };
    reader.expect(MAGIC)?;
    reader.node(None)?;
    Ok(reader.input.copy)
}

/// The contents of a NAR that holds one regular file (`None` for a directory or symlink).
pub fn regular_file_contents(nar: &[u8]) -> Option<Vec<u8>> {
    let mut reader = Reader {
        input: nar,
        offset: 0,
    };
    reader.expect(MAGIC).ok()?;
    reader.expect("(").ok()?;
    reader.expect("type").ok()?;
    reader.expect("regular").ok()?;
    let mut tag = reader.string().ok()?;
    if tag == b"executable" {
        reader.expect("").ok()?;
        tag = reader.string().ok()?;
    }
    if tag != b"contents" {
        return None;
    }
    let size = reader.len().ok()? as usize;
    reader.input.get(..size).map(<[u8]>::to_vec)
}

/// A reader that keeps a copy of what passes through it.
struct Tee<R> {
    input: R,
    copy: Vec<u8>,
}

impl<R: Read> Read for Tee<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.input.read(buf)?;
        self.copy.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A NAR string by hand: length, bytes, zero padding.
    fn s(text: &[u8]) -> Vec<u8> {
        let mut out = (text.len() as u64).to_le_bytes().to_vec();
        out.extend_from_slice(text);
        out.resize(out.len().div_ceil(8) * 8, 0);
        out
    }

    /// A NAR from its strings, separated by spaces (`''` is the empty string).
    fn nar(strings: &str) -> Vec<u8> {
        strings
            .split_whitespace()
            .flat_map(|w| s(if w == "''" { b"" } else { w.as_bytes() }))
            .collect()
    }

    #[test]
    fn single_file_by_hand() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        fs::write(&file, b"hello").unwrap();
        let mut out = Vec::new();
        let size = dump_path(&file, &mut out).unwrap();
        let expected = nar("nix-archive-1 ( type regular contents hello )");
        assert_eq!(out, expected);
        assert_eq!(size, expected.len() as u64);
        assert_eq!(regular_file_contents(&out).unwrap(), b"hello");
        // "hello" is 8 bytes of length, 5 of text and 3 of padding.
        assert_eq!(&out[out.len() - 24..out.len() - 16], b"hello\0\0\0");
    }

    #[test]
    fn directory_sorted_executable_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        fs::create_dir(&root).unwrap();
        fs::write(root.join("b"), b"").unwrap();
        fs::write(root.join("a"), b"#!").unwrap();
        fs::set_permissions(root.join("a"), fs::Permissions::from_mode(0o700)).unwrap();
        std::os::unix::fs::symlink("a", root.join("B")).unwrap();
        let mut out = Vec::new();
        dump_path(&root, &mut out).unwrap();
        // "B" (0x42) sorts before "a" and "b".
        let expected = nar(concat!(
            "nix-archive-1 ( type directory ",
            "entry ( name B node ( type symlink target a ) ) ",
            "entry ( name a node ( type regular executable '' contents #! ) ) ",
            "entry ( name b node ( type regular contents '' ) ) )",
        ));
        assert_eq!(out, expected);

        // Restoring and dumping again gives the same bytes.
        let copy = dir.path().join("copy");
        restore(&out[..], &copy).unwrap();
        let mut again = Vec::new();
        dump_path(&copy, &mut again).unwrap();
        assert_eq!(again, out);
        // Read off a stream that goes on after it, the archive ends where it ends.
        let mut stream = out.clone();
        stream.extend_from_slice(b"after");
        let mut input = &stream[..];
        assert_eq!(read_archive(&mut input).unwrap(), out);
        assert_eq!(input, b"after");
        assert_eq!(
            nar_hash(&copy).unwrap(),
            Hash::digest(HashAlgo::Sha256, &out)
        );
    }

    #[test]
    fn errors_name_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let err = nar_hash(&missing).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}: ", missing.display())),
            "{err}"
        );
        assert!(err.contains("No such file"), "{err}");

        let socket_path = dir.path().join("sock");
        let _socket = std::os::unix::net::UnixListener::bind(&socket_path).unwrap();
        let err = nar_hash(&socket_path).unwrap_err().to_string();
        assert!(err.contains("unsupported file type"), "{err}");
    }

    #[test]
    fn restore_rejects_malformed_archives() {
        let dir = tempfile::tempdir().unwrap();
        let check = |nar: Vec<u8>, message: &str| {
            let dest = dir.path().join(format!("d{}", nar.len()));
            let _ = fs::remove_dir_all(&dest);
            let err = restore(&nar[..], &dest).unwrap_err().to_string();
            assert!(err.contains(message), "{err}");
        };
        check(nar("nix-archive-2"), "expected \"nix-archive-1\"");
        check(nar("nix-archive-1 ( type fifo"), "unknown node type");
        let unsorted = nar(concat!(
            "nix-archive-1 ( type directory ",
            "entry ( name b node ( type regular contents '' ) ) entry ( name a node",
        ));
        check(unsorted, "not sorted");
        let slash = nar("nix-archive-1 ( type directory entry ( name a/b");
        check(slash, "invalid entry name");
        let mut padded = nar("nix-archive-1 ( type symlink target x");
        let last = padded.len() - 1;
        padded[last] = 1;
        check(padded, "non-zero padding");
        check(
            nar("nix-archive-1 (")[..20].to_vec(),
            "unexpected end of input",
        );
        let mut trailing = nar("nix-archive-1 ( type symlink target x )");
        trailing.push(0);
        check(trailing, "trailing data");
    }
}
