//! `BuildResult`, the daemon's answer for one built path (CppNix `build-result.hh`,
//! `worker-protocol.cc`): which fields exist depends on the protocol version.

use super::Version;
use super::wire::{read_bool, read_string, read_u64};
use std::collections::BTreeMap;
use std::io::{self, Read};

/// The result of building one derived path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildResult {
    pub status: u64,
    /// The daemon's message, ANSI codes kept (strip them for display elsewhere).
    pub error_msg: String,
    pub times_built: u64,
    pub is_non_deterministic: bool,
    pub start_time: u64,
    pub stop_time: u64,
    /// Output name → store path base name (`abc…-hello`), from the realisations.
    pub built_outputs: BTreeMap<String, String>,
}

/// The status names CppNix uses (`BuildResult::Status`), by number.
const STATUS_NAMES: [&str; 15] = [
    "Built",
    "Substituted",
    "AlreadyValid",
    "PermanentFailure",
    "InputRejected",
    "OutputRejected",
    "TransientFailure",
    "CachedFailure",
    "TimedOut",
    "MiscFailure",
    "DependencyFailed",
    "LogLimitExceeded",
    "NotDeterministic",
    "ResolvesToAlreadyValid",
    "NoSubstituters",
];

impl BuildResult {
    pub fn status_name(&self) -> &'static str {
        STATUS_NAMES
            .get(self.status as usize)
            .copied()
            .unwrap_or("Unknown")
    }

    /// Built, substituted or already valid.
    pub fn success(&self) -> bool {
        matches!(self.status, 0 | 1 | 2 | 13)
    }

    pub fn read(input: &mut impl Read, version: Version) -> io::Result<BuildResult> {
        let mut result = BuildResult {
            status: read_u64(input)?,
            error_msg: read_string(input)?,
            ..BuildResult::default()
        };
        if version >= Version(1, 29) {
            result.times_built = read_u64(input)?;
            result.is_non_deterministic = read_bool(input)?;
            result.start_time = read_u64(input)?;
            result.stop_time = read_u64(input)?;
        }
        if version >= Version(1, 37) {
            // CPU times in microseconds, each optional: a tag, then the value when present.
            for _ in 0..2 {
                if read_bool(input)? {
                    read_u64(input)?;
                }
            }
        }
        if version >= Version(1, 28) {
            let n = read_u64(input)?;
            for _ in 0..n.min(1 << 16) {
                let id = read_string(input)?;
                let realisation = read_string(input)?;
                let output = id.rsplit_once('!').map_or(id.as_str(), |(_, o)| o);
                if let Some(path) = json_string_field(&realisation, "outPath") {
                    result.built_outputs.insert(output.to_string(), path);
                }
            }
        }
        Ok(result)
    }
}

/// The value of a top-level string field in a realisation's JSON. Realisations are flat
/// objects of plain strings written by CppNix's JSON printer; this avoids a JSON parser in
/// the store crate.
fn json_string_field(json: &str, name: &str) -> Option<String> {
    let key = format!("\"{name}\":\"");
    let start = json.find(&key)? + key.len();
    let end = json[start..].find('"')? + start;
    Some(json[start..end].to_string())
}
