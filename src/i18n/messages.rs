//! The app-wide message table: one line per key with its English and Chinese words, by
//! screen (the comments name them).

use super::Locale;

macro_rules! messages {
    ($($(#[$m:meta])* $key:ident => $en:literal, $zh:literal;)+) => {
        /// A key of the message table.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($(#[$m])* $key,)+
        }

        impl Msg {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Msg] = &[$(Msg::$key,)+];

            /// The words of this message in `locale`.
            pub const fn text(self, locale: Locale) -> &'static str {
                match locale {
                    Locale::En => match self { $(Msg::$key => $en,)+ },
                    Locale::ZhCn => match self { $(Msg::$key => $zh,)+ },
                }
            }
        }
    };
}

messages! {
    AppName => "Clientbook", "Clientbook";
    SkipToContent => "Skip to content", "跳到主要内容";
    // Sign-in
    SignInTitle => "Sign in to Clientbook", "登录 Clientbook";
    SignInIntro => "Use your staff account.", "请使用员工账号登录。";
    Username => "Username", "用户名";
    Password => "Password", "密码";
    SignIn => "Sign in", "登录";
    SigningIn => "Signing in…", "正在登录…";
    WrongCredentials => "Wrong username or password.", "用户名或密码错误。";
    AccountLocked => "This account is locked.", "该账号已被锁定。";
    FillBothFields => "Enter your username and password.", "请输入用户名和密码。";
    SignOut => "Sign out", "退出登录";
    SignedInAs => "Signed in as", "当前用户";
    SwitchLanguage => "Switch language", "切换语言";
    // Book
    MyBook => "My book", "我的客户";
    DataAsOf => "Data as of", "数据日期";
    Search => "Search", "搜索";
    SearchPlaceholder => "Name or last digits of phone", "姓名或手机尾号";
    ColName => "Name", "姓名";
    ColTier => "Tier", "等级";
    ColAum => "AUM", "资产(AUM)";
    ColLastContact => "Last contact", "最近联系";
    ColRisk => "Risk level", "风险等级";
    SortBy => "Sort by", "排序";
    NeverContacted => "Never", "从未联系";
    NotAssessed => "Not assessed", "未评估";
    EmptyBook => "Your book has no customers yet.", "您名下暂无客户。";
    NoMatch => "No customer matches this search.", "没有符合搜索条件的客户。";
    BookTableLabel => "Customers of my book", "我的客户列表";
    // Tiers
    TierPrivateBanking => "Private banking", "私人银行";
    TierDiamond => "Diamond", "钻石";
    TierPlatinum => "Platinum", "白金";
    TierGold => "Gold", "金卡";
    TierStandard => "Standard", "普通";
    // States and errors
    Loading => "Loading…", "加载中…";
    TryAgain => "Try again", "重试";
    ErrorTitle => "Something went wrong", "出现问题";
    ErrorNetwork => "The server could not be reached. Check your connection and try again.", "无法连接服务器，请检查网络后重试。";
    ErrorServer => "The server could not complete the request.", "服务器未能完成请求。";
    ErrorSessionExpired => "Your session has ended. Please sign in again.", "登录已失效，请重新登录。";
    ErrorForbidden => "You are not allowed to see this.", "您无权查看此内容。";
    ErrorValidation => "Some fields need attention.", "部分内容需要修改。";
    NotFoundTitle => "Page not found", "页面不存在";
    NotFoundBody => "There is no page at this address.", "此地址没有对应的页面。";
    BackToBook => "Back to my book", "返回我的客户";
    // Navigation
    MainNav => "Main", "主导航";
    NavHome => "Home", "首页";
    NavCustomers => "Customers", "客户";
    NavSatisfaction => "Satisfaction", "满意度";
    NavBranch => "Branch", "网点";
    // Home
    TotalAum => "Total AUM", "总资产(AUM)";
    KpiCustomers => "Customers in book", "客户数";
    ByTierTitle => "Customers and AUM by tier", "各等级客户数与资产";
    SatisfactionThisMonth => "Satisfaction this month", "本月满意度";
    Nps => "NPS", "净推荐值 NPS";
    Csat => "CSAT", "满意率 CSAT";
    Csi => "CSI", "满意度指数 CSI";
    TrendByMonth => "Trend by month", "月度趋势";
    NoSurveys => "No survey answers in this period.", "此期间暂无调查数据。";
    RetentionTitle => "Retention list", "挽留名单";
    RetentionEmpty => "No customer is at high churn risk.", "暂无高流失风险客户。";
    ChurnRisk => "Churn risk", "流失风险";
    LeadingFactor => "Leading factor", "主要原因";
    SuggestedAction => "Suggested action", "建议行动";
    TodayTitle => "Today's work", "今日工作";
    FollowUpsOverdue => "Follow-ups overdue", "逾期回访";
    Birthdays => "Birthdays", "生日关怀";
    Maturities => "Maturities", "产品到期";
    Questionnaires => "Risk questionnaires to renew", "待更新风险测评";
    NothingDue => "Nothing due.", "暂无事项。";
    ShowAllInList => "Show all in the customer list", "在客户列表中查看全部";
    ConcentrationTitle => "Deposit concentration", "存款集中度";
    ShareOfCustomers => "Share of customers (largest first)", "客户占比（由大到小）";
    ShareOfDeposits => "Share of deposits", "存款占比";
    ColCustomerCount => "No. of customers", "客户人数";
    // Customers list
    Filters => "Filters", "筛选";
    AnyValue => "Any", "全部";
    FilterActivity => "Activity", "活跃度";
    ColValueClass => "Value class", "价值分类";
    FilterLifecycle => "Lifecycle", "生命周期";
    OnlyOverdue => "Follow-up overdue", "回访已逾期";
    OnlyMaturing => "Maturing in 30 days", "30天内到期";
    ClearFilters => "Clear filters", "清除筛选";
    ColNextContact => "Next contact", "下次联系";
    SearchAnyPlaceholder => "Name, or last digits of phone or ID", "姓名、手机或证件号尾号";
    ActivityActive => "Active", "活跃";
    ActivityPotential => "Potential", "潜在";
    ActivityDormant => "Dormant", "沉默";
    ValueHighValueAdded => "High value-added", "高附加值";
    ValueValuable => "Valuable", "有价值";
    ValueLowValue => "Low value", "低价值";
    ValueDormant => "Sleeping account", "睡眠";
    LifecycleNew => "New", "新客户";
    LifecycleGrowing => "Growing", "成长期";
    LifecycleMature => "Mature", "成熟期";
    LifecycleDeclining => "Declining", "衰退期";
    LifecycleLost => "Lost", "已流失";
    ChurnHigh => "High risk", "高风险";
    ChurnMedium => "Medium risk", "中风险";
    ChurnLow => "Low risk", "低风险";
    // Satisfaction
    SatisfactionTitle => "Customer satisfaction", "客户满意度";
    RecommendDistribution => "Would you recommend us? (0–10)", "推荐意愿分布（0–10分）";
    OverallDistribution => "Overall satisfaction (1–5)", "总体满意度分布（1–5分）";
    MatrixTitle => "Importance–satisfaction matrix", "重要性—满意度四象限";
    QuadrantStrength => "Strengths", "优势区";
    QuadrantImprove => "Improve", "改进区";
    QuadrantMaintain => "Maintain", "维持区";
    QuadrantLowPriority => "Low priority", "次要区";
    ImproveFirst => "Attributes to improve first", "优先改进的服务项";
    NothingToImprove => "No attribute falls in the improve quadrant.", "暂无落在改进区的服务项。";
    Importance => "Importance", "重要性";
    SatisfactionScore => "Satisfaction score", "满意度评分";
    Responses => "Answers", "答卷数";
    ServiceAttributeCol => "Service attribute", "服务项";
    QuadrantCol => "Quadrant", "象限";
    MonthCol => "Month", "月份";
    AttrWaitingTime => "Waiting time", "等候时间";
    AttrStaffAttitude => "Staff attitude", "服务态度";
    AttrExpertise => "Expertise", "专业能力";
    AttrProductRange => "Product range", "产品种类";
    AttrDigitalChannels => "Digital channels", "电子渠道";
    AttrFees => "Fees", "收费";
    AttrBranchEnvironment => "Branch environment", "网点环境";
    // Branch
    BranchTitle => "Branch books", "网点客户总览";
    NotForRole => "This view is for branch managers: it is not available for your role.", "此页面供网点负责人使用，您的角色无法查看。";
    ColRm => "Relationship manager", "客户经理";
    ColOpenComplaints => "Open complaints", "未结投诉";
    BranchTotal => "Branch total", "网点合计";
    ReassignTitle => "Reassign a customer", "调整客户归属";
    CustomerIdLabel => "Customer ID", "客户编号";
    NewRm => "New relationship manager", "新客户经理";
    Reassign => "Reassign", "调整归属";
    Reassigned => "Customer reassigned.", "客户归属已调整。";
    UnknownCustomer => "No customer with this ID in your branch.", "本网点没有此编号的客户。";
    CurrentRm => "Current relationship manager", "当前客户经理";
    ChooseRm => "Choose…", "请选择…";
    // Navigation (admin, compliance)
    NavAdmin => "Admin", "系统管理";
    NavAudit => "Audit log", "审计日志";
    NavSettings => "Settings", "设置";
    // Roles
    RoleRelationshipManager => "Relationship manager (RM)", "客户经理(RM)";
    RoleBranchManager => "Branch manager", "网点负责人";
    RoleCompliance => "Compliance", "合规";
    RoleAdmin => "Administrator", "管理员";
    // Admin
    AdminTitle => "Administration", "系统管理";
    NotForRoleAdmin => "This view is for administrators: it is not available for your role.", "此页面供管理员使用，您的角色无法查看。";
    UsersTitle => "Staff accounts", "员工账号";
    UsersTableLabel => "Staff accounts and their state", "员工账号及状态";
    ColDisplayName => "Display name", "显示名称";
    ColRole => "Role", "角色";
    ColBranch => "Branch ID", "网点编号";
    ColState => "State", "状态";
    ColActions => "Actions", "操作";
    UserActive => "Enabled", "已启用";
    UserDisabled => "Disabled", "已停用";
    DisableUser => "Disable", "停用";
    EnableUser => "Enable", "启用账号";
    NoBranch => "—", "无";
    CreateUserTitle => "Create a user", "新建用户";
    InitialPassword => "Initial password (at least 12 characters)", "初始密码（至少12个字符）";
    BranchOptional => "Branch ID (RMs and branch managers)", "网点编号（客户经理与网点负责人必填）";
    CreateUser => "Create user", "创建用户";
    UserCreated => "User created.", "用户已创建。";
    ResetPasswordTitle => "Reset a password", "重置密码";
    ResetPasswordUser => "Account", "账号";
    NewPassword => "New password (at least 12 characters)", "新密码（至少12个字符）";
    ResetPassword => "Reset password", "重置密码";
    PasswordWasReset => "Password reset: the account is unlocked and its sessions ended.", "密码已重置：账号已解锁，原有会话已结束。";
    UserStateChanged => "Account state changed.", "账号状态已更新。";
    MustBeWholeNumber => "must be a whole number", "须为整数";
    PolicyTitle => "Scoring policy", "评分策略";
    TierThresholds => "Tier thresholds (AUM in yuan)", "等级门槛（资产，单位：元）";
    ContactIntervals => "Contact interval per tier (days)", "各等级联系周期（天）";
    SavePolicy => "Save policy", "保存策略";
    PolicySaved => "Policy saved: every book is rescored with it.", "策略已保存，所有客户已按新策略重新评分。";
    Saving => "Saving…", "正在保存…";
    // Audit
    NotForRoleAudit => "This view is for compliance and administrators: it is not available for your role.", "此页面供合规与管理员使用，您的角色无法查看。";
    AuditUser => "User (username)", "用户（用户名）";
    AuditActionLabel => "Action", "操作类型";
    DateFrom => "From date", "起始日期";
    DateTo => "To date", "截止日期";
    AuditSearch => "Search the log", "查询日志";
    ExportCsv => "Export CSV", "导出 CSV";
    // Exports of lists (components/export_button.rs)
    ExportMenu => "Export", "导出";
    ExportCsvFile => "CSV file", "CSV 文件";
    ExportXlsxFile => "Excel (XLSX)", "Excel 表格（XLSX）";
    ExportPreparing => "Preparing the file…", "正在生成文件…";
    ExportDone => "Downloaded:", "已下载：";
    ExportScreenOnly => "The file has this view's search, tier and risk level, in AUM order (or by customer number); filters on scores, follow-ups or maturities and other orders apply on screen only.", "导出文件包含当前视图的搜索、客户层级与风险等级，按资产规模（或客户编号）排序；按评分、跟进、到期的筛选及其他排序仅在屏幕上生效。";
    AuditTableLabel => "Audit entries, newest first", "审计记录（最新在前）";
    ColTime => "Time (UTC)", "时间（UTC）";
    ColUser => "User", "用户";
    ColCustomer => "Customer", "客户";
    ColFields => "Fields", "字段";
    ColOrigin => "Origin", "来源";
    AuditEmpty => "No audit entry matches these filters.", "没有符合条件的审计记录。";
    AuditExportNote => "The export contains the results shown (newest first, at most 200).", "导出内容为当前显示的结果（最新在前，最多200条）。";
    ActSignIn => "Signed in", "登录成功";
    ActSignInFailed => "Sign-in failed", "登录失败";
    ActSignInLocked => "Sign-in refused (locked)", "登录被拒（已锁定）";
    ActAccountLocked => "Account locked", "账号锁定";
    ActSignOut => "Signed out", "退出";
    ActReadBook => "Read a book", "查看客户名单";
    ActReadCustomer => "Read a customer", "查看客户";
    ActReveal => "Revealed an identifier", "查看完整信息";
    ActUpdatePolicy => "Changed the policy", "修改策略";
    ActCreateNote => "Wrote a note", "新建备注";
    ActEditNote => "Edited a note", "修改备注";
    ActRecordInteraction => "Recorded a contact", "记录联系";
    ActSetNextContact => "Set the next contact", "设置下次联系";
    ActCreateComplaint => "Recorded a complaint", "登记投诉";
    ActComplaintTransition => "Moved a complaint on", "推进投诉";
    ActReadComplaints => "Read complaints", "查看投诉";
    ActCareDone => "Care done", "关怀完成";
    ActCareSnooze => "Care postponed", "关怀延后";
    ActRecordSurvey => "Recorded a survey", "录入调查";
    ActImportSurvey => "Imported surveys", "导入调查";
    ActChangeOwner => "Reassigned a customer", "调整客户归属";
    ActCreateUser => "Created a user", "新建用户";
    ActResetPassword => "Reset a user's password", "重置密码";
    ActDisableUser => "Disabled a user", "停用用户";
    ActEnableUser => "Enabled a user", "启用用户";
    ActExportAudit => "Exported the audit log", "导出审计日志";
    ActExportList => "Exported a list", "导出列表";
    ActHouseholdAdd => "Added a household member", "添加家庭成员";
    ActHouseholdRemove => "Removed a household member", "移除家庭成员";
    ActConfirmFields => "Confirmed contact details", "确认联系资料";
    ActPrintReview => "Printed a client review", "打印客户检视报告";
    DetailsToConfirm => "Details to confirm", "待确认客户资料";
    OnlyInHousehold => "Only customers in a household", "仅显示已加入家庭的客户";
    DetailsToConfirmHint => "Contact details not confirmed within the bank's period: confirm them on each customer's page.", "联系资料超过银行规定期限未确认：请在客户页面逐一确认。";
    ActCreateOpportunity => "Opened an opportunity", "新建商机";
    ActMoveOpportunity => "Moved an opportunity", "推进商机阶段";
    ActSetOpportunityNextStep => "Set an opportunity's next step", "设置商机下一步";
    ActReadOpportunities => "Read opportunities", "查看商机";
    ActSetMeetingPin => "Set the meeting PIN", "设置会面 PIN";
    ActStartMeeting => "Started a client meeting", "开始客户会面";
    ActReadMeeting => "Opened the meeting screens", "打开会面页面";
    ActShowProduct => "Showed a product in a meeting", "会面中展示产品";
    ActRiskWarning => "Gave a risk warning", "作出风险提示";
    ActSignMeeting => "Client signed the meeting summary", "客户签署会面小结";
    ActLeaveMeeting => "Left meeting mode", "退出会面模式";
    ActMeetingPinFailed => "Wrong meeting PIN", "会面 PIN 错误";
    ActCheckMeetingChain => "Checked the meeting hash chain", "校验会面哈希链";
    ActReadMeetingSummary => "Opened a signed meeting summary", "查看已签署的会面小结";
    ActListCustomers => "Listed customers", "查询客户列表";
    ActImportFile => "Uploaded a file to import", "上传导入文件";
    ActImportCommit => "Committed an import", "提交导入";
    ActImportCancel => "Cancelled an import", "取消导入";
    ActMergeCustomer => "Merged an imported row into a customer", "导入行合并到客户";
    ActMergeCustomers => "Merged a duplicate customer into another", "将重复客户合并到另一客户";
    // Complaints
    NavComplaints => "Complaints", "投诉";
    NotForRoleComplaints => "This view is for RMs, branch managers and compliance: it is not available for your role.", "此页面供客户经理、网点负责人与合规使用，您的角色无法查看。";
    ComplaintsShow => "Show", "显示";
    ComplaintsOpen => "Open", "未结";
    ComplaintsNearing => "Nearing deadline", "临近期限";
    ComplaintsOverdue => "Overdue", "已超期";
    ComplaintsTableLabel => "Complaints, soonest internal deadline first", "投诉列表（内部期限最近的在前）";
    ComplaintsEmpty => "No complaint in this view.", "此视图下暂无投诉。";
    ColSeverity => "Severity", "严重程度";
    ColContentType => "Content type", "内容类型";
    ColChannel => "Channel", "渠道";
    ColReceived => "Received", "受理日期";
    ColInternalDeadline => "Internal deadline", "内部处理期限";
    ColRegulatoryDeadline => "Regulatory deadline", "监管期限";
    ColStatus => "Status", "处理状态";
    ColCount => "Count", "数量";
    AnalysisTitle => "Monthly analysis", "月度分析";
    AnalysisSummary => "Summary", "概况";
    AnalysisByContentType => "By content type", "按内容类型";
    AnalysisBySeverity => "By severity", "按严重程度";
    AnalysisByChannel => "By channel", "按渠道";
    AnalysisReceived => "Received in the month", "本月受理";
    AnalysisResolved => "Resolved", "已处理";
    AnalysisMedianHours => "Median hours to resolve", "处理时长中位数（小时）";
    AnalysisWithinDeadline => "Resolved within the internal deadline", "在内部期限内处理";
    AnalysisRepeat => "Repeat complainants", "重复投诉客户";
    AnalysisNoRepeat => "No customer complained more than once this month.", "本月没有客户重复投诉。";
    AnalysisNone => "No complaint was received in this month.", "本月未受理投诉。";
    // Home: holiday greetings and open complaints in today's work; care look-ahead in the policy editor
    HolidayGreetings => "Holiday greetings", "节日问候";
    NoOpenComplaints => "No open complaint.", "暂无未结投诉。";
    ComplaintsNotLoaded => "The complaints could not be loaded.", "投诉数据未能加载。";
    ShowComplaints => "Show the complaints", "查看投诉";
    CareLookAhead => "Care look-ahead (days)", "关怀提前天数";
    // Branch: the reassignment picks the customer by search
    FindCustomer => "Find the customer", "查找客户";
    FindCustomerHint => "A name, customer number or relationship manager", "姓名、客户编号或客户经理";
    CustomersToPick => "Matching customers", "匹配的客户";
    NoCustomerMatches => "No customer of your branch matches.", "本网点没有匹配的客户。";
    PickedCustomer => "Customer to reassign", "待调整的客户";
    // Customers list on a tablet: short labels inside a two-line row
    CardChurn => "Churn", "流失";
    CardLastContact => "Last", "上次";
    CardNextContact => "Next", "下次";
    // Campaigns (营销活动) and the rule measures
    NavCampaigns => "Campaigns", "营销活动";
    ActCreateCampaign => "Defined a campaign", "创建营销活动";
    ActStartCampaign => "Started a campaign", "启动营销活动";
    ActFinishCampaign => "Finished a campaign", "结束营销活动";
    ActReadCampaignMembers => "Read a campaign's customers", "查看活动客户";
    ActUpdateCampaignMember => "Logged a campaign response", "记录活动反馈";
    ActRecordShown => "Recorded recommendations shown", "记录已展示的推荐";
    // Big scopes: figures computed by the server
    BigScopeNote => "This scope is too large to load in the browser: its figures are computed by the server.", "此范围客户较多，不在浏览器中加载：各项数据由服务器计算。";
    BigScopeCustomersList => "Find customers in the customer list, a page at a time.", "请在客户列表中分页查找客户。";
    // Offline work on a tablet
    ActReadOfflineKey => "Released the offline key", "发放离线密钥";
    ActRotateOfflineKey => "Replaced the offline key", "更换离线密钥";
    NavImport => "Import", "数据导入";
    // The customer list of a big scope, paged by the server
    BigListNote => "This list is too large to load at once: the server finds, orders and counts the customers, a page at a time.", "客户较多，不一次加载：由服务器分页查找、排序和计数。";
    BigListSearchHint => "Press Enter to search", "按回车键查找";
    BigListByAum => "AUM, highest first", "资产(AUM)从高到低";
    BigListByNumber => "Customer number", "客户编号顺序";
    BigListNumber => "Customer no.", "客户号";
    BigListCaption => "Customers on this page", "本页客户";
    BigListPages => "Pages of the customer list", "客户列表分页";
    BigListPrevious => "Previous page", "上一页";
    BigListNext => "Next page", "下一页";
    BigCareNote => "Counted for the whole scope by the server; reminders marked done or snoozed are shown on each customer's page.", "由服务器按整个范围统计；已完成或推迟的提醒见各客户页面。";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_message_has_words_in_every_locale() {
        for locale in Locale::ALL {
            for msg in Msg::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn chinese_differs_from_english_except_for_the_product_name() {
        for msg in Msg::ALL {
            if *msg != Msg::AppName {
                assert_ne!(msg.text(Locale::En), msg.text(Locale::ZhCn), "{msg:?}");
            }
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn no_two_keys_share_english_words() {
        let mut seen = HashSet::new();
        for msg in Msg::ALL {
            assert!(seen.insert(msg.text(Locale::En)), "{msg:?} repeats");
        }
    }
}
