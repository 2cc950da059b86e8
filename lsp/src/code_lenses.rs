//! `textDocument/codeLens`: "Build" and "Develop" over what can be built, each running the
//! server's `firn.build` / `firn.develop` command (`commands.rs`). Computing a lens reads
//! only the text: opening a workspace never builds.

use super::document;
use super::world::{Outcome, World};
use analysis::ide::BuildLensKind;
use ls_types::*;

pub(crate) fn code_lenses(world: World, params: CodeLensParams) -> Outcome<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let Some(doc) = world.document(&uri) else {
        return Ok(None);
    };
    let lenses = world.analysis.build_lenses(doc.file)?;
    let lenses = lenses.into_iter().map(|lens| {
        let (title, command) = match lens.kind {
            BuildLensKind::Build => ("▶ Build", "firn.build"),
            BuildLensKind::Develop => ("⚙ Develop", "firn.develop"),
        };
        let mut argument = serde_json::json!({ "uri": uri.as_str() });
        if let Some(i) = &lens.installable {
            argument["installable"] = i.clone().into();
        }
        if let Some(a) = &lens.attr {
            argument["attr"] = a.clone().into();
        }
        let start = document::range(&doc.rope, lens.range).start;
        CodeLens {
            range: Range::new(start, start),
            command: Some(Command {
                title: title.to_string(),
                command: command.to_string(),
                arguments: Some(vec![argument]),
            }),
            data: None,
        }
    });
    Ok(Some(lenses.collect()))
}
