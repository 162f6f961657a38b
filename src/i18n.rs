//! Localized text: (message id, arguments, language) → string, from the Fluent files in `locales/`.

use std::collections::HashMap;
use std::sync::Mutex;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// A supported language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// The tag stored in the database and written in the config.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// Accepts `zh`, `zh-CN`, `zh_cn`, `cn`, `en`, `en-US`, … (Telegram's language codes too).
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim().to_ascii_lowercase();
        if t == "cn" || t == "zh" || t.starts_with("zh-") || t.starts_with("zh_") || t == "中文" {
            Some(Lang::Zh)
        } else if t == "en" || t.starts_with("en-") || t.starts_with("en_") || t == "english" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// A stored tag back to a language, falling back to Chinese.
    pub fn from_tag(tag: &str) -> Lang {
        Lang::parse(tag).unwrap_or(Lang::Zh)
    }

    fn sources(self) -> &'static [&'static str] {
        match self {
            Lang::Zh => &[include_str!("../locales/zh-CN/main.ftl")],
            Lang::En => &[include_str!("../locales/en/main.ftl")],
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum I18nError {
    #[error("locale {lang}: {detail}")]
    Broken { lang: &'static str, detail: String },
}

/// Every bundle, loaded once at start. A bundle is not `Sync`, so each sits behind a lock held
/// only while one message is formatted.
pub struct I18n {
    bundles: HashMap<Lang, Mutex<FluentBundle<FluentResource>>>,
}

/// A value put into a message. Plain data (unlike Fluent's own values), so it may live across
/// an `.await` in a task that moves between threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}

/// Arguments for a message, by name.
pub type Args<'a> = [(&'a str, Arg)];

impl I18n {
    pub fn load() -> Result<I18n, I18nError> {
        let mut bundles = HashMap::new();
        for lang in Lang::ALL {
            let id: LanguageIdentifier = lang.tag().parse().map_err(|e| I18nError::Broken {
                lang: lang.tag(),
                detail: format!("{e}"),
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![id]);
            // Telegram shows the invisible isolation marks as boxes in some clients.
            bundle.set_use_isolating(false);
            for source in lang.sources() {
                let resource =
                    FluentResource::try_new(source.to_string()).map_err(|(_, errs)| {
                        I18nError::Broken {
                            lang: lang.tag(),
                            detail: format!("{errs:?}"),
                        }
                    })?;
                bundle
                    .add_resource(resource)
                    .map_err(|errs| I18nError::Broken {
                        lang: lang.tag(),
                        detail: format!("{errs:?}"),
                    })?;
            }
            bundles.insert(lang, Mutex::new(bundle));
        }
        Ok(I18n { bundles })
    }

    /// The text of `id` in `lang`. A missing key shows the key itself (and a locale test keeps
    /// that from ever shipping).
    pub fn text(&self, lang: Lang, id: &str, args: &Args<'_>) -> String {
        let Some(lock) = self.bundles.get(&lang) else {
            return id.to_string();
        };
        let bundle = match lock.lock() {
            Ok(b) => b,
            Err(poisoned) => poisoned.into_inner(),
        };
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::warn!(id, lang = lang.tag(), "missing locale key");
            return id.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(t) => fluent_args.set(*name, FluentValue::from(t.as_str())),
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = vec![];
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(id, lang = lang.tag(), ?errors, "locale formatting problem");
        }
        text.into_owned()
    }

    /// Shorthand for a message without arguments.
    pub fn plain(&self, lang: Lang, id: &str) -> String {
        self.text(lang, id, &[])
    }

    /// Every message id of a language, for the locale completeness test.
    pub fn keys(lang: Lang) -> Vec<String> {
        lang.sources()
            .iter()
            .flat_map(|src| src.lines())
            .filter_map(|line| {
                let (key, _) = line.split_once(" =")?;
                let ok = key.starts_with(|c: char| c.is_ascii_lowercase())
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                ok.then(|| key.to_string())
            })
            .collect()
    }
}

/// A text argument.
pub fn arg(name: &str, value: impl Into<Arg>) -> (&str, Arg) {
    (name, value.into())
}
