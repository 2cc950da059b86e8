//! Which module system a module belongs to, found from the text: each case in
//! `module_system/*.tree` is a workspace (`//- path` starts a file; `//- setting` holds
//! `pattern = expression` lines of the `firn.options` setting) and the `.expect` beside it
//! lists, for every other `.nix` file, the system found (`-` for none).

use analysis::AnalysisHost;
use analysis::ide::OptionsSetting;
use std::path::Path;

fn systems_of(case: &Path, text: &str) -> String {
    let name = case.file_stem().unwrap().to_string_lossy().into_owned();
    let mut files: Vec<(String, String)> = Vec::new();
    for chunk in text.split("//- ").skip(1) {
        let (path, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        files.push((path.trim().to_string(), body.to_string()));
    }
    let on_disk: Vec<(&str, &str)> = files
        .iter()
        .filter(|(p, _)| p != "setting")
        .map(|(p, b)| (p.as_str(), b.as_str()))
        .collect();
    let dir = test_utils::scratch_dir(&format!("module-system-{name}"), &on_disk);
    let mut host = AnalysisHost::default();
    for (path, body) in &on_disk {
        host.set_file_text(&dir.join(path), body.to_string());
    }
    if let Some((_, rules)) = files.iter().find(|(p, _)| p == "setting") {
        let rules = rules
            .lines()
            .filter_map(|l| l.split_once(" = "))
            .map(|(p, e)| (p.trim().to_string(), e.trim().to_string()))
            .collect();
        let (setting, errors) = OptionsSetting::new(dir.clone(), rules);
        assert!(errors.is_empty(), "{errors:?}");
        host.set_options_setting(setting);
    }
    let analysis = host.analysis();
    let mut out = String::new();
    for (path, _) in &on_disk {
        if !path.ends_with(".nix") || *path == "flake.nix" {
            continue;
        }
        let file = host.file(&dir.join(path)).unwrap();
        let found = analysis.module_system(file).unwrap();
        let shown = found.map_or("-".to_string(), |s| {
            s.name.replace(&dir.display().to_string(), "<ws>")
        });
        out.push_str(&format!("{path}: {shown}\n"));
    }
    std::fs::remove_dir_all(&dir).ok();
    out
}

#[test]
fn module_systems_are_found_from_the_text() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/module_system");
    test_utils::check_dir(&dir, "tree", "expect", systems_of);
}
