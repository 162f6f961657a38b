//! Intake figures the way `shared/eval/score.py` counts them: request precision and recall, category
//! accuracy on true positives, urgent recall; overall and per language.

use std::fmt;

use super::train::Example;
use crate::domain::category::Category;
use crate::domain::intake::MessageKind;

/// What a classifier said of one message (a ticket or not; its category and urgency if so).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    pub request: bool,
    pub category: Option<Category>,
    pub urgent: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figures {
    pub n: usize,
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub category_ok: usize,
    pub urgent_n: usize,
    pub urgent_found: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl Figures {
    pub fn add(&mut self, gold: &Example, said: &Verdict) {
        self.n += 1;
        let gr = gold.kind == MessageKind::Request;
        match (gr, said.request) {
            (true, true) => {
                self.tp += 1;
                self.category_ok += usize::from(said.category == gold.category);
            }
            (false, true) => self.fp += 1,
            (true, false) => self.fn_ += 1,
            (false, false) => {}
        }
        if gr && gold.urgent {
            self.urgent_n += 1;
            self.urgent_found += usize::from(said.request && said.urgent);
        }
    }
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn category_accuracy(&self) -> f64 {
        ratio(self.category_ok, self.tp)
    }
    pub fn urgent_recall(&self) -> f64 {
        ratio(self.urgent_found, self.urgent_n)
    }
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P={:.3} R={:.3} cat={:.3} urgent_R={:.3} (n={} tp={} fp={} fn={} urgent={})",
            self.precision(),
            self.recall(),
            self.category_accuracy(),
            self.urgent_recall(),
            self.n,
            self.tp,
            self.fp,
            self.fn_,
            self.urgent_n
        )
    }
}

/// Figures overall, for Chinese and for English.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Report {
    pub all: Figures,
    pub zh: Figures,
    pub en: Figures,
}

impl Report {
    pub fn of<'a>(pairs: impl IntoIterator<Item = (&'a Example, Verdict)>) -> Report {
        let mut r = Report::default();
        for (gold, said) in pairs {
            r.all.add(gold, &said);
            match gold.lang.as_str() {
                "en" => r.en.add(gold, &said),
                _ => r.zh.add(gold, &said),
            }
        }
        r
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  all: {}", self.all)?;
        writeln!(f, "  zh:  {}", self.zh)?;
        write!(f, "  en:  {}", self.en)
    }
}
