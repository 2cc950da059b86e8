//! What a build shows while it runs, from the daemon's events: on a terminal one line that
//! is redrawn (`[1/2 built] building hello (buildPhase): last log line`), elsewhere plain
//! lines (`building '/nix/store/…drv'...`); with `-L` every log line, prefixed with the
//! derivation's name; with `--log-format internal-json` the events as Nix prints them.

use std::collections::HashMap;
use std::io::Write;
use store::daemon::{Event, Field, activity, result, strip_ansi};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Raw,
    Bar,
    BarWithLogs,
    InternalJson,
}

struct Build {
    name: String,
    phase: Option<String>,
    last_line: Option<String>,
}

pub struct Progress {
    format: LogFormat,
    print_logs: bool,
    terminal: bool,
    builds: HashMap<u64, Build>,
    /// `[done, expected, running, failed]` of the `Builds` activity.
    counts: [u64; 4],
    builds_activity: Option<u64>,
    bar_shown: bool,
    /// Derivations a message said failed (`builder for '…drv' failed`), in order, with
    /// that message (ANSI codes stripped).
    pub failed: Vec<(String, String)>,
    out: Box<dyn Write>,
}

impl Progress {
    pub fn new(format: Option<LogFormat>, print_logs: bool) -> Progress {
        use std::io::IsTerminal;
        let terminal = std::io::stderr().is_terminal();
        let format = format.unwrap_or(if print_logs {
            LogFormat::BarWithLogs
        } else {
            LogFormat::Bar
        });
        Progress {
            print_logs: print_logs || format == LogFormat::BarWithLogs,
            format,
            terminal,
            builds: HashMap::new(),
            counts: [0; 4],
            builds_activity: None,
            bar_shown: false,
            failed: Vec::new(),
            out: Box::new(std::io::stderr()),
        }
    }

    pub fn event(&mut self, event: &Event) {
        if let Event::Message(text) = event {
            self.note_failures(text);
        }
        if self.format == LogFormat::InternalJson {
            let line = internal_json(event);
            let _ = writeln!(self.out, "@nix {line}");
            return;
        }
        match event {
            Event::Message(text) => {
                let text = if self.terminal {
                    text.clone()
                } else {
                    strip_ansi(text)
                };
                self.print_line(&text);
            }
            Event::StartActivity {
                id,
                level,
                kind,
                text,
                fields,
                ..
            } => {
                if *kind == activity::BUILDS {
                    self.builds_activity = Some(*id);
                }
                if *kind == activity::BUILD {
                    let drv = fields.first().and_then(Field::as_str).unwrap_or_default();
                    let name = drv_display_name(drv);
                    self.builds.insert(
                        *id,
                        Build {
                            name,
                            phase: None,
                            last_line: None,
                        },
                    );
                }
                // What Nix prints of an activity at the default verbosity (info).
                if *level <= 3 && !text.is_empty() && !self.bar() {
                    self.print_line(&format!("{text}..."));
                }
            }
            Event::StopActivity { id } => {
                self.builds.remove(id);
            }
            Event::Result { id, kind, fields } => match *kind {
                result::BUILD_LOG_LINE | result::POST_BUILD_LOG_LINE => {
                    let line = fields.first().and_then(Field::as_str).unwrap_or_default();
                    let line = strip_ansi(line);
                    let name = self.builds.get(id).map(|b| b.name.clone());
                    if let Some(b) = self.builds.get_mut(id) {
                        b.last_line = Some(line.clone());
                    }
                    if self.print_logs {
                        let prefix = name.map(|n| format!("{n}> ")).unwrap_or_default();
                        self.print_line(&format!("{prefix}{line}"));
                    }
                }
                result::SET_PHASE => {
                    if let Some(b) = self.builds.get_mut(id) {
                        b.phase = fields.first().and_then(Field::as_str).map(str::to_string);
                    }
                }
                // The `Builds` activity's counter (copies report the same shape).
                result::PROGRESS if Some(*id) == self.builds_activity && fields.len() >= 4 => {
                    for (i, f) in fields.iter().take(4).enumerate() {
                        self.counts[i] = f.as_int().unwrap_or(0);
                    }
                }
                _ => {}
            },
        }
        self.draw_bar();
    }

    /// Clears the bar before the process prints its result.
    pub fn finish(&mut self) {
        if self.bar_shown {
            let _ = write!(self.out, "\r\x1b[K");
            let _ = self.out.flush();
            self.bar_shown = false;
        }
    }

    fn bar(&self) -> bool {
        self.terminal && matches!(self.format, LogFormat::Bar | LogFormat::BarWithLogs)
    }

    fn print_line(&mut self, text: &str) {
        if self.bar_shown {
            let _ = write!(self.out, "\r\x1b[K");
            self.bar_shown = false;
        }
        let _ = writeln!(self.out, "{text}");
    }

    fn draw_bar(&mut self) {
        if !self.bar() {
            return;
        }
        let [done, expected, ..] = self.counts;
        let mut line = String::new();
        if expected > 0 {
            line.push_str(&format!("[{done}/{expected} built] "));
        }
        if let Some(b) = self.builds.values().next() {
            line.push_str(&format!("building {}", b.name));
            if let Some(p) = &b.phase {
                line.push_str(&format!(" ({p})"));
            }
            if let Some(l) = &b.last_line {
                line.push_str(": ");
                line.push_str(l);
            }
        }
        if line.is_empty() {
            return;
        }
        let width = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse::<usize>().ok())
            .unwrap_or(100);
        let shown: String = line.chars().take(width.saturating_sub(1)).collect();
        let _ = write!(self.out, "\r\x1b[K{shown}");
        let _ = self.out.flush();
        self.bar_shown = true;
    }

    fn note_failures(&mut self, text: &str) {
        if let Some(drv) = failed_drv(text)
            && !self.failed.iter().any(|(d, _)| *d == drv)
        {
            let message = strip_ansi(text);
            let message = message
                .strip_prefix("error: ")
                .unwrap_or(&message)
                .to_string();
            self.failed.push((drv, message));
        }
    }
}

/// The derivation a "builder for '…drv' failed" message names.
pub fn failed_drv(text: &str) -> Option<String> {
    let text = strip_ansi(text);
    let start = text.find("builder for '")? + "builder for '".len();
    let end = text[start..].find('\'')? + start;
    Some(text[start..end].to_string())
}

/// A derivation's name as Nix shows it in progress: the `.drv` base name without its hash,
/// `.drv` and version (`/nix/store/…-hello-2.12.drv` → `hello`).
pub fn drv_display_name(drv_path: &str) -> String {
    let base = drv_path.rsplit('/').next().unwrap_or(drv_path);
    let name = base.split_once('-').map_or(base, |(_, n)| n);
    let name = name.strip_suffix(".drv").unwrap_or(name);
    // DrvName: the version starts at the first dash followed by a non-letter.
    let bytes = name.as_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'-' && bytes.get(i + 1).is_some_and(|c| !c.is_ascii_alphabetic()) {
            return name[..i].to_string();
        }
    }
    name.to_string()
}

/// An event as Nix's `--log-format internal-json` prints it.
fn internal_json(event: &Event) -> String {
    let fields = |fields: &[Field]| -> serde_json::Value {
        fields
            .iter()
            .map(|f| match f {
                Field::Int(n) => serde_json::json!(n),
                Field::String(s) => serde_json::json!(s),
            })
            .collect()
    };
    let json = match event {
        // The daemon's messages carry no level: its errors say so in their text.
        Event::Message(text) => {
            let level = if strip_ansi(text).starts_with("error:") {
                0
            } else {
                3
            };
            serde_json::json!({"action": "msg", "level": level, "msg": text})
        }
        Event::StartActivity {
            id,
            level,
            kind,
            text,
            fields: f,
            parent,
        } => serde_json::json!({"action": "start", "id": id, "level": level, "type": kind,
            "text": text, "fields": fields(f), "parent": parent}),
        Event::StopActivity { id } => serde_json::json!({"action": "stop", "id": id}),
        Event::Result {
            id,
            kind,
            fields: f,
        } => {
            serde_json::json!({"action": "result", "id": id, "type": kind, "fields": fields(f)})
        }
    };
    json.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_drop_hash_version_and_extension() {
        assert_eq!(drv_display_name("/nix/store/abc-hello-2.12.drv"), "hello");
        assert_eq!(drv_display_name("/nix/store/abc-demo-ok-2.drv"), "demo-ok");
        assert_eq!(
            drv_display_name("/nix/store/abc-devshell-env.drv"),
            "devshell-env"
        );
    }

    #[test]
    fn failure_messages_name_their_derivation() {
        let msg =
            "\x1b[31;1merror:\x1b[0m builder for '\x1b[35;1m/nix/store/x-a.drv\x1b[0m' failed";
        assert_eq!(failed_drv(msg).as_deref(), Some("/nix/store/x-a.drv"));
        assert_eq!(failed_drv("all good"), None);
    }
}
