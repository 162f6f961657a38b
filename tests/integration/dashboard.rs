//! The dashboard through the bot's HTTP server, on both backends: a cadre's link from /dashboard,
//! the village's figures checked against a history seeded by hand, the township page, and the
//! scope checks (forged, widened, another village's, expired and revoked links see nothing).

use std::net::SocketAddr;

use villagebot::app::dashboard::token::{Scope, Token};
use villagebot::domain::{PersonId, VillageId};

use crate::both_backends;
use crate::support::http::get;
use crate::support::{count, text, FakeApi, Harness, CADRE, CHIEF, GROUP, RESIDENT};
use crate::webhook::free_port;

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

async fn bot(db: &str) -> (Harness, SocketAddr) {
    let port = free_port();
    let h = Harness::start_with(db, FakeApi::start().await, |s| {
        s.http.listen = format!("127.0.0.1:{port}");
    })
    .await;
    (h, format!("127.0.0.1:{port}").parse().expect("addr"))
}

/// Four tickets with chosen times: one resolved on time (5 stars), one resolved late (3 stars),
/// one open and overdue, one private matter open.
async fn seed(h: &Harness, now: i64) {
    let mut conn = h.store.conn().await.expect("conn");
    let rows = [
        (
            1,
            "repair",
            "closed",
            now - 2 * DAY,
            now - 2 * DAY + DAY,
            Some(now - 2 * DAY + 20 * HOUR),
            Some(5),
        ),
        (
            2,
            "repair",
            "closed",
            now - 10 * DAY,
            now - 9 * DAY,
            Some(now - 3 * DAY),
            Some(3),
        ),
        (
            3,
            "sanitation",
            "assigned",
            now - 3 * DAY,
            now - 2 * DAY,
            None,
            None,
        ),
        (
            4,
            "dispute",
            "assigned",
            now - DAY,
            now + 6 * DAY,
            None,
            None,
        ),
    ];
    for (no, category, state, created, deadline, resolved, rating) in rows {
        sqlx::query(
            "INSERT INTO tickets (village_id, no, requester_id, chat_id, source_message_id, body, category, tier, \
             state, holder_person_id, deadline_at, created_at, updated_at, resolved_at, rating) \
             SELECT v.id, $1, r.id, v.chat_id, $1, $2, $3, 'simple', $4, c.id, $5, $6, $6, $7, $8 \
             FROM villages v, people r, people c WHERE r.username = 'zhang_res' AND c.username = 'wang_chief'",
        )
        .bind(no)
        .bind(format!("秘密{no}"))
        .bind(category)
        .bind(state)
        .bind(deadline)
        .bind(created)
        .bind(resolved)
        .bind(rating)
        .execute(&mut *conn)
        .await
        .expect("seed ticket");
    }
}

/// The link the bot gave in its private message: path and query.
fn link_of(message: &str) -> String {
    let start = message.find("href=\"").map(|i| i + 6).unwrap_or(0);
    let url = &message[start..];
    let url = &url[..url.find('"').unwrap_or(url.len())];
    let path = url.find("/dashboard").map_or(url, |i| &url[i..]);
    path.replace("&amp;", "&")
}

/// The cells of the table row whose first cell links to `name`.
fn row_of(html: &str, name: &str) -> Vec<String> {
    let at = html
        .find(&format!(">{name}</a></td>"))
        .expect("village row");
    let row_end = html[at..].find("</tr>").map_or(html.len(), |i| at + i);
    html[at..row_end]
        .split("<td>")
        .map(|c| {
            let c = c.split("</td>").next().unwrap_or_default();
            let plain: String = c
                .split('<')
                .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
                .collect();
            plain
        })
        .collect()
}

async fn a_villages_figures(db: &str) {
    let (h, addr) = bot(db).await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(CHIEF, "在");
    h.say(RESIDENT, "/home 三组");
    h.say(CADRE, "/dashboard");
    h.wait_text(GROUP, "私聊").await;
    h.say_private(CADRE, "/dashboard");
    let given = h.wait_text(CADRE.id, "数据大屏").await;
    let now = chrono::Utc::now().timestamp();
    seed(&h, now).await;

    let link = link_of(&text(&given));
    let page = get(addr, &link).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("幸福村 为民服务数据大屏"),
        "{}",
        page.body
    );
    let cells = row_of(&page.body, "幸福村");
    // open, overdue, week in/done, month in/done, on time, median, rating
    assert_eq!(
        cells[1..],
        ["2", "1", "3", "2", "4", "2", "50%", "4 天", "4.0"],
        "{cells:?}"
    );
    for part in [
        "id=\"trend-chart\"",
        "id=\"category-chart\"",
        "Wang Wu（三组）",
        "三组",
    ] {
        assert!(page.body.contains(part), "{part} in the page");
    }
    assert!(
        !page.body.contains("秘密4"),
        "a private matter's words stay off the screen"
    );
    assert!(!page.body.contains("<script"), "no script, nothing fetched");

    let en = get(addr, &format!("{link}&lang=en&screen=1")).await;
    assert!(en.body.contains("service dashboard") && en.body.contains("http-equiv=\"refresh\""));
    let csv = get(
        addr,
        &link.replacen("/dashboard?", "/dashboard/village/1/csv?", 1),
    )
    .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.body.contains("#3") && csv.body.contains("#4"),
        "{}",
        csv.body
    );

    scope_checks(&h, addr, &link).await;
    h.stop().await;
}
both_backends!(dashboard_figures_e2e, a_villages_figures);

/// Forged, widened, foreign, expired and revoked links all get 403 and no data.
async fn scope_checks(h: &Harness, addr: SocketAddr, link: &str) {
    let token = link.split("t=").nth(1).unwrap_or_default().to_string();
    let forged = format!("/dashboard?t={}x", token);
    assert_eq!(get(addr, &forged).await.status, 403);
    assert_eq!(
        get(addr, "/dashboard").await.status,
        403,
        "no link, no data"
    );
    let other = get(addr, &format!("/dashboard/village/999?t={token}")).await;
    assert_eq!(other.status, 403, "another village");
    let cadre = count(
        &h.store,
        "SELECT id FROM people WHERE username = 'li_cadre'",
    )
    .await;
    let key = h.app.dashboard_key();
    let sign = |scope, expires_at| {
        let t = Token {
            scope,
            person: PersonId(cadre),
            generation: 0,
            expires_at,
        };
        key.sign(&t).expect("signed")
    };
    let now = chrono::Utc::now().timestamp();
    let expired = sign(Scope::Village(VillageId(1)), now - 1);
    assert_eq!(
        get(addr, &format!("/dashboard?t={expired}")).await.status,
        403
    );
    let widened = sign(Scope::Township(1), now + DAY);
    assert_eq!(
        get(addr, &format!("/dashboard?t={widened}")).await.status,
        403,
        "a village cadre is no township cadre"
    );
    let resident = count(
        &h.store,
        "SELECT id FROM people WHERE username = 'zhang_res'",
    )
    .await;
    let theirs = key
        .sign(&Token {
            scope: Scope::Village(VillageId(1)),
            person: PersonId(resident),
            generation: 0,
            expires_at: now + DAY,
        })
        .expect("signed");
    assert_eq!(
        get(addr, &format!("/dashboard?t={theirs}")).await.status,
        403,
        "not a cadre"
    );

    h.say_private(CADRE, "/dashboard revoke");
    h.wait_text(CADRE.id, "已全部作废").await;
    assert_eq!(get(addr, link).await.status, 403, "revoked");
    h.say_private(CADRE, "/dashboard");
    h.settle().await;
    let again = h
        .api
        .calls_of("sendMessage")
        .into_iter()
        .rfind(|c| text(c).contains("数据大屏"))
        .expect("a new link");
    assert_eq!(
        get(addr, &link_of(&text(&again))).await.status,
        200,
        "a new link works"
    );
}
