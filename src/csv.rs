//! CSV as RFC 4180 writes it, read from text that may be hostile (a file a tracker
//! exported, or anything pasted).
//!
//! * Records end with CRLF, LF or a lone CR; the last may have no line end.
//! * A field in double quotes may hold separators, line ends and quotes written twice
//!   (`""`). Text after a closing quote, up to the next separator, is kept as it is
//!   (RFC 4180 forbids it; spreadsheets write it anyway). A quote inside an unquoted
//!   field is an ordinary character. A quoted field still open at the end of the text
//!   is an error: the file was cut short.
//! * A byte-order mark at the start is dropped. Blank lines (records of one empty
//!   field) are skipped.
//! * The separator is the header line's: a tab if it has one (cells copied from a
//!   spreadsheet), else a semicolon if it has one and no comma (spreadsheets in
//!   locales with a decimal comma), else a comma. Separators inside quotes do not
//!   count.
//!
//! Work is bounded by the limits, not by the input: at most [`MAX_BYTES`] of text,
//! [`MAX_ROWS`] rows after the header (blank lines count) and [`MAX_COLUMNS`] fields a record. Records
//! are read one at a time ([`Reader`]), so a reader keeps only the fields it needs.

/// The most text read, in bytes (as the page's file picker allows).
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// The most rows read after the header, blank lines included.
pub const MAX_ROWS: usize = 5_000;

/// The most fields in one record.
pub const MAX_COLUMNS: usize = 1_000;

/// Why the text could not be read. Rows are counted as a spreadsheet shows them: the
/// header is row 1, and a record with line ends inside quotes is one row.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    #[error("The CSV is larger than 4 MB: export fewer issues or fewer columns.")]
    TooLarge,
    #[error("The CSV has more than 5,000 rows: export fewer issues.")]
    TooManyRows,
    #[error("Row {0} has more than 1,000 columns.")]
    TooManyColumns(usize),
    #[error(
        "Row {0}: a quoted cell is not closed (a \" is missing), so the file may be cut short."
    )]
    Unclosed(usize),
}

/// The records of a CSV text, one at a time; it stops after the first error.
pub struct Reader<'a> {
    text: &'a str,
    /// Where the next record starts (a byte offset: every byte the reader stops at is
    /// ASCII, so every offset is a character boundary).
    at: usize,
    separator: u8,
    /// The records read so far, blank lines included.
    rows: usize,
    stopped: bool,
}

impl<'a> Reader<'a> {
    /// A reader of `text`.
    ///
    /// # Errors
    /// The text is over [`MAX_BYTES`].
    pub fn new(text: &'a str) -> Result<Self, CsvError> {
        if text.len() > MAX_BYTES {
            return Err(CsvError::TooLarge);
        }
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        Ok(Self {
            text,
            at: 0,
            separator: separator(text),
            rows: 0,
            stopped: false,
        })
    }

    /// The row of the record read last, as a spreadsheet numbers it (blank lines
    /// count).
    pub fn row(&self) -> usize {
        self.rows
    }

    /// The separator in use: `b','`, `b';'` or `b'\t'`.
    pub fn separator(&self) -> u8 {
        self.separator
    }

    /// The offset of the first separator or line end at or after `from`, or the end.
    fn field_end(&self, from: usize) -> usize {
        let sep = self.separator;
        self.text.as_bytes()[from..]
            .iter()
            .position(|&b| b == sep || b == b'\n' || b == b'\r')
            .map_or(self.text.len(), |i| from + i)
    }

    /// Reads the record at `self.at`, and moves past its line end.
    fn record(&mut self) -> Result<Vec<String>, CsvError> {
        let bytes = self.text.as_bytes();
        let row = self.rows;
        let mut fields = Vec::new();
        loop {
            let mut field = String::new();
            if bytes.get(self.at) == Some(&b'"') {
                self.at += 1;
                loop {
                    let Some(quote) = bytes[self.at..].iter().position(|&b| b == b'"') else {
                        return Err(CsvError::Unclosed(row));
                    };
                    field.push_str(&self.text[self.at..self.at + quote]);
                    self.at += quote + 1;
                    if bytes.get(self.at) != Some(&b'"') {
                        break;
                    }
                    field.push('"');
                    self.at += 1;
                }
            }
            let end = self.field_end(self.at);
            field.push_str(&self.text[self.at..end]);
            self.at = end;
            if fields.len() == MAX_COLUMNS {
                return Err(CsvError::TooManyColumns(row));
            }
            fields.push(field);
            match bytes.get(self.at) {
                Some(&b) if b == self.separator => self.at += 1,
                Some(b'\r') => {
                    self.at += 1;
                    if bytes.get(self.at) == Some(&b'\n') {
                        self.at += 1;
                    }
                    return Ok(fields);
                }
                Some(_) => {
                    self.at += 1;
                    return Ok(fields);
                }
                None => return Ok(fields),
            }
        }
    }
}

impl Iterator for Reader<'_> {
    type Item = Result<Vec<String>, CsvError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.stopped && self.at < self.text.len() {
            self.rows += 1;
            let record = if self.rows > MAX_ROWS + 1 {
                Err(CsvError::TooManyRows)
            } else {
                self.record()
            };
            if matches!(&record, Ok(fields) if fields.len() == 1 && fields[0].is_empty()) {
                continue;
            }
            self.stopped = record.is_err();
            return Some(record);
        }
        None
    }
}

/// The header line's separator (see the module's documentation).
fn separator(text: &str) -> u8 {
    let (mut quoted, mut tab, mut semicolon, mut comma) = (false, false, false, false);
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            b'\t' if !quoted => tab = true,
            b';' if !quoted => semicolon = true,
            b',' if !quoted => comma = true,
            _ => {}
        }
    }
    if tab {
        b'\t'
    } else if semicolon && !comma {
        b';'
    } else {
        b','
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Vec<Vec<String>>, CsvError> {
        Reader::new(text)?.collect()
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        read(text).unwrap()
    }

    #[test]
    fn quoted_fields_hold_separators_quotes_and_line_ends() {
        let text = "\u{FEFF}Issue key,Summary,Status\r\n\
                    ML-1,\"Clean data, then \"\"repair\"\" it\",Done\r\n\
                    ML-2,\"Two\r\nlines\",In Progress\r\n";
        assert_eq!(
            rows(text),
            [
                vec!["Issue key", "Summary", "Status"],
                vec!["ML-1", "Clean data, then \"repair\" it", "Done"],
                vec!["ML-2", "Two\r\nlines", "In Progress"],
            ]
        );
    }

    #[test]
    fn line_ends_blank_lines_and_empty_fields() {
        assert_eq!(
            rows("a,b\n\n1,\r\r2,3"),
            [["a", "b"], ["1", ""], ["2", "3"]]
        );
        assert_eq!(rows("a,b\n,\n"), [["a", "b"], ["", ""]]);
        // Rows are numbered as a spreadsheet shows them, blank lines included.
        let mut r = Reader::new("a\n\n\"b\nc\"\nd").unwrap();
        let numbered: Vec<usize> = std::iter::from_fn(|| r.next().map(|_| r.row())).collect();
        assert_eq!(numbered, [1, 3, 4]);
        assert_eq!(rows(""), Vec::<Vec<String>>::new());
        assert_eq!(rows("\u{FEFF}"), Vec::<Vec<String>>::new());
        // A record of one empty field is a blank line, quoted or not.
        assert_eq!(rows("\"\"\n"), Vec::<Vec<String>>::new());
    }

    #[test]
    fn stray_quotes_are_kept_and_an_unclosed_one_is_an_error() {
        assert_eq!(rows("a,b\n5\" disk,x"), [["a", "b"], ["5\" disk", "x"]]);
        assert_eq!(rows("\"a\"b,c"), [["ab", "c"]]);
        assert_eq!(read("a,b\n1,2\n\"open,3"), Err(CsvError::Unclosed(3)));
        // The error names the row as a spreadsheet counts it.
        assert_eq!(read("\"a\nb\"\n\"x"), Err(CsvError::Unclosed(2)));
    }

    #[test]
    fn the_separator_is_the_header_lines() {
        let tabs = Reader::new("Name\tStatus, more\n").unwrap();
        assert_eq!(tabs.separator(), b'\t');
        assert_eq!(rows("a;b\n1,5;2"), [["a", "b"], ["1,5", "2"]]);
        assert_eq!(Reader::new("\"a;b\",c").unwrap().separator(), b',');
        assert_eq!(Reader::new("a;b,c").unwrap().separator(), b',');
        assert_eq!(Reader::new("\"x\ty\"").unwrap().separator(), b',');
    }

    #[test]
    fn limits_on_bytes_rows_and_columns_are_errors_not_work() {
        let big = "a".repeat(MAX_BYTES + 1);
        assert_eq!(read(&big).err(), Some(CsvError::TooLarge));
        let many = "x\n".repeat(MAX_ROWS + 1);
        assert_eq!(read(&many).unwrap().len(), MAX_ROWS + 1);
        let more = "x\n".repeat(MAX_ROWS + 2);
        assert_eq!(read(&more), Err(CsvError::TooManyRows));
        let wide = ",".repeat(MAX_COLUMNS);
        assert_eq!(
            read(&format!("a\n{wide}")),
            Err(CsvError::TooManyColumns(2))
        );
        assert_eq!(
            read(&",".repeat(MAX_COLUMNS - 1)).unwrap()[0].len(),
            MAX_COLUMNS
        );
        // A reader stops at its first error.
        let mut r = Reader::new("\"").unwrap();
        assert!(r.next().unwrap().is_err());
        assert_eq!(r.next(), None);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        /// A record as RFC 4180 writes it: every field quoted.
        fn write(records: &[Vec<String>], separator: char, line_end: &str) -> String {
            records
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
                        .collect::<Vec<_>>()
                        .join(&separator.to_string())
                })
                .collect::<Vec<_>>()
                .join(line_end)
        }

        proptest! {
            #[test]
            fn any_text_is_read_or_refused_without_panicking(text in any::<String>()) {
                if let Ok(r) = Reader::new(&text) {
                    for record in r {
                        let Ok(record) = record else { break };
                        prop_assert!(!record.is_empty() && record.len() <= MAX_COLUMNS);
                    }
                }
            }

            #[test]
            fn text_of_quotes_separators_and_line_ends_never_panics(
                text in "[\"\r\n,;\tab\u{FEFF}é]{0,64}"
            ) {
                let _ = read(&text);
            }

            #[test]
            fn written_records_read_back_the_same(
                records in prop::collection::vec(
                    prop::collection::vec("[a-z\"\r\n,;\t é]{0,8}", 2..5), 1..6),
                sep in prop::sample::select(vec![',', ';', '\t']),
                crlf in any::<bool>(),
            ) {
                let text = write(&records, sep, if crlf { "\r\n" } else { "\n" });
                prop_assert_eq!(read(&text).unwrap(), records);
            }
        }
    }
}
