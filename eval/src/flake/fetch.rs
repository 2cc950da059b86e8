//! Fetching without a network and without writing: a source is found on this machine
//! (a directory for `path:`, a git work tree for `git+file:`, or a store path that already
//! exists for any locked input), its store path is computed as Nix computes it, and the
//! directory is mounted there (see `mounts.rs`).

use super::git;
use super::input::{AttrValue, Input};
use crate::error::{EvalResult, err};
use crate::machine::Machine;
use crate::mounts::Mount;
use crate::source::Pos;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use store::FileIngestionMethod;
use store::hash::{Hash, HashAlgo};

/// A fetched source: where it is in the store, and its locked attributes.
#[derive(Clone, Debug)]
pub struct Fetched {
    pub store_path: String,
    /// The input with everything that pins it (`narHash`, `lastModified`, `rev`, …).
    pub locked: Input,
}

impl Fetched {
    /// The attributes `fetchTree` returns and a flake's `sourceInfo` has (without
    /// `outPath`): `narHash`, `lastModified(Date)`, and for git `rev`, `shortRev`, `revCount`.
    pub fn info(&self) -> Vec<(&'static str, AttrValue)> {
        let mut out = Vec::new();
        if let Some(t) = self.locked.int("lastModified") {
            out.push(("lastModified", AttrValue::Int(t)));
            out.push(("lastModifiedDate", AttrValue::Str(date_time(t))));
        }
        if let Some(h) = self.locked.str("narHash") {
            out.push(("narHash", AttrValue::Str(h.to_string())));
        }
        if let Some(rev) = self.locked.str("rev") {
            out.push(("rev", AttrValue::Str(rev.to_string())));
            out.push((
                "shortRev",
                AttrValue::Str(rev[..rev.len().min(7)].to_string()),
            ));
        }
        if let Some(n) = self.locked.int("revCount") {
            out.push(("revCount", AttrValue::Int(n)));
        }
        if self.locked.kind() == "git" {
            let submodules = matches!(self.locked.0.get("submodules"), Some(AttrValue::Bool(true)));
            out.push(("submodules", AttrValue::Bool(submodules)));
        }
        out
    }
}

impl Machine {
    /// Finds `input` on this machine and mounts it at the store path Nix would give it.
    pub fn fetch_input(&mut self, input: &Input, pos: Pos) -> EvalResult<Fetched> {
        let key = input.to_url();
        if let Some(found) = self.fetched.get(&key) {
            return Ok(found.clone());
        }
        let found = self.fetch_uncached(input, pos)?;
        self.fetched.insert(key, found.clone());
        Ok(found)
    }

    fn fetch_uncached(&mut self, input: &Input, pos: Pos) -> EvalResult<Fetched> {
        if let Some(found) = self.already_in_store(input, pos)? {
            return Ok(found);
        }
        match input.kind() {
            "path" => self.fetch_path(input, pos),
            "git" if input.str("url").is_some_and(|u| u.starts_with("file://")) => {
                self.fetch_git(input, pos)
            }
            _ => err(
                format!(
                    "input '{}' is not on this machine, and firn does not fetch: run `nix flake archive` (or `nix build`) to fetch it",
                    input.to_url()
                ),
                pos,
            ),
        }
    }

    /// A locked input whose store path exists already is used as it is.
    fn already_in_store(&mut self, input: &Input, pos: Pos) -> EvalResult<Option<Fetched>> {
        let Some(nar_hash) = input.str("narHash") else {
            return Ok(None);
        };
        let hash = parse_nar_hash(nar_hash, pos)?;
        let store_path = self.source_store_path(&hash, pos)?;
        if input.kind() == "path" || !Path::new(&store_path).is_dir() {
            return Ok(None);
        }
        Ok(Some(Fetched {
            store_path,
            locked: input.clone(),
        }))
    }

    fn source_store_path(&self, nar_hash: &Hash, pos: Pos) -> EvalResult<String> {
        let dir = self.store_dir(pos)?;
        match dir.make_fixed_output_path(
            "source",
            FileIngestionMethod::Recursive,
            nar_hash,
            &BTreeSet::new(),
        ) {
            Ok(p) => Ok(dir.print(&p)),
            Err(e) => err(e.to_string(), pos),
        }
    }

    fn fetch_path(&mut self, input: &Input, pos: Pos) -> EvalResult<Fetched> {
        let Some(path) = input.str("path") else {
            return err("a 'path' input needs the attribute 'path'", pos);
        };
        if !path.starts_with('/') {
            return err(
                format!("path '{path}' in a flake input is not absolute"),
                pos,
            );
        }
        let root = PathBuf::from(path);
        let mut locked = input.clone();
        let fetched = self.mount_tree(&root, None, &mut locked, pos)?;
        if locked.int("lastModified").is_none() {
            let newest = newest_mtime(&root).unwrap_or(0);
            locked.set("lastModified", AttrValue::Int(newest));
        }
        Ok(Fetched {
            store_path: fetched,
            locked,
        })
    }

    fn fetch_git(&mut self, input: &Input, pos: Pos) -> EvalResult<Fetched> {
        if !self.options.run_git {
            return err(
                format!(
                    "reading the git input '{}' needs the `git` program, which firn does not run here",
                    input.to_url()
                ),
                pos,
            );
        }
        let url = input.str("url").unwrap_or_default();
        let root = PathBuf::from(url.trim_start_matches("file://"));
        let repo = git::Repo::open(&root).or_else(|e| err(e, pos))?;
        let state = repo.state().or_else(|e| err(e, pos))?;
        let mut locked = input.clone();
        if let Some(rev) = input.str("rev")
            && (state.head.as_deref() != Some(rev) || state.dirty)
        {
            // Only the work tree is read: it must hold what the lock pins.
            let wanted = input.str("narHash").unwrap_or("");
            let tracked = Rc::new(repo.tracked().or_else(|e| err(e, pos))?);
            let store_path = self.mount_tree(&root, Some(tracked), &mut locked, pos);
            if store_path.is_err() || wanted.is_empty() {
                return err(
                    format!(
                        "the git input '{}' is locked to {rev}, but its work tree holds {}: firn reads git inputs from their work tree; check out {rev} or run `nix flake archive`",
                        input.to_url(),
                        describe_head(&state)
                    ),
                    pos,
                );
            }
            return Ok(Fetched {
                store_path: store_path?,
                locked,
            });
        }
        let tracked = Rc::new(repo.tracked().or_else(|e| err(e, pos))?);
        if state.dirty {
            (self.options.messages)(&format!("warning: Git tree '{}' is dirty", root.display()));
        }
        let store_path = self.mount_tree(&root, Some(tracked), &mut locked, pos)?;
        if let (Some(head), false) = (&state.head, state.dirty) {
            locked.set("rev", AttrValue::Str(head.clone()));
            let count = repo.rev_count(head).or_else(|e| err(e, pos))?;
            locked.set("revCount", AttrValue::Int(count));
        }
        // A dirty tree is pinned by its hash alone: no ref, rev or count, and the time of
        // HEAD's commit.
        let time = match &state.head {
            Some(head) => repo.commit_time(head).or_else(|e| err(e, pos))?,
            None => 0,
        };
        locked.set("lastModified", AttrValue::Int(time));
        if !state.dirty
            && locked.str("ref").is_none()
            && let Some(branch) = &state.branch
        {
            locked.set("ref", AttrValue::Str(branch.clone()));
        }
        Ok(Fetched { store_path, locked })
    }

    /// Hashes `root` (only `tracked`, when given), checks the hash against the input's
    /// `narHash`, records it, and mounts the tree at its store path.
    fn mount_tree(
        &mut self,
        root: &Path,
        tracked: Option<Rc<rustc_hash::FxHashSet<String>>>,
        locked: &mut Input,
        pos: Pos,
    ) -> EvalResult<String> {
        let root_text = root.to_string_lossy().into_owned();
        if !self.fs.exists(root) {
            return err(format!("path '{root_text}' does not exist"), pos);
        }
        let fs = self.fs.clone();
        let prefix = format!("{root_text}/");
        let mut keep = |child: &str, _| {
            Ok(match &tracked {
                None => true,
                Some(t) => child
                    .strip_prefix(&prefix)
                    .is_some_and(|rel| t.contains(rel)),
            })
        };
        let hash = crate::store_ops::nar_hash(&*fs, &root_text, &mut keep, pos)?;
        let got = hash.to_sri();
        if let Some(expected) = locked.str("narHash")
            && parse_nar_hash(expected, pos)? != hash
        {
            return err(
                format!(
                    "NAR hash mismatch in input '{}' ({root_text}), expected '{expected}', got '{got}'",
                    locked.to_url()
                ),
                pos,
            );
        }
        locked.set("narHash", AttrValue::Str(got));
        let store_path = self.source_store_path(&hash, pos)?;
        self.mounts.add(Mount {
            store_path: store_path.clone(),
            root: root.to_path_buf(),
            tracked,
        });
        Ok(store_path)
    }
}

fn describe_head(state: &git::State) -> String {
    match (&state.head, state.dirty) {
        (Some(h), false) => h.clone(),
        (Some(h), true) => format!("{h} with uncommitted changes"),
        (None, _) => "no commit".to_string(),
    }
}

fn parse_nar_hash(text: &str, pos: Pos) -> EvalResult<Hash> {
    Hash::parse_any(text, Some(HashAlgo::Sha256)).or_else(|e| err(e.to_string(), pos))
}

/// The newest modification time in a tree (Nix's `lastModified` of a `path:` input).
fn newest_mtime(root: &Path) -> Option<i64> {
    let mut newest = 0i64;
    let mut stack = vec![root.to_path_buf()];
    while let Some(path) = stack.pop() {
        let meta = std::fs::symlink_metadata(&path).ok()?;
        let mtime = meta
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        newest = newest.max(mtime);
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path).ok()? {
                stack.push(entry.ok()?.path());
            }
        }
    }
    Some(newest)
}

/// `%Y%m%d%H%M%S` in UTC (the `lastModifiedDate` attribute).
pub fn date_time(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}{month:02}{day:02}{:02}{:02}{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_utc_calendar_times() {
        assert_eq!(super::date_time(0), "19700101000000");
        // `date -u -d @1796395646 +%Y%m%d%H%M%S`
        assert_eq!(super::date_time(1_796_395_646), "20261204144726");
        assert_eq!(super::date_time(951_782_400), "20000229000000");
    }
}
