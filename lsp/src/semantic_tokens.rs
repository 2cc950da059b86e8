//! `textDocument/semanticTokens/{full,full/delta,range}`: the analyzer's classified ranges,
//! cut at line ends (clients need not support multi-line tokens) and encoded relative to
//! each other in UTF-16 units. The last full result of each document is kept with its
//! `resultId`, so a delta request is answered with the one span that changed.

use super::document;
use super::world::{Outcome, World};
use analysis::ide::{HighlightTag, HighlightedRange};
use ls_types::*;
use ropey::Rope;
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

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

pub(crate) fn capabilities() -> SemanticTokensServerCapabilities {
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

/// Encodes ranges (in order, as the analyzer gives them) as LSP tokens: one per line a
/// range covers, each relative to the last. One pass over the text.
fn encode(rope: &Rope, ranges: &[HighlightedRange]) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(ranges.len());
    let (mut last_line, mut last_start) = (0, 0);
    let mut walker = document::PositionWalker::new(rope);
    // (line, from, to) of each piece of the current range.
    let mut pieces: Vec<(u32, u32, u32)> = Vec::new();
    for r in ranges {
        let start = walker.advance(r.range.start(), |_, _| {});
        pieces.clear();
        let mut from = start.character;
        let end = walker.advance(r.range.end(), |line, length| {
            pieces.push((line, from, length));
            from = 0;
        });
        pieces.push((end.line, from, end.character));
        for &(line, from, to) in &pieces {
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

/// The last full result of each document with its id, for deltas. Workers read and store
/// entries; the lock is held for that alone.
#[derive(Default)]
pub(crate) struct Cache {
    entries: Mutex<HashMap<Uri, (String, Vec<SemanticToken>)>>,
    next_id: AtomicU64,
}

impl Cache {
    /// Keeps `data` as the document's latest full result; its new result id.
    fn remember(&self, uri: &Uri, data: &[SemanticToken]) -> String {
        let id = (self.next_id.fetch_add(1, Ordering::Relaxed) + 1).to_string();
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.insert(uri.clone(), (id.clone(), data.to_vec()));
        id
    }

    fn previous(&self, uri: &Uri, result_id: &str) -> Option<Vec<SemanticToken>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let (id, data) = entries.get(uri)?;
        (id == result_id).then(|| data.clone())
    }

    pub fn forget(&self, uri: &Uri) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.remove(uri);
    }
}

/// Computes the encoded tokens of a document (touching `range`, if given).
fn compute(world: &World, uri: &Uri, range: Option<Range>) -> Outcome<Option<Vec<SemanticToken>>> {
    let Some(doc) = world.document(uri) else {
        return Ok(None);
    };
    let range = range.map(|r| document::text_range(&doc.rope, r));
    let ranges = world.analysis.semantic_tokens(doc.file, range)?;
    Ok(Some(encode(&doc.rope, &ranges)))
}

pub(crate) fn full(
    world: World,
    params: SemanticTokensParams,
) -> Outcome<Option<SemanticTokensResult>> {
    let uri = params.text_document.uri;
    let Some(data) = compute(&world, &uri, None)? else {
        return Ok(None);
    };
    let result_id = Some(world.semantic_tokens.remember(&uri, &data));
    Ok(Some(SemanticTokensResult::Tokens(SemanticTokens {
        result_id,
        data,
    })))
}

pub(crate) fn full_delta(
    world: World,
    params: SemanticTokensDeltaParams,
) -> Outcome<Option<SemanticTokensFullDeltaResult>> {
    let uri = params.text_document.uri;
    let Some(data) = compute(&world, &uri, None)? else {
        return Ok(None);
    };
    let previous = world
        .semantic_tokens
        .previous(&uri, &params.previous_result_id);
    let result_id = Some(world.semantic_tokens.remember(&uri, &data));
    Ok(Some(match previous {
        Some(old) => SemanticTokensFullDeltaResult::TokensDelta(SemanticTokensDelta {
            result_id,
            edits: diff(&old, &data),
        }),
        // An unknown or stale id: the whole result.
        None => SemanticTokensFullDeltaResult::Tokens(SemanticTokens { result_id, data }),
    }))
}

pub(crate) fn range(
    world: World,
    params: SemanticTokensRangeParams,
) -> Outcome<Option<SemanticTokensRangeResult>> {
    let data = compute(&world, &params.text_document.uri, Some(params.range))?;
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
