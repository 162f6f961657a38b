//! CSV as spreadsheet programs write it (RFC 4180): quoting for the export, and a reader for
//! roster files that copes with a BOM, CRLF, quoted fields and blank lines.

/// One CSV field, quoted when it holds a comma, quote or line break. A cell a spreadsheet would
/// run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) is
/// neutralised with a leading apostrophe, as OWASP advises.
pub fn field(value: &str) -> String {
    let neutral;
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        neutral = format!("'{value}");
        neutral.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

/// Records of a CSV text with the line each starts on (1-based); blank lines are skipped.
/// A record and the line it starts on.
pub type Record = (usize, Vec<String>);

/// Why a text is not CSV, and on which line.
pub type CsvError = (usize, &'static str);

pub fn parse(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = vec![];
    let mut record: Vec<String> = vec![];
    let mut cell = String::new();
    let (mut line, mut start) = (1usize, 1usize);
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut cell));
                if record.iter().any(|f| !f.trim().is_empty()) {
                    records.push((start, std::mem::take(&mut record)));
                }
                record.clear();
                line += 1;
                start = line;
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err((start, "unclosed quote"));
    }
    record.push(cell);
    if record.iter().any(|f| !f.trim().is_empty()) {
        records.push((start, record));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        assert_eq!(field("路灯坏了"), "路灯坏了");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(field("+86 138"), "'+86 138");
        assert_eq!(field("-1+1"), "'-1+1");
        assert_eq!(field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(field("路灯=坏了"), "路灯=坏了");
    }

    #[test]
    fn reads_what_spreadsheets_write() {
        let text = "\u{feff}kind,name\r\nchief,\"Wang, Wu\"\r\n\r\nnote,\"two\nlines\"\nlast,\"say \"\"hi\"\"\"";
        let rows = parse(text).unwrap_or_default();
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
        assert_eq!(parse("a,\"open"), Err((1, "unclosed quote")));
    }
}
