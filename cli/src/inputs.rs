//! Turning command-line paths into source files: directories are searched for `*.nix`, `-` is
//! standard input. A file that cannot be read or is not UTF-8 is an error for that file only.

use std::io::Read;
use std::path::{Path, PathBuf};

/// One input named on the command line (or found below a directory named there).
pub enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    /// The name shown in messages.
    pub fn display_name(&self) -> String {
        match self {
            Input::File(path) => path.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
        }
    }

    /// The file's text, or why it cannot be had.
    pub fn read(&self) -> Result<String, String> {
        let bytes = match self {
            Input::File(path) => std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?,
            Input::Stdin => {
                let mut bytes = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut bytes)
                    .map_err(|e| format!("cannot read standard input: {e}"))?;
                bytes
            }
        };
        String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&e.as_bytes()[..offset]);
            let line = text.matches('\n').count() + 1;
            let column = text.len() - text.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("not valid UTF-8 (first bad byte at {line}:{column}, byte offset {offset})")
        })
    }
}

/// Expands the command-line paths. Missing paths are reported in the second list.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<(PathBuf, String)>) {
    let mut inputs = Vec::new();
    let mut missing = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found);
            found.sort();
            inputs.extend(found.into_iter().map(Input::File));
        } else if path.exists() {
            inputs.push(Input::File(path.clone()));
        } else {
            missing.push((path.clone(), "no such file or directory".to_string()));
        }
    }
    (inputs, missing)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        // An unreadable directory is reported by trying to read it as a file.
        found.push(dir.to_path_buf());
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            walk(&path, found);
        } else if path.extension().is_some_and(|e| e == "nix") {
            found.push(path);
        }
    }
}
