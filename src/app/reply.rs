//! Reading a reply to a prompt: accept, done with a note, pass up with a reason, or a progress note.

/// What a reply to a prompt or card asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplyVerb {
    Take,
    Done(String),
    PassUp(String),
    Note(String),
}

const TAKE: &[&str] = &[
    "接单",
    "我来",
    "我接",
    "收到我去",
    "accept",
    "i'll take it",
    "ill take it",
    "take",
    "on it",
];
const DONE: &[&str] = &[
    "完成",
    "已完成",
    "办结",
    "已办结",
    "搞定",
    "修好了",
    "done",
    "fixed",
    "finished",
];
const UP: &[&str] = &["上报", "转上级", "pass up", "escalate"];

/// Reads the verb at the start of a reply; anything else is a progress note.
pub fn parse_reply(text: &str) -> ReplyVerb {
    let t = text.trim();
    let lower = t.to_lowercase();
    let rest = |word: &str| {
        let cut = t
            .char_indices()
            .nth(word.chars().count())
            .map_or(t.len(), |(i, _)| i);
        t[cut..]
            .trim_start_matches([' ', ':', '：', ',', '，', '。', '!', '！'])
            .trim()
            .to_string()
    };
    if TAKE
        .iter()
        .any(|w| lower == *w || lower == format!("{w}!") || lower == format!("{w}！"))
    {
        return ReplyVerb::Take;
    }
    if let Some(w) = DONE.iter().find(|w| lower.starts_with(*w)) {
        return ReplyVerb::Done(rest(w));
    }
    if let Some(w) = UP.iter().find(|w| lower.starts_with(*w)) {
        return ReplyVerb::PassUp(rest(w));
    }
    ReplyVerb::Note(t.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_verbs_in_both_languages() {
        assert_eq!(parse_reply("接单"), ReplyVerb::Take);
        assert_eq!(parse_reply("I'll take it"), ReplyVerb::Take);
        assert_eq!(
            parse_reply("完成 换了新灯泡"),
            ReplyVerb::Done("换了新灯泡".into())
        );
        assert_eq!(
            parse_reply("完成：换了新灯泡"),
            ReplyVerb::Done("换了新灯泡".into())
        );
        assert_eq!(
            parse_reply("done replaced the bulb"),
            ReplyVerb::Done("replaced the bulb".into())
        );
        assert_eq!(parse_reply("Done"), ReplyVerb::Done(String::new()));
        assert_eq!(
            parse_reply("上报 需要电力所"),
            ReplyVerb::PassUp("需要电力所".into())
        );
        assert_eq!(
            parse_reply("pass up needs the power company"),
            ReplyVerb::PassUp("needs the power company".into())
        );
        assert_eq!(
            parse_reply("明天上午去看"),
            ReplyVerb::Note("明天上午去看".into())
        );
        assert_eq!(
            parse_reply("接单以后再说"),
            ReplyVerb::Note("接单以后再说".into())
        );
    }
}
