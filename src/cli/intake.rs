//! `classify` and `train`: the intake classifier on the command line.

use std::borrow::Cow;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use serde::Deserialize;

use crate::config::Settings;
use crate::domain::intake::model::metrics::{Report, Verdict};
use crate::domain::intake::model::train::{train as fit, Example, TrainOptions};
use crate::domain::intake::{IntakeModel, IntakeParser, MessageKind};
use crate::store::{self, redact, Store};

/// One verdict per input line, so cadres can check their rules and model.
pub fn classify(settings: &Settings, explain: bool) -> anyhow::Result<()> {
    let parser = settings.intake_parser()?;
    let stdin = std::io::stdin();
    // Buffered: a line-buffered stdout would cost a write per message.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.context("cannot read stdin")?;
        if line.trim().is_empty() {
            continue;
        }
        let text = message_text(&line);
        let verdict = if explain {
            let (c, e) = parser.explain(&text);
            let mut v = c.to_json_line();
            v["explain"] = serde_json::to_value(&e)?;
            v
        } else {
            parser.classify(&text).to_json_line()
        };
        writeln!(out, "{verdict}")?;
    }
    out.flush()?;
    Ok(())
}

/// The message of one input line of `classify`: the `text` of a JSON object (other fields are
/// skipped, not decoded; no text is ""), or the line itself when it is not one.
pub fn message_text(line: &str) -> Cow<'_, str> {
    #[derive(Deserialize)]
    struct Line<'a> {
        #[serde(borrow)]
        text: Option<Cow<'a, str>>,
    }
    match serde_json::from_str::<Line>(line) {
        Ok(Line { text }) => text.unwrap_or_default(),
        Err(_) => Cow::Borrowed(line),
    }
}

/// What `train` learns from and reports on.
pub struct TrainData {
    pub files: Vec<PathBuf>,
    pub heldout: Vec<PathBuf>,
    pub from_db: bool,
}

/// Labelled examples of JSON-lines files; a bad line names its file and line.
pub fn read_examples(files: &[PathBuf]) -> anyhow::Result<Vec<Example>> {
    let mut out = vec![];
    for f in files {
        let text =
            std::fs::read_to_string(f).with_context(|| format!("cannot read {}", f.display()))?;
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let e: Example = serde_json::from_str(line)
                .with_context(|| format!("{}:{}: not a labelled message", f.display(), i + 1))?;
            out.push(e);
        }
    }
    Ok(out)
}

/// The `.jsonl` files of a folder, sorted (so training sees them in the same order everywhere).
fn jsonl_in(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    Ok(files)
}

fn or_default(files: Vec<PathBuf>, dir: &str) -> anyhow::Result<Vec<PathBuf>> {
    if files.is_empty() {
        jsonl_in(Path::new(dir))
    } else {
        Ok(files)
    }
}

/// The figures of one classifier on labelled examples.
pub fn report(examples: &[Example], verdict: impl Fn(&str) -> Verdict) -> Report {
    Report::of(examples.iter().map(|e| (e, verdict(&e.text))))
}

fn ticket_verdict(parser: &IntakeParser, text: &str, rules_only: bool) -> Verdict {
    let c = if rules_only {
        parser.classify_rules(text)
    } else {
        parser.classify(text)
    };
    let v = c.to_json_line();
    Verdict {
        request: v["request"] == true,
        category: c.category.filter(|_| v["request"] == true),
        urgent: v["urgent"] == true,
    }
}

/// The corrections stored in the database, as labelled messages ("not a request" is learnt as chat).
async fn corrections(settings: &Settings) -> anyhow::Result<Vec<Example>> {
    let store = Store::open(&settings.database.url)
        .await
        .with_context(|| format!("cannot open database {}", redact(&settings.database.url)))?;
    let mut conn = store.conn().await?;
    let rows = store::corrections::all(&mut conn).await?;
    Ok(rows
        .into_iter()
        .map(|c| Example {
            id: String::new(),
            lang: c.lang,
            text: c.text,
            kind: match c.kind.as_str() {
                "request" => MessageKind::Request,
                _ => MessageKind::Chat,
            },
            category: c.category.and_then(|k| k.parse().ok()),
            urgent: c.urgent != 0,
        })
        .collect())
}

/// Fits a model to the training files (and the database's corrections) and writes it; prints
/// held-out figures before and after.
pub async fn train(settings: &Settings, data: TrainData, dest: &Path) -> anyhow::Result<()> {
    // A closed pipe (`| head`) ends the report quietly instead of panicking.
    let mut out = std::io::stdout().lock();
    let files = or_default(data.files, "data/intake/train")?;
    let heldout_files = or_default(data.heldout, "data/intake/heldout")?;
    let mut examples = read_examples(&files)?;
    if data.from_db {
        let learnt = corrections(settings).await?;
        writeln!(out, "{} corrections from the database", learnt.len())?;
        examples.extend(learnt);
    }
    anyhow::ensure!(!examples.is_empty(), "no labelled messages to learn from");
    let heldout = read_examples(&heldout_files)?;
    let current = settings.intake_parser()?;
    let reader = settings
        .intake
        .compile_with(Arc::new(IntakeModel::empty()))
        .context("the [intake] rules do not compile")?;
    let model = fit(
        &examples,
        |t| reader.feature_keys(t),
        &TrainOptions::default(),
    );
    let bytes = model.to_bytes();
    std::fs::write(dest, &bytes).with_context(|| format!("cannot write {}", dest.display()))?;
    writeln!(
        out,
        "trained on {} messages from {} files: {} features, {} bytes written to {}",
        examples.len(),
        files.len(),
        model.len(),
        bytes.len(),
        dest.display()
    )?;
    if heldout.is_empty() {
        return Ok(());
    }
    let new = settings
        .intake
        .compile_with(Arc::new(IntakeModel::from_bytes(&bytes)?))?;
    writeln!(out, "held-out: {} messages", heldout.len())?;
    writeln!(
        out,
        "rules alone:\n{}",
        report(&heldout, |t| ticket_verdict(&current, t, true))
    )?;
    writeln!(
        out,
        "current model:\n{}",
        report(&heldout, |t| ticket_verdict(&current, t, false))
    )?;
    writeln!(
        out,
        "new model:\n{}",
        report(&heldout, |t| ticket_verdict(&new, t, false))
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::message_text;

    #[test]
    fn a_line_is_its_text_field_or_itself() {
        let line = r#"{"id": "a", "text": "路灯坏了", "kind": "request", "urgent": false}"#;
        assert_eq!(message_text(line), "路灯坏了");
        assert_eq!(message_text(r#"{"text": "say \"hi\"\n"}"#), "say \"hi\"\n");
        assert_eq!(message_text(r#"{"id": "no text"}"#), "");
        assert_eq!(message_text("三组没水了"), "三组没水了");
        assert_eq!(message_text(r#"{"text": 5}"#), r#"{"text": 5}"#);
        assert_eq!(message_text("[1, 2]"), "[1, 2]");
    }
}
