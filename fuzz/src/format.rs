//! The formatter: on every input that parses, it either formats (and the output passes its
//! own verification: it parses, means the same, keeps every comment and formats to itself)
//! or declines with a reason. A failed verification or a panic is a finding.

use formatter::{FormatError, Options};

pub fn check(data: &[u8]) {
    check_text(&crate::input_text(data));
}

pub fn check_text(text: &str) {
    match formatter::format_verified(text, &Options::default()) {
        Ok(_) | Err(FormatError::Syntax(_)) | Err(FormatError::Unsupported(_)) => {}
        Err(FormatError::Verify(why)) => panic!(
            "the formatter's output failed verification: {why}\n{}",
            crate::excerpt(text)
        ),
    }
}
