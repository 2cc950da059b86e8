//! Hashes as Nix names and prints them: four algorithms, four textual encodings, and the
//! XOR folding that shortens a SHA-256 to the 20 bytes of a store path.

use crate::base32;
use base64::Engine;
use std::fmt;
use std::io;
use std::str::FromStr;

/// The hash algorithms Nix knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HashAlgo {
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

impl HashAlgo {
    pub const ALL: [HashAlgo; 4] = [
        HashAlgo::Md5,
        HashAlgo::Sha1,
        HashAlgo::Sha256,
        HashAlgo::Sha512,
    ];

    /// The name Nix prints and parses (`sha256`).
    pub fn name(self) -> &'static str {
        match self {
            HashAlgo::Md5 => "md5",
            HashAlgo::Sha1 => "sha1",
            HashAlgo::Sha256 => "sha256",
            HashAlgo::Sha512 => "sha512",
        }
    }

    /// The digest size in bytes.
    pub fn size(self) -> usize {
        match self {
            HashAlgo::Md5 => 16,
            HashAlgo::Sha1 => 20,
            HashAlgo::Sha256 => 32,
            HashAlgo::Sha512 => 64,
        }
    }

    fn from_name(name: &str) -> Option<HashAlgo> {
        HashAlgo::ALL.into_iter().find(|a| a.name() == name)
    }
}

impl fmt::Display for HashAlgo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for HashAlgo {
    type Err = ParseHashError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        HashAlgo::from_name(s).ok_or_else(|| {
            ParseHashError::new(
                s,
                "unknown hash algorithm (expected md5, sha1, sha256 or sha512)",
            )
        })
    }
}

/// The textual encodings of a digest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// Lowercase hexadecimal.
    Base16,
    /// nix-base32 (see [`crate::base32`]).
    Nix32,
    /// Standard base64 with padding.
    Base64,
    /// Subresource integrity: `sha256-<base64>`, always with the algorithm.
    Sri,
}

/// A text Nix would not accept as a hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseHashError {
    input: String,
    reason: String,
}

impl ParseHashError {
    fn new(input: &str, reason: impl Into<String>) -> Self {
        ParseHashError {
            input: input.to_string(),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ParseHashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid hash '{}': {}", self.input, self.reason)
    }
}

impl std::error::Error for ParseHashError {}

/// A digest and the algorithm that made it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Hash {
    algo: HashAlgo,
    // Fixed storage for the largest digest keeps `Hash` `Copy`; bytes past `size()` are 0.
    bytes: [u8; 64],
}

/// Base64 as Nix decodes it: padding optional, stray low bits in the last digit ignored.
const BASE64: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    base64::engine::GeneralPurposeConfig::new()
        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true),
);

fn base16_len(size: usize) -> usize {
    size * 2
}

fn base64_len(size: usize) -> usize {
    size.div_ceil(3) * 4
}

impl Hash {
    /// A hash from its digest; `None` if the length is not `algo`'s.
    pub fn from_bytes(algo: HashAlgo, digest: &[u8]) -> Option<Hash> {
        if digest.len() != algo.size() {
            return None;
        }
        let mut bytes = [0; 64];
        bytes[..digest.len()].copy_from_slice(digest);
        Some(Hash { algo, bytes })
    }

    /// Hashes `data` in one go.
    pub fn digest(algo: HashAlgo, data: impl AsRef<[u8]>) -> Hash {
        let mut hasher = Hasher::new(algo);
        hasher.update(data.as_ref());
        hasher.finish()
    }

    pub fn algo(&self) -> HashAlgo {
        self.algo
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.algo.size()]
    }

    pub fn to_base16(&self) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(base16_len(self.algo.size()));
        for &b in self.as_bytes() {
            out.push(DIGITS[usize::from(b >> 4)] as char);
            out.push(DIGITS[usize::from(b & 15)] as char);
        }
        out
    }

    pub fn to_nix32(&self) -> String {
        base32::encode(self.as_bytes())
    }

    pub fn to_base64(&self) -> String {
        base64::engine::general_purpose::STANDARD.encode(self.as_bytes())
    }

    pub fn to_sri(&self) -> String {
        format!("{}-{}", self.algo, self.to_base64())
    }

    /// The digest in `encoding`, with the `algo:` prefix if `with_algo` (SRI always has
    /// its `algo-` prefix), as Nix's `Hash::to_string`.
    pub fn encode(&self, encoding: Encoding, with_algo: bool) -> String {
        let digest = match encoding {
            Encoding::Base16 => self.to_base16(),
            Encoding::Nix32 => self.to_nix32(),
            Encoding::Base64 => self.to_base64(),
            Encoding::Sri => return self.to_sri(),
        };
        if with_algo {
            format!("{}:{digest}", self.algo)
        } else {
            digest
        }
    }

    /// Parses any form Nix accepts where the algorithm may be implied: `algo:digest`,
    /// SRI `algo-base64`, or a bare digest if `algo` is given. A prefix that disagrees with
    /// `algo` is an error. (CppNix's `Hash::parseAny`.)
    pub fn parse_any(text: &str, algo: Option<HashAlgo>) -> Result<Hash, ParseHashError> {
        if let Some((prefix, digest, sri)) = split_prefix(text) {
            let prefixed = HashAlgo::from_name(prefix).ok_or_else(|| {
                ParseHashError::new(text, format!("unknown hash algorithm '{prefix}'"))
            })?;
            if let Some(expected) = algo
                && expected != prefixed
            {
                return Err(ParseHashError::new(
                    text,
                    format!("expected a {expected} hash, found {prefixed}"),
                ));
            }
            return parse_digest(text, digest, prefixed, sri);
        }
        match algo {
            Some(algo) => parse_digest(text, text, algo, false),
            None => Err(ParseHashError::new(
                text,
                "the hash algorithm is not given (write 'sha256:…' or an SRI hash 'sha256-…')",
            )),
        }
    }

    /// Parses `algo:digest` or SRI `algo-base64` (CppNix's `Hash::parseAnyPrefixed`).
    pub fn parse_prefixed(text: &str) -> Result<Hash, ParseHashError> {
        Hash::parse_any(text, None)
    }

    /// Parses an SRI hash `algo-base64` only.
    pub fn parse_sri(text: &str) -> Result<Hash, ParseHashError> {
        match split_prefix(text) {
            Some((prefix, digest, true)) => {
                let algo = HashAlgo::from_name(prefix).ok_or_else(|| {
                    ParseHashError::new(text, format!("unknown hash algorithm '{prefix}'"))
                })?;
                parse_digest(text, digest, algo, true)
            }
            _ => Err(ParseHashError::new(text, "not an SRI hash ('algo-base64')")),
        }
    }

    /// Parses a bare digest of a known algorithm in base16, nix-base32 or base64, told
    /// apart by length (CppNix's `Hash::parseNonSRIUnprefixed`).
    pub fn parse_digest(text: &str, algo: HashAlgo) -> Result<Hash, ParseHashError> {
        parse_digest(text, text, algo, false)
    }
}

/// `algo:rest` (not SRI) or `algo-rest` (SRI), split at the first `:` or `-`.
fn split_prefix(text: &str) -> Option<(&str, &str, bool)> {
    if let Some((prefix, rest)) = text.split_once(':') {
        return Some((prefix, rest, false));
    }
    text.split_once('-')
        .map(|(prefix, rest)| (prefix, rest, true))
}

fn parse_digest(
    whole: &str,
    digest: &str,
    algo: HashAlgo,
    sri: bool,
) -> Result<Hash, ParseHashError> {
    let size = algo.size();
    let bytes = if !sri && digest.len() == base16_len(size) {
        decode_base16(digest).map_err(|reason| ParseHashError::new(whole, reason))?
    } else if !sri && digest.len() == base32::encoded_len(size) {
        base32::decode(digest).map_err(|e| ParseHashError::new(whole, e.to_string()))?
    } else if sri || digest.len() == base64_len(size) {
        let bytes = BASE64
            .decode(digest)
            .map_err(|e| ParseHashError::new(whole, format!("invalid base64: {e}")))?;
        if bytes.len() != size {
            return Err(ParseHashError::new(
                whole,
                format!(
                    "a {algo} digest has {size} bytes, this base64 has {}",
                    bytes.len()
                ),
            ));
        }
        bytes
    } else {
        return Err(ParseHashError::new(
            whole,
            format!(
                "wrong length for a {algo} hash (expected {} base16, {} nix-base32 or {} base64 characters)",
                base16_len(size),
                base32::encoded_len(size),
                base64_len(size)
            ),
        ));
    };
    Ok(Hash::from_bytes(algo, &bytes).expect("length checked"))
}

fn decode_base16(text: &str) -> Result<Vec<u8>, String> {
    fn nibble(c: u8) -> Option<u8> {
        (c as char).to_digit(16).map(|d| d as u8)
    }
    text.as_bytes()
        .chunks(2)
        .enumerate()
        .map(|(i, pair)| match (nibble(pair[0]), nibble(pair[1])) {
            (Some(hi), Some(lo)) => Ok(hi << 4 | lo),
            _ => Err(format!("invalid base16 digit near offset {}", 2 * i)),
        })
        .collect()
}

impl fmt::Display for Hash {
    /// SRI, the form current Nix prefers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_sri())
    }
}

impl fmt::Debug for Hash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algo, self.to_base16())
    }
}

impl FromStr for Hash {
    type Err = ParseHashError;
    /// A prefixed or SRI hash.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Hash::parse_prefixed(s)
    }
}

/// An incremental hash; also an `io::Write`, so a NAR can be streamed into it.
#[derive(Clone)]
pub struct Hasher(State);

#[derive(Clone)]
enum State {
    Md5(md5::Md5),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
    Sha512(sha2::Sha512),
}

impl Hasher {
    pub fn new(algo: HashAlgo) -> Hasher {
        use sha2::Digest;
        Hasher(match algo {
            HashAlgo::Md5 => State::Md5(md5::Md5::new()),
            HashAlgo::Sha1 => State::Sha1(sha1::Sha1::new()),
            HashAlgo::Sha256 => State::Sha256(sha2::Sha256::new()),
            HashAlgo::Sha512 => State::Sha512(sha2::Sha512::new()),
        })
    }

    pub fn update(&mut self, data: &[u8]) {
        use sha2::Digest;
        match &mut self.0 {
            State::Md5(h) => h.update(data),
            State::Sha1(h) => h.update(data),
            State::Sha256(h) => h.update(data),
            State::Sha512(h) => h.update(data),
        }
    }

    pub fn finish(self) -> Hash {
        use sha2::Digest;
        let (algo, digest) = match self.0 {
            State::Md5(h) => (HashAlgo::Md5, h.finalize().to_vec()),
            State::Sha1(h) => (HashAlgo::Sha1, h.finalize().to_vec()),
            State::Sha256(h) => (HashAlgo::Sha256, h.finalize().to_vec()),
            State::Sha512(h) => (HashAlgo::Sha512, h.finalize().to_vec()),
        };
        Hash::from_bytes(algo, &digest).expect("digest size")
    }
}

impl io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.update(buf);
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.update(buf);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Folds `digest` to `size` bytes by XOR-ing byte `i` into byte `i % size`: how Nix turns
/// a SHA-256 into the 160-bit hash part of a store path.
pub fn compress_hash(digest: &[u8], size: usize) -> Vec<u8> {
    let mut out = vec![0u8; size];
    if size == 0 {
        return out;
    }
    for (i, b) in digest.iter().enumerate() {
        out[i % size] ^= b;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        // The empty string's digests, as printed by `sha256sum`, `md5sum` &c.
        let cases = [
            (HashAlgo::Md5, "d41d8cd98f00b204e9800998ecf8427e"),
            (HashAlgo::Sha1, "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
            (
                HashAlgo::Sha256,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            ),
        ];
        for (algo, hex) in cases {
            assert_eq!(Hash::digest(algo, b"").to_base16(), hex);
        }
        assert!(
            Hash::digest(HashAlgo::Sha512, b"abc")
                .to_base16()
                .starts_with("ddaf35a193617aba")
        );
    }

    #[test]
    fn every_form_parses_to_the_same_hash() {
        for algo in HashAlgo::ALL {
            let hash = Hash::digest(algo, b"firn");
            let forms = [
                hash.encode(Encoding::Base16, true),
                hash.encode(Encoding::Nix32, true),
                hash.encode(Encoding::Base64, true),
                hash.to_sri(),
                format!("{algo}:{}", hash.to_base16().to_uppercase()),
            ];
            for form in &forms {
                assert_eq!(Hash::parse_prefixed(form).as_ref(), Ok(&hash), "{form}");
                assert_eq!(
                    Hash::parse_any(form, Some(algo)).as_ref(),
                    Ok(&hash),
                    "{form}"
                );
            }
            for bare in [hash.to_base16(), hash.to_nix32(), hash.to_base64()] {
                assert_eq!(Hash::parse_any(&bare, Some(algo)), Ok(hash), "{bare}");
                assert_eq!(Hash::parse_digest(&bare, algo), Ok(hash), "{bare}");
                assert!(Hash::parse_prefixed(&bare).is_err(), "{bare}");
            }
            // SRI without padding, as Nix's decoder accepts.
            let unpadded = hash.to_sri().trim_end_matches('=').to_string();
            assert_eq!(Hash::parse_sri(&unpadded), Ok(hash));
        }
    }

    #[test]
    fn parse_errors_say_why() {
        let sha256 = Hash::digest(HashAlgo::Sha256, b"x");
        let err = |s: &str, algo| Hash::parse_any(s, algo).unwrap_err().to_string();
        assert_eq!(
            err("sha3:abc", None),
            "invalid hash 'sha3:abc': unknown hash algorithm 'sha3'"
        );
        assert!(
            err(&sha256.encode(Encoding::Nix32, true), Some(HashAlgo::Sha1))
                .contains("expected a sha1 hash, found sha256")
        );
        assert!(err("sha256:abcd", None).contains("wrong length for a sha256 hash"));
        assert!(err(&format!("sha1:{}", "g".repeat(40)), None).contains("invalid base16 digit"));
        let mut bad32 = sha256.to_nix32();
        bad32.replace_range(0..1, "e");
        assert!(err(&bad32, Some(HashAlgo::Sha256)).contains("invalid nix-base32 character 'e'"));
        assert!(err("sha256-AAAA", None).contains("has 32 bytes, this base64 has 3"));
        assert!(err("abc", None).contains("algorithm is not given"));
    }

    #[test]
    fn compress_folds_with_xor() {
        let digest: Vec<u8> = (1..=32).collect();
        let folded = compress_hash(&digest, 20);
        assert_eq!(folded.len(), 20);
        // Bytes 20..32 (values 21..=32) fold onto positions 0..12.
        assert_eq!(folded[0], 1 ^ 21);
        assert_eq!(folded[11], 12 ^ 32);
        assert_eq!(folded[12], 13);
        assert_eq!(compress_hash(&digest, 32), digest);
    }

    #[test]
    fn hasher_is_incremental() {
        let mut h = Hasher::new(HashAlgo::Sha256);
        h.update(b"fi");
        io::Write::write_all(&mut h, b"rn").unwrap();
        assert_eq!(h.finish(), Hash::digest(HashAlgo::Sha256, b"firn"));
    }
}
