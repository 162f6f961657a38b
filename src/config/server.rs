//! Settings of the HTTP server (operations endpoints and the webhook) and of webhook mode.

use std::net::SocketAddr;

use serde::Deserialize;

use super::{ConfigError, Secret};

/// The bot's own HTTP server: `/healthz`, `/metrics` and, in webhook mode, `POST /telegram`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HttpSettings {
    /// Address to listen on, e.g. `127.0.0.1:8080`; empty: no server.
    pub listen: String,
}

/// Webhook mode (`run --webhook`): Telegram posts each update to `url`, which a reverse proxy
/// passes to `POST /telegram` on [`HttpSettings::listen`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WebhookSettings {
    /// The public HTTPS address Telegram posts to, e.g. `https://bot.example.org/telegram`.
    pub url: String,
    /// Sent back by Telegram in `X-Telegram-Bot-Api-Secret-Token`; `WEBHOOK_SECRET_TOKEN`
    /// overrides it. 1-256 characters of A-Z, a-z, 0-9, `_` and `-`.
    pub secret_token: Secret,
    /// Connections Telegram may open at once to deliver updates (1-100).
    pub max_connections: u8,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            url: String::new(),
            secret_token: Secret::default(),
            max_connections: 40,
        }
    }
}

impl HttpSettings {
    /// The address to listen on, `None` when the server is off.
    pub fn address(&self) -> Result<Option<SocketAddr>, ConfigError> {
        let listen = self.listen.trim();
        if listen.is_empty() {
            return Ok(None);
        }
        listen.parse().map(Some).map_err(|_| ConfigError::Invalid {
            key: "http.listen",
            message: format!("`{listen}` is not an address like 127.0.0.1:8080"),
        })
    }
}

/// Whether Telegram accepts this as a webhook secret.
pub fn valid_secret(secret: &str) -> bool {
    (1..=256).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl WebhookSettings {
    /// Checks what is set; `local_api` allows a plain-HTTP URL (a local Bot API server does).
    pub fn validate(&self, local_api: bool) -> Result<(), ConfigError> {
        let bad = |key, message: String| Err(ConfigError::Invalid { key, message });
        let url = self.url.trim();
        let allowed = url.is_empty()
            || url.starts_with("https://")
            || (local_api && url.starts_with("http://"));
        if !allowed {
            return bad(
                "webhook.url",
                format!("`{url}` must be an https:// address"),
            );
        }
        let secret = self.secret_token.expose();
        if !secret.is_empty() && !valid_secret(secret) {
            return bad(
                "webhook.secret_token",
                "must be 1-256 characters of A-Z, a-z, 0-9, _ and -".into(),
            );
        }
        if !(1..=100).contains(&self.max_connections) {
            return bad(
                "webhook.max_connections",
                format!("{} is not between 1 and 100", self.max_connections),
            );
        }
        Ok(())
    }

    /// What `run --webhook` needs beyond [`WebhookSettings::validate`]: a URL, a secret and a
    /// server to receive on.
    pub fn ready(&self, http: &HttpSettings) -> Result<SocketAddr, ConfigError> {
        let missing = |key, message: &str| ConfigError::Invalid {
            key,
            message: message.into(),
        };
        if self.url.trim().is_empty() {
            return Err(missing("webhook.url", "is needed for run --webhook"));
        }
        if self.secret_token.is_empty() {
            return Err(missing(
                "webhook.secret_token",
                "is needed for run --webhook (or WEBHOOK_SECRET_TOKEN)",
            ));
        }
        http.address()?.ok_or_else(|| {
            missing(
                "http.listen",
                "is needed for run --webhook: Telegram's posts arrive there",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_follow_telegrams_alphabet() {
        assert!(valid_secret("abc_DEF-123"));
        assert!(!valid_secret(""));
        assert!(!valid_secret("has space"));
        assert!(!valid_secret("密码"));
        assert!(!valid_secret(&"a".repeat(257)));
    }

    #[test]
    fn webhook_mode_names_what_is_missing() {
        let w = WebhookSettings::default();
        let http = HttpSettings::default();
        let err = w.ready(&http).map_err(|e| e.to_string()).err();
        assert!(err.is_some_and(|e| e.contains("webhook.url")));
        let w = WebhookSettings {
            url: "https://bot.example.org/telegram".into(),
            secret_token: Secret::new("s3cret"),
            ..WebhookSettings::default()
        };
        let err = w.ready(&http).map_err(|e| e.to_string()).err();
        assert!(err.is_some_and(|e| e.contains("http.listen")));
        let http = HttpSettings {
            listen: "127.0.0.1:8080".into(),
        };
        assert!(w.ready(&http).is_ok());
        let plain = WebhookSettings {
            url: "http://bot.example.org/telegram".into(),
            ..w
        };
        assert!(plain.validate(false).is_err());
        assert!(plain.validate(true).is_ok());
    }
}

/// The dashboard's links: the address people open them at, and how long one lasts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DashboardSettings {
    /// The public address of the HTTP server, e.g. `https://bot.example.org`; empty: the
    /// `[http] listen` address.
    pub url: String,
    /// Days a link given by `/dashboard` stays valid (1-365).
    pub link_days: u32,
}

impl Default for DashboardSettings {
    fn default() -> Self {
        DashboardSettings {
            url: String::new(),
            link_days: 30,
        }
    }
}

/// The Open311 GeoReport v2 read API.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Open311Settings {
    /// Readable by anyone; otherwise only with a dashboard link's token.
    pub public: bool,
}
