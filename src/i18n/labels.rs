//! The words for the domain's enums (roles, audited actions, tiers, classes, bands):
//! each maps to a key of the message table, so a new variant without words does not
//! compile.

use super::Msg;
use clientbook_domain::activity::ActivityClass;
use clientbook_domain::api::{AuditAction, Role};
use clientbook_domain::churn::ChurnBand;
use clientbook_domain::lifecycle::Lifecycle;
use clientbook_domain::satisfaction::Quadrant;
use clientbook_domain::value_class::ValueClass;
use clientbook_domain::{ServiceAttribute, Tier};

impl Msg {
    /// The label of a staff role.
    pub const fn role(role: Role) -> Msg {
        match role {
            Role::RelationshipManager => Msg::RoleRelationshipManager,
            Role::BranchManager => Msg::RoleBranchManager,
            Role::Compliance => Msg::RoleCompliance,
            Role::Admin => Msg::RoleAdmin,
        }
    }

    /// The label of an audited action.
    pub const fn audit_action(a: AuditAction) -> Msg {
        use AuditAction as A;
        match a {
            A::SignIn => Msg::ActSignIn,
            A::SignInFailed => Msg::ActSignInFailed,
            A::SignInLocked => Msg::ActSignInLocked,
            A::AccountLocked => Msg::ActAccountLocked,
            A::SignOut => Msg::ActSignOut,
            A::ReadBook => Msg::ActReadBook,
            A::ReadCustomer => Msg::ActReadCustomer,
            A::Reveal => Msg::ActReveal,
            A::UpdatePolicy => Msg::ActUpdatePolicy,
            A::CreateNote => Msg::ActCreateNote,
            A::EditNote => Msg::ActEditNote,
            A::RecordInteraction => Msg::ActRecordInteraction,
            A::SetNextContact => Msg::ActSetNextContact,
            A::CreateComplaint => Msg::ActCreateComplaint,
            A::ComplaintTransition => Msg::ActComplaintTransition,
            A::ReadComplaints => Msg::ActReadComplaints,
            A::CareDone => Msg::ActCareDone,
            A::CareSnooze => Msg::ActCareSnooze,
            A::RecordSurvey => Msg::ActRecordSurvey,
            A::ImportSurvey => Msg::ActImportSurvey,
            A::ChangeOwner => Msg::ActChangeOwner,
            A::CreateUser => Msg::ActCreateUser,
            A::ResetPassword => Msg::ActResetPassword,
            A::DisableUser => Msg::ActDisableUser,
            A::EnableUser => Msg::ActEnableUser,
            A::ExportAudit => Msg::ActExportAudit,
            A::ExportList => Msg::ActExportList,
            A::HouseholdAdd => Msg::ActHouseholdAdd,
            A::HouseholdRemove => Msg::ActHouseholdRemove,
            A::ConfirmFields => Msg::ActConfirmFields,
            A::PrintReview => Msg::ActPrintReview,
            A::CreateOpportunity => Msg::ActCreateOpportunity,
            A::MoveOpportunity => Msg::ActMoveOpportunity,
            A::SetOpportunityNextStep => Msg::ActSetOpportunityNextStep,
            A::ReadOpportunities => Msg::ActReadOpportunities,
            A::ListCustomers => Msg::ActListCustomers,
            A::SetMeetingPin => Msg::ActSetMeetingPin,
            A::StartMeeting => Msg::ActStartMeeting,
            A::ReadMeeting => Msg::ActReadMeeting,
            A::ShowProduct => Msg::ActShowProduct,
            A::RiskWarning => Msg::ActRiskWarning,
            A::SignMeeting => Msg::ActSignMeeting,
            A::LeaveMeeting => Msg::ActLeaveMeeting,
            A::MeetingPinFailed => Msg::ActMeetingPinFailed,
            A::CheckMeetingChain => Msg::ActCheckMeetingChain,
            A::ReadMeetingSummary => Msg::ActReadMeetingSummary,
            A::ImportFile => Msg::ActImportFile,
            A::ImportCommit => Msg::ActImportCommit,
            A::ImportCancel => Msg::ActImportCancel,
            A::MergeCustomer => Msg::ActMergeCustomer,
            A::CreateCampaign => Msg::ActCreateCampaign,
            A::StartCampaign => Msg::ActStartCampaign,
            A::FinishCampaign => Msg::ActFinishCampaign,
            A::ReadCampaignMembers => Msg::ActReadCampaignMembers,
            A::UpdateCampaignMember => Msg::ActUpdateCampaignMember,
            A::RecordShown => Msg::ActRecordShown,
            A::MergeCustomers => Msg::ActMergeCustomers,
            A::ReadOfflineKey => Msg::ActReadOfflineKey,
            A::RotateOfflineKey => Msg::ActRotateOfflineKey,
        }
    }

    /// The label of an asset tier.
    pub const fn tier(tier: Tier) -> Msg {
        match tier {
            Tier::PrivateBanking => Msg::TierPrivateBanking,
            Tier::Diamond => Msg::TierDiamond,
            Tier::Platinum => Msg::TierPlatinum,
            Tier::Gold => Msg::TierGold,
            Tier::Standard => Msg::TierStandard,
        }
    }
}

impl Msg {
    pub const fn activity(a: ActivityClass) -> Msg {
        match a {
            ActivityClass::Active => Msg::ActivityActive,
            ActivityClass::Potential => Msg::ActivityPotential,
            ActivityClass::Dormant => Msg::ActivityDormant,
        }
    }

    pub const fn value_class(v: ValueClass) -> Msg {
        match v {
            ValueClass::HighValueAdded => Msg::ValueHighValueAdded,
            ValueClass::Valuable => Msg::ValueValuable,
            ValueClass::LowValue => Msg::ValueLowValue,
            ValueClass::Dormant => Msg::ValueDormant,
        }
    }

    pub const fn lifecycle(l: Lifecycle) -> Msg {
        match l {
            Lifecycle::New => Msg::LifecycleNew,
            Lifecycle::Growing => Msg::LifecycleGrowing,
            Lifecycle::Mature => Msg::LifecycleMature,
            Lifecycle::Declining => Msg::LifecycleDeclining,
            Lifecycle::Lost => Msg::LifecycleLost,
        }
    }

    pub const fn churn_band(b: ChurnBand) -> Msg {
        match b {
            ChurnBand::High => Msg::ChurnHigh,
            ChurnBand::Medium => Msg::ChurnMedium,
            ChurnBand::Low => Msg::ChurnLow,
        }
    }

    pub const fn quadrant(q: Quadrant) -> Msg {
        match q {
            Quadrant::Strength => Msg::QuadrantStrength,
            Quadrant::Improve => Msg::QuadrantImprove,
            Quadrant::Maintain => Msg::QuadrantMaintain,
            Quadrant::LowPriority => Msg::QuadrantLowPriority,
        }
    }

    pub const fn attribute(a: ServiceAttribute) -> Msg {
        match a {
            ServiceAttribute::WaitingTime => Msg::AttrWaitingTime,
            ServiceAttribute::StaffAttitude => Msg::AttrStaffAttitude,
            ServiceAttribute::Expertise => Msg::AttrExpertise,
            ServiceAttribute::ProductRange => Msg::AttrProductRange,
            ServiceAttribute::DigitalChannels => Msg::AttrDigitalChannels,
            ServiceAttribute::Fees => Msg::AttrFees,
            ServiceAttribute::BranchEnvironment => Msg::AttrBranchEnvironment,
        }
    }
}
