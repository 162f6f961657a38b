//! The township page in a real headless browser (Chromium from the distribution's packages):
//! it loads with a township cadre's link, its charts are in the DOM the browser built, and a
//! screenshot is saved to `target/dashboard-township.png`. Without Chromium the test is skipped,
//! except in CI, where `.ci/run` installs it and a missing browser is an error.

use std::path::PathBuf;
use std::process::Command;

use sqlx::Executor;
use villagebot::app::dashboard::token::{Scope, Token};
use villagebot::domain::PersonId;

use crate::support::db::{Backend, TestDb};
use crate::support::{count, FakeApi, Harness, CADRE};
use crate::webhook::free_port;

const OTHER: i64 = -1_009_876_543_210;

fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

fn numbered(n: i64, insert: &str) -> String {
    format!("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) {insert} FROM n")
}

/// Two villages of one township with twelve weeks of tickets, and its cadre.
async fn seed(h: &Harness, now: i64) {
    h.api.make_admin(OTHER, CADRE.id);
    h.say_in(OTHER, CADRE, "/setup 和平村");
    h.wait_text(OTHER, "和平村").await;
    let cadre = count(
        &h.store,
        "SELECT id FROM people WHERE username = 'li_cadre'",
    )
    .await;
    let mut conn = h.store.conn().await.expect("conn");
    let statements = [
        "INSERT INTO townships (name, created_at) VALUES ('城关镇', 0)".to_string(),
        "UPDATE villages SET township_id = 1".to_string(),
        format!("INSERT INTO township_cadres (township_id, person_id, created_at) VALUES (1, {cadre}, 0)"),
        numbered(600, &format!("INSERT INTO tickets (village_id, no, requester_id, chat_id, source_message_id, body, \
           category, tier, state, holder_person_id, deadline_at, created_at, updated_at, resolved_at, rating) \
           SELECT 1 + i % 2, 100 + i, {cadre}, -5 - i % 2, i, '路灯坏了', \
           CASE WHEN i % 4 = 0 THEN 'repair' WHEN i % 4 = 1 THEN 'sanitation' WHEN i % 4 = 2 THEN 'hazard' ELSE 'paperwork' END, \
           'simple', CASE WHEN i % 9 = 0 THEN 'assigned' ELSE 'closed' END, {cadre}, {now} - i * 12000 + 86400, \
           {now} - i * 12000, {now} - i * 12000, CASE WHEN i % 9 = 0 THEN NULL ELSE {now} - i * 12000 + 60000 + (i % 5) * 9000 END, \
           CASE WHEN i % 9 = 0 THEN NULL ELSE 1 + i % 5 END")),
    ];
    for sql in statements {
        conn.execute(sql.as_str()).await.expect(&sql);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn township_page_in_a_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI needs Chromium (apt-get install chromium)"
        );
        eprintln!("skipped: no Chromium here");
        return;
    };
    let Some(db) = TestDb::create(Backend::Sqlite).await else {
        return;
    };
    let port = free_port();
    let h = Harness::start_with(&db.url, FakeApi::start().await, |s| {
        s.http.listen = format!("127.0.0.1:{port}");
    })
    .await;
    h.setup_village().await;
    let now = chrono::Utc::now().timestamp();
    seed(&h, now).await;
    let cadre = count(
        &h.store,
        "SELECT id FROM people WHERE username = 'li_cadre'",
    )
    .await;
    let token = Token {
        scope: Scope::Township(1),
        person: PersonId(cadre),
        generation: 0,
        expires_at: now + 3600,
    };
    let signed = h.app.dashboard_key().sign(&token).expect("signed");
    let url = format!("http://127.0.0.1:{port}/dashboard?t={signed}");

    let run = |args: &[&str]| {
        let out = Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
            ])
            .args(["--window-size=1600,1300", "--virtual-time-budget=5000"])
            .args(args)
            .arg(&url)
            .output()
            .expect("run chromium");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let dom = run(&["--dump-dom"]);
    assert!(dom.contains("城关镇 为民服务数据大屏"), "{dom}");
    for chart in ["trend-chart", "category-chart"] {
        let at = dom
            .find(&format!("id=\"{chart}\""))
            .unwrap_or_else(|| panic!("{chart}: {dom}"));
        let svg = &dom[at..at + dom[at..].find("</svg>").unwrap_or(0)];
        assert!(svg.matches("<rect").count() > 4, "{chart} has bars: {svg}");
    }
    assert!(
        dom.contains("幸福村") && dom.contains("和平村"),
        "both villages side by side"
    );

    let shot = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/dashboard-township.png");
    let _ = std::fs::remove_file(&shot);
    run(&[&format!("--screenshot={}", shot.display())]);
    let png = std::fs::read(&shot).expect("a screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 20_000,
        "{} bytes",
        png.len()
    );
    eprintln!("screenshot: {}", shot.display());
    assert_eq!(
        count(
            &h.store,
            "SELECT COUNT(*) FROM villages WHERE township_id = 1"
        )
        .await,
        2
    );
    h.stop().await;
    db.drop_db().await;
}
