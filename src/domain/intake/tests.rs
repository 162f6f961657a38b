//! The intake parser against clear and tricky messages in both languages, and its rules as data.

use super::rules::{BuiltinRules, DEFAULT_RULES};
use super::*;

fn parser() -> IntakeParser {
    match IntakeRules::default().compile() {
        Ok(p) => p,
        Err(e) => panic!("default rules do not compile: {e}"),
    }
}

fn assert_request(p: &IntakeParser, text: &str, cat: Category, urgent: bool) {
    let c = p.classify_rules(text);
    assert_eq!(
        c.certainty(),
        Certainty::High,
        "not a ticket ({}): {text}",
        c.confidence
    );
    assert_eq!(c.kind, MessageKind::Request, "{text}");
    assert_eq!(c.category, Some(cat), "{text}");
    assert_eq!(c.urgent, urgent, "urgent: {text}");
}

fn assert_silent(p: &IntakeParser, text: &str, kind: MessageKind) {
    let c = p.classify_rules(text);
    assert_eq!(
        c.certainty(),
        Certainty::Low,
        "should stay silent ({}): {text}",
        c.confidence
    );
    assert_eq!(c.kind, kind, "{text}");
    assert_eq!(c.category, None);
    assert!(!c.urgent);
    assert_eq!(c.to_json_line()["request"], false);
}

#[test]
fn default_rules_parse_and_compile() {
    let b: Result<BuiltinRules, _> = toml::from_str(DEFAULT_RULES);
    assert!(b.is_ok(), "{:?}", b.err());
    let rules = IntakeRules::default();
    assert_eq!(rules.categories.len(), Category::ALL.len());
    assert!(rules.compile().is_ok());
    // Round trip through the config format, and partial configs keep the defaults.
    let text = toml::to_string(&rules).unwrap_or_default();
    assert_eq!(
        toml::from_str::<IntakeRules>(&text).ok(),
        Some(rules.clone())
    );
    let partial: IntakeRules = toml::from_str("ticket_threshold = 0.9").unwrap_or_default();
    assert_eq!(partial.ticket_threshold, 0.9);
    assert_eq!(partial.ask_cues, rules.ask_cues);
    assert!(toml::from_str::<IntakeRules>("no_such_key = 1").is_err());
}

#[test]
fn parser_is_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<IntakeParser>();
}

#[test]
fn bad_regex_names_the_key() {
    let mut rules = IntakeRules::default();
    rules.urgent_cues.patterns.push("(unclosed".into());
    match rules.compile() {
        Err(IntakeRulesError::BadPattern { key, pattern, .. }) => {
            assert_eq!(key, "intake.urgent_cues");
            assert_eq!(pattern, "(unclosed");
        }
        other => panic!("expected BadPattern, got {other:?}"),
    }
    let mut rules = IntakeRules::default();
    rules.categories[0].keywords.push("[".into());
    let err = rules
        .compile()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("intake.categories[hazard].keywords"), "{err}");
    let rules = IntakeRules {
        location_patterns: vec!["(?P<loc>".into()],
        ..IntakeRules::default()
    };
    let err = rules
        .compile()
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(err.contains("intake.location_patterns"), "{err}");
    let rules = IntakeRules {
        ask_threshold: 0.9,
        ticket_threshold: 0.5,
        ..IntakeRules::default()
    };
    assert!(matches!(
        rules.compile(),
        Err(IntakeRulesError::BadValue { .. })
    ));
}

#[test]
fn trigger_tags_force_a_request() {
    let p = parser();
    let c = p.classify_rules("  #报修 2组水塔漏水 ");
    assert!(c.forced);
    assert_eq!(c.confidence, 1.0);
    assert_eq!(c.certainty(), Certainty::High);
    assert_eq!(c.body, "2组水塔漏水");
    assert_eq!(c.category, Some(Category::Repair));
    assert_eq!(c.location.as_deref(), Some("2组"));
    let c = p.classify_rules("#ORDER please add me to the group");
    assert!(c.forced && c.kind == MessageKind::Request);
    assert_eq!(c.body, "please add me to the group");
    let c = p.classify_rules("#求助 哈哈");
    assert!(c.forced);
    assert_eq!(c.category, Some(Category::Other));
    assert_eq!(c.to_json_line()["request"], true);
    assert!(!p.classify_rules("#orders are in").forced);
    assert!(!p.classify_rules("路灯坏了 #报修").forced);
}

#[test]
fn locations() {
    let p = parser();
    let loc = |t: &str| p.classify_rules(t).location;
    assert_eq!(loc("三组路灯不亮了").as_deref(), Some("三组"));
    assert_eq!(loc("俺们3组的水管漏了").as_deref(), Some("3组"));
    assert_eq!(loc("五巷那块下水道堵了").as_deref(), Some("五巷"));
    assert_eq!(loc("垃圾桶满了 12号门口").as_deref(), Some("12号"));
    assert_eq!(
        loc("no water in lane 3 since morning").as_deref(),
        Some("lane 3")
    );
    assert_eq!(
        loc("The light outside No. 12 is out").as_deref(),
        Some("No. 12")
    );
    assert_eq!(loc("村口垃圾箱满了").as_deref(), Some("村口"));
    assert_eq!(loc("缴费截止到本月25号"), None);
    assert_eq!(loc("路灯坏了"), None);
}

#[test]
fn clear_requests() {
    let p = parser();
    let cases = [
        (
            "三组东头那个路灯又不亮了 麻烦找人来修修",
            Category::Repair,
            false,
        ),
        ("全村都没水了 从早上到现在 这可咋整", Category::Repair, true),
        (
            "路边有条死狗 都招苍蝇了 谁来处理一下",
            Category::Sanitation,
            false,
        ),
        (
            "跟包工头干了半年 还欠俺八千块工钱 帮帮忙",
            Category::Dispute,
            false,
        ),
        ("我家门口井盖没了晚上太危险", Category::Hazard, true),
        ("村东头着火了 火挺大 快来人！", Category::Hazard, true),
        (
            "俺爹住院了 能不能麻烦网格员帮着送点饭",
            Category::Assistance,
            false,
        ),
        (
            "麻烦开个居住证明 办孩子上学要用",
            Category::Paperwork,
            false,
        ),
        (
            "玉米叶子上全是虫眼 能不能请农技员来看看",
            Category::Livelihood,
            false,
        ),
        (
            "能不能在大路口装个减速带 车开得太快了",
            Category::Other,
            false,
        ),
    ];
    for (text, category, urgent) in cases {
        assert_request(&p, text, category, urgent);
    }
}

#[test]
fn clear_requests_in_english() {
    let p = parser();
    let cases = [
        (
            "The footbridge has two planks missing, please get it mended",
            Category::Repair,
            false,
        ),
        (
            "There's a strong smell of gas near the kitchen, hurry",
            Category::Hazard,
            true,
        ),
        (
            "Our chickens keep dying. Can someone from the vet station come?",
            Category::Livelihood,
            false,
        ),
        (
            "My neighbour moved the boundary stones. Can someone come and measure?",
            Category::Dispute,
            false,
        ),
    ];
    for (text, category, urgent) in cases {
        assert_request(&p, text, category, urgent);
    }
}

#[test]
fn clear_non_requests() {
    let p = parser();
    assert_silent(
        &p,
        "通知：明天上午8点至下午5点停水检修，请各户提前储水。",
        MessageKind::Notice,
    );
    assert_silent(&p, "请各组长明天中午前把名单报给我", MessageKind::Notice);
    assert_silent(
        &p,
        "Reminder: water will be off on Thursday from 9 to 12.",
        MessageKind::Notice,
    );
    assert_silent(&p, "三组那个水管修好没有", MessageKind::Question);
    assert_silent(&p, "明天停电几点来电啊", MessageKind::Question);
    assert_silent(
        &p,
        "When is the next garbage pickup?",
        MessageKind::Question,
    );
    assert_silent(&p, "谢谢王书记修好了路灯", MessageKind::Chat);
    assert_silent(&p, "收到，马上安排", MessageKind::Chat);
    assert_silent(&p, "土鸡蛋 一块二一个 要的私聊", MessageKind::Chat);
    assert_silent(
        &p,
        "Thanks everyone for the birthday wishes 😊",
        MessageKind::Chat,
    );
    assert_silent(
        &p,
        "Fresh honey for sale, 50 yuan a jar, DM me",
        MessageKind::Chat,
    );
}

#[test]
fn degenerate_inputs_are_low_and_do_not_panic() {
    let p = parser();
    let long = "啊".repeat(100_000);
    let long_mixed = "路灯 ".repeat(20_000) + &"吗".repeat(50_000);
    for t in [
        "",
        "   \n\t ",
        "😀😀🎉",
        "👍🏻",
        "\u{0}",
        "#",
        long.as_str(),
        long_mixed.as_str(),
    ] {
        let c = p.classify_rules(t);
        assert!((0.0..=1.0).contains(&c.confidence), "{t:.20}");
        if t != long_mixed {
            assert_eq!(c.certainty(), Certainty::Low, "{t:.20}");
            assert_ne!(c.kind, MessageKind::Request);
        }
    }
    assert_eq!(p.classify_rules("😀😀🎉").kind, MessageKind::Chat);
}

#[test]
fn confidence_is_bounded_and_json_shape() {
    let p = parser();
    for t in [
        "路灯坏了",
        "谢谢",
        "快来人 着火了 救命 快来 快来",
        "Is the road open?",
    ] {
        let c = p.classify_rules(t);
        assert!((0.0..=1.0).contains(&c.confidence));
        let j = c.to_json_line();
        for k in ["request", "category", "urgent", "confidence", "location"] {
            assert!(j.get(k).is_some(), "{k} missing");
        }
        assert_eq!(j["request"], c.certainty() == Certainty::High);
    }
}

#[test]
fn weak_hazard_hint_is_not_urgent_and_case_is_ignored() {
    let p = parser();
    // "狗" alone is only a weak hazard hint: a lost dog is not an emergency.
    let c = p.classify_rules("能不能在群里发一下俺家丢的狗的照片 黑色土狗");
    assert!(!c.urgent, "{c:?}");
    assert_ne!(c.category, Some(Category::Hazard));
    // Category keywords also match capitalised Latin words.
    assert_request(
        &p,
        "Trash hasn't been collected on our street for ten days",
        Category::Sanitation,
        false,
    );
    // Asking the status of a known fix is a question: no ticket (at most a button prompt).
    assert_ne!(
        p.classify_rules("三组那个塌了的桥啥时候修好").certainty(),
        Certainty::High
    );
    assert_silent(&p, "老王家那个纠纷调解完了吗", MessageKind::Question);
    assert_silent(&p, "谢谢网格员小王 大半夜还跑来帮忙", MessageKind::Chat);
}

/// Regression floor on the labelled extra set (data/intake/train/extra.jsonl, LABELS.md rules).
#[test]
fn labelled_extra_set_scores() {
    let p = parser();
    let data = include_str!("../../../data/intake/train/extra.jsonl");
    let (mut tp, mut fp, mut fn_, mut cat_ok) = (0u32, 0u32, 0u32, 0u32);
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
        let text = v["text"].as_str().unwrap_or_default();
        let gold = v["kind"] == "request";
        let c = p.classify_rules(text);
        let pred = c.certainty() == Certainty::High;
        match (gold, pred) {
            (true, true) => {
                tp += 1;
                cat_ok += u32::from(c.category.map(Category::key) == v["category"].as_str());
            }
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            _ => {}
        }
    }
    assert!(tp > 0, "no labelled requests found");
    let precision = f64::from(tp) / f64::from(tp + fp);
    let recall = f64::from(tp) / f64::from(tp + fn_);
    let cat = f64::from(cat_ok) / f64::from(tp);
    assert!(
        precision >= 0.97 && recall >= 0.95 && cat >= 0.95,
        "P={precision:.3} R={recall:.3} cat={cat:.3}"
    );
}
