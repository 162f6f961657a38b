//! Telegram's HTML parse mode, read as strictly as its documentation states: only its tags,
//! balanced, with `<`, `>` and `&` escaped everywhere else.

/// The tags Telegram accepts in HTML parse mode.
const TAGS: [&str; 16] = [
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-spoiler",
    "span",
    "tg-emoji",
];

/// `Ok` when Telegram would parse `text`; `Err` says what it would refuse.
pub fn check(text: &str) -> Result<(), String> {
    let mut open: Vec<&str> = vec![];
    let mut rest = text;
    while let Some(i) = rest.find(['<', '>', '&']) {
        let tail = &rest[i..];
        match tail.as_bytes()[0] {
            b'>' => return Err(format!("unescaped '>' before {:?}", clip(tail))),
            b'&' => {
                let end = tail
                    .find(';')
                    .ok_or_else(|| format!("unescaped '&' at {:?}", clip(tail)))?;
                if !is_entity(&tail[1..end]) {
                    return Err(format!("unknown entity {:?}", &tail[..=end]));
                }
                rest = &tail[end + 1..];
            }
            _ => {
                let end = tail
                    .find('>')
                    .ok_or_else(|| format!("unclosed tag at {:?}", clip(tail)))?;
                tag(&tail[1..end], &mut open)?;
                rest = &tail[end + 1..];
            }
        }
    }
    match open.last() {
        Some(t) => Err(format!("tag <{t}> is never closed")),
        None => Ok(()),
    }
}

/// One tag's inside (between `<` and `>`), opening or closing.
fn tag<'a>(inside: &'a str, open: &mut Vec<&'a str>) -> Result<(), String> {
    if let Some(name) = inside.strip_prefix('/') {
        return match open.pop() {
            Some(top) if top == name.trim() => Ok(()),
            top => Err(format!("</{name}> closes {top:?}")),
        };
    }
    let name = inside.split_whitespace().next().unwrap_or("");
    if !TAGS.contains(&name) {
        return Err(format!("unsupported start tag <{inside}>"));
    }
    let attrs = inside[name.len()..].trim();
    let ok = match name {
        "a" => attrs.starts_with("href=\""),
        "span" => attrs == "class=\"tg-spoiler\"",
        "tg-emoji" => attrs.starts_with("emoji-id=\""),
        "pre" | "code" => attrs.is_empty() || attrs.starts_with("class=\"language-"),
        _ => attrs.is_empty(),
    };
    if !ok {
        return Err(format!("bad attributes in <{inside}>"));
    }
    open.push(name);
    Ok(())
}

/// The characters Telegram shows for valid HTML: tags dropped, entities decoded.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(['<', '&']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let (end, shown) = if tail.starts_with('<') {
            (tail.find('>').unwrap_or(tail.len() - 1), None)
        } else {
            let end = tail.find(';').unwrap_or(tail.len() - 1);
            (end, Some(decode(&tail[1..end])))
        };
        out.extend(shown);
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    out
}

fn decode(entity: &str) -> char {
    let number = match entity.strip_prefix('#') {
        Some(n) => match n.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => n.parse().ok(),
        },
        None => None,
    };
    match entity {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        _ => number.and_then(char::from_u32).unwrap_or('\u{fffd}'),
    }
}

fn is_entity(name: &str) -> bool {
    match name.strip_prefix('#') {
        Some(n) => match n.strip_prefix(['x', 'X']) {
            Some(hex) => !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()),
            None => !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()),
        },
        None => matches!(name, "lt" | "gt" | "amp" | "quot"),
    }
}

fn clip(text: &str) -> String {
    text.chars().take(30).collect()
}

#[test]
fn reads_like_telegram() {
    assert_eq!(
        check("<b>工单 #3</b> &lt;ok&gt; &amp; &#39; &#x1F600;"),
        Ok(())
    );
    assert_eq!(
        check("<a href=\"tg://user?id=1\">王五</a> <span class=\"tg-spoiler\">x</span>"),
        Ok(())
    );
    assert_eq!(visible("<b>a</b> &lt;b&gt; &#x1F600;&amp;"), "a <b> 😀&");
    for bad in [
        "done <note>",
        "a < b",
        "a > b",
        "Tom & Jerry",
        "<b>open",
        "<b><i>x</b></i>",
        "&nbsp;",
        "<span>x</span>",
        "</b>",
    ] {
        assert!(check(bad).is_err(), "{bad}");
    }
}
