//! The product shelf of the demo bank: every family, R1–R5, with zh and en names.

use clientbook_domain::{Money, Product, ProductFamily, ProductId, ProductRisk};

/// code, English name, Chinese name, family, risk, minimum (yuan), term (months), yield (bp).
type ShelfRow = (
    &'static str,
    &'static str,
    &'static str,
    ProductFamily,
    ProductRisk,
    i64,
    Option<u16>,
    Option<u32>,
);

/// The product shelf: every family, R1–R5, with zh and en names.
pub fn product_shelf() -> Vec<Product> {
    use ProductFamily::*;
    use ProductRisk::*;
    #[rustfmt::skip]
    let rows: &[ShelfRow] = &[
        ("DD-01", "Demand savings", "活期储蓄", DemandDeposit, R1, 0, None, Some(20)),
        ("DD-02", "Payroll account", "薪资卡活期", DemandDeposit, R1, 0, None, Some(20)),
        ("TD-03M", "3-month time deposit", "三个月定期存款", TimeDeposit, R1, 50, Some(3), Some(105)),
        ("TD-06M", "6-month time deposit", "六个月定期存款", TimeDeposit, R1, 50, Some(6), Some(125)),
        ("TD-01Y", "1-year time deposit", "一年期定期存款", TimeDeposit, R1, 50, Some(12), Some(145)),
        ("TD-02Y", "2-year time deposit", "二年期定期存款", TimeDeposit, R1, 50, Some(24), Some(155)),
        ("TD-03Y", "3-year time deposit", "三年期定期存款", TimeDeposit, R1, 50, Some(36), Some(175)),
        ("LCD-03Y", "Large certificate of deposit", "大额存单", TimeDeposit, R1, 200_000, Some(36), Some(190)),
        ("WM-CASH", "Cash management", "现金管理类理财", WealthManagement, R1, 1, None, Some(170)),
        ("WM-S90", "Steady 90-day", "稳健90天理财", WealthManagement, R2, 10_000, Some(3), Some(260)),
        ("WM-S180", "Steady 180-day", "稳健180天理财", WealthManagement, R2, 10_000, Some(6), Some(290)),
        ("WM-F365", "Fixed income plus 1y", "固收增强一年期", WealthManagement, R2, 10_000, Some(12), Some(330)),
        ("WM-B2Y", "Balanced 2-year", "平衡型两年期理财", WealthManagement, R3, 10_000, Some(24), Some(420)),
        ("WM-EQ", "Equity-linked note", "权益挂钩理财", WealthManagement, R4, 100_000, Some(12), Some(600)),
        ("WM-PB", "Private banking mandate", "私行专享全权委托", WealthManagement, R4, 1_000_000, Some(36), Some(650)),
        ("WM-ALT", "Alternative strategies", "另类策略理财", WealthManagement, R5, 1_000_000, Some(24), Some(900)),
        ("FD-MM", "Money market fund", "货币市场基金", Fund, R1, 1, None, Some(160)),
        ("FD-BD", "Bond fund", "债券型基金", Fund, R2, 10, None, Some(320)),
        ("FD-BAL", "Balanced fund", "混合型基金", Fund, R3, 10, None, None),
        ("FD-IDX", "CSI 300 index fund", "沪深300指数基金", Fund, R4, 10, None, None),
        ("FD-EQ", "Equity growth fund", "股票型成长基金", Fund, R4, 10, None, None),
        ("FD-TECH", "Technology sector fund", "科技主题基金", Fund, R5, 10, None, None),
        ("FD-QDII", "Global equity QDII", "全球股票QDII基金", Fund, R5, 1_000, None, None),
        ("BD-TRE", "Treasury savings bond", "储蓄国债", Bond, R1, 100, Some(36), Some(238)),
        ("BD-LGB", "Local government bond", "地方政府债", Bond, R1, 100, Some(60), Some(260)),
        ("BD-FIN", "Financial bond", "金融债", Bond, R2, 1_000, Some(36), Some(280)),
        ("BD-CORP", "Corporate bond", "企业债", Bond, R3, 10_000, Some(60), Some(450)),
        ("IN-ANN", "Pension annuity", "养老年金保险", Insurance, R1, 10_000, None, Some(300)),
        ("IN-WL", "Whole life insurance", "终身寿险", Insurance, R1, 10_000, None, Some(250)),
        ("IN-EDU", "Education endowment", "教育金保险", Insurance, R1, 10_000, Some(120), Some(280)),
        ("IN-UNI", "Universal life", "万能险", Insurance, R2, 10_000, None, Some(350)),
        ("IN-ULI", "Unit-linked insurance", "投资连结保险", Insurance, R4, 50_000, None, None),
        ("LN-MTG", "Home mortgage", "个人住房贷款", Loan, R1, 100_000, Some(240), Some(390)),
        ("LN-CON", "Consumer loan", "个人消费贷款", Loan, R1, 10_000, Some(36), Some(450)),
        ("LN-BIZ", "Small business loan", "个人经营贷款", Loan, R1, 100_000, Some(36), Some(420)),
        ("LN-CAR", "Car loan", "汽车贷款", Loan, R1, 30_000, Some(60), Some(480)),
        ("CC-STD", "Standard credit card", "标准信用卡", CreditCard, R1, 0, None, None),
        ("CC-PLT", "Platinum credit card", "白金信用卡", CreditCard, R1, 0, None, None),
        ("CC-TRV", "Travel co-brand card", "旅行联名信用卡", CreditCard, R1, 0, None, None),
    ];
    rows.iter()
        .enumerate()
        .map(
            |(i, (code, en, zh, family, risk, min, term, yield_bp))| Product {
                id: ProductId(i as i64 + 1),
                code: (*code).to_owned(),
                name_en: (*en).to_owned(),
                name_zh: (*zh).to_owned(),
                family: *family,
                risk: *risk,
                min_amount: Money::from_yuan(*min),
                term_months: *term,
                yield_bp: *yield_bp,
            },
        )
        .collect()
}
