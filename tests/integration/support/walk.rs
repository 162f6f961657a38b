//! Random input for the property test: a seeded generator, what residents write (requests of
//! every category, chat, thanks, notices, hostile text), command arguments and forged button data.
//! Every text a person writes carries a unique marker, so a private ticket's words can be found
//! wherever the bot might repeat them.

use villagebot::domain::roles::CommandKind;

use super::{User, ADMIN, CADRE, CAPTAIN, CHIEF, MEMBER, RESIDENT, STRANGER, TOWNSHIP};

/// SplitMix64: small, seedable and good enough to pick test input.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The people of the walk: the usual cast and two with awkward names.
pub const USERS: [User; 10] = [
    CADRE,
    CHIEF,
    RESIDENT,
    CAPTAIN,
    MEMBER,
    STRANGER,
    TOWNSHIP,
    ADMIN,
    User {
        id: 109,
        username: "x",
        name: "<b>X</b> & co",
    },
    User {
        id: 110,
        username: "nobody_here",
        name: "",
    },
];

/// The user whose private chat this is.
pub fn owner(chat: i64) -> Option<User> {
    USERS.iter().copied().find(|u| u.id == chat)
}

const REQUESTS: &[&str] = &[
    "村口路灯坏了三天了，晚上看不见路",
    "三组李大爷家水管爆了，水流了一地，快来人",
    "#报修 小卖部旁边的井盖没了",
    "#求助 我妈一个人在家，腿脚不便，想请人帮忙买点药",
    "邻居欠债不还，天天吵架，请村里调解一下",
    "隔壁两家为宅基地吵起来了，快打起来了，请村干部来看看",
    "垃圾堆在桥头好几天没人清，臭死了",
    "河边护栏断了，小孩子很危险，赶紧修",
    "我想办低保证明，需要找谁盖章",
    "家里老人摔倒了起不来，快来人帮帮忙",
    "The street light by the school is broken again",
    "My neighbour's dog bit my son, please help, we need someone to talk to them",
    "Please help: my elderly father needs someone to bring his medicine",
    "The bridge railing is broken, someone will fall into the river",
    "电线杆歪了，看着要倒",
    "五保户王奶奶家屋顶漏雨了，需要人去修一下",
];

const CHATTER: &[&str] = &[
    "大家好",
    "谢谢王书记！",
    "明天上午九点村委会开会，请各户派一人参加",
    "明天停水",
    "今天天气真好",
    "哈哈哈哈",
    "路灯修好了，谢谢大家",
    "thanks!",
    "ok",
    "收到",
    "在吗",
    "",
    "   ",
    "🙏🙏🙏",
];

const HOSTILE: &[&str] = &[
    "<b>路灯</b> & <script>alert(1)</script> 坏了",
    "</i>&amp;&lt;&#x41; <a href=\"javascript:x\">点我</a>",
    "#报修",
    "#order",
    "/order",
    "/order@villagebot 路灯坏了",
    "/list@otherbot",
    "/nosuchcommand 1 2 3",
    "@villagebot 帮忙",
    "#99999999999999999999 完成",
    "完成 #1",
    "done",
    "pass up",
    "\u{202e}倒过来的字\u{202c}",
    "a\u{0}b\u{7}c\u{1b}[31m",
    "🏠🔧💡👵🏻‍🦳",
];

const REPLIES: &[&str] = &[
    "接单",
    "完成",
    "完成 换了灯泡",
    "上报 我处理不了",
    "谢谢",
    "好的",
    "我家门口的路灯也坏了",
    "又坏了",
    "明天去看",
    "done fixed it",
    "pass up need help",
    "👍",
    "还没修好",
];

/// A name used for a neighbourhood, team or village, some of them too long.
const PLACES: &[&str] = &["三组", "一组", "二组", "东头", "维修队", "调解队", "帮扶队"];

const USERNAMES: &[&str] = &[
    "li_cadre",
    "wang_chief",
    "zhang_res",
    "zhao_cap",
    "qian_vol",
    "sun_x",
    "zhou_town",
    "wu_admin",
    "nobody_here",
    "x",
];

/// A fixed-width marker that cannot be cut into another marker: `zq` + 6 hex digits + `q`.
pub fn marker(n: u64) -> String {
    format!("zq{:06x}q", n & 0xFF_FFFF)
}

/// The markers in a text.
pub fn markers_in(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut found = vec![];
    let mut i = 0;
    while i + 9 <= b.len() {
        let hex = &b[i + 2..i + 8];
        if b[i] == b'z'
            && b[i + 1] == b'q'
            && b[i + 8] == b'q'
            && hex.iter().all(u8::is_ascii_hexdigit)
        {
            found.push(text[i..i + 9].to_string());
            i += 9;
        } else {
            i += 1;
        }
    }
    found
}

/// Marks a text at its start (after a leading tag or command) and at its end.
fn marked(text: &str, m: &str) -> String {
    match text.split_once(' ') {
        Some((head, rest)) if head.starts_with(['#', '/']) => format!("{head} {m} {rest} {m}"),
        _ => format!("{m} {text} {m}"),
    }
}

/// What a person writes as plain words.
pub fn words(rng: &mut Rng, n: u64) -> String {
    let m = marker(n);
    let base = match rng.below(10) {
        0..=4 => (*rng.pick(REQUESTS)).to_string(),
        5..=7 => (*rng.pick(CHATTER)).to_string(),
        8 => (*rng.pick(HOSTILE)).to_string(),
        _ => long(rng),
    };
    if rng.chance(10) {
        return base;
    }
    marked(&base, &m)
}

fn long(rng: &mut Rng) -> String {
    let unit = rng.pick(REQUESTS);
    let times = 1 + rng.below(300);
    unit.repeat(times)
}

/// A reply to something the bot sent.
pub fn reply(rng: &mut Rng, n: u64) -> String {
    if rng.chance(30) {
        return words(rng, n);
    }
    let r = rng.pick(REPLIES);
    if rng.chance(50) {
        format!("{r} {}", marker(n))
    } else {
        (*r).to_string()
    }
}

fn ticket_ref(rng: &mut Rng) -> String {
    match rng.below(12) {
        0 => "#0".into(),
        1 => "#-3".into(),
        2 => "#99999999999999999999".into(),
        3 => "1".into(),
        _ => format!("#{}", 1 + rng.below(25)),
    }
}

fn username(rng: &mut Rng) -> String {
    format!("@{}", rng.pick(USERNAMES))
}

fn place(rng: &mut Rng) -> String {
    if rng.chance(5) {
        return "很长的名字".repeat(1 + rng.below(20));
    }
    (*rng.pick(PLACES)).to_string()
}

/// A slash command with arguments that are sometimes right and often not.
pub fn command(rng: &mut Rng, n: u64) -> String {
    let kind = *rng.pick(&CommandKind::ALL);
    let args = match kind {
        CommandKind::Order | CommandKind::Announce | CommandKind::AnnounceAll => words(rng, n),
        CommandKind::Note | CommandKind::Close => format!("{} {}", ticket_ref(rng), reply(rng, n)),
        CommandKind::Ticket | CommandKind::Reopen | CommandKind::Cancel => ticket_ref(rng),
        CommandKind::Assign => {
            let to = if rng.chance(50) {
                username(rng)
            } else {
                place(rng)
            };
            format!("{} {to}", ticket_ref(rng))
        }
        CommandKind::Merge => format!("{} {}", ticket_ref(rng), ticket_ref(rng)),
        CommandKind::Tier => {
            let tier = rng.pick(&["simple", "complex", "difficult", "urgent", ""]);
            format!("{} {tier}", ticket_ref(rng))
        }
        CommandKind::Chief | CommandKind::Move | CommandKind::Captain => {
            format!("{} {}", username(rng), place(rng))
        }
        CommandKind::Cadre | CommandKind::TownshipCadre | CommandKind::Unchief => username(rng),
        CommandKind::Home | CommandKind::Volunteer | CommandKind::Unvolunteer => place(rng),
        CommandKind::Team => {
            let cats = rng.pick(&["repair,hazard", "dispute", "assistance", "bogus", ""]);
            format!("{} {cats}", place(rng))
        }
        CommandKind::Lang => (*rng.pick(&["zh", "en", "fr", ""])).to_string(),
        CommandKind::List => (*rng.pick(&["", "open", "overdue", "mine", "all", "x"])).to_string(),
        CommandKind::Stats => {
            (*rng.pick(&["", "week", "month", "all", "@wang_chief", "维修队"])).to_string()
        }
        CommandKind::Export => {
            (*rng.pick(&["", "7", "-1", "99999999999", "xlsx", "7 xlsx", "xls"])).to_string()
        }
        CommandKind::Points => {
            let how = rng.pick(&[
                "",
                "top",
                "top month",
                "+5 义务劳动",
                "-3 记错了",
                "+abc x",
                "+5",
            ]);
            match how.starts_with(['+', '-']) {
                true => format!("{} {how}", username(rng)),
                false => (*how).to_string(),
            }
        }
        CommandKind::Redeem => {
            let n = rng.pick(&["1", "5", "0", "-2", "100000000", "x"]);
            format!("{} {n} {}", username(rng), words(rng, n.len() as u64))
        }
        CommandKind::Care => {
            let level = rng.pick(&["red", "黄", "green", "off", "blue", "list", ""]);
            format!("{} {level} {}", username(rng), words(rng, 3))
        }
        CommandKind::Visit => format!("{} {}", username(rng), reply(rng, n)),
        CommandKind::Dashboard => (*rng.pick(&["", "revoke", "x"])).to_string(),
        CommandKind::Setup | CommandKind::Township => place(rng),
        _ => String::new(),
    };
    let name = if rng.chance(5) {
        format!("{}@villagebot", kind.name())
    } else {
        kind.name().to_string()
    };
    format!("/{name} {args}").trim_end().to_string()
}

/// Button data a forged or stale client might send.
pub fn forged_data(rng: &mut Rng) -> String {
    let tag = rng.pick(&["a", "d", "u", "r", "p", "i", "f", "k", "j", "v", "x", ""]);
    let id = |rng: &mut Rng| match rng.below(6) {
        0 => "-1".to_string(),
        1 => "99999999999999999999".to_string(),
        2 => "abc".to_string(),
        _ => (1 + rng.below(40)).to_string(),
    };
    match rng.below(4) {
        0 => format!("{tag}:{}", id(rng)),
        1 => format!("{tag}:{}:{}", id(rng), id(rng)),
        2 => format!("{tag}:{}:{}:{}", id(rng), id(rng), id(rng)),
        _ => "z".repeat(rng.below(80)),
    }
}

#[test]
fn markers_are_found_whole() {
    let m = marker(0x12ab);
    assert_eq!(
        markers_in(&format!("x{m}y {m}")),
        vec![m.clone(), m.clone()]
    );
    assert!(markers_in(&m[..8]).is_empty(), "a cut marker is no marker");
    assert_eq!(
        marked("#报修 路灯坏了", &m),
        format!("#报修 {m} 路灯坏了 {m}")
    );
}
