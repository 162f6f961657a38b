//! Long HTML messages cut into pieces Telegram accepts: at line breaks where possible, never inside
//! a tag or an entity, with the tags open at a cut closed before it and opened again after it.

/// Telegram's limit on a message's text in UTF-16 code units. It counts the text after parsing;
/// the HTML counted here is never shorter, so a piece that fits here fits there.
pub const MAX_TEXT: usize = 4096;
/// A caption of a photo, video or voice message, counted the same way.
pub const MAX_CAPTION: usize = 1024;

/// `text` in pieces of at most `max` UTF-16 code units of HTML, each valid on its own, none empty.
pub fn split(text: &str, max: usize) -> Vec<String> {
    let mut pack = Pack {
        max,
        ..Pack::default()
    };
    for line in text.split_inclusive('\n') {
        if units(line) + pack.overhead() * 2 <= max {
            pack.add(line);
        } else {
            tokens(line).into_iter().for_each(|t| pack.add(t));
        }
    }
    pack.finish()
}

/// The first piece of `text` that fits in `max`, for messages that cannot be split (an edit).
pub fn first_piece(text: &str, max: usize) -> String {
    let mut pieces = split(text, max.saturating_sub(1));
    match pieces.len() {
        0 => String::new(),
        1 => pieces.remove(0),
        _ => pieces.remove(0) + "…",
    }
}

#[derive(Default)]
struct Pack<'a> {
    max: usize,
    pieces: Vec<String>,
    current: String,
    /// Whether `current` holds anything beyond reopened tags.
    filled: bool,
    /// The opening tags in force, innermost last: (name, the whole tag).
    open: Vec<(&'a str, &'a str)>,
}

impl<'a> Pack<'a> {
    /// What closing and reopening the open tags costs.
    fn overhead(&self) -> usize {
        self.open.iter().map(|(n, t)| units(n) + 3 + units(t)).sum()
    }

    fn add(&mut self, chunk: &'a str) {
        let after = stack_after(&self.open, chunk);
        let closing: usize = after.iter().map(|(n, _)| units(n) + 3).sum();
        if self.filled && units(&self.current) + units(chunk) + closing > self.max {
            self.cut();
        }
        self.current.push_str(chunk);
        self.filled |= !chunk.trim().is_empty();
        self.open = after;
    }

    /// Ends the current piece and starts the next with the same tags open.
    fn cut(&mut self) {
        let mut piece = std::mem::take(&mut self.current);
        for (name, _) in self.open.iter().rev() {
            piece.push_str(&format!("</{name}>"));
        }
        self.push(piece);
        self.current = self.open.iter().map(|(_, t)| *t).collect();
        self.filled = false;
    }

    fn push(&mut self, piece: String) {
        let trimmed = piece.trim_end_matches('\n').trim_start_matches('\n');
        if !trimmed.trim().is_empty() {
            self.pieces.push(trimmed.to_string());
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.filled {
            let last = std::mem::take(&mut self.current);
            self.push(last);
        }
        self.pieces
    }
}

/// The open tags after `chunk`, starting from `open`.
fn stack_after<'a>(open: &[(&'a str, &'a str)], chunk: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut open = open.to_vec();
    for token in tokens(chunk) {
        let Some(inside) = token.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else {
            continue;
        };
        match inside.strip_prefix('/') {
            Some(_) => {
                open.pop();
            }
            None => open.push((inside.split_whitespace().next().unwrap_or(""), token)),
        }
    }
    open
}

/// A line in its smallest parts: whole tags, whole entities and single characters.
fn tokens(line: &str) -> Vec<&str> {
    let mut out = vec![];
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        let end = match c {
            '<' => rest.find('>').map_or(c.len_utf8(), |i| i + 1),
            '&' => rest
                .find(';')
                .filter(|&i| i < 12)
                .map_or(c.len_utf8(), |i| i + 1),
            _ => c.len_utf8(),
        };
        out.push(&rest[..end]);
        rest = &rest[end..];
    }
    out
}

fn units(text: &str) -> usize {
    text.encode_utf16().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_stays_whole() {
        assert_eq!(split("<b>一</b>\n二", 100), vec!["<b>一</b>\n二"]);
        assert!(split("\n\n", 100).is_empty());
    }

    #[test]
    fn long_lists_are_cut_at_lines() {
        let lines: Vec<String> = (0..300).map(|i| format!("<b>#{i}</b> 路灯坏了")).collect();
        let text = lines.join("\n");
        let pieces = split(&text, 1000);
        assert!(pieces.len() > 1);
        for p in &pieces {
            assert!(units(p) <= 1000);
            assert!(p.starts_with("<b>#") && p.ends_with("路灯坏了"), "{p}");
        }
        assert_eq!(pieces.join("\n"), text);
    }

    #[test]
    fn one_long_line_is_cut_between_tags_and_entities() {
        let text = format!("<b>{}</b>", "&amp;路".repeat(500));
        let pieces = split(&text, 300);
        assert!(pieces.len() > 1);
        for p in &pieces {
            assert!(units(p) <= 300, "{}", units(p));
            assert!(p.starts_with("<b>") && p.ends_with("</b>"), "{p}");
            assert!(!p.contains("&am<") && !p.ends_with("&</b>"), "{p}");
        }
    }

    #[test]
    fn the_first_piece_fits_an_edit() {
        let text = format!("<i>{}</i>", "x".repeat(50));
        let first = first_piece(&text, 20);
        assert!(units(&first) <= 20 && first.ends_with("</i>…"), "{first}");
    }
}
