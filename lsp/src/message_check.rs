//! Which client messages are JSON-RPC 2.0 messages LSP can carry, decided before they reach
//! the main loop. A message that is not JSON gets `-32700` (parse error); one that is JSON but not
//! a request, notification or response (`{}`, `[]`, `42`, `"jsonrpc": "1.0"`, an `id` that
//! is an object, `params` that are a number, a response with both `result` and `error`) gets
//! `-32600` (invalid request), with its `id` when it has a usable one, as JSON-RPC 2.0 says.
//!
//! Checked without building the body's values: an opened file's text is megabytes.

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Value, json};
use std::borrow::Cow;
use std::fmt;

/// A message that passed: what the transport needs to know of it.
#[derive(Debug)]
pub struct Checked {
    /// A request's id (`None` for notifications and responses).
    pub request_id: Option<Value>,
}

/// The message's method and id when it may pass on; otherwise the error answer to send back
/// instead.
pub fn check(body: &[u8]) -> Result<Checked, Value> {
    // JSON is Unicode text; serde_json skips the contents of strings it ignores unchecked.
    if std::str::from_utf8(body).is_err() {
        return Err(error(
            Value::Null,
            -32700,
            "parse error: the message is not UTF-8",
        ));
    }
    let Ok(envelope) = serde_json::from_slice::<Envelope>(body) else {
        return Err(if serde_json::from_slice::<IgnoredAny>(body).is_ok() {
            error(
                Value::Null,
                -32600,
                "invalid request: not a JSON-RPC 2.0 message object",
            )
        } else {
            error(Value::Null, -32700, "parse error: the message is not JSON")
        });
    };
    // Only a request's id names something of the client's; a broken response's id would
    // name one of the server's own requests.
    let id = match (&envelope.id, &envelope.method) {
        (Some(Kind::Id(id)), Some(_)) => id.clone(),
        _ => Value::Null,
    };
    if let Some(problem) = envelope.problem() {
        return Err(error(id, -32600, &format!("invalid request: {problem}")));
    }
    let is_request = matches!(envelope.method, Some(Kind::Id(Value::String(_))));
    Ok(Checked {
        request_id: (is_request && envelope.id.is_some()).then_some(id),
    })
}

pub(crate) fn error(id: Value, code: i64, message: &str) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } })
}

/// The members that make a message what it is; any others are ignored.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow)]
    jsonrpc: Option<Cow<'a, str>>,
    #[serde(default, deserialize_with = "present")]
    id: Option<Kind>,
    #[serde(default, deserialize_with = "present")]
    method: Option<Kind>,
    #[serde(default, deserialize_with = "present")]
    params: Option<Kind>,
    #[serde(default, deserialize_with = "present")]
    result: Option<Kind>,
    #[serde(default, deserialize_with = "present")]
    error: Option<Kind>,
}

impl Envelope<'_> {
    fn problem(&self) -> Option<&'static str> {
        if self.jsonrpc.as_deref() != Some("2.0") {
            return Some("`jsonrpc` must be \"2.0\"");
        }
        match &self.method {
            Some(Kind::Id(Value::String(_))) => {
                if !matches!(self.id, None | Some(Kind::Id(_))) {
                    return Some("a request's `id` is a number or a string");
                }
                // `null` is not JSON-RPC's, but clients send it for LSP's `params: void`.
                if !matches!(self.params, None | Some(Kind::Null | Kind::Structured)) {
                    return Some("`params` is an object or an array");
                }
                if self.result.is_some() || self.error.is_some() {
                    return Some("a request has no `result` or `error`");
                }
                None
            }
            Some(_) => Some("`method` is a string"),
            None => match (&self.id, &self.result, &self.error) {
                (None, _, _) => Some("a message has a `method` (or is a response with an `id`)"),
                (Some(Kind::Id(_) | Kind::Null), Some(_), None) => None,
                (Some(Kind::Id(_) | Kind::Null), None, Some(Kind::Structured)) => None,
                (_, Some(_), Some(_)) => Some("a response has `result` or `error`, not both"),
                _ => Some("a response has an `id` and a `result` or an `error` object"),
            },
        }
    }
}

/// Distinguishes a member that is present (even as `null`) from one that is absent.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Kind>, D::Error> {
    Kind::deserialize(d).map(Some)
}

/// What a member's value is, its contents skipped: ids (integers and strings) are kept,
/// being small and echoed in answers.
enum Kind {
    Null,
    Id(Value),
    Structured,
    Other,
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Kind, D::Error> {
        d.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Kind, E> {
        Ok(Kind::Id(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
        Ok(Kind::Id(v.into()))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Kind, E> {
        Ok(Kind::Other)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Id(v.into()))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Kind::Structured)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Kind::Structured)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(body: &str) -> Option<i64> {
        check(body.as_bytes())
            .err()
            .map(|e| e["error"]["code"].as_i64().unwrap())
    }

    #[test]
    fn messages_lsp_sends_pass() {
        for body in [
            r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"shutdown"}"#,
            r#"{"jsonrpc":"2.0","id":2,"method":"shutdown","params":null}"#,
            r#"{"jsonrpc":"2.0","method":"exit"}"#,
            r#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#,
            r#"{"jsonrpc":"2.0","id":3,"result":null}"#,
            r#"{"jsonrpc":"2.0","id":3,"result":[{"a":1}]}"#,
            r#"{"jsonrpc":"2.0","id":null,"error":{"code":-1,"message":"m"}}"#,
            r#"{"method":"exit","jsonrpc":"2.0","extra":{"x":[1,2]}}"#,
        ] {
            assert_eq!(code(body), None, "{body}");
        }
    }

    #[test]
    fn broken_messages_get_the_code_the_spec_names() {
        for (body, expected) in [
            ("{ not json", -32700),
            ("\"\u{fffd}", -32700),
            ("{}", -32600),
            ("[]", -32600),
            ("42", -32600),
            ("null", -32600),
            (r#"{"jsonrpc":"1.0","id":1,"method":"m"}"#, -32600),
            (r#"{"id":1,"method":"m"}"#, -32600),
            (r#"{"jsonrpc":"2.0","id":{},"method":"m"}"#, -32600),
            (r#"{"jsonrpc":"2.0","id":1,"method":7}"#, -32600),
            (
                r#"{"jsonrpc":"2.0","id":1,"method":"m","params":5}"#,
                -32600,
            ),
            (r#"{"jsonrpc":"2.0","id":1,"result":1,"error":{}}"#, -32600),
            (r#"{"jsonrpc":"2.0","result":1}"#, -32600),
            (r#"{"jsonrpc":"2.0","id":1,"method":"m","id":2}"#, -32600),
        ] {
            assert_eq!(code(body), Some(expected), "{body}");
        }
        assert_eq!(
            check(&[b'"', 0xff, b'"']).unwrap_err()["error"]["code"],
            -32700
        );
    }

    #[test]
    fn an_invalid_request_is_answered_with_its_id() {
        let answer = check(br#"{"jsonrpc":"2.0","id":7,"method":"m","params":true}"#);
        assert_eq!(answer.unwrap_err()["id"], 7);
    }
}
