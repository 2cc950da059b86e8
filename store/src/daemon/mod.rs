//! A client of the Nix daemon's worker protocol, versions 1.32 to 1.38 (Nix 2.4 to today):
//! the handshake, the log stream and the operations firn's build and develop commands need.
//! Synchronous: one connection per operation, driven from one thread; another thread may
//! cancel it through a [`Canceller`] (the daemon then kills the build). firn never writes a
//! store itself: everything goes through the daemon, which checks what it is given.
//!
//! Protocol facts are from CppNix (`worker-protocol.hh`, `worker-protocol-connection.cc`,
//! `daemon.cc`, 2.8 and current) and `../shared/research/build-develop.md`.

mod build_result;
mod logger;
mod select;
mod wire;

pub use build_result::BuildResult;
pub use logger::{Event, Field, activity, result};
pub use select::{StoreSelection, select_store};

use std::fmt;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use wire::*;

const WORKER_MAGIC_1: u64 = 0x6e697863;
const WORKER_MAGIC_2: u64 = 0x6478696f;

/// A protocol version, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version(pub u8, pub u8);

impl Version {
    /// The oldest daemon firn talks to: Nix 2.4.
    pub const MIN: Version = Version(1, 32);
    /// What firn speaks (Nix 2.24 and later).
    pub const MAX: Version = Version(1, 38);

    fn from_wire(n: u64) -> Version {
        Version((n >> 8) as u8, n as u8)
    }
    fn to_wire(self) -> u64 {
        (self.0 as u64) << 8 | self.1 as u64
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// A failure talking to the daemon, or an error it reported.
#[derive(Clone, Debug)]
pub struct DaemonError {
    /// The message without ANSI colour codes.
    pub message: String,
    /// Whether the connection is unusable afterwards (I/O and protocol errors).
    pub fatal: bool,
}

impl DaemonError {
    fn from_daemon(message: String, traces: Vec<String>) -> DaemonError {
        let mut message = strip_ansi(&message);
        for t in traces {
            message.push_str("\n… ");
            message.push_str(&strip_ansi(&t));
        }
        DaemonError {
            message,
            fatal: false,
        }
    }
    pub fn protocol(message: impl Into<String>) -> DaemonError {
        DaemonError {
            message: message.into(),
            fatal: true,
        }
    }
}

impl From<io::Error> for DaemonError {
    fn from(e: io::Error) -> DaemonError {
        let message = match e.kind() {
            io::ErrorKind::UnexpectedEof | io::ErrorKind::BrokenPipe => {
                "the Nix daemon closed the connection".to_string()
            }
            _ => format!("talking to the Nix daemon: {e}"),
        };
        DaemonError::protocol(message)
    }
}

impl fmt::Display for DaemonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DaemonError {}

/// Removes the ANSI escape sequences the daemon puts in its messages.
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            if chars.peek() == Some(&'[') {
                chars.next();
                // Parameters and intermediates, up to the final byte (@ to ~).
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Operation codes (`WorkerProto::Op`).
mod op {
    pub const IS_VALID_PATH: u64 = 1;
    pub const ADD_TO_STORE: u64 = 7;
    pub const BUILD_PATHS: u64 = 9;
    pub const ADD_TEMP_ROOT: u64 = 11;
    pub const ADD_INDIRECT_ROOT: u64 = 12;
    pub const SET_OPTIONS: u64 = 19;
    pub const QUERY_VALID_PATHS: u64 = 31;
    pub const NAR_FROM_PATH: u64 = 38;
    pub const QUERY_MISSING: u64 = 40;
    pub const BUILD_PATHS_WITH_RESULTS: u64 = 46;
}

/// The settings a client sends after the handshake (`SetOptions`).
#[derive(Clone, Debug)]
pub struct Options {
    pub keep_failed: bool,
    pub keep_going: bool,
    pub try_fallback: bool,
    /// 0 (error) to 7 (vomit).
    pub verbosity: u64,
    /// At least 1: 0 would forbid local builds.
    pub max_build_jobs: u64,
    pub max_silent_time: u64,
    pub verbose_build: bool,
    pub build_cores: u64,
    pub use_substitutes: bool,
    /// `--option NAME VALUE` pairs (the daemon ignores restricted ones from untrusted users).
    pub overrides: Vec<(String, String)>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            keep_failed: false,
            keep_going: false,
            try_fallback: false,
            verbosity: 3,
            max_build_jobs: 1,
            max_silent_time: 0,
            verbose_build: true,
            build_cores: 0,
            use_substitutes: true,
            overrides: Vec::new(),
        }
    }
}

/// What the daemon knows of a store object (`ValidPathInfo`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathInfo {
    pub path: String,
    pub deriver: String,
    /// Hex sha256 of the NAR.
    pub nar_hash: String,
    pub references: Vec<String>,
    pub registration_time: u64,
    pub nar_size: u64,
    pub ultimate: bool,
    pub signatures: Vec<String>,
    pub ca: String,
}

impl PathInfo {
    fn read_after_path(input: &mut impl Read, path: String) -> io::Result<PathInfo> {
        Ok(PathInfo {
            path,
            deriver: read_string(input)?,
            nar_hash: read_string(input)?,
            references: read_strings(input)?,
            registration_time: read_u64(input)?,
            nar_size: read_u64(input)?,
            ultimate: read_bool(input)?,
            signatures: read_strings(input)?,
            ca: read_string(input)?,
        })
    }
}

/// How an object is added with [`Daemon::add_to_store`] (the `camStr` of `AddToStore`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddMethod {
    /// Flat bytes hashed as text with references: `.drv` files, `builtins.toFile`.
    Text,
    /// A NAR, hashed recursively with sha256: sources.
    Recursive,
    /// A file's bytes, hashed with sha256 (`builtins.path { recursive = false; }`).
    Flat,
}

impl AddMethod {
    fn cam_str(self) -> &'static str {
        match self {
            AddMethod::Text => "text:sha256",
            AddMethod::Recursive => "fixed:r:sha256",
            AddMethod::Flat => "fixed:sha256",
        }
    }
}

/// What `QueryMissing` answers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Missing {
    pub will_build: Vec<String>,
    pub will_substitute: Vec<String>,
    pub unknown: Vec<String>,
    pub download_size: u64,
    pub nar_size: u64,
}

/// Stops a connection from another thread: the daemon sees the hang-up and kills the
/// builds it was running for it.
#[derive(Clone)]
pub struct Canceller(Arc<Mutex<CancelTarget>>);

enum CancelTarget {
    Socket(UnixStream),
    Child(Child),
    None,
}

impl Canceller {
    pub fn cancel(&self) {
        let mut target = self.0.lock().unwrap_or_else(|e| e.into_inner());
        match &mut *target {
            CancelTarget::Socket(s) => {
                let _ = s.shutdown(std::net::Shutdown::Both);
            }
            // A `nix-daemon --stdio` child: ending it ends its builds.
            CancelTarget::Child(child) => {
                let _ = child.kill();
            }
            CancelTarget::None => {}
        }
    }
}

/// One connection to a daemon, after the handshake.
pub struct Daemon {
    input: BufReader<Box<dyn Read + Send>>,
    output: BufWriter<Box<dyn Write + Send>>,
    version: Version,
    nix_version: Option<String>,
    trusted: Option<bool>,
    canceller: Canceller,
}

impl Daemon {
    /// Connects to the daemon's Unix socket.
    pub fn connect(socket: &Path) -> Result<Daemon, DaemonError> {
        let stream = UnixStream::connect(socket).map_err(|e| {
            DaemonError::protocol(format!(
                "cannot connect to the Nix daemon at '{}': {e} (is nix-daemon running? \
                 `--store` and NIX_REMOTE choose another store)",
                socket.display()
            ))
        })?;
        let reader = stream.try_clone()?;
        let canceller = Canceller(Arc::new(Mutex::new(CancelTarget::Socket(
            stream.try_clone()?,
        ))));
        Daemon::handshake(Box::new(reader), Box::new(stream), canceller)
    }

    /// Starts `command` (e.g. `nix-daemon --stdio`) and speaks the protocol on its standard
    /// input and output.
    pub fn spawn(mut command: Command) -> Result<Daemon, DaemonError> {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| DaemonError::protocol(format!("cannot start the Nix daemon: {e}")))?;
        let input = child.stdout.take().expect("piped");
        let output = child.stdin.take().expect("piped");
        let canceller = Canceller(Arc::new(Mutex::new(CancelTarget::Child(child))));
        Daemon::handshake(Box::new(input), Box::new(output), canceller)
    }

    /// Runs the handshake over any pair of streams (the tests script one).
    pub fn over(
        input: Box<dyn Read + Send>,
        output: Box<dyn Write + Send>,
    ) -> Result<Daemon, DaemonError> {
        let canceller = Canceller(Arc::new(Mutex::new(CancelTarget::None)));
        Daemon::handshake(input, output, canceller)
    }

    fn handshake(
        input: Box<dyn Read + Send>,
        output: Box<dyn Write + Send>,
        canceller: Canceller,
    ) -> Result<Daemon, DaemonError> {
        let mut d = Daemon {
            input: BufReader::new(input),
            output: BufWriter::new(output),
            version: Version::MAX,
            nix_version: None,
            trusted: None,
            canceller,
        };
        write_u64(&mut d.output, WORKER_MAGIC_1)?;
        d.output.flush()?;
        if read_u64(&mut d.input)? != WORKER_MAGIC_2 {
            return Err(DaemonError::protocol(
                "this is not a Nix daemon (wrong magic number in its greeting)",
            ));
        }
        let daemon_version = Version::from_wire(read_u64(&mut d.input)?);
        if daemon_version.0 != 1 || daemon_version < Version::MIN {
            return Err(DaemonError::protocol(format!(
                "the Nix daemon speaks protocol {daemon_version}; firn needs {} or later (Nix 2.4+)",
                Version::MIN
            )));
        }
        d.version = daemon_version.min(Version::MAX);
        write_u64(&mut d.output, Version::MAX.to_wire())?;
        if d.version >= Version(1, 38) {
            // Feature sets: firn asks for none, so the formats stay those of 1.38.
            write_strings::<&str>(&mut d.output, &[])?;
            d.output.flush()?;
            read_strings(&mut d.input)?;
        }
        write_u64(&mut d.output, 0)?; // obsolete CPU affinity
        write_u64(&mut d.output, 0)?; // obsolete reserveSpace
        d.output.flush()?;
        if d.version >= Version(1, 33) {
            d.nix_version = Some(read_string(&mut d.input)?);
        }
        if d.version >= Version(1, 35) {
            d.trusted = match read_u64(&mut d.input)? {
                1 => Some(true),
                2 => Some(false),
                _ => None,
            };
        }
        d.process_stderr(&mut |_| {})?;
        Ok(d)
    }

    pub fn version(&self) -> Version {
        self.version
    }

    /// The daemon's Nix version (protocol 1.33 and later).
    pub fn nix_version(&self) -> Option<&str> {
        self.nix_version.as_deref()
    }

    /// Whether the daemon trusts this user (protocol 1.35 and later).
    pub fn trusted(&self) -> Option<bool> {
        self.trusted
    }

    pub fn canceller(&self) -> Canceller {
        self.canceller.clone()
    }

    fn process_stderr(&mut self, on_event: &mut dyn FnMut(Event)) -> Result<(), DaemonError> {
        self.output.flush()?;
        logger::process_stderr(&mut self.input, self.version, on_event)
    }

    /// Sends an operation with its arguments, then reads the log stream to its end.
    fn call(
        &mut self,
        code: u64,
        args: impl FnOnce(&mut BufWriter<Box<dyn Write + Send>>) -> io::Result<()>,
        on_event: &mut dyn FnMut(Event),
    ) -> Result<(), DaemonError> {
        write_u64(&mut self.output, code)?;
        args(&mut self.output)?;
        self.process_stderr(on_event)
    }

    pub fn set_options(&mut self, o: &Options) -> Result<(), DaemonError> {
        self.call(
            op::SET_OPTIONS,
            |out| {
                write_bool(out, o.keep_failed)?;
                write_bool(out, o.keep_going)?;
                write_bool(out, o.try_fallback)?;
                write_u64(out, o.verbosity)?;
                write_u64(out, o.max_build_jobs.max(1))?;
                write_u64(out, o.max_silent_time)?;
                write_u64(out, 1)?; // obsolete useBuildHook
                // lvlError (0) makes the daemon send build output; lvlVomit (7) keeps it.
                write_u64(out, if o.verbose_build { 0 } else { 7 })?;
                write_u64(out, 0)?; // obsolete logType
                write_u64(out, 0)?; // obsolete printBuildTrace
                write_u64(out, o.build_cores)?;
                write_bool(out, o.use_substitutes)?;
                write_u64(out, o.overrides.len() as u64)?;
                for (k, v) in &o.overrides {
                    write_bytes(out, k.as_bytes())?;
                    write_bytes(out, v.as_bytes())?;
                }
                Ok(())
            },
            &mut |_| {},
        )
    }

    pub fn is_valid_path(&mut self, path: &str) -> Result<bool, DaemonError> {
        self.call(
            op::IS_VALID_PATH,
            |out| write_bytes(out, path.as_bytes()),
            &mut |_| {},
        )?;
        Ok(read_bool(&mut self.input)?)
    }

    /// The subset of `paths` the store holds.
    pub fn query_valid_paths(&mut self, paths: &[String]) -> Result<Vec<String>, DaemonError> {
        self.call(
            op::QUERY_VALID_PATHS,
            |out| {
                write_strings(out, paths)?;
                write_bool(out, false) // no substitution: only what is there
            },
            &mut |_| {},
        )?;
        Ok(read_strings(&mut self.input)?)
    }

    /// Adds an object (`AddToStore`, the 1.25+ form): `data` is the file's bytes for
    /// [`AddMethod::Text`] and [`AddMethod::Flat`], a NAR for [`AddMethod::Recursive`]. The
    /// daemon computes the path; the caller compares it with the one it expects.
    pub fn add_to_store(
        &mut self,
        name: &str,
        method: AddMethod,
        references: &[String],
        data: impl Read,
    ) -> Result<PathInfo, DaemonError> {
        write_u64(&mut self.output, op::ADD_TO_STORE)?;
        write_bytes(&mut self.output, name.as_bytes())?;
        write_bytes(&mut self.output, method.cam_str().as_bytes())?;
        write_strings(&mut self.output, references)?;
        write_bool(&mut self.output, false)?; // repair
        write_framed(&mut self.output, data)?;
        self.process_stderr(&mut |_| {})?;
        let path = read_string(&mut self.input)?;
        Ok(PathInfo::read_after_path(&mut self.input, path)?)
    }

    /// Builds derived paths (`/nix/store/…drv!out,dev`, `…drv!*`, or an opaque path),
    /// handing each log event to `on_event`. A failed build is a result, not an error.
    pub fn build_paths(
        &mut self,
        paths: &[String],
        on_event: &mut dyn FnMut(Event),
    ) -> Result<Vec<(String, BuildResult)>, DaemonError> {
        if self.version < Version(1, 34) {
            return self.build_paths_without_results(paths, on_event);
        }
        self.call(
            op::BUILD_PATHS_WITH_RESULTS,
            |out| {
                write_strings(out, paths)?;
                write_u64(out, 0) // bmNormal
            },
            on_event,
        )?;
        let n = read_u64(&mut self.input)?;
        let mut results = Vec::new();
        for _ in 0..n {
            let path = read_string(&mut self.input)?;
            results.push((path, BuildResult::read(&mut self.input, self.version)?));
        }
        Ok(results)
    }

    /// Before 1.34 (`BuildPaths`): a failure is an error for the whole request.
    fn build_paths_without_results(
        &mut self,
        paths: &[String],
        on_event: &mut dyn FnMut(Event),
    ) -> Result<Vec<(String, BuildResult)>, DaemonError> {
        let outcome = self.call(
            op::BUILD_PATHS,
            |out| {
                write_strings(out, paths)?;
                write_u64(out, 0)
            },
            on_event,
        );
        let result = match outcome {
            Ok(()) => {
                read_u64(&mut self.input)?;
                BuildResult::default()
            }
            Err(e) if !e.fatal => BuildResult {
                status: 9, // MiscFailure
                error_msg: e.message,
                ..BuildResult::default()
            },
            Err(e) => return Err(e),
        };
        Ok(paths.iter().map(|p| (p.clone(), result.clone())).collect())
    }

    /// The NAR serialisation of a store path.
    pub fn nar_from_path(&mut self, path: &str) -> Result<Vec<u8>, DaemonError> {
        self.call(
            op::NAR_FROM_PATH,
            |out| write_bytes(out, path.as_bytes()),
            &mut |_| {},
        )?;
        crate::nar::read_archive(&mut self.input)
            .map_err(|e| DaemonError::protocol(format!("reading the NAR of '{path}': {e}")))
    }

    pub fn query_missing(&mut self, paths: &[String]) -> Result<Missing, DaemonError> {
        self.call(
            op::QUERY_MISSING,
            |out| write_strings(out, paths),
            &mut |_| {},
        )?;
        Ok(Missing {
            will_build: read_strings(&mut self.input)?,
            will_substitute: read_strings(&mut self.input)?,
            unknown: read_strings(&mut self.input)?,
            download_size: read_u64(&mut self.input)?,
            nar_size: read_u64(&mut self.input)?,
        })
    }

    /// Keeps `path` alive for as long as this connection lasts.
    pub fn add_temp_root(&mut self, path: &str) -> Result<(), DaemonError> {
        self.call(
            op::ADD_TEMP_ROOT,
            |out| write_bytes(out, path.as_bytes()),
            &mut |_| {},
        )?;
        read_u64(&mut self.input)?;
        Ok(())
    }

    /// Registers `link` (an absolute path to a symlink into the store) as a GC root, as
    /// `nix build` does for `result`.
    pub fn add_indirect_root(&mut self, link: &Path) -> Result<(), DaemonError> {
        let link = link.to_string_lossy();
        self.call(
            op::ADD_INDIRECT_ROOT,
            |out| write_bytes(out, link.as_bytes()),
            &mut |_| {},
        )?;
        read_u64(&mut self.input)?;
        Ok(())
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let mut target = self.canceller.0.lock().unwrap_or_else(|e| e.into_inner());
        if let CancelTarget::Child(child) = &mut *target {
            // Closing its input ends a `--stdio` daemon; wait so no zombie is left.
            drop(std::mem::replace(
                &mut self.output,
                BufWriter::new(Box::new(io::sink())),
            ));
            let _ = child.wait();
        }
    }
}

#[cfg(test)]
mod tests;
