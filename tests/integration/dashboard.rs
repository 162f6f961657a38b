//! The dashboard through the bot's HTTP server, on both backends: a cadre's link from /dashboard,
//! the village's figures checked against a history seeded by hand, the township page, and the
//! scope checks (forged, widened, another village's, expired and revoked links see nothing).

use std::net::SocketAddr;

use villagebot::app::dashboard::token::{Scope, Token};
use villagebot::domain::{PersonId, VillageId};

use crate::both_backends;
use crate::support::http::get;
use crate::support::{count, text, FakeApi, Harness, ADMIN, CADRE, CHIEF, GROUP, RESIDENT};
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
    let trend = &page.body[page.body.find("id=\"trend-chart\"").unwrap_or(0)..];
    let trend = &trend[..trend.find("</svg>").unwrap_or(0)];
    let bars: Vec<&str> = trend
        .split("<title>")
        .skip(1)
        .filter_map(|t| t.split("</title>").next())
        .collect();
    assert_eq!(bars.len(), 24, "twelve weeks, two bars each");
    assert_eq!(bars[22..], ["3", "2"], "this week: 3 received, 2 resolved");
    assert_eq!(
        bars[20..22],
        ["1", "0"],
        "the week before: the late one received"
    );

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

/// Every field GeoReport v2 requires of a service and of a request.
const SERVICE_FIELDS: [&str; 7] = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
];
const REQUEST_FIELDS: [&str; 15] = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "media_url",
];

fn json_of(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn open311_reads(db: &str) {
    let (h, addr) = bot(db).await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(CHIEF, "在");
    h.say(RESIDENT, "/home 三组");
    h.say_private(CADRE, "/dashboard");
    let given = h.wait_text(CADRE.id, "数据大屏").await;
    seed(&h, chrono::Utc::now().timestamp()).await;
    let link = link_of(&text(&given));
    let t = link.split("t=").nth(1).unwrap_or_default().to_string();

    let refused = get(addr, "/open311/v2/requests.json").await;
    assert_eq!(refused.status, 403, "not public: a token is needed");
    assert_eq!(json_of(&refused.body)[0]["code"], 403);

    let services = json_of(
        &get(addr, &format!("/open311/v2/services.json?t={t}"))
            .await
            .body,
    );
    let codes: Vec<&str> = services
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s["service_code"].as_str().unwrap_or_default())
        .collect();
    assert!(
        codes.contains(&"repair") && !codes.contains(&"dispute"),
        "{codes:?}"
    );
    for s in services.as_array().into_iter().flatten() {
        for f in SERVICE_FIELDS {
            assert!(s.get(f).is_some(), "service without {f}: {s}");
        }
    }

    let all = json_of(
        &get(addr, &format!("/open311/v2/requests.json?t={t}"))
            .await
            .body,
    );
    let all = all.as_array().cloned().unwrap_or_default();
    assert_eq!(all.len(), 3, "the private matter is left out: {all:?}");
    for r in &all {
        for f in REQUEST_FIELDS {
            assert!(r.get(f).is_some(), "request without {f}: {r}");
        }
        assert!(chrono::DateTime::parse_from_rfc3339(
            r["requested_datetime"].as_str().unwrap_or("")
        )
        .is_ok());
    }
    let open = json_of(
        &get(
            addr,
            &format!("/open311/v2/requests.json?t={t}&status=open"),
        )
        .await
        .body,
    );
    assert_eq!(open.as_array().map(Vec::len), Some(1));
    assert_eq!(open[0]["service_code"], "sanitation");
    let repair = json_of(
        &get(
            addr,
            &format!("/open311/v2/requests.json?t={t}&service_code=repair&jurisdiction_id=v1"),
        )
        .await
        .body,
    );
    assert_eq!(repair.as_array().map(Vec::len), Some(2));
    let start = (chrono::Utc::now() - chrono::Duration::days(5))
        .to_rfc3339()
        .replace('+', "%2B");
    let recent = json_of(
        &get(
            addr,
            &format!("/open311/v2/requests.json?t={t}&start_date={start}"),
        )
        .await
        .body,
    );
    assert_eq!(
        recent.as_array().map(Vec::len),
        Some(2),
        "created in the last five days"
    );
    assert_eq!(
        get(
            addr,
            &format!("/open311/v2/requests.json?t={t}&status=maybe")
        )
        .await
        .status,
        400
    );
    assert_eq!(
        get(
            addr,
            &format!("/open311/v2/requests.json?t={t}&jurisdiction_id=v999")
        )
        .await
        .status,
        404
    );

    let id = all[0]["service_request_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let one = json_of(
        &get(addr, &format!("/open311/v2/requests/{id}.json?t={t}"))
            .await
            .body,
    );
    assert_eq!(one[0]["service_request_id"], id.as_str());
    let private = count(
        &h.store,
        "SELECT id FROM tickets WHERE category = 'dispute'",
    )
    .await;
    let hidden = get(addr, &format!("/open311/v2/requests/{private}.json?t={t}")).await;
    assert_eq!(hidden.status, 404, "a private matter is not served");

    let port = addr.port();
    let h = h
        .restart(db, |s| {
            s.http.listen = format!("127.0.0.1:{port}");
            s.open311.public = true;
        })
        .await;
    let public = get(addr, "/open311/v2/requests.json?jurisdiction_id=v1").await;
    assert_eq!(public.status, 200, "public: readable by anyone");
    assert_eq!(json_of(&public.body).as_array().map(Vec::len), Some(3));
    assert_eq!(
        get(addr, "/dashboard").await.status,
        403,
        "the pages still need a link"
    );
    h.stop().await;
}
both_backends!(open311_e2e, open311_reads);

const OTHER: i64 = -1_009_876_543_210;

/// Two villages of one township with the same seeded history: the township cadre's page shows
/// both lines with the hand-computed figures; the first village's link opens neither the other
/// village's page, nor its tickets, nor its Open311 requests.
async fn a_township_page(db: &str) {
    let (h, addr) = bot(db).await;
    h.setup_village().await;
    h.say(CADRE, "/chief @wang_chief 三组");
    h.say(CHIEF, "在");
    h.say(RESIDENT, "/home 三组");
    h.api.make_admin(OTHER, ADMIN.id);
    h.say_in(OTHER, ADMIN, "/setup 和平村");
    h.wait_text(OTHER, "和平村").await;
    h.say_private(CADRE, "/dashboard");
    let given = h.wait_text(CADRE.id, "数据大屏").await;
    let village_link = link_of(&text(&given));
    let now = chrono::Utc::now().timestamp();
    seed(&h, now).await;
    let cadre = count(
        &h.store,
        "SELECT id FROM people WHERE username = 'li_cadre'",
    )
    .await;
    let mut conn = h.store.conn().await.expect("conn");
    for sql in [
        "INSERT INTO townships (name, created_at) VALUES ('城关镇', 0)".to_string(),
        "UPDATE villages SET township_id = 1".to_string(),
        format!("INSERT INTO township_cadres (township_id, person_id, created_at) VALUES (1, {cadre}, 0)"),
    ] {
        sqlx::query(&sql).execute(&mut *conn).await.expect(&sql);
    }
    drop(conn);
    let township = Token {
        scope: Scope::Township(1),
        person: PersonId(cadre),
        generation: 0,
        expires_at: now + DAY,
    };
    let t = h.app.dashboard_key().sign(&township).expect("signed");
    let page = get(addr, &format!("/dashboard?t={t}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("城关镇 为民服务数据大屏"));
    let want = ["2", "1", "3", "2", "4", "2", "50%", "4 天", "4.0"];
    for village in ["幸福村", "和平村"] {
        assert_eq!(row_of(&page.body, village)[1..], want, "{village}");
    }
    let sorted = get(addr, &format!("/dashboard?t={t}&sort=name")).await;
    let (a, b) = (sorted.body.find(">和平村<"), sorted.body.find(">幸福村<"));
    assert!(a < b, "sorted by name");

    let vt = village_link
        .split("t=")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        get(addr, &format!("/dashboard/village/2?t={vt}"))
            .await
            .status,
        403
    );
    let theirs = count(
        &h.store,
        "SELECT id FROM tickets WHERE village_id = 2 AND no = 1",
    )
    .await;
    assert_eq!(
        get(addr, &format!("/dashboard/ticket/{theirs}?t={vt}"))
            .await
            .status,
        403
    );
    assert_eq!(
        get(addr, &format!("/dashboard/village/2/csv?t={vt}"))
            .await
            .status,
        403
    );
    let foreign = get(
        addr,
        &format!("/open311/v2/requests.json?t={vt}&jurisdiction_id=v2"),
    )
    .await;
    assert_eq!(foreign.status, 404, "not a jurisdiction this link covers");
    let ours = get(addr, &format!("/open311/v2/requests/{theirs}.json?t={vt}")).await;
    assert_eq!(ours.status, 404, "another village's request");
    let both = json_of(
        &get(
            addr,
            &format!("/open311/v2/requests.json?t={t}&jurisdiction_id=t1"),
        )
        .await
        .body,
    );
    assert_eq!(
        both.as_array().map(Vec::len),
        Some(6),
        "the township's public requests"
    );
    h.stop().await;
}
both_backends!(dashboard_township_e2e, a_township_page);
