//! nix-base32: Nix's own base-32 encoding of hashes, used in store paths and `nix-hash
//! --base32`.
//!
//! It differs from RFC 4648 in two ways: the alphabet drops `e`, `o`, `u` and `t` (so that
//! encoded hashes cannot spell words), and the digits are taken from the *end* of the byte
//! string, least significant bits first: the first character encodes the top bits of the
//! last byte. There is no padding; an `n`-byte string has `ceil(8n / 5)` characters.

use std::fmt;

/// The 32 digits, in value order.
pub const ALPHABET: &[u8; 32] = b"0123456789abcdfghijklmnpqrsvwxyz";

/// The number of characters that encode `bytes` bytes.
pub const fn encoded_len(bytes: usize) -> usize {
    if bytes == 0 {
        0
    } else {
        (bytes * 8 - 1) / 5 + 1
    }
}

/// Encodes `bytes` in nix-base32.
pub fn encode(bytes: &[u8]) -> String {
    let len = encoded_len(bytes.len());
    let mut out = String::with_capacity(len);
    // Character `k` (from the left) holds bits 5n..5n+5 of the string read as one
    // little-endian number, where n = len - 1 - k.
    for n in (0..len).rev() {
        let bit = n * 5;
        let (i, j) = (bit / 8, bit % 8);
        let low = bytes[i] >> j;
        let high = match bytes.get(i + 1) {
            Some(&next) if j > 3 => next << (8 - j),
            _ => 0,
        };
        out.push(ALPHABET[usize::from((low | high) & 0x1f)] as char);
    }
    out
}

/// Why a nix-base32 string was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// The text has a character outside the alphabet (at this byte offset).
    InvalidChar { offset: usize, char: char },
    /// The text's length cannot encode a whole number of bytes.
    InvalidLength { len: usize },
    /// The highest digit sets bits beyond the decoded length: the text is not the canonical
    /// encoding of any byte string.
    NonZeroPadding,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::InvalidChar { offset, char } => {
                write!(
                    f,
                    "invalid nix-base32 character {char:?} at offset {offset}"
                )
            }
            DecodeError::InvalidLength { len } => {
                write!(f, "invalid nix-base32 length {len}")
            }
            DecodeError::NonZeroPadding => {
                write!(f, "invalid nix-base32: bits set beyond the encoded length")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// The value of one nix-base32 digit.
fn digit(c: u8) -> Option<u8> {
    ALPHABET.iter().position(|&a| a == c).map(|v| v as u8)
}

/// The number of bytes a text of `chars` characters decodes to, if any length does.
pub fn decoded_len(chars: usize) -> Option<usize> {
    // Invert `encoded_len`: the largest byte count whose encoding has this many characters.
    let bytes = chars * 5 / 8;
    (encoded_len(bytes) == chars).then_some(bytes)
}

/// Decodes nix-base32 text. Rejects characters outside the alphabet, lengths no byte string
/// encodes to, and set bits beyond the last byte (so that every byte string has exactly one
/// encoding, as in Nix).
pub fn decode(text: &str) -> Result<Vec<u8>, DecodeError> {
    let chars = text.as_bytes();
    let len = decoded_len(chars.len()).ok_or(DecodeError::InvalidLength { len: chars.len() })?;
    let mut out = vec![0u8; len];
    for (k, &c) in chars.iter().enumerate() {
        let value = digit(c).ok_or_else(|| DecodeError::InvalidChar {
            offset: k,
            char: text[k..].chars().next().unwrap_or('?'),
        })?;
        let n = chars.len() - 1 - k;
        let bit = n * 5;
        let (i, j) = (bit / 8, bit % 8);
        out[i] |= value << j;
        let carry = u16::from(value) >> (8 - j);
        if carry != 0 {
            match out.get_mut(i + 1) {
                Some(next) => *next |= carry as u8,
                None => return Err(DecodeError::NonZeroPadding),
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_match_nix_hash_sizes() {
        // md5, sha1, sha256, sha512 and the 20-byte store path hash.
        assert_eq!(encoded_len(16), 26);
        assert_eq!(encoded_len(20), 32);
        assert_eq!(encoded_len(32), 52);
        assert_eq!(encoded_len(64), 103);
        for bytes in 0..100 {
            assert_eq!(decoded_len(encoded_len(bytes)), Some(bytes), "{bytes}");
        }
        assert_eq!(decoded_len(3), None);
    }

    #[test]
    fn bit_order_by_hand() {
        // One byte 0b1010_0110 = 0xa6 is two digits: the low 5 bits (00110 = 6) come last,
        // the high 3 bits (101 = 5) first.
        assert_eq!(encode(&[0xa6]), "56");
        // Two bytes [0x01, 0x80]: as a little-endian number 0x8001 = 1000 0000 0000 0001b,
        // digits from the top: bit 15 -> 1, then 00000, 00000, 00001.
        assert_eq!(encode(&[0x01, 0x80]), "1001");
        assert_eq!(decode("1001").unwrap(), vec![0x01, 0x80]);
        assert_eq!(encode(&[0xff; 5]), "zzzzzzzz");
        assert_eq!(encode(&[]), "");
    }

    #[test]
    fn round_trips() {
        let mut state = 0x1234_5678_u32;
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    (state >> 16) as u8
                })
                .collect();
            let text = encode(&bytes);
            assert_eq!(text.len(), encoded_len(len));
            assert_eq!(decode(&text).unwrap(), bytes);
        }
    }

    #[test]
    fn rejects_bad_input() {
        assert_eq!(
            decode("1e01"),
            Err(DecodeError::InvalidChar {
                offset: 1,
                char: 'e'
            })
        );
        // Offsets are in bytes, the character is whole.
        assert_eq!(
            decode("10é1").unwrap_err().to_string(),
            "invalid nix-base32 character 'é' at offset 2"
        );
        assert_eq!(
            decode("0U"),
            Err(DecodeError::InvalidChar {
                offset: 1,
                char: 'U'
            })
        );
        // Two digits carry 10 bits for one byte: the first digit may only use 3 of them.
        assert_eq!(decode("70").unwrap(), vec![0xe0]);
        assert_eq!(decode("80"), Err(DecodeError::NonZeroPadding));
        assert_eq!(decode("z"), Err(DecodeError::InvalidLength { len: 1 }));
    }
}
