//! Reading a command: `/name[@bot] arguments` parsed the same way for Telegram and the console,
//! the words of its arguments, and [`Asked`], what every command handler is given.

use crate::app::event::ChatMessage;
use crate::domain::roles::{CommandKind, Roles};
use crate::i18n::Lang;
use crate::store::people::Person;
use crate::store::villages::Village;

/// A slash command as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    pub kind: CommandKind,
    /// Everything after the command, trimmed.
    pub args: String,
}

/// What a line starting with `/` turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Command(Command),
    /// A command we do not know (answered with help in private, ignored in groups).
    Unknown(String),
    /// Addressed to another bot in the same group.
    OtherBot,
    /// Not a command at all.
    NotACommand,
}

/// Parses a message. `bot_username` is ours, without the `@`.
pub fn parse(text: &str, bot_username: Option<&str>) -> Parsed {
    let text = text.trim_start();
    let Some(rest) = text.strip_prefix('/') else {
        return Parsed::NotACommand;
    };
    let (head, args) = match rest.find(char::is_whitespace) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, ""),
    };
    let (name, addressee) = match head.split_once('@') {
        Some((n, a)) => (n, Some(a)),
        None => (head, None),
    };
    if let (Some(addressee), Some(ours)) = (addressee, bot_username) {
        if !addressee.eq_ignore_ascii_case(ours) {
            return Parsed::OtherBot;
        }
    }
    if name.is_empty() {
        return Parsed::NotACommand;
    }
    match CommandKind::from_name(&name.to_ascii_lowercase()) {
        Some(kind) => Parsed::Command(Command {
            kind,
            args: args.to_string(),
        }),
        None => Parsed::Unknown(name.to_string()),
    }
}

/// Splits off the first whitespace-separated word.
pub fn first_word(args: &str) -> (&str, &str) {
    let args = args.trim();
    match args.find(char::is_whitespace) {
        Some(i) => (&args[..i], args[i..].trim()),
        None => (args, ""),
    }
}

/// Reads `@username` at the start of the arguments; the rest follows.
pub fn username(args: &str) -> Option<(&str, &str)> {
    let (who, rest) = first_word(args);
    let name = who.strip_prefix('@')?;
    is_username(name).then_some((name, rest))
}

/// Telegram's rule for usernames: 3 to 32 Latin letters, digits and underscores.
pub fn is_username(name: &str) -> bool {
    (3..=32).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A command with who asked it, where, and in which village and language.
#[derive(Clone, Copy)]
pub struct Asked<'a> {
    pub m: &'a ChatMessage,
    pub village: &'a Village,
    pub me: &'a Person,
    pub roles: Roles,
    pub lang: Lang,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(kind: CommandKind, args: &str) -> Parsed {
        Parsed::Command(Command {
            kind,
            args: args.into(),
        })
    }

    #[test]
    fn parses_commands_with_and_without_bot_name() {
        assert_eq!(
            parse("/setup 幸福村", Some("vbot")),
            cmd(CommandKind::Setup, "幸福村")
        );
        assert_eq!(
            parse("/list@VBot open", Some("vbot")),
            cmd(CommandKind::List, "open")
        );
        assert_eq!(parse("/HELP", None), cmd(CommandKind::Help, ""));
        assert_eq!(
            parse("/assign  #3   @wang ", None),
            cmd(CommandKind::Assign, "#3   @wang")
        );
    }

    #[test]
    fn ignores_other_bots_and_plain_text() {
        assert_eq!(parse("/list@otherbot", Some("vbot")), Parsed::OtherBot);
        assert_eq!(parse("路灯坏了", Some("vbot")), Parsed::NotACommand);
        assert_eq!(parse("/", None), Parsed::NotACommand);
        assert_eq!(
            parse("/frobnicate", None),
            Parsed::Unknown("frobnicate".into())
        );
    }

    #[test]
    fn odd_input_never_panics() {
        let samples = [
            "/@",
            "/@@",
            "/setup@",
            "/😀",
            "/ /",
            "/\u{0}",
            "/help@vbot@x",
            "／help",
            "/list\n\n",
            "/a\u{200b}b",
        ];
        for text in samples {
            let _ = parse(text, Some("vbot"));
            let _ = first_word(text);
        }
        assert_eq!(parse("/@vbot", Some("vbot")), Parsed::NotACommand);
    }

    #[test]
    fn first_word_splits() {
        assert_eq!(first_word(" #3 @wang fix it"), ("#3", "@wang fix it"));
        assert_eq!(first_word("open"), ("open", ""));
        assert_eq!(first_word(""), ("", ""));
    }

    #[test]
    fn usernames_are_checked() {
        assert_eq!(username("@wang_li 三组"), Some(("wang_li", "三组")));
        assert_eq!(username("wang 三组"), None);
        assert_eq!(username("@a"), None);
    }
}
