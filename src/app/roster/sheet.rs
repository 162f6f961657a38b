//! A roster spreadsheet as cadres have it, read into rows of text with their line numbers: an
//! Excel or WPS workbook (.xlsx, .xls, .ods: its first sheet, by calamine), or CSV in UTF-8 (with
//! or without BOM) or GBK/GB18030 as Excel saves it on Chinese Windows (the csv crate).

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

/// A row of the sheet and the line (1-based) it is on.
pub type Record = (usize, Vec<String>);

/// Why a file cannot be read as a roster.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("the workbook cannot be read: {0}")]
    Workbook(String),
    #[error("the workbook has no sheet")]
    NoSheet,
    #[error("line {0}: not CSV: {1}")]
    Csv(usize, String),
}

impl SheetError {
    /// The line a problem is reported on.
    pub fn line(&self) -> usize {
        match self {
            SheetError::Csv(line, _) => *line,
            _ => 1,
        }
    }
}

/// The rows of a workbook or CSV file; blank rows are left out.
pub fn records(bytes: &[u8]) -> Result<Vec<Record>, SheetError> {
    if is_workbook(bytes) {
        workbook(bytes)
    } else {
        csv_records(&decode(bytes))
    }
}

/// Zip (xlsx, ods) and OLE (xls) files start with their magic numbers; CSV is text.
fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

/// UTF-8 (a BOM is dropped), else GB18030, the superset of GBK that Excel writes as "ANSI".
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            text.into_owned()
        }
    }
}

fn blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

fn csv_records(text: &str) -> Result<Vec<Record>, SheetError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut lines = Lines::default();
    let mut out = vec![];
    for result in reader.records() {
        let record = result.map_err(|e| {
            let at = e.position().map_or(0, |p| p.byte() as usize);
            SheetError::Csv(lines.at(text, at), e.to_string())
        })?;
        let at = record.position().map_or(0, |p| p.byte() as usize);
        let line = lines.at(text, at);
        let cells: Vec<String> = record.iter().map(str::to_string).collect();
        if !blank(&cells) {
            out.push((line, cells));
        }
    }
    Ok(out)
}

/// Line numbers of byte offsets, counted forward as the reader moves on.
#[derive(Default)]
struct Lines {
    byte: usize,
    line: usize,
}

impl Lines {
    /// The line a record starting at `byte` begins on, past any blank lines the reader skipped.
    fn at(&mut self, text: &str, byte: usize) -> usize {
        let byte = byte.min(text.len()).max(self.byte);
        let skipped = text.as_bytes()[byte..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .filter(|b| **b == b'\n')
            .count();
        self.line += text.as_bytes()[self.byte..byte]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.byte = byte;
        self.line + skipped + 1
    }
}

/// A cell as text: whole numbers without ".0" (a phone number or a group number "3").
fn cell(d: &Data) -> String {
    match d {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Empty | Data::Error(_) => String::new(),
        other => other.to_string(),
    }
}

fn workbook(bytes: &[u8]) -> Result<Vec<Record>, SheetError> {
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| SheetError::Workbook(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(SheetError::NoSheet)?
        .map_err(|e| SheetError::Workbook(e.to_string()))?;
    let first = range.start().map_or(0, |(row, _)| row as usize);
    let mut out = vec![];
    for (i, row) in range.rows().enumerate() {
        let cells: Vec<String> = row.iter().map(cell).collect();
        if !blank(&cells) {
            out.push((first + i + 1, cells));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_spreadsheets_write() {
        let text = "\u{feff}kind,name\r\nchief,\"Wang, Wu\"\r\n\r\nnote,\"two\nlines\"\nlast,\"say \"\"hi\"\"\"";
        let rows = records(text.as_bytes()).unwrap_or_default();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0], (1, vec!["kind".to_string(), "name".to_string()]));
        assert_eq!(rows[1].1[1], "Wang, Wu");
        assert_eq!(
            rows[2],
            (4, vec!["note".to_string(), "two\nlines".to_string()])
        );
        assert_eq!(
            rows[3],
            (6, vec!["last".to_string(), "say \"hi\"".to_string()])
        );
    }

    #[test]
    fn gbk_is_read_as_excel_saves_it() {
        let (gbk, _, _) = encoding_rs::GBK.encode("类型,片区\n联户长,三组\n");
        let rows = records(&gbk).unwrap_or_default();
        assert_eq!(rows[1].1, vec!["联户长".to_string(), "三组".to_string()]);
    }

    #[test]
    fn a_broken_workbook_is_an_error_not_a_panic() {
        assert!(matches!(
            records(b"PK\x03\x04 not really a zip"),
            Err(SheetError::Workbook(_))
        ));
    }
}
