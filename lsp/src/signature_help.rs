//! `textDocument/signatureHelp`: parameters are given as offsets into the label, in
//! UTF-16 units (labels hold non-ASCII, such as `…` for a default).

use super::world::{Outcome, World};
use ls_types::*;

pub(crate) fn capabilities() -> SignatureHelpOptions {
    SignatureHelpOptions {
        // Nix applies functions by juxtaposition: a space starts the next argument.
        trigger_characters: Some(vec![" ".to_string(), "{".to_string()]),
        retrigger_characters: None,
        work_done_progress_options: Default::default(),
    }
}

pub(crate) fn signature_help(
    world: World,
    params: SignatureHelpParams,
) -> Outcome<Option<SignatureHelp>> {
    let Some((doc, offset)) = world.at(&params.text_document_position_params) else {
        return Ok(None);
    };
    let Some(help) = world.analysis.signature_help(doc.file, offset)? else {
        return Ok(None);
    };
    let utf16 =
        |byte: syntax::TextSize| help.label[..usize::from(byte)].encode_utf16().count() as u32;
    let parameters = help
        .parameters
        .iter()
        .map(|r| ParameterInformation {
            label: ParameterLabel::LabelOffsets([utf16(r.start()), utf16(r.end())]),
            documentation: None,
        })
        .collect();
    let documentation = help.documentation.clone().map(|value| {
        Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        })
    });
    let active = help.active_parameter.map(|a| a as u32);
    Ok(Some(SignatureHelp {
        signatures: vec![SignatureInformation {
            label: help.label.clone(),
            documentation,
            parameters: Some(parameters),
            active_parameter: active,
        }],
        active_signature: Some(0),
        active_parameter: active,
    }))
}
