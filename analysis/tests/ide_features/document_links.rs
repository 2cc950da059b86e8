//! Document links: each linked text and where it leads.

use super::check_feature;
use analysis::ide::LinkTarget;

#[test]
fn document_links() {
    check_feature("document_links", |loaded| {
        let links = loaded.analysis.document_links(loaded.files[0]).unwrap();
        let mut out = String::new();
        for link in links {
            let target = match link.target {
                LinkTarget::File(path) => path.display().to_string(),
                LinkTarget::Url(url) => url,
            };
            out.push_str(&format!("{:?} -> {target}\n", &loaded.text()[link.range]));
        }
        out
    });
}
