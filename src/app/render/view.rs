//! The renderer: a locale, a time zone and the message catalogue, with the small pieces every text
//! is made of (categories, states, levels, times, buttons).

use chrono::{TimeZone, Utc};

use crate::app::outbox::message::Button;
use crate::app::outbox::press::Press;
use crate::domain::routing::Level;
use crate::domain::{Category, TicketState};
use crate::i18n::{Args, I18n, Lang};

/// Renders in one language and time zone.
pub struct View<'a> {
    pub i18n: &'a I18n,
    pub lang: Lang,
    pub tz: chrono_tz::Tz,
}

impl View<'_> {
    pub fn t(&self, id: &str, args: &Args<'_>) -> String {
        self.i18n.text(self.lang, id, args)
    }

    pub fn category(&self, c: Category) -> String {
        self.t(&format!("category-{}", c.key()), &[])
    }

    pub fn state(&self, s: TicketState) -> String {
        self.t(&format!("state-{}", s.key()), &[])
    }

    pub fn level(&self, l: Level) -> String {
        self.t(&format!("level-{}", l.key()), &[])
    }

    pub fn time(&self, unix: i64) -> String {
        match Utc.timestamp_opt(unix, 0).single() {
            Some(t) => t.with_timezone(&self.tz).format("%m-%d %H:%M").to_string(),
            None => String::from("?"),
        }
    }

    /// A map link for a location pin (millionths of a degree): Amap for Chinese readers,
    /// OpenStreetMap otherwise.
    pub fn map_line(&self, (lat_e6, lon_e6): (i64, i64)) -> String {
        let (lat, lon) = (lat_e6 as f64 / 1e6, lon_e6 as f64 / 1e6);
        let url = match self.lang {
            Lang::Zh => format!("https://uri.amap.com/marker?position={lon:.6},{lat:.6}"),
            _ => format!("https://www.openstreetmap.org/?mlat={lat:.6}&amp;mlon={lon:.6}#map=17/{lat:.6}/{lon:.6}"),
        };
        self.t("card-map", &[crate::i18n::arg("url", url)])
    }

    pub fn button(&self, id: &str, press: Press) -> Button {
        Button {
            text: self.t(id, &[]),
            data: press.encode(),
        }
    }
}
