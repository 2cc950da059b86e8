//! What a git work tree holds, asked of the `git` program as Nix asks it (`rev-parse`,
//! `ls-files`, `rev-list --count`, `log`). Read-only; `core.fsmonitor` is forced off so
//! that a repository's configuration cannot make firn run one of its commands.

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Repo {
    root: PathBuf,
}

/// HEAD and whether tracked files differ from it.
pub struct State {
    pub head: Option<String>,
    pub branch: Option<String>,
    pub dirty: bool,
}

impl Repo {
    pub fn open(root: &Path) -> Result<Repo, String> {
        if !root.join(".git").exists() {
            return Err(format!("'{}' is not a git repository", root.display()));
        }
        Ok(Repo {
            root: root.to_path_buf(),
        })
    }

    /// The top of the work tree holding `dir`, if any.
    pub fn top_level(dir: &Path) -> Option<PathBuf> {
        let mut at = Some(dir);
        while let Some(d) = at {
            if d.join(".git").exists() {
                return Some(d.to_path_buf());
            }
            at = d.parent();
        }
        None
    }

    fn git(&self, args: &[&str]) -> Result<(bool, Vec<u8>), String> {
        let out = Command::new("git")
            .arg("-C")
            .arg(&self.root)
            .args(["-c", "core.fsmonitor=false"])
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| format!("running git in '{}': {e}", self.root.display()))?;
        Ok((out.status.success(), out.stdout))
    }

    fn git_text(&self, args: &[&str]) -> Result<String, String> {
        match self.git(args)? {
            (true, out) => Ok(String::from_utf8_lossy(&out).trim().to_string()),
            (false, _) => Err(format!(
                "git {} failed in '{}'",
                args.join(" "),
                self.root.display()
            )),
        }
    }

    pub fn state(&self) -> Result<State, String> {
        let head = match self.git(&["rev-parse", "--verify", "-q", "HEAD"])? {
            (true, out) => Some(String::from_utf8_lossy(&out).trim().to_string()),
            (false, _) => None,
        };
        // What Nix records as the ref: the branch name, or "HEAD" when detached.
        let branch = match self.git(&["rev-parse", "--abbrev-ref", "HEAD"])? {
            (true, out) => Some(String::from_utf8_lossy(&out).trim().to_string()),
            (false, _) => None,
        };
        let dirty = match &head {
            // `diff HEAD --quiet` exits 1 when the tracked files differ from HEAD.
            Some(_) => !self.git(&["diff", "HEAD", "--quiet"])?.0,
            None => true,
        };
        Ok(State {
            head,
            branch,
            dirty,
        })
    }

    /// The tracked files that exist, and every directory above them, relative to the root.
    pub fn tracked(&self) -> Result<FxHashSet<String>, String> {
        let (ok, out) = self.git(&["ls-files", "-z"])?;
        if !ok {
            return Err(format!("git ls-files failed in '{}'", self.root.display()));
        }
        let mut set = FxHashSet::default();
        for file in out.split(|b| *b == 0).filter(|f| !f.is_empty()) {
            let file = String::from_utf8_lossy(file).into_owned();
            if std::fs::symlink_metadata(self.root.join(&file)).is_err() {
                continue;
            }
            let mut dir = file.as_str();
            while let Some((parent, _)) = dir.rsplit_once('/') {
                set.insert(parent.to_string());
                dir = parent;
            }
            set.insert(file);
        }
        Ok(set)
    }

    pub fn rev_count(&self, rev: &str) -> Result<i64, String> {
        let text = self.git_text(&["rev-list", "--count", rev])?;
        text.parse()
            .map_err(|_| format!("git rev-list printed '{text}'"))
    }

    pub fn commit_time(&self, rev: &str) -> Result<i64, String> {
        let text = self.git_text(&["log", "-1", "--format=%ct", rev])?;
        text.parse()
            .map_err(|_| format!("git log printed '{text}'"))
    }
}
