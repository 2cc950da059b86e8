//! Which daemon to talk to, chosen as Nix chooses its store: `--store`, else `NIX_REMOTE`,
//! else the `store` setting of `nix.conf` (the system file in `NIX_CONF_DIR`, then the
//! user's files, then `NIX_CONFIG`), else `auto`. firn only talks to daemons: a local store
//! it would have to write itself is refused with a message saying what to use instead.

use std::path::{Path, PathBuf};

/// A daemon socket and where the choice came from (for messages).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreSelection {
    pub uri: String,
    pub socket: PathBuf,
    pub chosen_by: String,
}

/// Picks the daemon socket. `env` reads environment variables; `read` reads a file.
pub fn select_store(
    explicit: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    read: &dyn Fn(&Path) -> Option<String>,
) -> Result<StoreSelection, String> {
    let env = |name: &str| env(name).filter(|v| !v.is_empty());
    let (uri, chosen_by) = if let Some(uri) = explicit {
        (uri.to_string(), "--store".to_string())
    } else if let Some(uri) = env("NIX_REMOTE") {
        (uri, "NIX_REMOTE".to_string())
    } else if let Some((uri, file)) = configured_store(&env, read) {
        (uri, format!("the `store` setting in {file}"))
    } else {
        ("auto".to_string(), "default".to_string())
    };
    let default_socket = || {
        env("NIX_DAEMON_SOCKET_PATH")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env("NIX_STATE_DIR").unwrap_or_else(|| "/nix/var/nix".into()))
                    .join("daemon-socket/socket")
            })
    };
    let without_query = uri.split('?').next().unwrap_or_default();
    let socket = match without_query {
        "daemon" => default_socket(),
        "auto" => {
            let socket = default_socket();
            if read_socket_exists(&socket) {
                socket
            } else {
                return Err(format!(
                    "no Nix daemon is listening at '{}' (store 'auto', {chosen_by}); firn \
                     builds only through a daemon: start nix-daemon, or choose its socket \
                     with `--store unix://PATH` or NIX_DAEMON_SOCKET_PATH",
                    socket.display()
                ));
            }
        }
        other => match other.strip_prefix("unix://") {
            Some(path) => PathBuf::from(path),
            None => {
                return Err(format!(
                    "store '{uri}' ({chosen_by}) is not a Nix daemon; firn never writes a \
                     store itself and builds only through a daemon: use `--store daemon` or \
                     `--store unix://PATH`"
                ));
            }
        },
    };
    Ok(StoreSelection {
        uri,
        socket,
        chosen_by,
    })
}

fn read_socket_exists(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_socket())
}

/// The last `store = …` of the configuration files, in the order Nix reads them.
fn configured_store(
    env: &dyn Fn(&str) -> Option<String>,
    read: &dyn Fn(&Path) -> Option<String>,
) -> Option<(String, String)> {
    let mut files = vec![
        PathBuf::from(env("NIX_CONF_DIR").unwrap_or_else(|| "/etc/nix".into())).join("nix.conf"),
    ];
    match env("NIX_USER_CONF_FILES") {
        Some(list) => files.extend(list.split(':').map(PathBuf::from)),
        None => {
            let config_home = env("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .or_else(|| env("HOME").map(|h| Path::new(&h).join(".config")));
            let mut dirs: Vec<PathBuf> = config_home.into_iter().collect();
            let config_dirs = env("XDG_CONFIG_DIRS").unwrap_or_else(|| "/etc/xdg".into());
            dirs.extend(config_dirs.split(':').map(PathBuf::from));
            // Nix reads the XDG directories from the least to the most important.
            files.extend(dirs.iter().rev().map(|d| d.join("nix/nix.conf")));
        }
    }
    let mut found = None;
    for file in files {
        if let Some(text) = read(&file)
            && let Some(uri) = store_setting(&text)
        {
            found = Some((uri, file.display().to_string()));
        }
    }
    if let Some(uri) = env("NIX_CONFIG").and_then(|text| store_setting(&text)) {
        found = Some((uri, "NIX_CONFIG".to_string()));
    }
    found
}

/// The value of the last `store = VALUE` line (comments after `#` dropped).
fn store_setting(text: &str) -> Option<String> {
    text.lines()
        .filter_map(|line| {
            let line = line.split('#').next()?;
            let (name, value) = line.split_once('=')?;
            (name.trim() == "store").then(|| value.trim().to_string())
        })
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn select(
        explicit: Option<&str>,
        vars: &[(&str, &str)],
        files: &[(&str, &str)],
    ) -> Result<StoreSelection, String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let files: HashMap<PathBuf, String> = files
            .iter()
            .map(|(k, v)| (PathBuf::from(k), v.to_string()))
            .collect();
        select_store(explicit, &|name| vars.get(name).cloned(), &|path| {
            files.get(path).cloned()
        })
    }

    #[test]
    fn the_flag_wins_then_the_environment_then_the_configuration() {
        let conf = [("/etc/nix/nix.conf", "# hi\nstore = unix:///conf.sock # c\n")];
        let env = [("NIX_REMOTE", "unix:///env.sock"), ("HOME", "/home/u")];
        let s = select(Some("unix:///flag.sock"), &env, &conf).unwrap();
        assert_eq!(s.socket, Path::new("/flag.sock"));
        let s = select(None, &env, &conf).unwrap();
        assert_eq!(
            (s.socket.to_str(), &*s.chosen_by),
            (Some("/env.sock"), "NIX_REMOTE")
        );
        let s = select(None, &[("HOME", "/home/u")], &conf).unwrap();
        assert_eq!(s.socket, Path::new("/conf.sock"));
        assert!(s.chosen_by.contains("/etc/nix/nix.conf"), "{}", s.chosen_by);
        // The user's file comes after the system's, NIX_CONFIG after both.
        let user = [
            conf[0],
            ("/home/u/.config/nix/nix.conf", "store = unix:///user.sock"),
        ];
        let s = select(None, &[("HOME", "/home/u")], &user).unwrap();
        assert_eq!(s.socket, Path::new("/user.sock"));
        let vars = [("HOME", "/home/u"), ("NIX_CONFIG", "store = daemon")];
        let s = select(None, &vars, &user).unwrap();
        assert_eq!(s.socket, Path::new("/nix/var/nix/daemon-socket/socket"));
    }

    #[test]
    fn the_daemon_socket_follows_the_nix_variables() {
        let s = select(Some("daemon"), &[("NIX_STATE_DIR", "/s")], &[]).unwrap();
        assert_eq!(s.socket, Path::new("/s/daemon-socket/socket"));
        let vars = [
            ("NIX_DAEMON_SOCKET_PATH", "/d.sock"),
            ("NIX_STATE_DIR", "/s"),
        ];
        let s = select(Some("daemon"), &vars, &[]).unwrap();
        assert_eq!(s.socket, Path::new("/d.sock"));
    }

    #[test]
    fn stores_firn_would_have_to_write_are_refused() {
        for uri in ["local", "/tmp/store", "ssh-ng://host"] {
            let e = select(Some(uri), &[], &[]).unwrap_err();
            assert!(e.contains("never writes a store"), "{e}");
        }
        let e = select(None, &[("NIX_DAEMON_SOCKET_PATH", "/nonexistent/s")], &[]).unwrap_err();
        assert!(
            e.contains("no Nix daemon is listening at '/nonexistent/s'"),
            "{e}"
        );
    }
}
