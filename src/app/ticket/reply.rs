//! Replies to a ticket's card or prompt: accept, done with a note, pass up with a reason, or a
//! progress note.

use super::media;
use super::relation::{relation, Acting};
use crate::app::context::{AppError, Ctx};
use crate::app::event::ChatMessage;
use crate::app::intake::metoo;
use crate::domain::{Action, TicketId};
use crate::i18n::arg;
use crate::store::people::Person;
use crate::store::tickets;

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
/// Words of thanks: a reply made only of these asks for nothing.
const THANKS: &[&str] = &[
    "谢谢",
    "感谢",
    "多谢",
    "辛苦了",
    "辛苦",
    "好的",
    "好",
    "赞",
    "thanks",
    "thank you",
    "thx",
    "ok",
    "👍",
    "🙏",
];

/// Whether a reply only says thanks (or "ok"), with punctuation and emoji around it.
pub fn is_thanks(text: &str) -> bool {
    let lower = text.to_lowercase();
    let mut rest = lower.as_str();
    let mut found = false;
    loop {
        rest = rest.trim_start_matches(|c: char| {
            c.is_whitespace() || c.is_ascii_punctuation() || "，。！～、".contains(c)
        });
        match THANKS.iter().find(|w| rest.starts_with(*w)) {
            Some(w) => {
                rest = &rest[w.len()..];
                found = true;
            }
            None => return found && rest.is_empty(),
        }
    }
}

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

/// A reply to a message linked to a ticket. Returns false when the reply is not for the ticket
/// (then it is read as an ordinary message).
pub async fn on_reply(
    ctx: &mut Ctx<'_>,
    m: &ChatMessage,
    ticket: TicketId,
    me: &Person,
) -> Result<bool, AppError> {
    let Some(t) = tickets::get(&mut ctx.tx, ticket).await? else {
        return Ok(false);
    };
    let (Some(village), lang) = ctx.village_lang(t.village).await? else {
        return Ok(false);
    };
    let roles = ctx.roles(&village, me, false).await?;
    let actor = relation(ctx, &t, Acting::Person(me, roles)).await?;
    let verb = parse_reply(&m.text);
    // Someone with no part in the ticket is just talking in the group; asking for the same
    // thing on an open ticket makes them a follower ("me too") instead of a second ticket.
    if !(actor.involved() || actor.handles()) {
        let c = ctx.app.intake.classify(&m.text);
        let same = c.category.is_some() && c.category == Some(t.category);
        if !same || t.state.is_final() || t.is_private() {
            return Ok(false);
        }
        metoo::join(ctx, &village, me, m, &t).await?;
        return Ok(true);
    }
    if let ReplyVerb::Note(text) = &verb {
        // Thanks ask for nothing; words on a finished ticket are ordinary talk (a new request
        // among them becomes a new ticket), never a refusal in the group.
        if is_thanks(text) {
            return Ok(true);
        }
        if t.state.is_final() {
            return Ok(false);
        }
    }
    let (action, done) = match verb {
        ReplyVerb::Take => (Action::Take, "reply-done"),
        ReplyVerb::Done(n) => (Action::Done(n), "reply-done"),
        ReplyVerb::PassUp(reason) => (Action::PassUp(reason), "reply-done"),
        ReplyVerb::Note(n) => (Action::Note(n), "reply-noted"),
    };
    let text = match media::act_on_reply(ctx, t, Acting::Person(me, roles), action, m).await? {
        Ok(t) => ctx
            .app
            .i18n
            .text(lang, done, &[arg("no", t.no.to_string())]),
        Err(r) => ctx.app.view(lang).refusal(r),
    };
    ctx.send(m.chat, text, Some(m.message), vec![]).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thanks_are_recognised() {
        for t in [
            "谢谢！",
            "谢谢 辛苦了🙏",
            "Thanks!",
            "thank you.",
            "👍👍",
            "好的，谢谢",
        ] {
            assert!(is_thanks(t), "{t}");
        }
        for t in ["谢谢，但是灯还是不亮", "", "好多了吗", "ok but when?"] {
            assert!(!is_thanks(t), "{t}");
        }
    }

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
