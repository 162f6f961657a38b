//! The shipped model with the rules, on the messages a new user tried, and on odd input.

use super::*;
use crate::domain::intake::IntakeRules;

fn parser() -> IntakeParser {
    match IntakeRules::default().compile() {
        Ok(p) => p,
        Err(e) => panic!("default rules do not compile: {e}"),
    }
}

#[test]
fn outage_notices_are_not_tickets() {
    let p = parser();
    for text in [
        "明天停水",
        "明天停水检修",
        "Water will be off tomorrow 8-12 for pipe repairs",
    ] {
        let c = p.classify(text);
        assert_eq!(c.certainty(), Certainty::Low, "{text}: {}", c.confidence);
        assert_ne!(c.kind, MessageKind::Request, "{text}");
    }
}

#[test]
fn emergencies_are_urgent_requests() {
    let p = parser();
    for (text, category) in [
        ("隔壁家的狗咬了我家孩子，流了好多血", None),
        (
            "my mother fell and cannot get up, please help",
            Some(Category::Assistance),
        ),
        (
            "我家老人一个人在家摔倒了，快来人",
            Some(Category::Assistance),
        ),
        (
            "着火了！三组老李家柴房着火了 快来人",
            Some(Category::Hazard),
        ),
    ] {
        let c = p.classify(text);
        assert_eq!(c.certainty(), Certainty::High, "{text}: {}", c.confidence);
        assert!(c.urgent, "{text}");
        if let Some(cat) = category {
            assert_eq!(c.category, Some(cat), "{text}");
        }
    }
}

#[test]
fn tags_force_and_odd_input_is_safe() {
    let p = parser();
    let c = p.classify("#报修 你好");
    assert_eq!((c.certainty(), c.forced), (Certainty::High, true));
    assert!(c.category.is_some());
    let long = "路灯坏了".repeat(50_000);
    for text in ["", " ", "😂😂😂", "\u{0}\u{feff}", "？？？", long.as_str()] {
        let c = p.classify(text);
        assert!(c.confidence.is_finite() && (0.0..=1.0).contains(&c.confidence));
        let (again, why) = p.explain(text);
        assert_eq!(again, c);
        assert!(why.request.len() <= 8);
    }
}
