//! The languages explanations are rendered in. Scores carry codes and figures; words
//! are produced only on demand, by the UI.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    En,
    ZhCn,
}
