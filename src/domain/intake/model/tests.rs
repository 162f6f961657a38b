//! The model's arithmetic, its file format and its training on a toy set.

use super::train::{train, Example, TrainOptions};
use super::*;
use crate::domain::intake::MessageKind;

fn example(text: &str, kind: MessageKind, category: Option<Category>, urgent: bool) -> Example {
    Example {
        id: String::new(),
        lang: "zh".into(),
        text: text.into(),
        kind,
        category,
        urgent,
    }
}

/// Features: one per character, so the toy set is easy to reason about.
fn chars(text: &str) -> Vec<u64> {
    text.chars()
        .map(|c| features::hash(features::ns::UNI, [&c.to_string()]))
        .collect()
}

fn toy() -> Vec<Example> {
    use Category::*;
    use MessageKind::*;
    let mut v = vec![];
    for _ in 0..3 {
        v.push(example("灯坏修", Request, Some(Repair), false));
        v.push(example("水坏修", Request, Some(Repair), false));
        v.push(example("火快救", Request, Some(Hazard), true));
        v.push(example("火急救", Request, Some(Hazard), true));
        v.push(example("灯好谢", Chat, None, false));
        v.push(example("水好谢", Chat, None, false));
        v.push(example("明停水", Notice, None, false));
        v.push(example("几点吗", Question, None, false));
    }
    v
}

#[test]
fn training_separates_a_toy_set_and_is_deterministic() {
    let opts = TrainOptions {
        min_count: 1,
        ..TrainOptions::default()
    };
    let m = train(&toy(), chars, &opts);
    let p = m.predict(&chars("路灯坏了快修"));
    assert!(p.request() > 0.5, "{p:?}");
    assert_eq!(p.best_category().0, Category::Repair);
    assert!(m.predict(&chars("火")).urgent > 0.5);
    assert!(m.predict(&chars("灯好谢")).request() < 0.5);
    let again = train(&toy(), chars, &opts);
    assert_eq!(m.to_bytes(), again.to_bytes());
}

#[test]
fn the_file_round_trips_and_refuses_what_it_is_not() {
    let opts = TrainOptions {
        min_count: 1,
        ..TrainOptions::default()
    };
    let m = train(&toy(), chars, &opts);
    let bytes = m.to_bytes();
    let back = IntakeModel::from_bytes(&bytes).expect("reads its own bytes");
    assert_eq!(back.urgent_threshold, m.urgent_threshold);
    let (a, b) = (m.predict(&chars("水坏")), back.predict(&chars("水坏")));
    assert!((a.request() - b.request()).abs() < 1e-3, "{a:?} {b:?}");
    assert_eq!(
        IntakeModel::from_bytes(b"nope").err(),
        Some(ModelError::Magic)
    );
    assert_eq!(
        IntakeModel::from_bytes(&bytes[..bytes.len() - 1]).err(),
        Some(ModelError::Length)
    );
    let mut v2 = bytes.clone();
    v2[4] = 9;
    assert_eq!(
        IntakeModel::from_bytes(&v2).err(),
        Some(ModelError::Version(9))
    );
    for cut in 0..40.min(bytes.len()) {
        assert!(IntakeModel::from_bytes(&bytes[..cut]).is_err());
    }
}

#[test]
fn unknown_features_and_empty_input_give_even_odds() {
    let m = train(&toy(), chars, &TrainOptions::default());
    let p = m.predict(&[]);
    assert!((p.kind.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    assert!((p.category.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    assert!((p.urgent - 0.5).abs() < 1e-6);
}

#[test]
fn the_shipped_model_loads() {
    let m = IntakeModel::builtin().expect("the shipped model decodes");
    assert!((0.0..=1.0).contains(&m.urgent_threshold));
    assert!(m.len() > 1_000, "trained on data/intake/train");
}

#[test]
fn distinct_keeps_the_first_of_each_key() {
    // 1 and 4097 share their low bits: a seen bit alone is no proof of a repeat.
    let mut keys = vec![5, 1, 4097, 5, 1, 9, 4097, 4096 * 3 + 5];
    distinct(&mut keys);
    assert_eq!(keys, vec![5, 1, 4097, 9, 4096 * 3 + 5]);
    let mut empty = vec![];
    distinct(&mut empty);
    assert!(empty.is_empty());
}
