//! A linear pre-scan of YAML (or JSON) text for flow collections (`[...]`,
//! `{...}`) nested deeper than any template needs. The YAML parser refuses
//! such text as well, but only after work that grows with the square of the
//! depth; this scan refuses it first, in one pass.

/// Flow collections nested deeper than this are refused. The YAML reader's
/// own limit is lower (128 levels of any kind), so nothing it would accept
/// is refused here.
pub const MAX_FLOW_DEPTH: usize = 256;

/// Where flow collections first nest deeper than `limit`: a 1-based line
/// and column, or `None` when they never do.
pub fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let mut scan = Scan::default();
    for (number, line) in text.lines().enumerate() {
        if let Some(column) = scan.line(line, limit) {
            return Some((number + 1, column));
        }
    }
    None
}

#[derive(Default)]
struct Scan {
    depth: usize,
    /// Inside a quoted scalar that goes on past the line's end.
    quote: Option<u8>,
    /// The indentation of the line that opened a block scalar (`|`, `>`):
    /// more indented lines are its text.
    block_scalar: Option<usize>,
}

impl Scan {
    /// Scans one line; returns the column where the depth passes `limit`.
    fn line(&mut self, line: &str, limit: usize) -> Option<usize> {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        if let Some(parent) = self.block_scalar {
            if indent > parent || indent == bytes.len() {
                return None;
            }
            self.block_scalar = None;
        }
        // The last meaningful byte before the current one: a quote or a
        // bracket starts a node only after one of these (or at the start).
        let mut before = b'\n';
        let mut i = indent;
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(quote) = self.quote {
                if b == b'\\' && quote == b'"' {
                    i += 2;
                    continue;
                }
                if b == quote {
                    // `''` is an escaped quote inside single quotes.
                    if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    self.quote = None;
                    before = b'x';
                }
                i += 1;
                continue;
            }
            let starts_node = matches!(before, b'\n' | b':' | b'-' | b'?' | b',' | b'[' | b'{');
            match b {
                b'#' if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => break,
                b'"' | b'\'' if starts_node => self.quote = Some(b),
                b'[' | b'{' if starts_node || self.depth > 0 => {
                    self.depth += 1;
                    if self.depth > limit {
                        return Some(i + 1);
                    }
                }
                b']' | b'}' if self.depth > 0 => self.depth -= 1,
                b'|' | b'>' if starts_node && self.depth == 0 => {
                    let rest = line[i + 1..].split(" #").next().unwrap_or_default();
                    if rest.trim().bytes().all(|c| matches!(c, b'+' | b'-' | b'0'..=b'9')) {
                        self.block_scalar = Some(indent);
                        return None;
                    }
                }
                _ => {}
            }
            if b != b' ' && b != b'\t' {
                before = b;
            }
            i += 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_flow_collections_are_found_where_they_pass_the_limit() {
        let deep = format!("Resources:\n  Q:\n    Tags: {}{}\n", "[".repeat(300), "]".repeat(300));
        assert_eq!(too_deep(&deep, MAX_FLOW_DEPTH), Some((3, 11 + MAX_FLOW_DEPTH)));
        let json = format!("{{\"a\": {}{}}}", "{\"b\": ".repeat(300), "}".repeat(300));
        assert!(too_deep(&json, MAX_FLOW_DEPTH).is_some());
    }

    #[test]
    fn brackets_in_scalars_comments_and_block_text_do_not_count() {
        let text = "\
Description: an array x[0] of [things   # a comment [[[[[
Name: 'it''s [[[[ quoted'
Other: \"[[[[\\\" still quoted [[[[\"
Code:
  ZipFile: |
    data = [[[[[[
    {{{{{
Flow: [a, {b: [c]}, \"d]\"]
";
        assert_eq!(too_deep(text, 3), None);
        assert_eq!(too_deep(text, 2), Some((8, 15)));
        let spanning = "List: [\n  [1, 2],\n  [3, [4]]\n]\n";
        assert_eq!(too_deep(spanning, 3), None);
        assert_eq!(too_deep(spanning, 2), Some((3, 7)));
    }
}
