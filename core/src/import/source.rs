//! Pointing into a source file for messages and the report: the line of a byte offset, found in
//! logarithmic time so that naming the line of every record stays linear in the file, and a value quoted
//! short, cut at a character and never inside one.

/// At most 80 characters of a value quoted in a message (whole characters, never a split one).
pub fn shorten(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}...", s.get(..i).unwrap_or(s)),
        None => s.to_string(),
    }
}

/// Line numbers of byte offsets in one text, found by binary search over the line starts (built once, in
/// one pass): asking for the line of every record stays linear in the file, where counting newlines from
/// the start each time would be quadratic.
pub struct LineIndex<'a> {
    content: &'a [u8],
    /// The byte offset where each line after the first starts.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `content`'s lines.
    pub fn new(content: &'a str) -> LineIndex<'a> {
        let content = content.as_bytes();
        let starts = content
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i + 1)
            .collect();
        LineIndex { content, starts }
    }

    /// The 1-based line of the byte at `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset) + 1
    }

    /// The 1-based line of a record that the csv crate says starts at `offset`: its position may be the
    /// blank lines before it (skipped by the reader), so those are stepped over first.
    pub fn record_line(&self, offset: u64) -> usize {
        let mut at = usize::try_from(offset).unwrap_or(usize::MAX);
        while self
            .content
            .get(at)
            .is_some_and(|b| *b == b'\n' || *b == b'\r')
        {
            at += 1;
        }
        self.line(at)
    }
}
