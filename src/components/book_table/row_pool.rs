//! The rows of the book's table, kept by hand: a pool of row elements, each kept by the
//! customer it shows while that customer stays in view, given to the next customer to
//! come into view otherwise, and updated in place. A keystroke in the search, a sort or a
//! scroll therefore changes texts and moves rows; rows are made only when more are in view
//! than ever before (the first draw, a taller window). Only what changed is written (a
//! row keeps the figures it shows), and no row holds a reactive node: the table draws the
//! window in one effect. The markup is what the table's rows always were (`role`s,
//! classes, `data-customer-id`, the name a plain link, `aria-rowindex`), rows attached
//! in the order they are seen, and a row out of view is not in the document.

use super::{churn_class, RowFigures};
use crate::book_index::BookIndex;
use crate::components::tier_badge::{tier_class, tier_code};
use crate::i18n::{self, Locale, Msg};
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Node, Text};

/// The rows of one table body.
pub struct RowPool {
    document: Document,
    body: Element,
    slots: Vec<Slot>,
    /// The slots whose rows are in the body, in the body's order.
    attached: Vec<usize>,
    /// The slot showing each customer in view (by position in the book).
    by_customer: HashMap<u32, usize>,
    /// Slots showing no customer in view.
    idle: Vec<usize>,
}

impl RowPool {
    pub fn new(body: Element) -> RowPool {
        RowPool {
            document: body.owner_document().expect("an element in a document"),
            body,
            slots: Vec::new(),
            attached: Vec::new(),
            by_customer: HashMap::new(),
            idle: Vec::new(),
        }
    }

    /// Show `rows` (positions in `index`), the first at row `first` of the list, in
    /// `lang`, each row `row_height` pixels high.
    pub fn draw(
        &mut self,
        index: &BookIndex,
        first: usize,
        rows: &[u32],
        lang: Locale,
        row_height: f64,
    ) {
        // Customers still in view keep their rows; the other rows are free.
        let mut kept = HashMap::with_capacity(rows.len());
        for at in rows {
            if let Some(slot) = self.by_customer.remove(at) {
                kept.insert(*at, slot);
            }
        }
        self.idle
            .extend(self.by_customer.drain().map(|(_, slot)| slot));
        // Free rows go to newcomers in the order they are seen, so that a scroll by a
        // row moves one row; rows are made only when none is free.
        self.idle.sort_unstable_by(|a, b| b.cmp(a));
        let mut want = Vec::with_capacity(rows.len());
        for (k, at) in rows.iter().enumerate() {
            let slot = match kept.get(at) {
                Some(slot) => *slot,
                None => {
                    let slot = match self.idle.pop() {
                        Some(slot) => slot,
                        None => {
                            self.slots.push(Slot::new(&self.document));
                            self.slots.len() - 1
                        }
                    };
                    kept.insert(*at, slot);
                    slot
                }
            };
            self.slots[slot].show(index, *at, lang);
            self.slots[slot].place(first + k, row_height);
            want.push(slot);
        }
        self.by_customer = kept;
        self.arrange(&want);
    }

    /// Make the body's rows `want`, in that order, with the fewest moves: rows no longer
    /// wanted leave, and of those staying, the longest run already in order stays put.
    fn arrange(&mut self, want: &[usize]) {
        let mut wanted = vec![false; self.slots.len()];
        for slot in want {
            wanted[*slot] = true;
        }
        for slot in &self.attached {
            if !wanted[*slot] {
                self.slots[*slot].row.remove();
            }
        }
        self.attached.retain(|slot| wanted[*slot]);
        if self.attached.as_slice() == want {
            return;
        }
        let mut now_at = vec![usize::MAX; self.slots.len()];
        for (k, slot) in self.attached.iter().enumerate() {
            now_at[*slot] = k;
        }
        let stays = longest_in_order(&want.iter().map(|s| now_at[*s]).collect::<Vec<_>>());
        let mut before: Option<&Node> = None;
        for (k, slot) in want.iter().enumerate().rev() {
            let row: &Node = &self.slots[*slot].row;
            if !stays[k] {
                _ = self.body.insert_before(row, before);
            }
            before = Some(row);
        }
        self.attached = want.to_vec();
    }
}

/// Which entries of `seq` form a longest strictly increasing run (not necessarily
/// adjacent); `usize::MAX` (not there yet) never does.
fn longest_in_order(seq: &[usize]) -> Vec<bool> {
    let n = seq.len();
    let mut len = vec![0usize; n];
    let mut prev = vec![usize::MAX; n];
    let mut best = None::<usize>;
    for i in 0..n {
        if seq[i] == usize::MAX {
            continue;
        }
        len[i] = 1;
        for j in 0..i {
            if seq[j] != usize::MAX && seq[j] < seq[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
        if best.is_none_or(|b| len[i] > len[b]) {
            best = Some(i);
        }
    }
    let mut stays = vec![false; n];
    let mut at = best;
    while let Some(i) = at {
        stays[i] = true;
        at = (prev[i] != usize::MAX).then_some(prev[i]);
    }
    stays
}

/// One row's elements, and what they show.
struct Slot {
    row: HtmlElement,
    name: Element,
    phone: Element,
    tier: Element,
    aum: Element,
    churn_label: Element,
    churn: Element,
    band: Element,
    value: Element,
    last_label: Element,
    last: Text,
    next_cell: Element,
    next_label: Element,
    next: Text,
    risk: Element,
    risk_cell: Element,
    not_assessed: Element,
    /// The customer (position in the book) and language shown, and their figures.
    shows: Option<(u32, Locale, RowFigures)>,
    /// The row's place: row number and row height.
    placed: Option<(usize, f64)>,
}

impl Slot {
    /// An empty row with the table's markup.
    fn new(document: &Document) -> Slot {
        let make = |tag: &str, class: &str| {
            let el = document.create_element(tag).expect("an element");
            if !class.is_empty() {
                el.set_class_name(class);
            }
            el
        };
        let cell = |class: &str| {
            let el = make("div", class);
            _ = el.set_attribute("role", "cell");
            el
        };
        let label = || {
            let el = make("span", "card-label");
            _ = el.set_attribute("aria-hidden", "true");
            el
        };
        let append = |parent: &Element, child: &Node| {
            _ = parent.append_child(child);
        };
        let row: HtmlElement = make("div", "book-row").unchecked_into();
        _ = row.set_attribute("role", "row");

        let name_cell = cell("cell col-name");
        // A plain link: the router follows it all the same.
        let name = make("a", "customer-name");
        let phone = make("span", "customer-phone");
        append(&name_cell, &name);
        append(&name_cell, &phone);

        let tier_cell = cell("cell col-tier");
        let tier = make("span", "");
        append(&tier_cell, &tier);

        let aum_cell = cell("cell col-aum");
        let aum = make("span", "money");
        append(&aum_cell, &aum);

        let churn_cell = cell("cell col-churn");
        let churn_label = label();
        let churn = make("span", "");
        let band = make("span", "visually-hidden");
        append(&churn_cell, &churn_label);
        append(&churn_cell, &churn);
        append(&churn_cell, &band);

        let value = cell("cell col-value");

        let last_cell = cell("cell col-contact");
        let last_label = label();
        let last = document.create_text_node("");
        append(&last_cell, &last_label);
        append(&last_cell, &last);

        let next_cell = cell("cell col-next");
        let next_label = label();
        let next = document.create_text_node("");
        append(&next_cell, &next_label);
        append(&next_cell, &next);

        let risk_cell = cell("cell col-risk");
        let risk = make("span", "");
        append(&risk_cell, &risk);
        // Said to screen readers when the risk is not assessed (attached only then).
        let not_assessed = make("span", "visually-hidden");

        for c in [
            &name_cell,
            &tier_cell,
            &aum_cell,
            &churn_cell,
            &value,
            &last_cell,
            &next_cell,
            &risk_cell,
        ] {
            append(&row, c);
        }
        Slot {
            row,
            name,
            phone,
            tier,
            aum,
            churn_label,
            churn,
            band,
            value,
            last_label,
            last,
            next_cell,
            next_label,
            next,
            risk,
            risk_cell,
            not_assessed,
            shows: None,
            placed: None,
        }
    }

    /// Show the customer at `at` in `lang`, writing only what differs from what the row
    /// shows now.
    fn show(&mut self, index: &BookIndex, at: u32, lang: Locale) {
        let figures = RowFigures::of(index, at);
        let was = match &self.shows {
            Some((was_at, was_lang, f)) if *was_at == at && *was_lang == lang && *f == figures => {
                return
            }
            Some((_, was_lang, f)) if *was_lang == lang => Some(f),
            _ => None,
        };
        let text = |el: &Node, s: &str| el.set_text_content(Some(s));
        let changed = |pick: fn(&RowFigures) -> bool| was.is_none_or(|w| pick(w) != pick(&figures));
        if was.is_none() {
            text(&self.churn_label, Msg::CardChurn.text(lang));
            text(&self.last_label, Msg::CardLastContact.text(lang));
            text(&self.next_label, Msg::CardNextContact.text(lang));
        }
        let RowFigures {
            tier,
            aum,
            churn,
            band,
            value_class,
            last_contact,
            next_contact,
            overdue,
            risk,
        } = figures.clone();
        let c = index.customer(at);
        let id = c.id.0.to_string();
        _ = self.row.set_attribute("data-customer-id", &id);
        _ = self.name.set_attribute("href", &format!("/customers/{id}"));
        text(&self.name, &c.name);
        text(&self.phone, &c.phone);
        if was.is_none_or(|w| w.tier != tier) {
            self.tier.set_class_name(tier_class(tier));
            _ = self.tier.set_attribute("data-tier", tier_code(tier));
            text(&self.tier, Msg::tier(tier).text(lang));
        }
        if was.is_none_or(|w| w.aum != aum) {
            self.aum.set_class_name(if aum.is_negative() {
                "money negative"
            } else {
                "money"
            });
            text(&self.aum, &aum.to_string());
        }
        if was.is_none_or(|w| w.churn != churn || w.band != band) {
            self.churn.set_class_name(churn_class(band));
            let score = churn.to_string();
            _ = self.churn.set_attribute("data-churn", &score);
            text(&self.churn, &score);
            text(&self.band, Msg::churn_band(band).text(lang));
        }
        if was.is_none_or(|w| w.value_class != value_class) {
            text(&self.value, Msg::value_class(value_class).text(lang));
        }
        if was.is_none_or(|w| w.last_contact != last_contact) {
            let shown = match last_contact {
                Some(d) => i18n::date(d, lang),
                None => Msg::NeverContacted.text(lang).to_owned(),
            };
            self.last.set_data(&shown);
        }
        if changed(|f| f.overdue) {
            self.next_cell.set_class_name(if overdue {
                "cell col-next overdue"
            } else {
                "cell col-next"
            });
        }
        if was.is_none_or(|w| w.next_contact != next_contact) {
            self.next.set_data(&i18n::date(next_contact, lang));
        }
        if was.is_none_or(|w| w.risk != risk) {
            match risk {
                Some(r) => {
                    _ = self.risk.remove_attribute("class");
                    _ = self.risk.remove_attribute("aria-hidden");
                    text(&self.risk, r.code());
                    self.not_assessed.remove();
                }
                None => {
                    self.risk.set_class_name("not-assessed");
                    _ = self.risk.set_attribute("aria-hidden", "true");
                    text(&self.risk, "—");
                    text(&self.not_assessed, Msg::NotAssessed.text(lang));
                    _ = self.risk_cell.append_child(&self.not_assessed);
                }
            }
        }
        self.shows = Some((at, lang, figures));
    }

    /// Place the row as row `pos` of the list (0 = the first under the header).
    fn place(&mut self, pos: usize, row_height: f64) {
        if self.placed == Some((pos, row_height)) {
            return;
        }
        if self.placed.is_none_or(|(p, _)| p != pos) {
            _ = self
                .row
                .set_attribute("aria-rowindex", &(pos + 2).to_string());
        }
        // Through the CSSOM, which a `style-src 'self'` policy allows.
        _ = self.row.style().set_property(
            "transform",
            &format!("translateY({}px)", pos as f64 * row_height),
        );
        self.placed = Some((pos, row_height));
    }
}

#[cfg(test)]
mod tests {
    use super::longest_in_order;
    use wasm_bindgen_test::wasm_bindgen_test;

    const NEW: usize = usize::MAX;

    #[wasm_bindgen_test(unsupported = test)]
    fn a_scroll_by_one_row_moves_one_row() {
        // Rows 1..=4 stay in order; row 0's element went to the bottom.
        assert_eq!(
            longest_in_order(&[1, 2, 3, 4, 0]),
            vec![true, true, true, true, false]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn new_rows_never_stay_and_a_reversal_keeps_one() {
        assert_eq!(longest_in_order(&[NEW, NEW]), vec![false, false]);
        assert_eq!(longest_in_order(&[]), Vec::<bool>::new());
        let kept = longest_in_order(&[3, 2, 1, 0]);
        assert_eq!(kept.iter().filter(|k| **k).count(), 1);
        assert_eq!(
            longest_in_order(&[0, NEW, 2, 1, NEW, 3]),
            vec![true, false, true, false, false, true]
        );
    }
}
