//! Messages classified per second on one core: the held-out messages (`data/intake/heldout`, the
//! public sample when it is beside the project), repeated to 200,000 messages, decoded from JSON lines
//! and classified as `villagebot classify` does. Run: `cargo bench --bench classify`
//! (`CLASSIFY_RULES_ONLY=1` for the keyword rules without the model).

use std::time::Instant;

use villagebot::cli::message_text;
use villagebot::config::Settings;

const MESSAGES: usize = 200_000;

fn texts() -> Vec<String> {
    let dir = env!("CARGO_MANIFEST_DIR");
    let mut files: Vec<std::path::PathBuf> =
        std::fs::read_dir(format!("{dir}/data/intake/heldout"))
            .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
    files.sort();
    files.push(format!("{dir}/../shared/eval/intake_public_sample.jsonl").into());
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|text| text.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

fn main() -> anyhow::Result<()> {
    let lines = texts();
    anyhow::ensure!(!lines.is_empty(), "no labelled messages found");
    let parser = Settings::default().intake_parser()?;
    // CLASSIFY_RULES_ONLY=1: the keyword rules alone, to see what the model adds.
    let rules_only = std::env::var_os("CLASSIFY_RULES_ONLY").is_some();
    let input: Vec<&String> = lines.iter().cycle().take(MESSAGES).collect();
    let mut requests = 0usize;
    let t = Instant::now();
    for line in &input {
        let text = message_text(line);
        let c = if rules_only {
            parser.classify_rules(&text)
        } else {
            parser.classify(&text)
        };
        requests += usize::from(c.category.is_some());
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "classify: {MESSAGES} messages ({} distinct) in {secs:.2} s: {:.0} messages/s on one core ({requests} with a category)",
        lines.len(),
        MESSAGES as f64 / secs
    );
    Ok(())
}
