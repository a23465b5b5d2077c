//! Applying the policy's masking to what leaves the server.

use clientbook_domain::masking::{mask_id_number, mask_mobile, mask_name};
use clientbook_domain::policy::MaskingPolicy;
use clientbook_domain::BookCustomer;

pub fn mask_customer(c: &mut BookCustomer, p: &MaskingPolicy) {
    c.name = mask_name(&c.name, p);
    c.phone = mask_mobile(&c.phone, p);
    c.id_number = mask_id_number(&c.id_number, p);
}

/// The first character of the mailbox and the whole domain: z***@example.com.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_keeps_its_first_letter_and_domain() {
        assert_eq!(mask_email("zhang.san@example.com"), "z***@example.com");
        assert_eq!(mask_email("nonsense"), "***");
    }
}
