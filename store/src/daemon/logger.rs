//! The daemon's "stderr" stream: what it sends before each reply (log messages, activities
//! and their results, errors), decoded into [`Event`]s (CppNix `worker-protocol-connection.cc`
//! `processStderr`, `logging.hh` for the activity and result types).

use super::wire::{invalid, read_bytes, read_string, read_u64};
use super::{DaemonError, Version};
use std::io::{self, Read};

const STDERR_NEXT: u64 = 0x6f6c6d67;
const STDERR_READ: u64 = 0x64617461;
const STDERR_WRITE: u64 = 0x64617416;
const STDERR_LAST: u64 = 0x616c7473;
const STDERR_ERROR: u64 = 0x63787470;
const STDERR_START_ACTIVITY: u64 = 0x53545254;
const STDERR_STOP_ACTIVITY: u64 = 0x53544f50;
const STDERR_RESULT: u64 = 0x52534c54;

/// Activity types (`ActivityType`).
pub mod activity {
    pub const COPY_PATH: u64 = 100;
    pub const FILE_TRANSFER: u64 = 101;
    pub const REALISE: u64 = 102;
    pub const COPY_PATHS: u64 = 103;
    pub const BUILDS: u64 = 104;
    pub const BUILD: u64 = 105;
    pub const SUBSTITUTE: u64 = 108;
}

/// Result types (`ResultType`).
pub mod result {
    pub const BUILD_LOG_LINE: u64 = 101;
    pub const SET_PHASE: u64 = 104;
    pub const PROGRESS: u64 = 105;
    pub const SET_EXPECTED: u64 = 106;
    pub const POST_BUILD_LOG_LINE: u64 = 107;
}

/// A field of an activity or result: a number or a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Field {
    Int(u64),
    String(String),
}

impl Field {
    pub fn as_int(&self) -> Option<u64> {
        match self {
            Field::Int(n) => Some(*n),
            Field::String(_) => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Field::String(s) => Some(s),
            Field::Int(_) => None,
        }
    }
}

/// One message of the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A log message (`STDERR_NEXT`), ANSI codes kept.
    Message(String),
    StartActivity {
        id: u64,
        level: u64,
        kind: u64,
        text: String,
        fields: Vec<Field>,
        parent: u64,
    },
    StopActivity {
        id: u64,
    },
    Result {
        id: u64,
        kind: u64,
        fields: Vec<Field>,
    },
}

/// Reads the stream up to `STDERR_LAST`, handing each event to `on_event`; a
/// `STDERR_ERROR` ends it with that error.
pub fn process_stderr(
    input: &mut impl Read,
    version: Version,
    on_event: &mut dyn FnMut(Event),
) -> Result<(), DaemonError> {
    loop {
        let event = match read_u64(input)? {
            STDERR_LAST => return Ok(()),
            STDERR_ERROR => return Err(read_error(input, version)?),
            STDERR_NEXT => Event::Message(read_string(input)?),
            STDERR_START_ACTIVITY => Event::StartActivity {
                id: read_u64(input)?,
                level: read_u64(input)?,
                kind: read_u64(input)?,
                text: read_string(input)?,
                fields: read_fields(input)?,
                parent: read_u64(input)?,
            },
            STDERR_STOP_ACTIVITY => Event::StopActivity {
                id: read_u64(input)?,
            },
            STDERR_RESULT => Event::Result {
                id: read_u64(input)?,
                kind: read_u64(input)?,
                fields: read_fields(input)?,
            },
            // Data for a sink firn never offers (`nix-store --export`): read and dropped.
            STDERR_WRITE => {
                read_bytes(input)?;
                continue;
            }
            STDERR_READ => {
                return Err(DaemonError::protocol(
                    "the daemon asked for data over the log stream (STDERR_READ), which only \
                     operations firn does not use need",
                ));
            }
            other => {
                return Err(DaemonError::protocol(format!(
                    "unknown message 0x{other:x} from the daemon: the stream is out of step"
                )));
            }
        };
        on_event(event);
    }
}

fn read_fields(input: &mut impl Read) -> io::Result<Vec<Field>> {
    let n = read_u64(input)?;
    if n > 1 << 16 {
        return Err(invalid(format!("an activity with {n} fields")));
    }
    (0..n)
        .map(|_| match read_u64(input)? {
            0 => Ok(Field::Int(read_u64(input)?)),
            1 => Ok(Field::String(read_string(input)?)),
            t => Err(invalid(format!("unknown field type {t}"))),
        })
        .collect()
}

/// `STDERR_ERROR`: from 1.26 an `Error` with level, message and traces; before, a message
/// and an exit status.
fn read_error(input: &mut impl Read, version: Version) -> io::Result<DaemonError> {
    if version < Version(1, 26) {
        let message = read_string(input)?;
        let _status = read_u64(input)?;
        return Ok(DaemonError::from_daemon(message, Vec::new()));
    }
    let _type = read_string(input)?;
    let _level = read_u64(input)?;
    let _name = read_string(input)?;
    let message = read_string(input)?;
    let _have_pos = read_u64(input)?;
    let traces = read_u64(input)?;
    let mut hints = Vec::new();
    for _ in 0..traces.min(1 << 16) {
        let _have_pos = read_u64(input)?;
        hints.push(read_string(input)?);
    }
    Ok(DaemonError::from_daemon(message, hints))
}
