//! A voice message or a bare photo becomes a ticket when someone answers it with `#报修` or
//! `/order`: the one who sent it is the requester (a chief records an elderly neighbour's voice
//! request in one tap). A bare tag in reply to anyone's words files those words for them.

use super::open::open_ticket;
use crate::app::context::{AppError, Ctx};
use crate::app::event::{ChatMessage, MediaKind, Replied};
use crate::app::render::text::html;
use crate::domain::intake::Classification;
use crate::i18n::arg;
use crate::store::villages::Village;

/// The message `m` answers, when it should be filed for its author: a voice message, video or
/// photo with no words, or anything when the answer is the bare tag (`words` empty).
pub fn files_for_author<'m>(m: &'m ChatMessage, words: &str) -> Option<&'m Replied> {
    let r = m.replied.as_deref()?;
    let wordless = r.media.is_some() && r.text.trim().is_empty();
    let bare = words.trim().is_empty() && !r.text.trim().is_empty();
    (r.from.user != m.from.user || wordless).then_some(r)?;
    (wordless || bare).then_some(r)
}

/// Files the answered message for its author; `words` (what the one answering wrote after the
/// tag) describe it when it has none.
pub async fn order_for_author(
    ctx: &mut Ctx<'_>,
    village: &Village,
    m: &ChatMessage,
    r: &Replied,
    words: &str,
) -> Result<(), AppError> {
    let author = ctx.person(&r.from).await?;
    let body = match (words.trim(), r.text.trim()) {
        (w, _) if !w.is_empty() => w.to_string(),
        (_, t) if !t.is_empty() => t.to_string(),
        _ => {
            let key = match r.media.as_ref().map(|x| x.kind) {
                Some(MediaKind::Voice) => "order-voice-body",
                Some(MediaKind::Video) => "order-video-body",
                _ => "order-photo-body",
            };
            ctx.app.i18n.plain(village.lang, key)
        }
    };
    let c: Classification = ctx.app.intake.classify(&super::forced(&body));
    let source = ChatMessage {
        message: r.message,
        from: r.from.clone(),
        text: body,
        media: r.media.clone(),
        pin: None,
        reply_to: None,
        replied: None,
        ..m.clone()
    };
    if open_ticket(ctx, village, &author, &source, &c)
        .await?
        .is_none()
    {
        let who = arg("who", html(&author.label()));
        return ctx.reply(m, village.lang, "order-already", &[who]).await;
    }
    Ok(())
}
