//! Text for Telegram's HTML parse mode: escaping, mentions, and clipping at a character boundary.

use crate::store::people::Person;

/// Escapes text for Telegram's HTML parse mode.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(ch),
        }
    }
    out
}

/// A name that notifies the person in a group: a link by id when known, else the @username.
pub fn mention(p: &Person) -> String {
    match (p.tg_user_id, &p.username) {
        (Some(id), _) => format!(
            "<a href=\"tg://user?id={id}\">{}</a>",
            html(&p.display_name)
        ),
        (None, Some(u)) => format!("@{}", html(u)),
        (None, None) => html(&p.display_name),
    }
}

/// Cuts a long text for a card or list line, at a character boundary.
pub fn clip(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max_chars).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            html("<b>&\"x\"</b>"),
            "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn clip_counts_characters_not_bytes() {
        assert_eq!(clip("路灯坏了三天", 4), "路灯坏了…");
        assert_eq!(clip("abc", 4), "abc");
    }
}
