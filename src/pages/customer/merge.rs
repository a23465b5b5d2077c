//! "Merge a duplicate" on the customer page (docs/rules.md, Merging customers): for a
//! branch manager or an admin, find the same person recorded twice by customer number,
//! see both side by side (masked), choose per differing field which value wins, confirm.
//! The server moves the history and retires the duplicate; the page reloads.

use super::text::T as PageText;
use super::use_page;
use crate::api::customer::Written;
use crate::api::merge as mapi;
use crate::api::ApiError;
use crate::components::{BoundaryErrors, Loading, TextField};
use crate::state::{use_locale, use_session};
use clientbook_domain::api::{IdType, Role};
use clientbook_domain::customer_merge::{MergeCustomers, MergePreview, MergeSide, MergeableField};
use clientbook_domain::CustomerId;
use leptos::prelude::*;
use std::future::IntoFuture;

crate::i18n::message_table! {
    Title => "Merge a duplicate", "合并重复客户";
    Intro => "The same person recorded twice: find the other record, compare, choose which value wins for each differing field, then merge. Its history moves here and it is retired.", "同一客户被录入两次：查找另一条记录并比较，对每个不同的字段选择保留哪个值，然后合并。其历史记录将并入本客户，另一条记录将被停用。";
    FindDuplicate => "The duplicate's customer number (or id)", "重复记录的客户号（或编号）";
    Compare => "Compare", "比较";
    Field => "Field", "字段";
    ThisCustomer => "This customer", "本客户";
    Duplicate => "Duplicate", "重复记录";
    Wins => "Value kept", "保留的值";
    KeepThis => "this customer's", "本客户的";
    TakeDuplicate => "the duplicate's", "重复记录的";
    Same => "same", "相同";
    HistoryRecords => "History records", "历史记录数";
    IdDocument => "Identity document", "证件";
    GenderFemale => "Female", "女";
    GenderMale => "Male", "男";
    GenderUnspecified => "Not stated", "未说明";
    EachKeepsOwn => "each record keeps its own", "各自保留";
    IdResidentCard => "Resident ID card", "居民身份证";
    IdPassport => "Passport", "护照";
    IdHongKongMacao => "Hong Kong/Macao permit", "港澳居民来往内地通行证";
    IdTaiwan => "Taiwan permit", "台湾居民来往大陆通行证";
    IdForeignResident => "Foreign permanent resident card", "外国人永久居留身份证";
    MergeButton => "Merge into this customer", "合并到本客户";
    ChangedMeanwhile => "One of the two records changed meanwhile: compare again.", "两条记录之一已被修改，请重新比较。";
    Refused => "The merge was refused.", "合并被拒绝。";
    FName => "Name", "姓名";
    FPhone => "Mobile", "手机号";
    FEmail => "Email", "电子邮箱";
    FAddress => "Address", "地址";
    FOccupation => "Occupation", "职业";
    FEmployer => "Employer", "工作单位";
    FIncomeBand => "Income band", "收入档次";
    FGender => "Gender", "性别";
    FBirthDate => "Birth date", "出生日期";
}

fn id_type_text(t: IdType) -> T {
    match t {
        IdType::ResidentIdCard => T::IdResidentCard,
        IdType::Passport => T::IdPassport,
        IdType::HongKongMacaoPermit => T::IdHongKongMacao,
        IdType::TaiwanPermit => T::IdTaiwan,
        IdType::ForeignPermanentResidentCard => T::IdForeignResident,
    }
}

/// "Passport E1****78": the kind in the user's language, the number as the server masked it.
fn id_document(side: &MergeSide) -> impl IntoView {
    let kind = side.id_type.map(|t| mt(id_type_text(t)));
    let number = side.id_number.clone().unwrap_or_default();
    view! { {move || kind.map(|k| k())} " " {number} }
}

/// A value as the page shows it: the server sends gender as its stored code, which the
/// page says in the user's language; every other value as sent (masked by the server).
fn value_text(field: MergeableField, value: Option<String>) -> impl IntoView {
    let value = value.unwrap_or_default();
    let word = match (field, value.as_str()) {
        (MergeableField::Gender, "Female") => Some(T::GenderFemale),
        (MergeableField::Gender, "Male") => Some(T::GenderMale),
        (MergeableField::Gender, "Unspecified") => Some(T::GenderUnspecified),
        _ => None,
    };
    move || word.map_or_else(|| value.clone(), |t| mt(t)().to_owned())
}

fn field_text(f: MergeableField) -> T {
    match f {
        MergeableField::Name => T::FName,
        MergeableField::Phone => T::FPhone,
        MergeableField::Email => T::FEmail,
        MergeableField::Address => T::FAddress,
        MergeableField::Occupation => T::FOccupation,
        MergeableField::Employer => T::FEmployer,
        MergeableField::IncomeBand => T::FIncomeBand,
        MergeableField::Gender => T::FGender,
        MergeableField::BirthDate => T::FBirthDate,
    }
}

fn mt(t: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || t.text(locale.get())
}

/// The section, shown to the roles that may merge.
#[component]
pub fn MergeSection(id: CustomerId) -> impl IntoView {
    let may = use_session()
        .user()
        .is_some_and(|me| matches!(me.role, Role::BranchManager | Role::Admin));
    may.then(|| view! { <MergeBox id /> })
}

#[component]
fn MergeBox(id: CustomerId) -> impl IntoView {
    let locale = use_locale();
    let query = RwSignal::new(String::new());
    // The number compared: set by the button, so typing does not fetch.
    let asked = RwSignal::new(None::<String>);
    let preview = LocalResource::new(move || {
        let other = asked.get();
        async move {
            match other {
                Some(o) => mapi::preview(id, &o).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let flash = RwSignal::new(None::<T>);
    let label = Signal::derive(move || T::FindDuplicate.text(locale.get()).to_owned());
    let retry = Callback::new(move |()| preview.refetch());
    view! {
        <section class="cv-card cv-merge" id="cv-merge" aria-labelledby="cv-merge-title" data-testid="merge">
            <details>
                <summary><h2 id="cv-merge-title">{mt(T::Title)}</h2></summary>
                <p class="muted">{mt(T::Intro)}</p>
                <form on:submit=move |ev| {
                    ev.prevent_default();
                    flash.set(None);
                    let q = query.get_untracked().trim().to_owned();
                    asked.set((!q.is_empty()).then_some(q));
                }>
                    <TextField id="merge-find" label value=query testid="merge-find" />
                    <button type="submit" class="btn" data-testid="merge-compare">{mt(T::Compare)}</button>
                </form>
                <p class="cv-flash" role="status" aria-live="polite" data-testid="merge-flash">
                    {move || flash.get().map(|t| mt(t)())}
                </p>
                <Transition fallback=|| view! { <Loading /> }>
                    <ErrorBoundary fallback=move |errors| view! { <BoundaryErrors errors on_retry=retry /> }>
                        {move || Suspend::new({ let preview = preview.into_future(); async move {
                            match preview.await {
                                Ok(Some(p)) => Ok(view! { <Compared id preview=p flash /> }.into_any()),
                                Ok(None) => Ok(().into_any()),
                                Err(e) => Err::<AnyView, ApiError>(e),
                            }
                        }})}
                    </ErrorBoundary>
                </Transition>
            </details>
        </section>
    }
}

/// The two side by side, a choice per differing field, and the merge button.
#[component]
fn Compared(id: CustomerId, preview: MergePreview, flash: RwSignal<Option<T>>) -> impl IntoView {
    let page = use_page();
    let taken = RwSignal::new(Vec::<MergeableField>::new());
    let body = MergeCustomers {
        duplicate: preview.duplicate.id,
        take_from_duplicate: vec![],
        version: preview.kept.version,
        duplicate_version: preview.duplicate.version,
    };
    let merge = Action::new_local(move |(): &()| {
        let mut body = body.clone();
        body.take_from_duplicate = taken.get_untracked();
        async move { mapi::merge(id, &body).await }
    });
    Effect::new(move |_| {
        if let Some(r) = merge.value().get() {
            match r {
                // Said on the page once it shows the merged record (this section is
                // drawn again, empty, with it).
                Ok(Written::Saved(_)) => page.saved(PageText::MergeSaved),
                refused => {
                    flash.set(Some(match refused {
                        Ok(_) => T::ChangedMeanwhile,
                        Err(_) => T::Refused,
                    }));
                    page.reload();
                }
            }
        }
    });
    let rows = preview
        .fields
        .iter()
        .map(|f| {
            let field = f.field;
            let name = format!("merge-{}", field.as_str());
            let choice = f.differs.then(|| {
                view! {
                    <label>
                        <input type="radio" name=name.clone() checked=true
                            on:change=move |_| taken.update(|t| t.retain(|x| *x != field)) />
                        {mt(T::KeepThis)}
                    </label>
                    " "
                    <label>
                        <input type="radio" name=name.clone() data-testid=format!("merge-take-{}", field.as_str())
                            on:change=move |_| taken.update(|t| if !t.contains(&field) { t.push(field) }) />
                        {mt(T::TakeDuplicate)}
                    </label>
                }
            });
            view! {
                <tr class:merge-differs=f.differs>
                    <th scope="row">{mt(field_text(field))}</th>
                    <td>{value_text(field, f.kept.clone())}</td>
                    <td>{value_text(field, f.duplicate.clone())}</td>
                    <td>{choice.map_or_else(|| view! { <span class="muted">{mt(T::Same)}</span> }.into_any(), IntoAny::into_any)}</td>
                </tr>
            }
        })
        .collect_view();
    let dup_no = preview
        .duplicate
        .customer_no
        .clone()
        .unwrap_or_else(|| format!("#{}", preview.duplicate.id));
    view! {
        <table class="merge-table" data-testid="merge-table">
            <thead>
                <tr>
                    <th scope="col">{mt(T::Field)}</th>
                    <th scope="col">{mt(T::ThisCustomer)} " " {preview.kept.name.clone()}</th>
                    <th scope="col">{mt(T::Duplicate)} " " {preview.duplicate.name.clone()} " " {dup_no}</th>
                    <th scope="col">{mt(T::Wins)}</th>
                </tr>
            </thead>
            <tbody>
                {rows}
                <tr data-testid="merge-id-document">
                    <th scope="row">{mt(T::IdDocument)}</th>
                    <td>{id_document(&preview.kept)}</td>
                    <td>{id_document(&preview.duplicate)}</td>
                    <td><span class="muted">{mt(T::EachKeepsOwn)}</span></td>
                </tr>
                <tr>
                    <th scope="row">{mt(T::HistoryRecords)}</th>
                    <td>{preview.kept.history_records}</td>
                    <td>{preview.duplicate.history_records}</td>
                    <td></td>
                </tr>
            </tbody>
        </table>
        <button type="button" class="btn btn-primary" data-testid="merge-confirm" disabled=move || merge.pending().get()
            on:click=move |_| { merge.dispatch(()); }>
            {mt(T::MergeButton)}
        </button>
    }
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

    #[wasm_bindgen_test(unsupported = test)]
    fn every_mergeable_field_has_its_words() {
        let words: HashSet<T> = MergeableField::ALL.into_iter().map(field_text).collect();
        assert_eq!(words.len(), MergeableField::ALL.len());
    }
}
