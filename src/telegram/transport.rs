//! Delivers outgoing messages through the Bot API; the pace is kept by the outbox's sender.

use teloxide::payloads::{
    AnswerCallbackQuerySetters, EditMessageTextSetters, SendMessageSetters, SendPhotoSetters,
    SendVideoSetters, SendVoiceSetters,
};
use teloxide::prelude::Requester;
use teloxide::types::{
    CallbackQueryId, FileId, InlineKeyboardButton, InlineKeyboardMarkup, InputFile,
    LinkPreviewOptions, ParseMode, ReplyParameters,
};
use teloxide::{ApiError, Bot, RequestError};

use crate::app::outbox::delivery::{Delivery, MediaOut, Transport};
use crate::app::outbox::message::Button;
use crate::domain::{ChatId, MessageId};

/// The Bot API.
pub struct TelegramTransport {
    pub bot: Bot,
}

fn keyboard(rows: &[Vec<Button>]) -> Option<InlineKeyboardMarkup> {
    if rows.is_empty() {
        return None;
    }
    Some(InlineKeyboardMarkup::new(rows.iter().map(|row| {
        row.iter()
            .map(|b| InlineKeyboardButton::callback(b.text.clone(), b.data.clone()))
            .collect::<Vec<_>>()
    })))
}

fn tg_message(id: MessageId) -> teloxide::types::MessageId {
    teloxide::types::MessageId(i32::try_from(id.0).unwrap_or(i32::MAX))
}

fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

/// Sorts a failed request into retry-later, gone, or never.
pub fn classify_error(e: &RequestError) -> Delivery {
    match e {
        RequestError::RetryAfter(s) => Delivery::RetryAfter(u64::from(s.seconds())),
        RequestError::Network(e) => Delivery::Retry(format!("network: {e}")),
        RequestError::Io(e) => Delivery::Retry(format!("io: {e}")),
        RequestError::Api(ApiError::MessageNotModified) => Delivery::Sent(None),
        RequestError::Api(ApiError::MessageToEditNotFound | ApiError::MessageCantBeEdited) => {
            Delivery::Gone
        }
        RequestError::Api(ApiError::Unknown(text)) if is_server_fault(text) => {
            Delivery::Retry(text.clone())
        }
        RequestError::Api(
            api @ (ApiError::BotBlocked
            | ApiError::UserDeactivated
            | ApiError::CantInitiateConversation
            | ApiError::CantTalkWithBots),
        ) => Delivery::Unreachable(api.to_string()),
        RequestError::Api(api) => Delivery::Failed(api.to_string()),
        RequestError::MigrateToChatId(to) => Delivery::Failed(format!("group moved to {to}")),
        RequestError::InvalidJson { source, .. } => {
            Delivery::Retry(format!("bad response: {source}"))
        }
    }
}

fn is_server_fault(text: &str) -> bool {
    [
        "Internal Server Error",
        "Bad Gateway",
        "Gateway Timeout",
        "Service Unavailable",
        "restart",
    ]
    .iter()
    .any(|s| text.contains(s))
}

impl Transport for TelegramTransport {
    async fn send(
        &self,
        chat: ChatId,
        text: &str,
        reply_to: Option<MessageId>,
        buttons: &[Vec<Button>],
    ) -> Delivery {
        let mut req = self
            .bot
            .send_message(teloxide::types::ChatId(chat.0), text)
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview());
        if let Some(to) = reply_to {
            req = req.reply_parameters(
                ReplyParameters::new(tg_message(to)).allow_sending_without_reply(),
            );
        }
        if let Some(kb) = keyboard(buttons) {
            req = req.reply_markup(kb);
        }
        match req.await {
            Ok(m) => Delivery::Sent(Some(MessageId(i64::from(m.id.0)))),
            Err(e) => classify_error(&e),
        }
    }

    async fn edit(
        &self,
        chat: ChatId,
        message: MessageId,
        text: &str,
        buttons: &[Vec<Button>],
    ) -> Delivery {
        let mut req = self
            .bot
            .edit_message_text(teloxide::types::ChatId(chat.0), tg_message(message), text)
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview());
        if let Some(kb) = keyboard(buttons) {
            req = req.reply_markup(kb);
        }
        match req.await {
            Ok(_) => Delivery::Sent(Some(message)),
            Err(e) => classify_error(&e),
        }
    }

    async fn document(&self, chat: ChatId, filename: &str, content: &[u8]) -> Delivery {
        let file = InputFile::memory(content.to_vec()).file_name(filename.to_string());
        match self
            .bot
            .send_document(teloxide::types::ChatId(chat.0), file)
            .await
        {
            Ok(m) => Delivery::Sent(Some(MessageId(i64::from(m.id.0)))),
            Err(e) => classify_error(&e),
        }
    }

    async fn media(&self, chat: ChatId, m: &MediaOut<'_>) -> Delivery {
        let to = teloxide::types::ChatId(chat.0);
        let file = InputFile::file_id(FileId(m.file_id.to_string()));
        // The three requests share their optional parts but not a type.
        macro_rules! dressed {
            ($req:expr) => {{
                let mut req = $req
                    .caption(m.caption.to_string())
                    .parse_mode(ParseMode::Html);
                if let Some(r) = m.reply_to {
                    req = req.reply_parameters(
                        ReplyParameters::new(tg_message(r)).allow_sending_without_reply(),
                    );
                }
                if let Some(kb) = keyboard(m.buttons) {
                    req = req.reply_markup(kb);
                }
                req.await
            }};
        }
        let sent = match m.kind {
            "video" => dressed!(self.bot.send_video(to, file)),
            "voice" => dressed!(self.bot.send_voice(to, file)),
            _ => dressed!(self.bot.send_photo(to, file)),
        };
        match sent {
            Ok(msg) => Delivery::Sent(Some(MessageId(i64::from(msg.id.0)))),
            Err(e) => classify_error(&e),
        }
    }

    async fn answer(&self, callback_id: &str, text: Option<&str>) -> Delivery {
        let mut req = self
            .bot
            .answer_callback_query(CallbackQueryId(callback_id.to_string()));
        if let Some(t) = text {
            req = req.text(t);
        }
        match req.await {
            Ok(_) => Delivery::Sent(None),
            Err(e) => classify_error(&e),
        }
    }
}
