//! Fitting the intake model: logistic regression by AdaGrad over labelled messages, deterministic.
//!
//! Written here rather than taken from linfa: linfa's linear models want a dense `ndarray`
//! matrix, and a few thousand messages over ~100,000 sparse features would be gigabytes dense.
//! The loop is short: every example updates the rows of its own features only; L2 decay is
//! applied to those rows as they are touched; the model is the average of each epoch's weights. The shuffle comes from a fixed seed, so the same
//! examples always give the same model (a test checks the shipped model against its data).

use std::collections::HashMap;

use serde::Deserialize;

use super::{sigmoid, softmax, IntakeModel, CATEGORIES, KINDS, OUTPUTS, URGENT};
use crate::domain::category::Category;
use crate::domain::intake::MessageKind;

/// One labelled message, as in `data/intake/*.jsonl` and LABELS.md.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Example {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub lang: String,
    pub text: String,
    pub kind: MessageKind,
    #[serde(default)]
    pub category: Option<Category>,
    #[serde(default)]
    pub urgent: bool,
}

/// How to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    pub epochs: usize,
    pub learning_rate: f32,
    /// L2 decay per touch.
    pub l2: f32,
    /// A feature must occur in this many examples to get a row.
    pub min_count: usize,
    /// Extra weight of an urgent request in the urgency head (missing an emergency costs most).
    pub urgent_weight: f32,
    pub seed: u64,
    /// Stored with the model: urgency probability from which a request is urgent (0.4: the
    /// highest cut-off whose 5-fold urgent recall stays ≥ 0.93 in each language).
    pub urgent_threshold: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 30,
            learning_rate: 0.05,
            l2: 1e-5,
            min_count: 2,
            urgent_weight: 4.0,
            seed: 20261205,
            urgent_threshold: 0.4,
        }
    }
}

pub(crate) fn kind_index(k: MessageKind) -> usize {
    match k {
        MessageKind::Request => 0,
        MessageKind::Question => 1,
        MessageKind::Notice => 2,
        MessageKind::Chat => 3,
    }
}

/// An example as row indices and its targets.
struct Row {
    features: Vec<u32>,
    kind: usize,
    category: Option<usize>,
    urgent: bool,
}

/// Sorted feature keys that occur in at least `min_count` examples.
fn vocabulary(featured: &[Vec<u64>], min_count: usize) -> Vec<u64> {
    let mut df: HashMap<u64, usize> = HashMap::new();
    for f in featured {
        for k in f {
            *df.entry(*k).or_default() += 1;
        }
    }
    let mut keys: Vec<u64> = df
        .into_iter()
        .filter(|(_, n)| *n >= min_count)
        .map(|(k, _)| k)
        .collect();
    keys.sort_unstable();
    keys
}

/// A fixed-seed xorshift, enough for shuffling.
struct Shuffle(u64);

impl Shuffle {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            xs.swap(i, j);
        }
    }
}

/// Weights and AdaGrad's accumulated squared gradients.
struct Fit {
    w: Vec<f32>,
    g2: Vec<f32>,
    lr: f32,
    l2: f32,
}

impl Fit {
    fn scores(&self, features: &[u32]) -> [f32; OUTPUTS] {
        let mut z = [0.0; OUTPUTS];
        for f in features {
            let base = *f as usize * OUTPUTS;
            for (o, zj) in z.iter_mut().enumerate() {
                *zj += self.w[base + o];
            }
        }
        z
    }

    /// Applies the gradient `grad[o]` (for outputs with `Some`) to every feature of the example.
    fn step(&mut self, features: &[u32], grad: &[Option<f32>; OUTPUTS]) {
        for f in features {
            let base = *f as usize * OUTPUTS;
            for (o, g) in grad.iter().enumerate() {
                let Some(g) = g else { continue };
                let i = base + o;
                let g = g + self.l2 * self.w[i];
                self.g2[i] += g * g;
                self.w[i] -= self.lr * g / (self.g2[i].sqrt() + 1e-6);
            }
        }
    }
}

/// The gradient of the three heads' losses for one example, given its scores.
fn gradient(z: &[f32; OUTPUTS], row: &Row, urgent_weight: f32) -> [Option<f32>; OUTPUTS] {
    let mut grad = [None; OUTPUTS];
    let mut p = [0.0; KINDS];
    p.copy_from_slice(&z[..KINDS]);
    softmax(&mut p);
    for (k, pk) in p.iter().enumerate() {
        grad[k] = Some(pk - if k == row.kind { 1.0 } else { 0.0 });
    }
    if let Some(c) = row.category {
        let mut q = [0.0; CATEGORIES];
        q.copy_from_slice(&z[KINDS..URGENT]);
        softmax(&mut q);
        for (j, qj) in q.iter().enumerate() {
            grad[KINDS + j] = Some(qj - if j == c { 1.0 } else { 0.0 });
        }
    }
    if row.kind == 0 {
        let y = if row.urgent { 1.0 } else { 0.0 };
        let weight = if row.urgent { urgent_weight } else { 1.0 };
        grad[URGENT] = Some(weight * (sigmoid(z[URGENT]) - y));
    }
    grad
}

/// Fits a model to examples whose features `featurise` gives (the caller's extractor).
pub fn train(
    examples: &[Example],
    featurise: impl Fn(&str) -> Vec<u64>,
    opts: &TrainOptions,
) -> IntakeModel {
    let featured: Vec<Vec<u64>> = examples
        .iter()
        .map(|e| {
            let mut f = featurise(&e.text);
            f.sort_unstable();
            f.dedup();
            f
        })
        .collect();
    let keys = vocabulary(&featured, opts.min_count.max(1));
    let index: HashMap<u64, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (*k, i as u32))
        .collect();
    let mut rows: Vec<Row> = examples
        .iter()
        .zip(&featured)
        .map(|(e, f)| Row {
            features: f.iter().filter_map(|k| index.get(k).copied()).collect(),
            kind: kind_index(e.kind),
            category: (e.kind == MessageKind::Request)
                .then(|| Category::ALL.iter().position(|c| Some(*c) == e.category))
                .flatten(),
            urgent: e.urgent,
        })
        .collect();
    let mut fit = Fit {
        w: vec![0.0; keys.len() * OUTPUTS],
        g2: vec![0.0; keys.len() * OUTPUTS],
        lr: opts.learning_rate,
        l2: opts.l2,
    };
    let mut shuffle = Shuffle(opts.seed.max(1));
    // The model is the average of the weights after each epoch: steadier than the last ones.
    let mut sum = vec![0.0f32; fit.w.len()];
    for _ in 0..opts.epochs {
        shuffle.shuffle(&mut rows);
        for row in &rows {
            let z = fit.scores(&row.features);
            let grad = gradient(&z, row, opts.urgent_weight);
            fit.step(&row.features, &grad);
        }
        for (s, w) in sum.iter_mut().zip(&fit.w) {
            *s += *w;
        }
    }
    let n = opts.epochs.max(1) as f32;
    fit.w = sum.into_iter().map(|s| s / n).collect();
    IntakeModel::new(keys, fit.w, opts.urgent_threshold)
}
