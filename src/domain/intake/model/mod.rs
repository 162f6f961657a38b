//! The learned intake model: a linear model over message features with three heads (kind, category, urgency).
//!
//! One weight row per known feature holds the scores it adds to each output: the four kinds
//! (softmax), the eight categories (softmax, learned from requests only) and urgency (a logistic
//! output, learned from requests only). Prediction sums the rows of the features a message has.
//! Rows are found by the feature's 64-bit hash, so a message costs one map lookup per feature.
//! [`IntakeModel::builtin`] is the model trained on `data/intake/train/` and shipped in the binary.

mod codec;
pub mod features;
pub mod metrics;
pub mod train;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, OnceLock};

use crate::domain::category::Category;
pub use codec::ModelError;

/// The kinds the model tells apart, in output order.
pub const KINDS: usize = 4;
/// Categories in output order (`Category::ALL`).
pub const CATEGORIES: usize = 8;
/// Outputs per row: kinds, categories, urgency.
pub const OUTPUTS: usize = KINDS + CATEGORIES + 1;
/// Output index of the urgency logit.
pub const URGENT: usize = KINDS + CATEGORIES;

/// Units of a message the model reads (longer texts are forwards, not requests).
pub const MAX_UNITS: usize = 400;

/// The model shipped with the binary, trained by `villagebot train data/intake/train/*.jsonl`.
const BUILTIN: &[u8] = include_bytes!("../../../../data/intake/model.bin");

/// Feature hashes are already uniform: the map uses them as they are.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Each feature's weights sit in its map entry: one probe finds them (a second lookup into a
/// separate weight table cost a cache miss per feature, a tenth of the classification time).
type Rows = HashMap<u64, [f32; OUTPUTS], BuildHasherDefault<KeyHasher>>;

/// A trained model; cheap to share behind an `Arc`.
#[derive(Debug, Clone)]
pub struct IntakeModel {
    rows: Rows,
    /// Urgency probability at or above which a request is urgent (chosen with the model, since it
    /// depends on how the urgency head was weighted; the request thresholds are `[intake]`'s).
    pub urgent_threshold: f32,
}

/// What the model says of one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// Probabilities of request, question, notice, chat.
    pub kind: [f32; KINDS],
    /// Probabilities of each category, were it a request (`Category::ALL` order).
    pub category: [f32; CATEGORIES],
    /// Probability that it is urgent, were it a request.
    pub urgent: f32,
}

impl Prediction {
    pub fn request(&self) -> f32 {
        self.kind[0]
    }

    /// The most likely category and its probability.
    pub fn best_category(&self) -> (Category, f32) {
        let (i, p) = argmax(&self.category);
        (Category::ALL[i], p)
    }
}

/// Drops repeated keys, keeping the first of each, without sorting (sorting a message's hundred
/// keys cost a twentieth of classification): a 4,096-bit table of the keys' low bits says which
/// key may be a repeat, and only those are compared with the keys kept.
pub fn distinct(keys: &mut Vec<u64>) {
    distinct_by(keys, |k| *k);
}

/// [`distinct`] for items that carry a key (features with their names, for explanations), so
/// that both keep the same features in the same order.
pub fn distinct_by<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut seen = [0u64; 64];
    // Kept items are moved to the front in order; `kept` counts them.
    let mut kept = 0;
    for i in 0..items.len() {
        let k = key(&items[i]);
        let bit = (k & 4095) as usize;
        let (word, mask) = (bit / 64, 1u64 << (bit % 64));
        if seen[word] & mask != 0 && items[..kept].iter().any(|x| key(x) == k) {
            continue;
        }
        seen[word] |= mask;
        items.swap(kept, i);
        kept += 1;
    }
    items.truncate(kept);
}

fn argmax(xs: &[f32]) -> (usize, f32) {
    xs.iter()
        .copied()
        .enumerate()
        .fold((0, f32::MIN), |b, (i, x)| if x > b.1 { (i, x) } else { b })
}

/// Softmax in place, safe for any finite or infinite input.
fn softmax(xs: &mut [f32]) {
    let max = xs.iter().copied().fold(f32::MIN, f32::max);
    let mut sum = 0.0;
    for x in xs.iter_mut() {
        *x = (*x - max).exp();
        sum += *x;
    }
    for x in xs.iter_mut() {
        *x = if sum > 0.0 && sum.is_finite() {
            *x / sum
        } else {
            0.0
        };
    }
}

pub fn sigmoid(x: f32) -> f32 {
    let s = 1.0 / (1.0 + (-x).exp());
    if s.is_finite() {
        s
    } else {
        0.0
    }
}

impl IntakeModel {
    /// The shipped model, decoded once per process.
    pub fn builtin() -> Result<Arc<IntakeModel>, ModelError> {
        static MODEL: OnceLock<Result<Arc<IntakeModel>, ModelError>> = OnceLock::new();
        MODEL
            .get_or_init(|| IntakeModel::from_bytes(BUILTIN).map(Arc::new))
            .clone()
    }

    /// A model that knows no feature: even odds for everything (what training reads features with).
    pub fn empty() -> IntakeModel {
        IntakeModel::new(
            vec![],
            vec![],
            train::TrainOptions::default().urgent_threshold,
        )
    }

    /// A model of `keys` whose weights are `weights` (`keys.len() × OUTPUTS`, row by row).
    pub(crate) fn new(keys: Vec<u64>, weights: Vec<f32>, urgent_threshold: f32) -> Self {
        let rows = keys
            .into_iter()
            .zip(weights.chunks_exact(OUTPUTS))
            .map(|(k, w)| {
                let mut row = [0.0f32; OUTPUTS];
                row.copy_from_slice(w);
                (k, row)
            })
            .collect();
        IntakeModel {
            rows,
            urgent_threshold,
        }
    }

    /// Number of features with a weight row.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The weight row of a feature, if the model knows it.
    pub fn row(&self, key: u64) -> Option<&[f32]> {
        self.rows.get(&key).map(|r| r.as_slice())
    }

    /// Raw output scores (before softmax) of a set of features.
    pub fn logits(&self, keys: &[u64]) -> [f32; OUTPUTS] {
        let mut out = [0.0f32; OUTPUTS];
        for k in keys {
            if let Some(row) = self.row(*k) {
                for (o, w) in out.iter_mut().zip(row) {
                    *o += *w;
                }
            }
        }
        out
    }

    pub fn predict(&self, keys: &[u64]) -> Prediction {
        let z = self.logits(keys);
        let mut kind = [0.0; KINDS];
        kind.copy_from_slice(&z[..KINDS]);
        softmax(&mut kind);
        let mut category = [0.0; CATEGORIES];
        category.copy_from_slice(&z[KINDS..URGENT]);
        softmax(&mut category);
        Prediction {
            kind,
            category,
            urgent: sigmoid(z[URGENT]),
        }
    }

    /// How much each named feature pushes output `a` above output `b` (`b = None`: above zero).
    pub fn pushes(
        &self,
        named: &[(u64, String)],
        a: usize,
        b: Option<usize>,
    ) -> Vec<(String, f32)> {
        let mut out: Vec<(String, f32)> = named
            .iter()
            .filter_map(|(k, name)| {
                let row = self.row(*k)?;
                let v = row.get(a)? - b.and_then(|b| row.get(b).copied()).unwrap_or(0.0);
                Some((name.clone(), v))
            })
            .collect();
        out.sort_by(|x, y| y.1.abs().total_cmp(&x.1.abs()));
        out
    }
}

#[cfg(test)]
mod tests;
