//! `textDocument/semanticTokens/{full,full/delta,range}`: the analyzer's classified ranges,
//! cut at line ends (clients need not support multi-line tokens) and encoded relative to
//! each other in UTF-16 units. The last full result of each document is kept with its
//! `resultId`, so a delta request is answered with the one span that changed.

use super::{Backend, document};
use analysis::ide::{HighlightTag, HighlightedRange};
use ropey::Rope;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

/// Token types, indexed by [`type_index`].
const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::COMMENT,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::new("path"),
    SemanticTokenType::OPERATOR,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::PROPERTY,
];

fn type_index(tag: HighlightTag) -> u32 {
    match tag {
        HighlightTag::Keyword => 0,
        HighlightTag::Comment => 1,
        HighlightTag::String => 2,
        HighlightTag::Number => 3,
        HighlightTag::Path => 4,
        HighlightTag::Operator => 5,
        HighlightTag::Parameter => 6,
        HighlightTag::Variable => 7,
        HighlightTag::Function => 8,
        HighlightTag::Property => 9,
    }
}

/// In the bit order of `analysis::ide::HighlightMods`.
const MODIFIERS: &[SemanticTokenModifier] = &[
    SemanticTokenModifier::DEFINITION,
    SemanticTokenModifier::DEFAULT_LIBRARY,
    SemanticTokenModifier::DOCUMENTATION,
    // rust-analyzer's name for the same thing; themes and extensions can style it.
    SemanticTokenModifier::new("unresolved"),
];

pub(super) fn capabilities() -> SemanticTokensServerCapabilities {
    SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
        legend: SemanticTokensLegend {
            token_types: TYPES.to_vec(),
            token_modifiers: MODIFIERS.to_vec(),
        },
        range: Some(true),
        full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
        ..Default::default()
    })
}

/// Encodes ranges as LSP tokens: one per line a range covers, each relative to the last.
fn encode(rope: &Rope, ranges: &[HighlightedRange]) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(ranges.len());
    let (mut last_line, mut last_start) = (0, 0);
    for r in ranges {
        let start = document::position(rope, r.range.start());
        let end = document::position(rope, r.range.end());
        for line in start.line..=end.line {
            let from = if line == start.line {
                start.character
            } else {
                0
            };
            let to = if line == end.line {
                end.character
            } else {
                document::line_len_utf16(rope, line)
            };
            if to <= from {
                continue;
            }
            let delta_line = line - last_line;
            let delta_start = if delta_line == 0 {
                from - last_start
            } else {
                from
            };
            out.push(SemanticToken {
                delta_line,
                delta_start,
                length: to - from,
                token_type: type_index(r.tag),
                token_modifiers_bitset: u32::from(r.mods.0),
            });
            (last_line, last_start) = (line, from);
        }
    }
    out
}

/// The single edit turning `old` into `new`: what lies between their common prefix and
/// suffix. Offsets count integers (five per token), as the protocol wants.
fn diff(old: &[SemanticToken], new: &[SemanticToken]) -> Vec<SemanticTokensEdit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old
        .iter()
        .rev()
        .zip(new.iter().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    if prefix == old.len() && prefix == new.len() {
        return Vec::new();
    }
    vec![SemanticTokensEdit {
        start: 5 * prefix as u32,
        delete_count: 5 * (old.len() - prefix - suffix) as u32,
        data: Some(new[prefix..new.len() - suffix].to_vec()),
    }]
}

/// Computes the encoded tokens of a document (touching `range`, if given).
async fn compute(backend: &Backend, uri: &Uri, range: Option<Range>) -> Option<Vec<SemanticToken>> {
    backend
        .with_snapshot(uri, move |snap| {
            let range = range.map(|r| document::text_range(&snap.rope, r));
            let ranges = snap.analysis.semantic_tokens(snap.file, range).ok()?;
            Some(encode(&snap.rope, &ranges))
        })
        .await
}

/// Keeps `data` as the document's latest full result; its new result id.
fn remember(backend: &Backend, uri: &Uri, data: &[SemanticToken]) -> String {
    let mut state = backend.state.lock().expect("state lock");
    state.next_result_id += 1;
    let id = state.next_result_id.to_string();
    state
        .semantic_tokens
        .insert(uri.clone(), (id.clone(), data.to_vec()));
    id
}

pub(super) async fn full(
    backend: &Backend,
    params: SemanticTokensParams,
) -> Result<Option<SemanticTokensResult>> {
    let uri = params.text_document.uri;
    let Some(data) = compute(backend, &uri, None).await else {
        return Ok(None);
    };
    let result_id = Some(remember(backend, &uri, &data));
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id,
        data,
    })))
}

pub(super) async fn full_delta(
    backend: &Backend,
    params: SemanticTokensDeltaParams,
) -> Result<Option<SemanticTokensFullDeltaResult>> {
    let uri = params.text_document.uri;
    let Some(data) = compute(backend, &uri, None).await else {
        return Ok(None);
    };
    let previous = {
        let state = backend.state.lock().expect("state lock");
        state
            .semantic_tokens
            .get(&uri)
            .filter(|(id, _)| *id == params.previous_result_id)
            .map(|(_, data)| data.clone())
    };
    let result_id = Some(remember(backend, &uri, &data));
    Ok(Some(match previous {
        Some(old) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta {
            result_id,
            edits: diff(&old, &data),
        }),
        // An unknown or stale id: the whole result.
        None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens { result_id, data }),
    }))
}

pub(super) async fn range(
    backend: &Backend,
    params: SemanticTokensRangeParams,
) -> Result<Option<SemanticTokensRangeResult>> {
    let data = compute(backend, &params.text_document.uri, Some(params.range)).await;
    Ok(data.map(|data| {
        SemanticTokensRangeResult::Tokens(SemanticTokens {
            result_id: None,
            data,
        })
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use analysis::ide::HighlightMods;
    use syntax::{TextRange, TextSize};

    fn token(start: u32, end: u32, tag: HighlightTag) -> HighlightedRange {
        HighlightedRange {
            range: TextRange::new(TextSize::from(start), TextSize::from(end)),
            tag,
            mods: HighlightMods::default(),
        }
    }

    #[test]
    fn multi_line_tokens_are_cut_and_lengths_count_utf16() {
        let rope = Rope::from_str("\"😀\n  ab\" x");
        // The string spans two lines; `x` follows on the second.
        let s = token(0, 11, HighlightTag::String);
        let x = token(12, 13, HighlightTag::Variable);
        let encoded = encode(&rope, &[s, x]);
        let triples: Vec<(u32, u32, u32)> = encoded
            .iter()
            .map(|t| (t.delta_line, t.delta_start, t.length))
            .collect();
        // `"😀` is 3 UTF-16 units; `  ab"` 5; `x` starts 1 after the string's end.
        assert_eq!(triples, [(0, 0, 3), (1, 0, 5), (0, 6, 1)]);
    }

    #[test]
    fn a_delta_replaces_only_what_changed() {
        let t = |delta_line, length| SemanticToken {
            delta_line,
            delta_start: 0,
            length,
            token_type: 0,
            token_modifiers_bitset: 0,
        };
        let old = [t(0, 1), t(1, 2), t(1, 3)];
        let new = [t(0, 1), t(1, 9), t(1, 9), t(1, 3)];
        let edits = diff(&old, &new);
        assert_eq!(edits.len(), 1);
        assert_eq!((edits[0].start, edits[0].delete_count), (5, 5));
        assert_eq!(edits[0].data.as_deref(), Some(&new[1..3]));
        assert!(diff(&old, &old).is_empty());
    }
}
