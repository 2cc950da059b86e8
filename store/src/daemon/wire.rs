//! The worker protocol's wire format: every number a little-endian u64, a string its length,
//! its bytes and zero padding to a multiple of 8, a list its count then its items; "framed"
//! data is chunks of `u64 length, bytes` ended by an empty chunk (CppNix `serialise.hh`,
//! `worker-protocol.hh`).

use std::io::{self, Read, Write};

/// Longest string accepted from the daemon (an error message with its log lines is far
/// smaller; anything near this is a desynchronised stream).
const MAX_STRING: u64 = 64 << 20;

pub fn write_u64(out: &mut impl Write, n: u64) -> io::Result<()> {
    out.write_all(&n.to_le_bytes())
}

pub fn write_bool(out: &mut impl Write, b: bool) -> io::Result<()> {
    write_u64(out, b as u64)
}

pub fn write_bytes(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    write_u64(out, bytes.len() as u64)?;
    out.write_all(bytes)?;
    out.write_all(&[0; 8][..padding(bytes.len() as u64)])
}

pub fn write_strings<S: AsRef<str>>(out: &mut impl Write, items: &[S]) -> io::Result<()> {
    write_u64(out, items.len() as u64)?;
    for s in items {
        write_bytes(out, s.as_ref().as_bytes())?;
    }
    Ok(())
}

/// Sends `data` as framed chunks and the closing empty chunk.
pub fn write_framed(out: &mut impl Write, mut data: impl Read) -> io::Result<()> {
    let mut buf = vec![0; 64 * 1024];
    loop {
        let n = data.read(&mut buf)?;
        if n == 0 {
            return write_u64(out, 0);
        }
        write_u64(out, n as u64)?;
        out.write_all(&buf[..n])?;
    }
}

fn padding(len: u64) -> usize {
    ((8 - len % 8) % 8) as usize
}

pub fn read_u64(input: &mut impl Read) -> io::Result<u64> {
    let mut bytes = [0; 8];
    input.read_exact(&mut bytes)?;
    Ok(u64::from_le_bytes(bytes))
}

pub fn read_bool(input: &mut impl Read) -> io::Result<bool> {
    Ok(read_u64(input)? != 0)
}

pub fn read_bytes(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let len = read_u64(input)?;
    if len > MAX_STRING {
        return Err(invalid(format!(
            "the daemon sent a string of {len} bytes: the stream is out of step"
        )));
    }
    let mut bytes = vec![0; len as usize];
    input.read_exact(&mut bytes)?;
    let mut pad = [0; 8];
    let pad = &mut pad[..padding(len)];
    input.read_exact(pad)?;
    if pad.iter().any(|&b| b != 0) {
        return Err(invalid("non-zero padding after a string".into()));
    }
    Ok(bytes)
}

/// A string, with any invalid UTF-8 replaced (paths and messages are UTF-8 in practice;
/// a stray byte in a log line must not end the connection).
pub fn read_string(input: &mut impl Read) -> io::Result<String> {
    let bytes = read_bytes(input)?;
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into()))
}

pub fn read_strings(input: &mut impl Read) -> io::Result<Vec<String>> {
    let n = read_u64(input)?;
    if n > MAX_STRING {
        return Err(invalid(format!("the daemon sent a list of {n} items")));
    }
    (0..n).map(|_| read_string(input)).collect()
}

pub fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_padded_to_eight_bytes() {
        let mut out = Vec::new();
        write_bytes(&mut out, b"abc").unwrap();
        assert_eq!(out, b"\x03\0\0\0\0\0\0\0abc\0\0\0\0\0");
        assert_eq!(read_bytes(&mut &out[..]).unwrap(), b"abc");
        let mut bad = out.clone();
        bad[15] = 1;
        assert!(read_bytes(&mut &bad[..]).is_err());
    }

    #[test]
    fn framed_data_ends_with_an_empty_chunk() {
        let mut out = Vec::new();
        write_framed(&mut out, &b"hello"[..]).unwrap();
        assert_eq!(out, b"\x05\0\0\0\0\0\0\0hello\0\0\0\0\0\0\0\0");
    }
}
