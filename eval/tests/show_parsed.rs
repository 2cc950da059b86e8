//! `nix-instantiate --parse` output (`eval::show_parsed`) for the cases in
//! `tests/show_parsed/`: each `.nix` file beside its expected `.parsed` text
//! (`UPDATE_EXPECT=1` to bless). Relative paths resolve against `/base`.

use std::path::Path;

#[test]
fn parsed_expressions_print_as_cppnix_shows_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/show_parsed");
    test_utils::check_dir(&dir, "nix", "parsed", |path, text| {
        let parse = syntax::parse(text);
        assert!(
            parse.errors().is_empty(),
            "{}: {:?}",
            path.display(),
            parse.errors()
        );
        let mut shown = eval::show_parsed::show_parsed(&parse.tree(), Path::new("/base"));
        shown.push('\n');
        shown
    });
}
