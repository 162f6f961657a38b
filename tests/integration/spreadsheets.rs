//! Rosters as cadres have them: the example roster as UTF-8 CSV, as GBK CSV (Excel and WPS on
//! Chinese Windows) and as an .xlsx workbook imports the same village, seen through the fake
//! Bot API with /roster, on both backends.

use std::process::Command;

use crate::both_backends;
use crate::support::{count, import, text, Harness, CADRE, GROUP};

const EXAMPLE_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/roster.csv");
const EXAMPLE_XLSX: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/roster.xlsx");

/// The three forms of the example roster, as files to import.
fn forms() -> Vec<(&'static str, String)> {
    let utf8 = std::fs::read_to_string(EXAMPLE_CSV).expect("example roster");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&utf8);
    assert!(!unmappable, "the example roster is all GBK");
    let gbk_file = std::env::temp_dir().join(format!("roster_gbk_{}.csv", std::process::id()));
    std::fs::write(&gbk_file, &gbk).expect("write gbk");
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    vec![
        ("一村", EXAMPLE_CSV.to_string()),
        ("二村", gbk_file.display().to_string()),
        ("三村", EXAMPLE_XLSX.to_string()),
    ]
}

async fn three_forms_one_roster(db: &str) {
    let h = Harness::start(db).await;
    let chats = [GROUP, GROUP - 1, GROUP - 2];
    let forms = forms();
    for (chat, (name, _)) in chats.iter().zip(&forms) {
        h.api.make_admin(*chat, CADRE.id);
        h.say_in(*chat, CADRE, &format!("/setup {name}"));
        h.wait_text(*chat, name).await;
    }
    let mut reports = vec![];
    for (name, file) in &forms {
        reports.push(import(db, file, name));
    }
    assert!(
        reports[0].starts_with("导入完成：成功 11 行，重复跳过 0 行，出错 0 行。"),
        "{}",
        reports[0]
    );
    assert_eq!(reports[0], reports[1], "GBK reads as UTF-8 does");
    assert_eq!(reports[0], reports[2], "the workbook reads as the CSV does");

    let mut rosters = vec![];
    for (chat, (name, _)) in chats.iter().zip(&forms) {
        h.say_in(*chat, CADRE, "/roster");
        let shown = h.wait_text(*chat, "名册").await;
        rosters.push(text(&shown).replace(name, "某村"));
    }
    assert!(
        rosters[0].contains("片区 三组：联户长 王五，住户 1 户"),
        "{}",
        rosters[0]
    );
    assert_eq!(rosters[0], rosters[1]);
    assert_eq!(rosters[0], rosters[2]);
    let red = "SELECT COUNT(*) FROM care_households c JOIN people p ON p.id = c.person_id \
               WHERE p.username = 'zhangsan' AND c.level = 'red' AND c.reason = '独居老人'";
    assert_eq!(
        count(&h.store, red).await,
        3,
        "the care column, in every form"
    );

    let again = import(db, &forms[1].1, forms[1].0);
    assert_eq!(again, reports[1], "a second import changes nothing more");
    let audited = "SELECT COUNT(*) FROM audit_events WHERE action = 'care'";
    assert_eq!(
        count(&h.store, audited).await,
        3,
        "one care change per village"
    );
    exports_a_workbook(db);
    h.stop().await;
}
both_backends!(spreadsheet_forms_e2e, three_forms_one_roster);

/// `export --format xlsx` writes every table of the village as a sheet that reads back.
fn exports_a_workbook(db: &str) {
    use calamine::{open_workbook_auto, Reader};
    let file =
        std::env::temp_dir().join(format!("village_{}_{}.xlsx", std::process::id(), db.len()));
    let out = Command::new(env!("CARGO_BIN_EXE_villagebot"))
        .args(["export", "--format", "xlsx", "--village", "三村", "--out"])
        .arg(&file)
        .env("DATABASE_URL", db)
        .output()
        .expect("run export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut book = open_workbook_auto(&file).expect("a workbook");
    assert_eq!(book.sheet_names(), ["tickets", "points", "care", "visits"]);
    let care = book.worksheet_range("care").expect("care sheet");
    let rows: Vec<Vec<String>> = care
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(
        rows[0][..4],
        ["household", "neighbourhood", "level", "reason"]
    );
    assert_eq!(rows[1][..4], ["张三", "三组", "red", "独居老人"]);
    let _ = std::fs::remove_file(&file);
}
