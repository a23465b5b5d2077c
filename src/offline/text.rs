//! The words of offline work, in English and Chinese.

crate::i18n::message_table! {
    Prepare => "Prepare for offline", "准备离线使用";
    Preparing => "Preparing…", "正在准备…";
    PreparedNow => "Ready offline: this customer's page is saved on this tablet, encrypted.", "已可离线使用：该客户页面已加密保存在本设备。";
    PrepareFailed => "Could not prepare for offline use.", "无法准备离线使用。";
    ReadyOffline => "customers ready offline", "位客户可离线查看";
    WaitingToSync => "waiting to sync", "项待同步";
    SyncNow => "Sync now", "立即同步";
    Syncing => "Syncing…", "正在同步…";
    OfflineBanner => "Offline — saved", "离线 — 保存于";
    NotPrepared => "You are offline and this customer was not prepared for offline use.", "当前离线，且该客户未准备离线使用。";
    SavedOnTablet => "Saved on this tablet: it will be sent when the connection returns.", "已保存在本设备：恢复网络后将自动发送。";
    Holdings => "Holdings", "持有产品";
    RecentContacts => "Recent contacts", "最近联系";
    LogContactOffline => "Log a contact", "记录联系";
    ContactNoteOffline => "What was said", "沟通内容";
    SurveyOffline => "Satisfaction survey", "满意度调查";
    RecommendScore => "Would recommend us (0–10)", "推荐意愿（0–10）";
    OverallScore => "Overall satisfaction (1–5)", "总体满意度（1–5）";
    NoteOffline => "Add a note", "添加备注";
    NoteText => "Note", "备注内容";
    NextContactOffline => "Next contact date", "下次联系日期";
    SaveOffline => "Save on this tablet", "保存到本设备";
    ConflictTitle => "Changed meanwhile on the server", "服务器上已被他人修改";
    ConflictIntro => "This customer's record was changed while you were offline. Choose which to keep.", "您离线期间该客户记录已被修改。请选择保留哪一个。";
    Mine => "Mine", "我的";
    Theirs => "On the server", "服务器上的";
    KeepMine => "Keep mine", "保留我的";
    KeepTheirs => "Keep theirs", "保留服务器的";
    RefusedTitle => "Refused changes", "被拒绝的修改";
    RefusedOutOfScope => "This customer is no longer in your book (reassigned): the change was not saved. Your copy is kept here.", "该客户已不在您的名下（已转移）：修改未保存。您的副本保留在此。";
    Dismiss => "Dismiss", "移除";
    CopyHint => "Your change, to copy", "您的修改（可复制）";
    ChangeContact => "Contact", "联系记录";
    ChangeSurvey => "Survey", "满意度调查记录";
    ChangeNote => "Note added", "新增备注";
    ChangeNextContact => "Next contact", "下次联系";
    NoDate => "none", "无";
    CustomerLabel => "Customer", "客户";
    Phone => "Mobile", "手机";
    RiskLevel => "Risk level", "风险等级";
    NotPreparedTitle => "Not prepared for offline", "未准备离线使用";
    NotAvailableTitle => "Not available offline", "离线时不可用";
    NotAvailableBody => "You are offline. Only the customers prepared for offline use can be opened until the connection returns.", "当前离线。恢复网络前，只能打开已准备离线使用的客户。";
    OfflineSignedInAs => "Offline — signed in on this tablet as", "离线 — 本设备登录用户：";
    QueuedAt => "Queued", "保存时间";
    RefusedAt => "Refused", "拒绝时间";
    SurveyAnswers => "Would recommend us {r}/10, overall satisfaction {o}/5", "推荐意愿 {r}/10，总体满意度 {o}/5";
    CopyChange => "Copy the change", "复制该修改";
    CopiedChange => "Copied.", "已复制。";
    CopyByHand => "Select the text below and copy it.", "请选中下方文字并复制。";
    OnDate => "on", "日期";
    ChangeSaid => "What it says", "内容";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use std::collections::HashSet;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn every_key_differs_between_english_and_chinese_and_no_english_repeats() {
        let mut seen = HashSet::new();
        for t in T::ALL {
            assert_ne!(t.text(Locale::En), t.text(Locale::ZhCn), "{t:?}");
            assert!(seen.insert(t.text(Locale::En)), "{t:?} repeats");
        }
    }
}
