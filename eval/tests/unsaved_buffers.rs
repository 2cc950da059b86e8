//! The analyzer feeds unsaved editor buffers through `io::Overlay`: an import must see the
//! buffer, not the file on disk.

use eval::io::{DiskFileSystem, Overlay};
use eval::source::Origin;
use eval::{EvalOptions, Machine};
use std::collections::HashMap;
use std::rc::Rc;

#[test]
fn imports_read_the_overlay_before_the_disk() {
    let dir = std::env::temp_dir().join(format!("firn-overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let dep = dir.join("dep.nix");
    std::fs::write(&dep, "{ answer = 1; }").expect("write dep");

    let mut files = HashMap::new();
    files.insert(dep.clone(), "{ answer = 42; }".to_string());
    let fs = Overlay {
        files,
        inner: DiskFileSystem,
    };
    let mut machine = Machine::new(EvalOptions::default(), Rc::new(fs));
    let value = machine
        .eval_source(Origin::Text("«test»"), "(import ./dep.nix).answer", &dir)
        .expect("evaluates");
    assert_eq!(eval::print::print_value(&value), "42");
    std::fs::remove_dir_all(&dir).ok();
}
