//! Typed settings: the TOML file, then environment overrides; a bad value fails fast naming its key.

use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::domain::care::CarePlan;
use crate::domain::clock::QuietHours;
use crate::domain::intake::IntakeRules;
use crate::domain::points::PointsRules;
pub use crate::domain::ticket::Deadlines;
use crate::domain::timers::TimerPlan;
use crate::domain::Span;
use crate::i18n::Lang;

mod intake;
mod schedule;
mod server;
pub use schedule::{Digests, FollowUp, Reminders, Reports, Retention};
pub use server::{valid_secret, DashboardSettings, HttpSettings, Open311Settings, WebhookSettings};

/// A value that must never reach a log.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_empty() { "\"\"" } else { "\"***\"" })
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    pub telegram: TelegramSettings,
    pub database: DatabaseSettings,
    pub village: VillageSettings,
    pub deadlines: Deadlines,
    pub reminders: Reminders,
    pub quiet_hours: QuietHours,
    pub digests: Digests,
    pub follow_up: FollowUp,
    pub reports: Reports,
    pub intake: IntakeRules,
    pub retention: Retention,
    pub http: HttpSettings,
    pub webhook: WebhookSettings,
    pub points: PointsRules,
    pub care: CarePlan,
    pub dashboard: DashboardSettings,
    pub open311: Open311Settings,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TelegramSettings {
    /// From BotFather; `TELOXIDE_TOKEN` overrides it.
    pub token: Secret,
    /// A local Bot API server, e.g. http://127.0.0.1:8081; empty for Telegram's.
    pub api_url: String,
    /// Telegram user ids allowed to do everything in every village.
    pub super_admins: Vec<i64>,
    /// New villages wait for a super-admin's approval before the bot serves them.
    pub setup_approval: bool,
    /// How long one getUpdates call waits for news.
    pub poll_timeout: Span,
    /// Telegram's flood limits, kept by the outbox's sender before each send.
    pub limits: SendLimits,
}

/// Outgoing message rates. The defaults are Telegram's published limits; raise them only for a
/// local Bot API server or a test.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SendLimits {
    pub per_second_overall: u32,
    pub per_second_per_chat: u32,
    pub per_minute_per_group: u32,
}

impl Default for SendLimits {
    fn default() -> Self {
        SendLimits {
            per_second_overall: 30,
            per_second_per_chat: 1,
            per_minute_per_group: 20,
        }
    }
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    /// `sqlite://FILE` or `postgres://USER@HOST/DB`; `DATABASE_URL` overrides it.
    pub url: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct VillageSettings {
    /// Language of a new village: zh-CN or en.
    pub default_lang: String,
    /// IANA time zone used to show deadlines, e.g. Asia/Shanghai.
    pub time_zone: String,
}

impl Default for TelegramSettings {
    fn default() -> Self {
        TelegramSettings {
            token: Secret::default(),
            api_url: String::new(),
            super_admins: vec![],
            setup_approval: false,
            poll_timeout: Span::from_secs(25).unwrap_or(Span::hours(1)),
            limits: SendLimits::default(),
        }
    }
}

/// The URL is shown with its password masked (check-config and logs print settings).
impl fmt::Debug for DatabaseSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseSettings")
            .field("url", &crate::store::redact(&self.url))
            .finish()
    }
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        DatabaseSettings {
            url: "sqlite://villagebot.db".into(),
        }
    }
}

impl Default for VillageSettings {
    fn default() -> Self {
        VillageSettings {
            default_lang: "zh-CN".into(),
            time_zone: "Asia/Shanghai".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}")]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("config file {path}: {message}")]
    Parse { path: String, message: String },
    #[error("config key `{key}`: {message}")]
    Invalid { key: &'static str, message: String },
}

/// The environment variables that override the file.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub token: Option<String>,
    pub database_url: Option<String>,
    pub api_url: Option<String>,
    pub webhook_secret: Option<String>,
}

impl Env {
    pub fn from_process() -> Env {
        let var = |name| {
            std::env::var(name)
                .ok()
                .filter(|v: &String| !v.trim().is_empty())
        };
        Env {
            token: var("TELOXIDE_TOKEN"),
            database_url: var("DATABASE_URL"),
            api_url: var("VILLAGEBOT_API_URL"),
            webhook_secret: var("WEBHOOK_SECRET_TOKEN"),
        }
    }
}

impl Settings {
    /// Reads the file (if given; defaults otherwise), applies the environment, validates.
    pub fn load(path: Option<&Path>, env: &Env) -> Result<Settings, ConfigError> {
        let mut settings = match path {
            Some(path) => {
                let shown = path.display().to_string();
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: shown.clone(),
                    source,
                })?;
                Settings::parse(&text).map_err(|message| ConfigError::Parse {
                    path: shown,
                    message,
                })?
            }
            None => Settings::default(),
        };
        if let Some(token) = &env.token {
            settings.telegram.token = Secret::new(token.clone());
        }
        if let Some(url) = &env.database_url {
            settings.database.url = url.clone();
        }
        if let Some(url) = &env.api_url {
            settings.telegram.api_url = url.clone();
        }
        if let Some(secret) = &env.webhook_secret {
            settings.webhook.secret_token = Secret::new(secret.clone());
        }
        settings.validate()?;
        Ok(settings)
    }

    /// Parses TOML text; the error names the offending key and line.
    pub fn parse(text: &str) -> Result<Settings, String> {
        toml::from_str(text).map_err(|e| e.to_string())
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        crate::store::Backend::of_url(&self.database.url).map_err(|e| ConfigError::Invalid {
            key: "database.url",
            message: e.to_string(),
        })?;
        if Lang::parse(&self.village.default_lang).is_none() {
            return Err(ConfigError::Invalid {
                key: "village.default_lang",
                message: format!("`{}` is not zh-CN or en", self.village.default_lang),
            });
        }
        self.time_zone()?;
        if self.reports.weekday().is_none() {
            return Err(ConfigError::Invalid {
                key: "reports.day",
                message: format!(
                    "`{}` is not a day of the week like monday",
                    self.reports.day
                ),
            });
        }
        if let Some(bad) = self
            .reminders
            .at
            .iter()
            .find(|f| !(0.0..1.0).contains(*f) || **f <= 0.0)
        {
            return Err(ConfigError::Invalid {
                key: "reminders.at",
                message: format!("{bad} is not a fraction between 0 and 1"),
            });
        }
        self.intake_parser()?;
        if let Some(key) = self.points.invalid() {
            return Err(ConfigError::Invalid {
                key: "points",
                message: format!("`{key}` must be a whole number from 0 to 1000"),
            });
        }
        if !self.telegram.api_url.is_empty() && !self.telegram.api_url.starts_with("http") {
            return Err(ConfigError::Invalid {
                key: "telegram.api_url",
                message: format!("`{}` is not an http(s) URL", self.telegram.api_url),
            });
        }
        self.http.address()?;
        if !(1..=365).contains(&self.dashboard.link_days) {
            return Err(ConfigError::Invalid {
                key: "dashboard.link_days",
                message: format!(
                    "{} is not a number of days from 1 to 365",
                    self.dashboard.link_days
                ),
            });
        }
        self.webhook.validate(!self.telegram.api_url.is_empty())
    }

    pub fn time_zone(&self) -> Result<chrono_tz::Tz, ConfigError> {
        self.village
            .time_zone
            .parse()
            .map_err(|_| ConfigError::Invalid {
                key: "village.time_zone",
                message: format!(
                    "`{}` is not a time zone like Asia/Shanghai",
                    self.village.time_zone
                ),
            })
    }

    /// The timings of reminders and follow-ups, for the pure planner.
    pub fn timer_plan(&self) -> TimerPlan {
        TimerPlan {
            remind_at: self.reminders.at.clone(),
            urgent_every: self.reminders.urgent_every,
            rating_reminder: self.follow_up.rating_reminder,
            auto_close: self.follow_up.auto_close,
            still_fixed: self.follow_up.still_fixed,
        }
    }

    /// Where dashboard links point: `[dashboard] url`, else the HTTP server's own address.
    pub fn dashboard_base(&self) -> Option<String> {
        let url = self.dashboard.url.trim().trim_end_matches('/');
        if !url.is_empty() {
            return Some(url.to_string());
        }
        let listen = self.http.listen.trim();
        (!listen.is_empty()).then(|| format!("http://{listen}"))
    }

    pub fn default_lang(&self) -> Lang {
        Lang::from_tag(&self.village.default_lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        assert!(Settings::default().validate().is_ok());
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let env = Env {
            token: Some("123:SECRET".into()),
            ..Env::default()
        };
        let s = Settings::load(None, &env);
        let shown = format!("{s:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }

    #[test]
    fn bad_values_name_their_key() {
        let err = Settings::parse("[deadlines]\nsimple = \"24x\"\n")
            .err()
            .unwrap_or_default();
        assert!(err.contains("simple") && err.contains("24x"), "{err}");
        let err = Settings::parse("[village]\nlanguage = \"en\"\n")
            .err()
            .unwrap_or_default();
        assert!(err.contains("language"), "{err}");
        let mut s = Settings::default();
        s.village.time_zone = "Mars/Olympus".into();
        let err = s
            .validate()
            .map_err(|e| e.to_string())
            .err()
            .unwrap_or_default();
        assert!(err.contains("village.time_zone"), "{err}");
    }

    #[test]
    fn environment_overrides_the_file() {
        let env = Env {
            database_url: Some("postgres://postgres@127.0.0.1/x".into()),
            ..Env::default()
        };
        let s = Settings::load(None, &env).map(|s| s.database.url);
        assert_eq!(s.ok().as_deref(), Some("postgres://postgres@127.0.0.1/x"));
    }
}
