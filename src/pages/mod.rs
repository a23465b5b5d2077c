//! One file per page of the router.

pub mod admin;
pub mod audit;
pub mod audit_meetings;
pub mod big_scope;
pub mod branch;
pub mod campaigns;
pub mod complaints;
pub mod customer;
pub mod customers;
pub mod home;
pub mod import;
pub mod login;
pub mod meeting;
pub mod not_found;
pub mod pipeline;
pub mod review;
pub mod satisfaction;
pub mod settings;
pub mod survey_import;

pub use admin::AdminPage;
pub use audit::AuditPage;
pub use branch::BranchPage;
pub use campaigns::{CampaignPage, CampaignResultsPage, CampaignsPage};
pub use complaints::ComplaintsPage;
pub use customer::CustomerPage;
pub use customers::CustomersPage;
pub use home::HomePage;
pub use import::ImportPage;
pub use login::LoginPage;
pub use meeting::MeetingPage;
pub use not_found::NotFoundPage;
pub use pipeline::PipelinePage;
pub use review::ReviewPage;
pub use satisfaction::SatisfactionPage;
pub use settings::SettingsPage;
