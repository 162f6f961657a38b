//! The documented configuration is the real one.
#[test]
fn the_example_config_matches_the_defaults() {
    let text = std::fs::read_to_string("config.example.toml").expect("config.example.toml");
    let parsed = villagebot::config::Settings::parse(&text).expect("example parses");
    let defaults = villagebot::config::Settings::default();
    assert_eq!(
        format!("{parsed:?}"),
        format!("{defaults:?}"),
        "config.example.toml must show the defaults"
    );
}

#[test]
fn a_custom_intake_section_changes_the_parser() {
    let text = "[intake]\ntrigger_tags = [\"#修\"]\n";
    let settings = villagebot::config::Settings::parse(text).expect("parses");
    let parser = settings.intake_parser().expect("compiles");
    assert!(parser.classify("#修 随便什么").forced);
    assert!(
        !parser.classify("#报修 随便什么").forced,
        "the list was replaced"
    );
    let bad =
        villagebot::config::Settings::parse("[intake]\nproblem_cues = { patterns = [\"(\"] }\n")
            .expect("parses");
    let err = bad
        .validate()
        .map(|_| ())
        .map_err(|e| e.to_string())
        .err()
        .unwrap_or_default();
    assert!(err.contains("intake"), "{err}");
}
