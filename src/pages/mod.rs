//! One file per page of the router.

pub mod admin;
pub mod audit;
pub mod branch;
pub mod campaigns;
pub mod complaints;
pub mod customer;
pub mod customers;
pub mod home;
pub mod login;
pub mod not_found;
pub mod satisfaction;
pub mod survey_import;

pub use admin::AdminPage;
pub use audit::AuditPage;
pub use branch::BranchPage;
pub use campaigns::{CampaignPage, CampaignResultsPage, CampaignsPage};
pub use complaints::ComplaintsPage;
pub use customer::CustomerPage;
pub use customers::CustomersPage;
pub use home::HomePage;
pub use login::LoginPage;
pub use not_found::NotFoundPage;
pub use satisfaction::SatisfactionPage;
