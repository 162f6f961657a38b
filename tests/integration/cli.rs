//! The binary itself: the console, classify and check-config, as a user runs them.

use std::io::Write;
use std::process::{Command, Stdio};

fn villagebot(args: &[&str], stdin: &str) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_villagebot"))
        .args(args)
        .env_remove("DATABASE_URL")
        .env_remove("TELOXIDE_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run villagebot");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn temp_path(name: &str) -> String {
    std::env::temp_dir()
        .join(format!("villagebot_cli_{}_{name}", std::process::id()))
        .display()
        .to_string()
}

#[test]
fn the_console_plays_a_whole_order() {
    let db = temp_path("console.db");
    let script = "/setup 幸福村\n/chief @wang 三组\n/as zhang\n/home 三组\n村口路灯坏了三天了，晚上看不见路\n/as wang\n/list\n/quit\n";
    let (ok, out, err) = villagebot(&["console", "--fresh", "--db", &db], script);
    assert!(ok, "{err}");
    assert!(out.contains("幸福村 已设置好"), "{out}");
    assert!(out.contains("工单 #1") && out.contains("维修"), "{out}");
    assert!(
        out.contains("请处理") && out.contains("[1:✋ 接单]"),
        "the card prompts the chief (no private chat yet) with buttons: {out}"
    );
    assert!(out.contains("#1 维修 · 已派单 · wang"), "{out}");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
}

#[test]
fn classify_prints_one_verdict_per_line() {
    let input = "村口路灯坏了三天了，晚上看不见路\n{\"text\": \"谢谢王书记修好了路灯\"}\n\n{\"text\": \"The water pipe by lane 3 burst, water everywhere!\"}\n";
    let (ok, out, err) = villagebot(&["classify"], input);
    assert!(ok, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(lines[0]["request"], true);
    assert_eq!(lines[0]["category"], "repair");
    assert_eq!(lines[1]["request"], false);
    assert_eq!(lines[1]["category"], serde_json::Value::Null);
    assert_eq!(lines[2]["location"], "lane 3");
    assert!(lines[2]["confidence"]
        .as_f64()
        .is_some_and(|c| (0.0..=1.0).contains(&c)));
}

#[test]
fn a_bad_config_names_its_key() {
    let path = temp_path("bad.toml");
    std::fs::write(&path, "[deadlines]\nsimple = \"one day\"\n").expect("write config");
    let (ok, _, err) = villagebot(&["--config", &path, "check-config"], "");
    assert!(!ok);
    assert!(err.contains("simple") && err.contains("one day"), "{err}");
    std::fs::write(&path, "[database]\nurl = \"mysql://x\"\n").expect("write config");
    let (ok, _, err) = villagebot(&["--config", &path, "check-config"], "");
    assert!(!ok && err.contains("database.url"), "{err}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn check_config_never_prints_the_token() {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_villagebot"));
    let out = cmd
        .arg("check-config")
        .env("TELOXIDE_TOKEN", "999:VERY-SECRET")
        .env(
            "DATABASE_URL",
            "postgres://bot:DB-SECRET@db:5432/v?password=DB-SECRET2",
        )
        .output()
        .expect("run");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{all}");
    assert!(!all.contains("VERY-SECRET"), "{all}");
    assert!(!all.contains("DB-SECRET"), "{all}");
    assert!(all.contains("postgres://bot:***@db:5432"), "{all}");
}

#[test]
fn durations_are_bounded() {
    let path = temp_path("long.toml");
    std::fs::write(&path, "[deadlines]\nsimple = \"106751991167300d\"\n").expect("write config");
    let (ok, _, err) = villagebot(&["--config", &path, "check-config"], "");
    assert!(!ok && err.contains("365d"), "{err}");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn export_writes_csv_for_a_period() {
    let db = temp_path("export.db");
    let script = "/setup 幸福村\n#报修 村口路灯坏了\n/quit\n";
    let (ok, _, err) = villagebot(&["console", "--fresh", "--db", &db], script);
    assert!(ok, "{err}");
    let url = format!("sqlite://{db}");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_villagebot"))
            .args(args)
            .env("DATABASE_URL", &url)
            .output()
            .expect("run");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, out, err) = run(&["export", "--village", "幸福村"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("village,ticket") && out.contains("幸福村,#1,repair"),
        "{out}"
    );
    let (ok, out, _) = run(&["export", "--from", "2000-01-01", "--to", "2000-02-01"]);
    assert!(
        ok && !out.contains("#1"),
        "nothing in another period: {out}"
    );
    let (ok, _, err) = run(&["export", "--village", "无此村"]);
    assert!(!ok && err.contains("无此村"), "{err}");
    let (ok, _, err) = run(&["export", "--from", "yesterday"]);
    assert!(!ok && err.contains("yesterday"), "{err}");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{db}{suffix}"));
    }
}

/// `train` on the repository's data gives exactly the model shipped in the binary, and reports the
/// held-out figures of the rules, the shipped model and the new one.
#[test]
fn train_reproduces_the_shipped_model() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = temp_path("model.bin");
    let (ok, report, err) = Command::new(env!("CARGO_BIN_EXE_villagebot"))
        .current_dir(root)
        .args(["train", "--out", &out])
        .output()
        .map(|o| {
            (
                o.status.success(),
                String::from_utf8_lossy(&o.stdout).into_owned(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .expect("run villagebot train");
    assert!(ok, "{err}");
    let trained = std::fs::read(&out).expect("model written");
    let shipped = std::fs::read(format!("{root}/data/intake/model.bin")).expect("shipped model");
    assert!(
        trained == shipped,
        "data/intake/model.bin is not what `villagebot train --out data/intake/model.bin` makes \
         from data/intake/train: run it and commit the model ({} vs {} bytes)\n{report}",
        trained.len(),
        shipped.len()
    );
    for section in [
        "rules alone:",
        "current model:",
        "new model:",
        "  zh:",
        "  en:",
    ] {
        assert!(report.contains(section), "{section} missing:\n{report}");
    }
    let _ = std::fs::remove_file(&out);
}

#[test]
fn classify_explains_what_decided() {
    let (ok, out, err) = villagebot(&["classify", "--explain"], "村口路灯坏了三天了 快来修\n");
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON line");
    assert_eq!(v["request"], true);
    let e = &v["explain"];
    assert!(
        e["rules"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x.as_str() == Some("r:problem"))),
        "{e}"
    );
    assert!(
        e["request"].as_array().is_some_and(|f| !f.is_empty()),
        "{e}"
    );
    assert!(
        e["category"].as_array().is_some_and(|f| !f.is_empty()),
        "{e}"
    );
}

#[test]
fn a_bad_model_file_fails_at_start_and_names_the_key() {
    let model = temp_path("bad-model.bin");
    std::fs::write(&model, b"not a model").expect("write");
    let config = temp_path("bad-model.toml");
    std::fs::write(&config, format!("[intake]\nmodel = \"{model}\"\n")).expect("write");
    let (ok, _, err) = villagebot(&["--config", &config, "classify"], "路灯坏了\n");
    assert!(!ok);
    assert!(err.contains("intake.model"), "{err}");
    let _ = std::fs::remove_file(&model);
    let _ = std::fs::remove_file(&config);
}
