//! The RFC 166 formatter: prints Nix code exactly as nixfmt 1.x does, from firn's syntax
//! tree.
//!
//! The pipeline: `lower` reads the CST into nixfmt's AST shape, attaching comments to
//! tokens; `rules` turns it into a document (`doc`) of groups and line breaks; `layout`
//! prints the document at the requested width. Rules and layout never meet: the rules say
//! where a line *may* break, the layout decides.
//!
//! Invariants (see `ARCHITECTURE.md`): a file with syntax errors is refused, never
//! formatted; the output parses to the same tree as the input, trivia aside (`verify`);
//! formatting is idempotent; no comment is lost.

mod ast;
mod doc;
mod green;
mod layout;
mod lower;
mod range;
mod rules;
mod source;
mod strings;
mod trivia;
mod verify;

pub use range::{Edit, format_range};
use syntax::SyntaxError;

/// Formatting options, nixfmt's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Maximum line width in characters, leading indentation not counted.
    pub width: usize,
    /// Spaces per indentation level.
    pub indent: usize,
    /// nixfmt's `--strict`: ignore where the input breaks lines.
    pub strict: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: 100,
            indent: 2,
            strict: false,
        }
    }
}

/// Why a text could not be formatted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// The input has syntax errors; it is left untouched.
    Syntax(Vec<SyntaxError>),
    /// The input uses something the formatter cannot print (a bug, reported, never hidden).
    Unsupported(String),
    /// The output failed verification (a bug in the formatter; the input is kept).
    Verify(String),
}

impl std::fmt::Display for FormatError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FormatError::Syntax(errors) => match errors.first() {
                Some(e) => write!(f, "{}", e.message),
                None => write!(f, "syntax error"),
            },
            FormatError::Unsupported(m) => write!(f, "{m}"),
            FormatError::Verify(m) => write!(f, "formatter bug, output rejected: {m}"),
        }
    }
}

/// Errors that make a file unformattable: what nixfmt's parser rejects. (CppNix's other
/// checks, such as undefined variables, do not stop formatting; `lower` rejects what nixfmt
/// rejects beyond the grammar.)
fn blocking_errors(parse: &syntax::Parse) -> Vec<SyntaxError> {
    parse.errors().to_vec()
}

/// Stack for deep input: the rules recurse once per nesting level, and the parser allows
/// 1500 levels. Reserved, not committed: untouched pages cost nothing.
const STACK_SIZE: usize = 512 << 20;

/// Trees at most this deep are formatted on the caller's thread, assumed to have Rust's
/// default 2 MiB stack (measured: a debug build needs about 60 KiB a level, a release build
/// under 8 KiB). Deeper ones get a thread with [`STACK_SIZE`]: spawning one per file would
/// cost more than formatting a typical file.
const INLINE_DEPTH: usize = if cfg!(debug_assertions) { 16 } else { 128 };

/// Runs `f` with enough stack for the tree `parse`: inline, or on a thread with
/// [`STACK_SIZE`].
fn with_stack_for<T: Send>(parse: &syntax::Parse, f: impl FnOnce() -> T + Send) -> T {
    if parse.height() as usize <= INLINE_DEPTH {
        return f();
    }
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, f)
            .expect("cannot start a formatting thread")
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The longest application chain `f a1 … an` the formatter takes: nixfmt's layout of a
/// chain nests one group per argument, and measuring them all is quadratic (3,000 arguments
/// take a second, 20,000 a minute and a half). Real code stays far below.
const MAX_ARGUMENTS: usize = 4000;

/// The start and argument count of the longest application chain, found without recursion;
/// `None` without a walk when the tree is too low to hold one over [`MAX_ARGUMENTS`].
fn longest_application(parse: &syntax::Parse) -> Option<(usize, usize)> {
    use syntax::SyntaxKind::APPLY;
    if parse.height() as usize <= MAX_ARGUMENTS {
        return None;
    }
    parse
        .syntax()
        .descendants()
        .filter(|n| n.kind() == APPLY && n.parent().is_none_or(|p| p.kind() != APPLY))
        .map(|outer| {
            let mut args = 1;
            let mut node = outer.clone();
            while let Some(inner) = node.first_child().filter(|c| c.kind() == APPLY) {
                args += 1;
                node = inner;
            }
            (usize::from(outer.text_range().start()), args)
        })
        .max_by_key(|&(_, args)| args)
}

/// Formats a whole file.
pub fn format(text: &str, options: &Options) -> Result<String, FormatError> {
    let parse = syntax::parse(text);
    with_stack_for(&parse, || format_parsed(text, &parse, options, 0))
}

/// Formats on the current thread (whose stack the caller has seen to).
fn format_here(text: &str, options: &Options) -> Result<String, FormatError> {
    format_parsed(text, &syntax::parse(text), options, 0)
}

/// Formats on the current thread with every line indented by `base` columns more (the
/// first line's indentation is trimmed like the rest of the output's edges).
fn format_at(text: &str, options: &Options, base: usize) -> Result<String, FormatError> {
    format_parsed(text, &syntax::parse(text), options, base)
}

fn format_parsed(
    text: &str,
    parse: &syntax::Parse,
    options: &Options,
    base: usize,
) -> Result<String, FormatError> {
    let errors = blocking_errors(parse);
    if !errors.is_empty() {
        return Err(FormatError::Syntax(errors));
    }
    if let Some((offset, args)) = longest_application(parse).filter(|a| a.1 > MAX_ARGUMENTS) {
        return Err(FormatError::Unsupported(format!(
            "an application of {args} arguments at byte {offset}: firn fmt formats at most \
             {MAX_ARGUMENTS} (its layout time grows with the square of the chain), so the \
             file is left as it is"
        )));
    }
    let mut whole =
        lower::lower_file(text, parse.green(), options.strict).map_err(|e| match e {
            lower::Error::Invalid(e) => FormatError::Syntax(vec![e]),
            lower::Error::Unsupported(m) => FormatError::Unsupported(m),
        })?;
    // Leading blank lines are dropped from the output, so they must not steer the layout.
    let first = whole.expr.first();
    let blank = first
        .pre
        .iter()
        .take_while(|t| **t == ast::Trivium::EmptyLine)
        .count();
    first.pre.drain(..blank);
    let mut d = rules::pretty_whole(whole);
    if text.contains("nixfmt:disable") {
        d = doc::remove_unmatched_disables(d);
    }
    let d = doc::fixup(d);
    let eof_region = layout::ends_with_eof_region(&d);
    let out = layout::layout(d, options.width, options.indent, base);
    Ok(if eof_region {
        out.trim_start().to_string()
    } else {
        let mut s = out.trim().to_string();
        s.push('\n');
        s
    })
}

/// Formats and checks the result (nixfmt's `--verify`): the output parses, means what the
/// input meant, keeps every comment and formats to itself.
pub fn format_verified(text: &str, options: &Options) -> Result<String, FormatError> {
    let parse = syntax::parse(text);
    with_stack_for(&parse, || {
        let out = format_parsed(text, &parse, options, 0)?;
        check_output(text, &out, options)?;
        Ok(out)
    })
}

fn check_output(input: &str, out: &str, options: &Options) -> Result<(), FormatError> {
    same_meaning(input, out)?;
    match format_here(out, options) {
        Ok(again) if again == out => Ok(()),
        Ok(_) => Err(FormatError::Verify(
            "formatting is not idempotent here".into(),
        )),
        Err(e) => Err(FormatError::Verify(format!(
            "the output cannot be formatted again: {e}"
        ))),
    }
}

/// `out` parses, to the same tree as `input` (trivia aside), with the same comments.
fn same_meaning(input: &str, out: &str) -> Result<(), FormatError> {
    let reparsed = syntax::parse(out);
    if let Some(e) = blocking_errors(&reparsed).first() {
        let message = format!("the output does not parse: {}", e.message);
        return Err(FormatError::Verify(message));
    }
    let before = verify::meaning(&syntax::parse(input).syntax());
    let after = verify::meaning(&reparsed.syntax());
    if before != after {
        return Err(FormatError::Verify(before.difference(&after)));
    }
    Ok(())
}
