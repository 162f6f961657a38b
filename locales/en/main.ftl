## villagebot — English

## Categories, states, levels
category-repair = Repair
category-sanitation = Sanitation
category-dispute = Dispute
category-hazard = Safety hazard
category-assistance = Assistance
category-paperwork = Paperwork
category-livelihood = Livelihood
category-other = Other
state-new = New
state-assigned = Assigned
state-in_progress = In progress
state-resolved = Resolved, awaiting rating
state-closed = Closed
state-cancelled = Cancelled
level-grid = chief / team
level-village = village committee
level-township = township

## Ticket card
card =
    📋 <b>Ticket { $no }</b> · { $category }
    Status: { $state }
    Responsible: { $holder } ({ $level })
    Due: { $deadline }
card-sensitive =
    📋 <b>Ticket { $no }</b> received and passed on privately.
    Status: { $state }
    Due: { $deadline }
card-urgent = ⚠️ Urgent
card-location = Where: { $location }
card-body = Request: { $body }
card-note = Latest: { $note }
card-map = 📍 <a href="{ $url }">on the map</a>
card-supporters = 👥 { $count } more households reported this
card-rating = Rating: { $stars }
card-your-turn = 🔔 { $who }, this one is yours: press a button below, or reply to this card: "accept", "done ‹note›", "pass up ‹reason›"; any other text becomes a progress note.
card-your-turn-sensitive = 🔒 { $who }, this needs you. Open a private chat with me, press Start, and send /ticket { $no } for the details; the buttons below work as usual.
ack-head = 📋 New tickets (the group is busy, so they are listed together; send /ticket and the number for the details):
ack-line = { $no } · { $category } · { $who }
ack-line-sensitive = { $no } · 🔒 passed on privately · { $who }
ack-holder = → { $holder }

## Prompts
prompt =
    🔔 <b>New ticket { $no }</b> ({ $category })
    Request: { $body }
    From: { $requester }
    Due: { $deadline }
prompt-howto = Press a button, or reply to this message: "accept", "done ‹note›", "pass up ‹reason›"; any other text becomes a progress note the resident sees.
prompt-sensitive-group = 🔒 A private ticket { $no } needs you. Open a private chat with me, press Start, and send /ticket { $no } for the details; the buttons below work as usual.
prompt-sensitive = 🔒 This is a private matter: contact the resident privately, not in the group.
team-prompt = 👥 Ticket for { $team }: captain { $captain }, please dispatch it; members can reply "I'll take it".
team-prompt-sensitive = Ticket { $no } is private; the captain can see it in a private chat with the bot (/ticket { $no }).
escalated-old-holder = Ticket { $no } was passed up and no longer needs you. Thank you.
low-rating-cadre = ⚠️ The resident rated ticket { $no } only { $stars } stars; it has been reopened.

## Closure and rating
closure =
    ✅ <b>Ticket { $no } is done</b>
    By: { $holder }
    Note: { $note }
    Please rate the service (only the person who asked can rate):
closure-sensitive =
    ✅ <b>Ticket { $no } is done</b>.
    The person who asked, please rate the service:

## Buttons
button-accept = ✋ Accept
button-take = ✋ I'll take it
button-done = ✅ Done
button-pass-up = ⬆️ Pass up
button-record-yes = 📝 Record it
button-record-no = No, thanks
button-stale = This button no longer works.
press-done = OK, ticket { $no } is updated.
ask-record = Should I record this as a request and find someone to handle it?
ask-not-yours = Only the person who wrote the message can choose.
ask-declined = OK, not recorded.

## Replies
reply-done = Got it, ticket { $no } is updated.
reply-noted = Progress note added to ticket { $no }.
actor-bot = bot
history-head = <b>History</b>
event-created = requested
event-assigned = assigned
event-dispatched = dispatched by captain
event-taken = accepted
event-noted = progress
event-resolved = done
event-escalated = passed up
event-rated = rated
event-closed = closed
event-reopened = reopened
event-confirmed = fix confirmed
event-retiered = tier changed
event-urgent = marked urgent
event-not_urgent = no longer urgent
event-merged = merged into
event-recategorized = category changed to
event-supported = also reported by
event-dismissed = not a request, withdrawn
event-cancelled = cancelled

## Refusals
refused-wrong-state = The ticket is "{ $state }" and cannot be changed that way.
refused-not-allowed = Sorry, you may not act on this ticket.
refused-not-requester = Only the person who asked can rate.
refused-bad-rating = A rating is 1 to 5 stars.
refused-at-top = This is already the top level; it cannot be passed up further.
refused-stays-private = This is a private matter and stays one: it can only be filed as a dispute or assistance. To make it public, withdraw it and ask the resident to post again.
refused-already-there = The ticket already has that status.
refused-command = Sorry, /{ $command } is only for { $role }.
role-resident = residents
role-volunteer = volunteers
role-captain = team captains
role-chief = neighbourhood chiefs and cadres
role-cadre = village cadres
role-super_admin = super-admins
role-group_admin = group administrators
refused-setup = Sorry, only a group administrator can set up the village.

## Setup and roster
joined-howto =
    Hello, I am the village service bot 🤝
    A group administrator please send /setup followed by the village name, e.g. /setup Sunny Village
    After that, residents just write here what they need; I record it and find someone to handle it.
welcome =
    ✅ { $village } is set up.
    Residents, just write what you need, e.g. "the street light at the village gate is broken"; I record it as a ticket, pass it to the responsible chief or volunteer team, and tell everyone when it is done.
    Start with #order or /order to make sure it is recorded. Send /help for all commands.
start-private = Hello! Tickets and reminders for you will now come here privately. Send /help for commands.
start-group = Just write what you need in the group and I will record it. Open a private chat with me and press Start to get private reminders.
setup-in-group = Please send /setup ‹village name› in the village group.
not-set-up = This group is not set up yet: a group administrator please send /setup ‹village name›.
private-no-village = I do not know your village yet. Send the command in your village group, or register your household there with /home.
private-hint = I could not tell what you need. Say what needs doing, e.g. “the street light at the gate is broken”, or write /order ‹what you need›. Reply to a ticket message to add to it.
private-no-village-order = I do not know your village yet, so I cannot place this order. Write once in your village group, or register your household there with /home; after that you can also order here.
pick-village = You belong to several villages. Which one is this about?
picked-village = About <b>{ $village }</b>.
unknown-command = I do not know that command; send /help to see what you can use.
lang-set = OK, this village now uses English.
cadre-set = { $who } is now a cadre of this village.
chief-set = { $who } is now the chief of { $place }.
home-set = Your household is registered in { $place }; your requests will go to its chief.
home-none = This village has no neighbourhoods yet. A village cadre creates them with /chief @username ‹neighbourhood› or by importing the roster; ask them.
home-more = and { $count } more
home-unknown = There is no "{ $place }". Known neighbourhoods: { $known }
team-set = Volunteer team { $team } serves: { $categories }
team-unknown = There is no volunteer team "{ $team }".
team-bad-category = Unknown category "{ $bad }". Categories: { $keys }
captain-set = { $who } is now the captain of { $team }.
volunteer-set = Welcome to { $team }! You will hear about its tickets.
ticket-unknown = There is no ticket { $no }.

## Lists
list-head = <b>Tickets</b>
list-line = { $no } { $category } · { $state } · { $holder } · due { $deadline } { $body }
list-line-overdue = ⏰ { $no } { $category } · { $state } · { $holder } · overdue since { $deadline } { $body }
list-empty = No tickets match.
list-more = Showing the first { $shown } only.

## Help
help-head = <b>Commands you can use</b>
help-tail = No command is needed for a request: just write it in the group. Reply to a ticket prompt with "accept", "done ‹note›" or "pass up ‹reason›".
cmd-start = receive private reminders
cmd-help = show the commands you can use
cmd-setup = set up this village (group admins)
cmd-lang = change the language
cmd-cadre = appoint a village cadre
cmd-chief = appoint a neighbourhood chief
cmd-home = register your household's neighbourhood
cmd-team = create a volunteer team
cmd-captain = appoint a team captain
cmd-volunteer = join a volunteer team
cmd-order = place an order (always recorded)
cmd-assign = assign a ticket
cmd-close = close a ticket
cmd-reopen = reopen a ticket
cmd-cancel = cancel a ticket
cmd-list = list tickets
cmd-ticket = a ticket with its full history
usage-start = /start
usage-help = /help
usage-setup = /setup ‹village name›
usage-lang = /lang zh|en
usage-cadre = /cadre @username
usage-chief = /chief @username ‹neighbourhood›
usage-home = /home ‹neighbourhood›
usage-team = /team ‹name› ‹category,...›
usage-captain = /captain @username ‹team›
usage-volunteer = /volunteer ‹team›
usage-order = /order ‹what you need›
usage-assign = /assign #N @username|‹team›
usage-close = /close #N [note]
usage-reopen = /reopen #N
usage-cancel = /cancel #N
usage-list = /list [open|overdue|mine]
usage-ticket = /ticket #N
usage-setup-hint = Usage: /setup ‹village name›, e.g. /setup Sunny Village
usage-lang-hint = Usage: /lang zh or /lang en
usage-cadre-hint = Usage: /cadre @username
usage-chief-hint = Usage: /chief @username ‹neighbourhood›, e.g. /chief @wangwu Lane 3
usage-home-hint = Usage: /home ‹neighbourhood›, e.g. /home Lane 3
usage-team-hint = Usage: /team ‹name› ‹category,...›; categories: { $keys }
usage-captain-hint = Usage: /captain @username ‹team›
usage-volunteer-hint = Usage: /volunteer ‹team›
usage-order-hint = Usage: /order ‹what you need›, e.g. /order the street light at the gate is broken
usage-assign-hint = Usage: /assign #N @username or /assign #N ‹team›
usage-close-hint = Usage: /close #N [note]
usage-reopen-hint = Usage: /reopen #N
usage-cancel-hint = Usage: /cancel #N
usage-list-hint = Usage: /list [open|overdue|mine]
usage-ticket-hint = Usage: /ticket #N

## Reminders, follow-ups and digests
reminder = ⏰ Ticket { $no } ({ $category }) is not done yet; due { $deadline }. { $body }
reminder-urgent = 🚨 Urgent ticket { $no } ({ $category }) is not done yet; due { $deadline }. Please act now! { $body }
urgent-cadre = 🚨 Urgent ticket { $no } ({ $category }), held by { $holder }, due { $deadline }. { $body }
reminders-merged = ⏰ You have { $count } ticket reminders:
reason-overdue = deadline passed, passed up automatically
rate-reminder = Ticket { $no } is done: please rate the service:
still-fixed-ask = Follow-up: is ticket { $no } ({ $body }) still fixed?
button-still-fixed = 👍 Still fine
button-correct = ✏️ Correct
button-not-request = 🚫 Not a request
button-urgent-on = 🚨 Urgent
button-urgent-off = Not urgent
correct-menu = ✏️ Correct ticket { $no } (now: { $now }). What is it really?
correct-now-urgent = , urgent
correct-sent = The corrections are on their way to you.
dismissed-poster = { $who } Sorry, I took your message for a request (ticket { $no }) and have withdrawn it. When you need the village's help, just say what needs doing, or start with #order.
button-broken-again = 👎 Broken again
digest-village =
    ☀️ <b>{ $village } daily ticket digest</b>
    Open: { $open } ({ $overdue } overdue)
    Done yesterday: { $done }
digest-personal = ☀️ Good morning! You have { $count } open tickets:
cmd-township_cadre = appoint a cadre of this village's township (super-admins)
usage-township_cadre = /township_cadre @username
usage-township_cadre-hint = Usage: /township_cadre @username
township-cadre-set = { $who } is now a cadre of { $township }: tickets the village committees cannot finish in time go up to them.
cmd-tier = change a ticket's tier
cmd-urgent = mark a ticket urgent (deadline 2 hours), or not
cmd-note = add a progress note to a ticket
cmd-merge = merge a duplicate ticket
cmd-category = file a ticket under another category
cmd-split = make a supporter's "me too" a ticket of its own
cmd-not_request = withdraw a ticket whose message was no request
cmd-mine = my open tickets
usage-tier = /tier #N simple|complex|difficult
usage-urgent = /urgent #N [off]
usage-note = /note #N text
usage-merge = /merge #duplicate #kept
usage-category = /category #N repair|sanitation|…
usage-split = /split #N @username
usage-not_request = /not_request #N
usage-mine = /mine
usage-tier-hint = Usage: /tier #N simple|complex|difficult
usage-urgent-hint = Usage: /urgent #N to mark a ticket urgent, /urgent #N off to undo it
usage-note-hint = Usage: /note #N text
usage-merge-hint = Usage: /merge #duplicate #kept
usage-category-hint = Usage: /category #N ‹category›; categories: { $keys }
usage-not_request-hint = Usage: /not_request #N (the ticket is withdrawn and its poster told)
usage-split-hint = Usage: /split #N @username: what they reported becomes a ticket of its own
split-not-supporter = { $who } did not report ticket { $no } again, so there is nothing to split off.
split-done = The report split off ticket { $no } is now ticket { $new }.
media-caption = Sent with ticket { $no }
pin-added = 📍 Location added to ticket { $no }.
order-voice-body = (a voice message)
order-photo-body = (a photo)
order-video-body = (a video)
order-already = That message of { $who } is a ticket already.
metoo-joined = Ticket { $no } ({ $category }, { $holder }) already deals with this: you follow it now and will hear when it is done.
metoo-own = Your ticket { $no } ({ $category }) is still open, with { $holder }.
merge-refused = Cannot merge into ticket { $no }.
merged-notice = Your request { $no } is the same as ticket { $into } and was merged into it; you will hear when { $into } is done.
closure-again = 🔁 Done again after a reopening (round { $n }): please rate it anew.
closure-followers = { $who } the same matter you reported (ticket { $no }) is done too.
cmd-announce = post a notice with a "Got it" button
cmd-acks = who has not acknowledged the latest notice
usage-announce = /announce ‹text›
usage-acks = /acks
usage-announce-hint = Usage: /announce ‹text›
announcement =
    📢 <b>Notice</b>
    { $body }

    ✅ Got it: { $acks }
button-ack = ✅ Got it
ack-thanks = Thank you, noted.
ack-already = You already acknowledged it.
acks-none = This village has not posted a notice yet.
acks-head = Latest notice: { $acks } acknowledged, { $missing } not yet:
acks-no-place = no neighbourhood registered
cmd-stats = ticket statistics
usage-stats = /stats [week|month|all] [@username|team]
usage-stats-hint = Usage: /stats [week|month|all] [@username|team]
period-week = last 7 days
period-month = last 30 days
period-all = all time
span-hours = { $n } h
span-days = { $n } days
stats =
    📊 <b>{ $title }</b>
    Received { $received }, resolved { $resolved }, on time { $ontime }
    Overdue now { $overdue }, median time to resolve { $median }
    Rated { $ratings } times, average { $rating } stars
    By category (received/resolved): { $categories }
weekly-ranking = <b>Chiefs and teams</b> (by timeliness, then satisfaction)
weekly-line = { $rank }. { $name }: on time { $ontime } · { $rating } stars · resolved { $resolved } · overdue { $overdue }
weekly-nobody = No chief or team handled a ticket this week.
cmd-export = export tickets as a spreadsheet (private chat)
usage-export = /export [days]
usage-export-hint = Usage: /export [days], e.g. /export 30
export-private = The export holds residents' details: send /export to the bot in a private chat.
import-summary = Import done: { $imported } rows imported, { $duplicates } duplicates skipped, { $problems } rows with problems.
import-line-problem = line { $line }: { $text }
import-line-note = line { $line } (note): { $text }
import-unreadable = the file cannot be read as a roster ({ $detail }).
import-bad-care = “{ $care }” is not a care level: write red, yellow, green or off.
import-empty = the file is empty.
import-unknown-column = unknown column "{ $column }", ignored.
import-no-kind-column = there is no "kind" column; nothing can be imported.
import-duplicate = same as line { $line }, skipped.
import-bad-kind = unknown kind "{ $kind }" (use neighbourhood, chief, household, team, captain or volunteer).
import-too-long = "{ $column }" is longer than 40 characters.
import-missing = "{ $column }" is missing.
import-bad-username = "{ $username }" is not a Telegram username.
import-bad-category = unknown category "{ $category }".
import-unknown-team = there is no team "{ $team }"; create it with a team row first.
import-not-seen = { $username } has not written to the bot yet; they are linked when they do.
cmd-roster = the village roster
cmd-unchief = remove a neighbourhood chief
cmd-unvolunteer = leave a volunteer team
cmd-move = move a household to another neighbourhood
usage-roster = /roster
usage-unchief = /unchief @username [neighbourhood]
usage-unvolunteer = /unvolunteer [@username] ‹team›
usage-move = /move @username ‹neighbourhood›
usage-unchief-hint = Usage: /unchief @username [neighbourhood]
usage-move-hint = Usage: /move @username ‹neighbourhood›
roster-head = 📋 <b>{ $village } roster</b>
roster-place = Neighbourhood { $place }: chief { $chief }, { $homes } households
roster-team = Team { $team } ({ $categories }): { $members }
roster-vacant = (vacant)
roster-empty = No neighbourhoods or teams yet. Create them with /chief, /team or villagebot import.
roster-unchanged = Nothing to change.
unchief-done = { $who } is no longer a chief.
unvolunteer-done = { $who } left { $team }.
move-done = { $who }'s household is now in { $place }.
cmd-township = set the township this village belongs to
cmd-announce_all = post a notice to every village of the township (township cadres)
usage-township = /township ‹name›
usage-announce_all = /announce_all ‹text›
usage-township-hint = Usage: /township ‹name›, e.g. /township Chengguan
usage-announce_all-hint = Usage: /announce_all ‹text›
township-set = This village now belongs to { $township }.
township-missing = This village has no township yet: a cadre please send /township ‹name› first.
announce-all-done = Posted to { $villages } village groups.
role-township_cadre = township cadres

# Requests others approve
button-approve = ✅ Approve
button-refuse = ✖ Refuse
approve-team-ask = { $who } asks to join the team { $team }. Its captain or a village cadre decides:
approve-asked = Your request is in the village group; the team's captain or a cadre will decide.
approve-township-ask = { $who } asks for the village { $village } to join the township { $township }. Do you approve?
approve-township-asked = The township { $township } already exists: its cadres have been asked to approve. The village joins once one of them does.
approve-village-ask = { $who } set up a new village, { $village }. Do you approve it?
approve-not-yours = Only the one this request is addressed to can decide it.
approve-done = ✅ { $who }: { $what } approved by { $by }.
approve-refused = ✖ { $who }: { $what } refused by { $by }.
setup-pending = The village { $village } is registered and waits for an administrator's approval. I will serve it once it is approved.
village-pending = This village still waits for an administrator's approval.

## Points
cmd-points = points and the points ranking
usage-points = /points [top week|month|all] [@username [+N|-N reason]]
usage-points-hint = Usage: /points for your own points; /points top [week|month|all] for the ranking; a cadre corrects with /points @username +5 reason
points-balance = 🏅 { $who } has { $balance } points
points-none-yet = No points recorded yet.
points-top-head = 🏅 Points ranking ({ $period })
points-rank-line = { $place }. { $who } { $points }
points-cadre-only = Only cadres can correct points.
points-corrected = ✅ { $delta } points for { $who }, who now has { $balance }.
points-unknown-person = I do not know { $who } yet: they should write in the group once, or a cadre can add them.
points-reason-done = ticket done
points-reason-on-time = done on time
points-reason-good-rating = good rating
points-reason-reopened = reopened after a bad rating
points-reason-late = late, passed up
points-reason-redeem = exchanged
points-reason-correction = correction
cmd-redeem = record an exchange of points for goods (cadres)
usage-redeem = /redeem @username points item
usage-redeem-hint = Usage: /redeem @username points item, e.g. /redeem @wangwu 10 a bag of washing powder
redeem-short = ❌ { $who } has only { $balance } points, not enough for { $points }.
redeem-done = ✅ { $who } exchanged { $points } points for “{ $what }” and has { $balance } left.
points-week-line = 🏅 Points: { $lines }

## Care visits
cmd-care = care households: set a red/yellow/green level (cadres), see visits due (private chat)
usage-care = /care [list] | /care name-or-@username red|yellow|green reason | /care name off
usage-care-hint = Usage: /care list for the visits due; a cadre sets a level with /care Zhang red lives alone (red, yellow or green) and removes it with /care Zhang off
care-private = Care households are handled in private chat only: please send this to the bot privately.
care-cadre-only = Only cadres can set or remove a care level.
care-several = Several households have that name: please use their @username.
care-no-household = “{ $who }” is not a household of this village. Add them with /home or the roster first.
care-not-marked = { $who } is not on the care list.
care-not-yours = { $who } is not one of the care households you look after.
care-off = ✅ { $who } is off the care list.
care-set = ✅ { $who } is now a { $level } care household; next visit: { $due }.
care-level-red = 🔴 red
care-level-yellow = 🟡 yellow
care-level-green = 🟢 green
care-list-head = 🏠 Care households ({ $count }):
care-list-empty = You look after no care households.
care-line = { $level } { $who } ({ $place }) · { $reason } · due { $due } · { $status }
care-status-later = not yet due
care-status-due = visit due
care-status-overdue = ⚠️ overdue
care-status-escalated = ❗ passed to the village office
cmd-visit = record a visit (private chat)
usage-visit = /visit name-or-@username how it went
usage-visit-hint = Usage: /visit Zhang visited, all well (or reply to the visit reminder)
visit-reminder-head = 🏠 Visits due ({ $count }):
visit-reminder-tail-one = After the visit, reply to this message with how it went, e.g. “visited, all well”; a photo counts too.
visit-reminder-tail-several = After a visit, reply to this message with the household's name first, e.g. “Zhang visited, all well”, or use /visit name how it went.
visit-reminder-group = { $who } you have { $count } visits due. Open a private chat with the bot, press Start, then send /care list.
visit-which = Which household? Reply with its name first, e.g. “Zhang visited, all well”, or use /visit name how it went.
visit-too-long = That note is too long: please keep it under { $max } characters.
visit-recorded = ✅ Visit to { $who } recorded. Next visit: { $next }.
visit-ticket = 📋 The need in your visit note is now ticket { $no }, filed for { $who }.
care-week-line = 🏠 { $who } visits: { $due } due, { $overdue } overdue, { $done } done this period ({ $ontime } on time)

## Dashboard
cmd-dashboard = a personal link to the dashboard (private chat, cadres)
usage-dashboard = /dashboard [revoke]
usage-dashboard-hint = Usage: /dashboard for your dashboard link; /dashboard revoke ends all your links
dash-private = A dashboard link is personal: send /dashboard to the bot in a private chat.
dash-no-server = This deployment has no web pages yet (set [http] listen and [dashboard] url in the config).
dash-link = 📊 Your dashboard: <a href="{ $url }">open it here</a>
    Valid until { $expires }. The link is yours alone: do not forward it; /dashboard revoke ends it at any time.
dash-revoked = ✅ All your earlier dashboard links are void now. Send /dashboard for a new one.
dash-title = { $name } service dashboard
dash-foot = Village service orders · refreshed every minute in big-screen mode · this link is for you alone
dash-lang = 中文
dash-screen = Big screen
dash-screen-off = Normal view
dash-csv = Download (CSV)
dash-villages = Villages (click a heading to sort)
dash-col-name = Name
dash-col-village = Village
dash-col-open = Open
dash-col-overdue = Overdue
dash-col-week-in = Received this week
dash-col-week-done = Resolved this week
dash-col-month-in = Received this month
dash-col-month-done = Resolved this month
dash-col-ontime = On time
dash-col-median = Median time to resolve
dash-col-rating = Average rating
dash-col-ticket = Ticket
dash-col-category = Category
dash-col-state = State
dash-col-holder = Held by
dash-col-since = Overdue for
dash-col-deadline = Deadline
dash-col-body = Request
dash-col-neighbourhood = Neighbourhood
dash-trend = Last 12 weeks: received and resolved
dash-received = Received
dash-resolved = Resolved
dash-categories = Last 30 days by category (received / resolved)
dash-ranking = Chiefs and teams (last 30 days: on time, satisfaction, volume)
dash-overdue = Overdue tickets
dash-neighbourhoods = Open tickets by neighbourhood
dash-no-neighbourhood = no neighbourhood registered
dash-open-tickets = Open tickets
dash-ticket-title = Ticket { $no }
dash-private-ticket = A private matter: only its category and state are shown here.
dash-history = History
dash-updated = Updated { $time }
dash-none = None yet
