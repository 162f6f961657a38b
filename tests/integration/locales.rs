//! Every locale has every key, and every key the code uses exists.

use std::collections::BTreeSet;

use villagebot::i18n::{I18n, Lang};

#[test]
fn every_locale_has_the_same_keys() {
    let en: BTreeSet<String> = I18n::keys(Lang::En).into_iter().collect();
    let zh: BTreeSet<String> = I18n::keys(Lang::Zh).into_iter().collect();
    assert!(en.len() > 50, "{}", en.len());
    let only_en: Vec<_> = en.difference(&zh).collect();
    let only_zh: Vec<_> = zh.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_zh.is_empty(),
        "only en: {only_en:?}; only zh: {only_zh:?}"
    );
}

#[test]
fn every_key_used_in_the_code_exists() {
    let keys: BTreeSet<String> = I18n::keys(Lang::En).into_iter().collect();
    let literal = regex::Regex::new(r#""([a-z][a-z0-9]*(?:-[a-z0-9_]+)+)""#).expect("regex");
    let mut missing = vec![];
    let mut files = vec![];
    for dir in ["src/app", "src/telegram"] {
        rust_files(std::path::Path::new(dir), &mut files);
    }
    assert!(files.len() > 30, "{} source files", files.len());
    for path in files {
        let source = std::fs::read_to_string(&path).expect("read source");
        for cap in literal.captures_iter(&source) {
            let key = &cap[1];
            let dynamic = key.ends_with('-') || key == "zh-hans";
            if !dynamic && !keys.contains(key) {
                missing.push(format!("{}: {key}", path.display()));
            }
        }
    }
    assert!(missing.is_empty(), "keys missing from locales: {missing:?}");
}

/// Every `.rs` file under `dir`, however deep.
fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("source dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn generated_keys_exist() {
    use villagebot::domain::roles::CommandKind;
    use villagebot::domain::{Category, TicketState};
    let keys: BTreeSet<String> = I18n::keys(Lang::Zh).into_iter().collect();
    let mut wanted: Vec<String> = vec![];
    wanted.extend(
        Category::ALL
            .iter()
            .map(|c| format!("category-{}", c.key())),
    );
    wanted.extend(
        TicketState::ALL
            .iter()
            .map(|s| format!("state-{}", s.key())),
    );
    for c in CommandKind::ALL {
        wanted.push(format!("cmd-{}", c.name()));
        wanted.push(format!("usage-{}", c.name()));
    }
    for e in [
        "created",
        "assigned",
        "dispatched",
        "taken",
        "noted",
        "resolved",
        "escalated",
        "rated",
        "closed",
        "reopened",
        "cancelled",
    ] {
        wanted.push(format!("event-{e}"));
    }
    for l in ["grid", "village", "township"] {
        wanted.push(format!("level-{l}"));
    }
    let missing: Vec<_> = wanted.iter().filter(|k| !keys.contains(*k)).collect();
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn messages_format_without_isolation_marks() {
    let i18n = I18n::load().expect("locales load");
    let text = i18n.text(
        Lang::Zh,
        "chief-set",
        &[
            villagebot::i18n::arg("who", "王五"),
            villagebot::i18n::arg("place", "三组"),
        ],
    );
    assert_eq!(text, "王五 现在是 三组 的联户长。");
}

/// Every message of every locale, with its variables filled, is text Telegram accepts in HTML
/// parse mode (and so never contains a raw `<`, `>` or `&` that would make it refuse the message).
#[test]
fn every_message_is_telegram_html() {
    let i18n = I18n::load().expect("locales load");
    let var = regex::Regex::new(r"\{\s*\$([a-z_]+)\s*\}").expect("regex");
    let mut refused = vec![];
    for lang in Lang::ALL {
        let source: String = match lang {
            Lang::Zh => include_str!("../../locales/zh-CN/main.ftl").into(),
            Lang::En => include_str!("../../locales/en/main.ftl").into(),
        };
        let names: BTreeSet<String> = var
            .captures_iter(&source)
            .map(|c| c[1].to_string())
            .collect();
        let args: Vec<(&str, villagebot::i18n::Arg)> = names
            .iter()
            .map(|n| villagebot::i18n::arg(n.as_str(), "3"))
            .collect();
        for key in I18n::keys(lang) {
            let text = i18n.text(lang, &key, &args);
            if let Err(why) = crate::support::telegram_html::check(&text) {
                refused.push(format!("{} {key}: {why}", lang.tag()));
            }
        }
    }
    assert!(refused.is_empty(), "Telegram would refuse: {refused:#?}");
}
