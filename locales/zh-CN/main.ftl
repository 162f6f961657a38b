## villagebot — 简体中文

## 分类、状态、层级
category-repair = 维修
category-sanitation = 环境卫生
category-dispute = 矛盾纠纷
category-hazard = 安全隐患
category-assistance = 帮扶救助
category-paperwork = 证明办事
category-livelihood = 生产生活
category-other = 其他
state-new = 待派单
state-assigned = 已派单
state-in_progress = 办理中
state-resolved = 已办结待评价
state-closed = 已关闭
state-cancelled = 已撤销
level-grid = 联户长/志愿队
level-village = 村委会
level-township = 乡镇

## 工单卡片
card =
    📋 <b>工单 { $no }</b> · { $category }
    状态：{ $state }
    负责：{ $holder }（{ $level }）
    期限：{ $deadline } 前
card-sensitive =
    📋 <b>工单 { $no }</b> 已收到，已转交专人私下处理。
    状态：{ $state }
    期限：{ $deadline } 前
card-urgent = ⚠️ 紧急
card-location = 位置：{ $location }
card-body = 内容：{ $body }
card-note = 最新进展：{ $note }
card-map = 📍 <a href="{ $url }">查看位置</a>
card-supporters = 👥 另有 { $count } 户反映了此事
card-rating = 评价：{ $stars }
card-your-turn = 🔔 { $who } 请处理：点下面的按钮，或回复本消息：“接单”、“完成 说明”、“上报 原因”，其他文字会作为进展告诉居民。
card-your-turn-sensitive = 🔒 { $who }，这件事需要你处理。请私聊我并点“开始”，再发送 /ticket { $no } 查看详情；处理好后可以点下面的按钮。
ack-head = 📋 新登记的工单（群里消息较多，合并告知；发送 /ticket 编号 查看详情）：
ack-line = { $no } · { $category } · { $who }
ack-line-sensitive = { $no } · 🔒 已转交专人私下处理 · { $who }
ack-holder = → { $holder }

## 提醒负责人
prompt =
    🔔 <b>新工单 { $no }</b>（{ $category }）
    内容：{ $body }
    报单人：{ $requester }
    期限：{ $deadline } 前
prompt-howto = 点下面的按钮，或回复本消息：“接单”、“完成 说明”、“上报 原因”，其他文字会作为进展告诉居民。
prompt-sensitive-group = 🔒 有一个涉及隐私的工单 { $no } 需要你处理。请私聊我并点“开始”，再发送 /ticket { $no } 查看详情；处理好后可以点下面的按钮。
prompt-sensitive = 🔒 此事涉及个人隐私，请私下联系居民，不要在群里讨论细节。
team-prompt = 👥 { $team } 的工单，队长 { $captain } 请派单；队员回复“接单”即可认领。
team-prompt-sensitive = 工单 { $no } 涉及隐私，详情请队长私聊机器人查看（/ticket { $no }）。
escalated-old-holder = 工单 { $no } 已上报到上一级，不再需要你处理，谢谢。
low-rating-cadre = ⚠️ 工单 { $no } 的居民只打了 { $stars } 星，工单已重新打开，请关注。

## 办结与评价
closure =
    ✅ <b>工单 { $no } 已办结</b>
    办理人：{ $holder }
    说明：{ $note }
    请为这次服务打分（只有报单人可以评价）：
closure-sensitive =
    ✅ <b>工单 { $no } 已办结</b>。
    请报单人为这次服务打分：

## 按钮
button-accept = ✋ 接单
button-take = ✋ 我来接单
button-done = ✅ 完成
button-pass-up = ⬆️ 上报
button-record-yes = 📝 登记为工单
button-record-no = 不用
button-stale = 这个按钮已经失效了。
press-done = 好的，工单 { $no } 已更新。
ask-record = 这条消息需要登记为工单、安排人处理吗？
ask-not-yours = 只有发消息的人可以选择。
ask-declined = 好的，不登记。

## 回复
reply-done = 收到，工单 { $no } 已更新。
reply-noted = 进展已记录到工单 { $no }。
actor-bot = 机器人
history-head = <b>办理记录</b>
event-created = 报单
event-assigned = 派单
event-dispatched = 队长派单
event-taken = 接单
event-noted = 进展
event-resolved = 办结
event-escalated = 上报
event-rated = 评价
event-closed = 关闭
event-reopened = 重新打开
event-confirmed = 回访确认
event-retiered = 调整期限类别
event-urgent = 标为紧急
event-not_urgent = 取消紧急
event-merged = 合并到
event-recategorized = 改类别为
event-supported = 也反映了此事：
event-dismissed = 不是报单，已撤销
event-cancelled = 撤销

## 拒绝
refused-wrong-state = 工单现在是“{ $state }”，不能这样操作。
refused-not-allowed = 抱歉，你没有权限处理这个工单。
refused-not-requester = 只有报单人可以评价。
refused-bad-rating = 评分是 1 到 5 星。
refused-at-top = 已经是最高一级，无法再上报。
refused-stays-private = 这件事按私密事项处理，只能改为“矛盾纠纷”或“帮扶救助”。如需公开处理，请撤销后请居民重新报。
refused-already-there = 工单已经是这个状态了。
refused-command = 抱歉，/{ $command } 只有{ $role }可以使用。
role-resident = 村民
role-volunteer = 志愿者
role-captain = 志愿队队长
role-chief = 联户长和村干部
role-cadre = 村干部
role-super_admin = 超级管理员
role-group_admin = 群管理员
refused-setup = 抱歉，只有群管理员可以设置本村。

## 设置与名册
joined-howto =
    大家好，我是村务服务机器人 🤝
    请群管理员发送 /setup 村名 完成设置，例如：/setup 幸福村
    设置后，村民直接在群里说需要帮什么忙，我会登记并安排人处理。
welcome =
    ✅ { $village } 已设置好。
    村民有事直接在群里说，比如“村口路灯坏了”“三组有人家水管爆了”，我会登记成工单、交给负责的联户长或志愿队，并在办好后告诉大家。
    也可以用 #报修 或 /order 开头，一定会登记。发送 /help 查看全部命令。
start-private = 你好！以后派给你的工单和提醒会私信发给你。发送 /help 查看命令。
start-group = 有事直接在群里说就行，我会登记并安排人处理。私聊我并点“开始”，可以接收私信提醒。
setup-in-group = 请在村里的群里发送 /setup 村名。
not-set-up = 本群还没有设置，请群管理员发送 /setup 村名。
private-no-village = 我还不知道你属于哪个村。请在村群里发送命令，或先用 /home 登记住户。
private-hint = 我没看出需要办什么事。请直接说要办的事，比如“村口路灯坏了”，或发 /order 需要办的事。回复工单消息可以补充说明。
private-no-village-order = 我还不知道你是哪个村的，没法替你报单。请先在村群里说句话，或在群里用 /home 登记住户，之后也可以私聊我报单。
pick-village = 你在几个村都有登记。这是关于哪个村的？
picked-village = 关于 <b>{ $village }</b>。
unknown-command = 没有这个命令，发送 /help 查看可用命令。
lang-set = 好的，本村以后使用中文。
cadre-set = { $who } 现在是本村村干部。
chief-set = { $who } 现在是 { $place } 的联户长。
home-set = 已登记你家在 { $place }，以后你的报单会交给那里的联户长。
home-none = 本村还没有设立片区。村干部可以用 /chief @用户名 片区 或导入名册来设立，请联系村干部。
home-more = 另有 { $count } 个
home-unknown = 没有找到“{ $place }”。现有的片区：{ $known }
team-set = 志愿队 { $team } 已设置，负责：{ $categories }
team-unknown = 没有找到志愿队“{ $team }”。
team-bad-category = 不认识的分类“{ $bad }”。可用分类：{ $keys }
captain-set = { $who } 现在是 { $team } 的队长。
volunteer-set = 欢迎加入 { $team }！队里有工单时会通知你。
ticket-unknown = 没有找到工单 { $no }。

## 列表
list-head = <b>工单列表</b>
list-line = { $no } { $category } · { $state } · { $holder } · { $deadline } 前 { $body }
list-line-overdue = ⏰ { $no } { $category } · { $state } · { $holder } · 已超期（{ $deadline }）{ $body }
list-empty = 没有符合条件的工单。
list-more = 只显示前 { $shown } 条。

## 帮助
help-head = <b>可用命令</b>
help-tail = 有事直接在群里说就行，不用命令。回复工单提醒可以“接单”“完成 说明”“上报 原因”。
cmd-start = 开始接收私信提醒
cmd-help = 查看可用命令
cmd-setup = 设置本村（群管理员）
cmd-lang = 切换语言
cmd-cadre = 任命村干部
cmd-chief = 任命联户长
cmd-home = 登记我家所在片区
cmd-team = 建立志愿队
cmd-captain = 任命志愿队队长
cmd-volunteer = 加入志愿队
cmd-order = 报单（一定登记）
cmd-assign = 指派工单
cmd-close = 关闭工单
cmd-reopen = 重新打开工单
cmd-cancel = 撤销工单
cmd-list = 查看工单
cmd-ticket = 查看工单详情和记录
usage-start = /start
usage-help = /help
usage-setup = /setup 村名
usage-lang = /lang zh|en
usage-cadre = /cadre @用户名
usage-chief = /chief @用户名 片区
usage-home = /home 片区
usage-team = /team 队名 分类,分类
usage-captain = /captain @用户名 队名
usage-volunteer = /volunteer 队名
usage-order = /order 需要办的事
usage-assign = /assign #编号 @用户名|队名
usage-close = /close #编号 [说明]
usage-reopen = /reopen #编号
usage-cancel = /cancel #编号
usage-list = /list [open|overdue|mine]
usage-ticket = /ticket #编号
usage-setup-hint = 用法：/setup 村名，例如 /setup 幸福村
usage-lang-hint = 用法：/lang zh 或 /lang en
usage-cadre-hint = 用法：/cadre @用户名
usage-chief-hint = 用法：/chief @用户名 片区，例如 /chief @wangwu 三组
usage-home-hint = 用法：/home 片区，例如 /home 三组
usage-team-hint = 用法：/team 队名 分类,分类，可用分类：{ $keys }
usage-captain-hint = 用法：/captain @用户名 队名
usage-volunteer-hint = 用法：/volunteer 队名
usage-order-hint = 用法：/order 需要办的事，例如 /order 村口路灯坏了
usage-assign-hint = 用法：/assign #编号 @用户名 或 /assign #编号 队名
usage-close-hint = 用法：/close #编号 [说明]
usage-reopen-hint = 用法：/reopen #编号
usage-cancel-hint = 用法：/cancel #编号
usage-list-hint = 用法：/list [open|overdue|mine]
usage-ticket-hint = 用法：/ticket #编号

## 提醒、回访与每日简报
reminder = ⏰ 工单 { $no }（{ $category }）还没有办结，期限 { $deadline }。{ $body }
reminder-urgent = 🚨 紧急工单 { $no }（{ $category }）还没办完，限 { $deadline } 前，请马上处理！{ $body }
urgent-cadre = 🚨 紧急工单 { $no }（{ $category }），由 { $holder } 处理，限 { $deadline } 前。{ $body }
reminders-merged = ⏰ 你有 { $count } 条工单提醒：
reason-overdue = 超过期限未办结，自动上报
rate-reminder = 工单 { $no } 已经办结，请为这次服务打个分：
still-fixed-ask = 回访：工单 { $no }（{ $body }）现在还好吗？
button-still-fixed = 👍 还好着
button-correct = ✏️ 更正
button-not-request = 🚫 不是报单
button-urgent-on = 🚨 紧急
button-urgent-off = 不紧急
correct-menu = ✏️ 更正工单 { $no }（现为：{ $now }）。它实际是：
correct-now-urgent = ，紧急
correct-sent = 更正选项已发给你。
dismissed-poster = { $who } 不好意思，刚才把您这条消息当成报单了（工单 { $no }），已撤销。需要村里帮忙时，写明要办的事就行，或以 #报修 开头。
button-broken-again = 👎 又坏了
digest-village =
    ☀️ <b>{ $village } 每日工单简报</b>
    在办：{ $open } 件（超期 { $overdue } 件）
    昨天办结：{ $done } 件
digest-personal = ☀️ 早上好！你手上有 { $count } 件工单在办：
cmd-township_cadre = 任命本乡镇的乡镇干部（超级管理员）
usage-township_cadre = /township_cadre @用户名
usage-township_cadre-hint = 用法：/township_cadre @用户名
township-cadre-set = { $who } 现在是 { $township } 的乡镇干部：各村村委会处理不了或超期的工单将上报给 TA。
cmd-tier = 调整工单期限类别
cmd-urgent = 把工单标为紧急（限时 2 小时），或取消
cmd-note = 给工单添加进展说明
cmd-merge = 合并重复工单
cmd-category = 更正工单类别
cmd-split = 把“我也是”的反映单独立为工单
cmd-not_request = 撤销误登记的工单（那条消息不是报单）
cmd-mine = 我的在办工单
usage-tier = /tier #编号 simple|complex|difficult
usage-urgent = /urgent #编号 [off]
usage-note = /note #编号 说明
usage-merge = /merge #重复编号 #保留编号
usage-category = /category #编号 类别
usage-split = /split #编号 @用户名
usage-not_request = /not_request #编号
usage-mine = /mine
usage-tier-hint = 用法：/tier #编号 simple|complex|difficult（一般/复杂/疑难）
usage-urgent-hint = 用法：/urgent #编号 标为紧急；/urgent #编号 off 取消紧急
usage-note-hint = 用法：/note #编号 说明
usage-merge-hint = 用法：/merge #重复编号 #保留编号
usage-category-hint = 用法：/category #编号 类别；类别：{ $keys }
usage-not_request-hint = 用法：/not_request #编号（撤销工单，并告诉发消息的人）
usage-split-hint = 用法：/split #编号 @用户名：把这个人反映的事单独立为工单
split-not-supporter = { $who } 没有再次反映工单 { $no } 的事，没有可以拆出的。
split-done = 从工单 { $no } 拆出的反映已立为工单 { $new }。
media-caption = 工单 { $no } 的附件
pin-added = 📍 已把位置加到工单 { $no }。
order-voice-body = （语音消息）
order-photo-body = （照片）
order-video-body = （视频）
order-already = { $who } 的这条消息已经登记为工单了。
metoo-joined = 这件事已有工单 { $no }（{ $category }，{ $holder } 负责）在办，已把你加为关注人，办好后会告诉你。
metoo-own = 你的工单 { $no }（{ $category }）还在办，由 { $holder } 负责。
merge-refused = 不能合并到工单 { $no }。
merged-notice = 你的报单 { $no } 和工单 { $into } 是同一件事，已经合并，{ $into } 办结时会通知你。
closure-again = 🔁 返工后第 { $n } 次办结，请重新打分。
closure-followers = { $who } 你们反映的同一件事（工单 { $no }）也已办结。
cmd-announce = 发布通知（带“收到”按钮）
cmd-acks = 查看谁还没确认最新通知
usage-announce = /announce 通知内容
usage-acks = /acks
usage-announce-hint = 用法：/announce 通知内容
announcement =
    📢 <b>通知</b>
    { $body }

    ✅ 已收到：{ $acks } 人
button-ack = ✅ 收到
ack-thanks = 谢谢，已确认收到。
ack-already = 你已经确认过了。
acks-none = 本村还没有发过通知。
acks-head = 最新通知：{ $acks } 人已确认，{ $missing } 人未确认：
acks-no-place = 未登记片区
cmd-stats = 工单统计
usage-stats = /stats [week|month|all] [@用户名|队名]
usage-stats-hint = 用法：/stats [week|month|all] [@用户名|队名]
period-week = 近7天
period-month = 近30天
period-all = 全部
span-hours = { $n } 小时
span-days = { $n } 天
stats =
    📊 <b>{ $title }</b>
    收到 { $received } 件，办结 { $resolved } 件，按期办结 { $ontime }
    超期未办 { $overdue } 件，办结用时中位数 { $median }
    评价 { $ratings } 次，平均 { $rating } 星
    分类（收到/办结）：{ $categories }
weekly-ranking = <b>联户长和志愿队排名</b>（按期率、满意度）
weekly-line = { $rank }. { $name }：按期 { $ontime } · 平均 { $rating } 星 · 办结 { $resolved } · 超期 { $overdue }
weekly-nobody = 本周没有联户长或志愿队经手的工单。
cmd-export = 导出工单表格（私聊）
usage-export = /export [天数]
usage-export-hint = 用法：/export [天数]，例如 /export 30
export-private = 导出的表格含有居民信息，请私聊机器人发送 /export。
import-summary = 导入完成：成功 { $imported } 行，重复跳过 { $duplicates } 行，出错 { $problems } 行。
import-line-problem = 第 { $line } 行：{ $text }
import-line-note = 第 { $line } 行（提示）：{ $text }
import-unreadable = 文件无法读取为名册（{ $detail }）。
import-bad-care = 「{ $care }」不是关爱等级：请写 red（红）、yellow（黄）、green（绿）或 off。
import-empty = 文件是空的。
import-unknown-column = 不认识的列“{ $column }”，已忽略。
import-no-kind-column = 缺少“kind”（类型）列，无法导入。
import-duplicate = 与第 { $line } 行重复，已跳过。
import-bad-kind = 不认识的类型“{ $kind }”（可用：neighbourhood、chief、household、team、captain、volunteer）。
import-too-long = “{ $column }”超过 40 个字。
import-missing = 缺少“{ $column }”。
import-bad-username = “{ $username }”不是有效的 Telegram 用户名。
import-bad-category = 不认识的分类“{ $category }”。
import-unknown-team = 没有志愿队“{ $team }”，请先在 team 行建立。
import-not-seen = { $username } 还没有和机器人说过话，TA 在群里发言后会自动关联。
cmd-roster = 查看本村名册
cmd-unchief = 免去联户长
cmd-unvolunteer = 退出志愿队
cmd-move = 调整住户所在片区
usage-roster = /roster
usage-unchief = /unchief @用户名 [片区]
usage-unvolunteer = /unvolunteer [@用户名] 队名
usage-move = /move @用户名 片区
usage-unchief-hint = 用法：/unchief @用户名 [片区]
usage-move-hint = 用法：/move @用户名 片区
roster-head = 📋 <b>{ $village } 名册</b>
roster-place = 片区 { $place }：联户长 { $chief }，住户 { $homes } 户
roster-team = 志愿队 { $team }（{ $categories }）：{ $members }
roster-vacant = （空缺）
roster-empty = 还没有片区和志愿队。用 /chief、/team 或 villagebot import 建立。
roster-unchanged = 没有需要改动的。
unchief-done = 已免去 { $who } 的联户长职务。
unvolunteer-done = { $who } 已退出 { $team }。
move-done = 已把 { $who } 家调整到 { $place }。
cmd-township = 设置本村所属乡镇
cmd-announce_all = 向全乡镇各村群发通知（乡镇干部）
usage-township = /township 乡镇名
usage-announce_all = /announce_all 通知内容
usage-township-hint = 用法：/township 乡镇名，例如 /township 城关镇
usage-announce_all-hint = 用法：/announce_all 通知内容
township-set = 本村已归属 { $township }。
township-missing = 本村还没有设置所属乡镇，请村干部先发送 /township 乡镇名。
announce-all-done = 已发到 { $villages } 个村的群。
role-township_cadre = 乡镇干部

# Requests others approve
button-approve = ✅ 批准
button-refuse = ✖ 不批准
approve-team-ask = { $who } 申请加入志愿队 { $team }，请队长或村干部确认：
approve-asked = 申请已发到村群，等队长或村干部确认。
approve-township-ask = { $who } 申请把 { $village } 加入乡镇 { $township }，是否同意？
approve-township-asked = 乡镇 { $township } 已存在，已请它的乡镇干部确认，同意后本村即加入。
approve-village-ask = { $who } 新设立了村 { $village }，是否同意？
approve-not-yours = 这项申请要由指定的人确认。
approve-done = ✅ { $who }：{ $what } 已由 { $by } 批准。
approve-refused = ✖ { $who }：{ $what } 未获 { $by } 批准。
setup-pending = 已登记 { $village }，等管理员批准后开始服务。
village-pending = 本村还在等管理员批准。

## Points (积分)
cmd-points = 查看积分、积分排行
usage-points = /points [top week|month|all] [@用户名 [+N|-N 原因]]
usage-points-hint = 用法：/points 查看自己的积分；/points top [week|month|all] 看排行；村干部更正：/points @用户名 +5 原因
points-balance = 🏅 { $who } 的积分：{ $balance } 分
points-none-yet = 还没有积分记录。
points-top-head = 🏅 积分排行（{ $period }）
points-rank-line = { $place }. { $who } { $points } 分
points-cadre-only = 只有村干部可以更正积分。
points-corrected = ✅ 已为 { $who } 记 { $delta } 分，现有 { $balance } 分。
points-unknown-person = 还不认识 { $who }：请对方先在群里说句话，或由村干部登记。
points-reason-done = 完成工单
points-reason-on-time = 按时完成
points-reason-good-rating = 好评
points-reason-reopened = 差评返工
points-reason-late = 超时上报
points-reason-redeem = 兑换
points-reason-correction = 更正
cmd-redeem = 登记积分兑换（村干部）
usage-redeem = /redeem @用户名 分数 兑换物品
usage-redeem-hint = 用法：/redeem @用户名 分数 兑换物品，例如 /redeem @wangwu 10 洗衣粉一袋
redeem-short = ❌ { $who } 只有 { $balance } 分，不够兑换 { $points } 分。
redeem-done = ✅ { $who } 用 { $points } 分兑换了「{ $what }」，还剩 { $balance } 分。
points-week-line = 🏅 积分：{ $lines }

## Care visits (关爱走访)
cmd-care = 关爱户：设定红黄绿等级（村干部）、查看待走访（私聊）
usage-care = /care [list] | /care 户名或@用户名 red|yellow|green 原因 | /care 户名 off
usage-care-hint = 用法：/care list 查看待走访；村干部设定：/care 张三 red 独居老人（red 红 / yellow 黄 / green 绿）；取消：/care 张三 off
care-private = 关爱户信息只在私聊中处理，请私聊机器人发送。
care-cadre-only = 只有村干部可以设定或取消关爱等级。
care-several = 有几户同名，请用 @用户名 指明。
care-no-household = 本村住户中没有「{ $who }」。请先用 /home 或名册登记住户。
care-not-marked = { $who } 不在关爱名单上。
care-not-yours = { $who } 不是您负责的关爱户。
care-off = ✅ 已把 { $who } 移出关爱名单。
care-set = ✅ { $who } 已设为{ $level }关爱户，下次走访：{ $due }。
care-level-red = 🔴红色
care-level-yellow = 🟡黄色
care-level-green = 🟢绿色
care-list-head = 🏠 关爱户（{ $count } 户）：
care-list-empty = 没有您负责的关爱户。
care-line = { $level } { $who }（{ $place }）· { $reason } · 应访 { $due } · { $status }
care-status-later = 未到期
care-status-due = 待走访
care-status-overdue = ⚠️ 已逾期
care-status-escalated = ❗ 已上报村委
cmd-visit = 记录一次走访（私聊）
usage-visit = /visit 户名或@用户名 走访情况
usage-visit-hint = 用法：/visit 张三 走访了，身体还好（也可以直接回复走访提醒）
visit-reminder-head = 🏠 走访提醒（{ $count } 户）：
visit-reminder-tail-one = 走访后请回复本消息写下情况，例如「走访了，身体还好」，也可以回复一张照片。
visit-reminder-tail-several = 走访后请回复本消息，先写户名再写情况，例如「张三 走访了，身体还好」；也可以用 /visit 户名 情况。
visit-reminder-group = { $who } 您有 { $count } 项走访待办。请点机器人头像私聊发 /start，再发 /care list 查看。
visit-which = 请写明是哪一户：回复时先写户名，例如「张三 走访了，身体还好」，或用 /visit 户名 情况。
visit-too-long = 走访情况太长了，请写在 { $max } 字以内。
visit-recorded = ✅ 已记录对 { $who } 的走访。下次走访：{ $next }。
visit-ticket = 📋 走访中提到的需求已登记为工单 { $no }（代 { $who } 提交）。
care-week-line = 🏠 { $who } 走访：待访 { $due }，逾期 { $overdue }，本期已访 { $done }（按时 { $ontime }）

## Dashboard (大屏)
cmd-dashboard = 数据大屏的个人链接（私聊，村干部）
usage-dashboard = /dashboard [revoke]
usage-dashboard-hint = 用法：/dashboard 获取大屏链接；/dashboard revoke 作废您所有的链接
dash-private = 大屏链接是您个人的，请私聊机器人发送 /dashboard。
dash-no-server = 本部署还没有开通网页（需要在配置里设置 [http] listen 和 [dashboard] url）。
dash-link = 📊 您的数据大屏：<a href="{ $url }">点此打开</a>
    有效期至 { $expires }。链接只属于您，请勿转发；发送 /dashboard revoke 可随时作废。
dash-revoked = ✅ 您之前的大屏链接已全部作废。需要时再发送 /dashboard。
dash-title = { $name } 为民服务数据大屏
dash-foot = 村务工单 · 数据每分钟更新（大屏模式）· 链接只供本人使用
dash-lang = English
dash-screen = 大屏模式
dash-screen-off = 普通模式
dash-csv = 下载表格（CSV）
dash-villages = 各村情况（点表头排序）
dash-col-name = 名称
dash-col-village = 村
dash-col-open = 未办结
dash-col-overdue = 逾期
dash-col-week-in = 本周收到
dash-col-week-done = 本周办结
dash-col-month-in = 本月收到
dash-col-month-done = 本月办结
dash-col-ontime = 按时率
dash-col-median = 办结用时（中位）
dash-col-rating = 平均评分
dash-col-ticket = 工单
dash-col-category = 分类
dash-col-state = 状态
dash-col-holder = 负责人
dash-col-since = 已逾期
dash-col-deadline = 期限
dash-col-body = 内容
dash-col-neighbourhood = 片区
dash-trend = 近12周：收到与办结
dash-received = 收到
dash-resolved = 办结
dash-categories = 近30天：按分类（收到 / 办结）
dash-ranking = 联户长与志愿队排名（近30天：按时率、满意度、数量）
dash-overdue = 逾期工单
dash-neighbourhoods = 未办结工单（按片区）
dash-no-neighbourhood = 未登记片区
dash-open-tickets = 未办结工单
dash-ticket-title = 工单 { $no }
dash-private-ticket = 私密事项：这里只显示分类和状态。
dash-history = 办理经过
dash-updated = 更新于 { $time }
dash-none = 暂无
