//! `--max-memory`: how much memory an evaluation may use before it stops with an error,
//! rather than growing until the kernel kills the process (and, on the way, the machine
//! starts swapping). The default is three quarters of the machine's memory.

/// A size as users write it: bytes, or a number with `K`, `M`, `G` or `T` (powers of 1024,
/// an optional `iB`/`B` after them); `none` for no limit.
pub fn parse_size(text: &str) -> Result<MemoryLimit, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") {
        return Ok(MemoryLimit(None));
    }
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let number: u64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size (examples: 4G, 512M, none)"))?;
    let shift = match unit
        .trim()
        .to_ascii_uppercase()
        .trim_end_matches("IB")
        .trim_end_matches('B')
    {
        "" => 0,
        "K" => 10,
        "M" => 20,
        "G" => 30,
        "T" => 40,
        _ => return Err(format!("`{text}`: the unit is one of K, M, G, T")),
    };
    number
        .checked_mul(1 << shift)
        .map(|bytes| MemoryLimit(Some(bytes)))
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// A ceiling in bytes; `None` for no limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemoryLimit(pub Option<u64>);

impl MemoryLimit {
    /// Three quarters of physical memory (Linux's `MemTotal`), or no limit where that is
    /// not known.
    pub fn default_for_machine() -> MemoryLimit {
        let total = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|info| {
                let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
                let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
                Some(kib * 1024)
            });
        MemoryLimit(total.map(|bytes| bytes / 4 * 3))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("512"), Ok(MemoryLimit(Some(512))));
        assert_eq!(parse_size("4G"), Ok(MemoryLimit(Some(4 << 30))));
        assert_eq!(parse_size("300MiB"), Ok(MemoryLimit(Some(300 << 20))));
        assert_eq!(parse_size("2 kb"), Ok(MemoryLimit(Some(2 << 10))));
        assert_eq!(parse_size("none"), Ok(MemoryLimit(None)));
        assert!(parse_size("4X").is_err());
        assert!(parse_size("G").is_err());
        assert!(parse_size("99999999999T").is_err());
    }
}
