//! Logical IDs: readable PascalCase names derived from resource names,
//! unique within a template.

use crate::index::FastSet as HashSet;

/// The longest logical ID CloudFormation accepts.
const MAX_LEN: usize = 255;

/// Hands out unique logical IDs.
#[derive(Debug, Default)]
pub struct LogicalIds {
    taken: HashSet<String>,
}

impl LogicalIds {
    /// Reserves and returns the first free ID of the form `base`, `base2`,
    /// `base3`, ...
    pub fn claim(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "Resource" } else { base };
        // Byte length bounds the character count: most names need no cut.
        let base: std::borrow::Cow<'_, str> = if base.len() <= MAX_LEN - 6 {
            base.into()
        } else {
            base.chars().take(MAX_LEN - 6).collect::<String>().into()
        };
        if !self.taken.contains(base.as_ref()) {
            let owned = base.into_owned();
            self.taken.insert(owned.clone());
            return owned;
        }
        (2..)
            .map(|n| format!("{base}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("some suffix is free")
    }

    /// Marks an ID as taken without claiming a new one.
    pub fn reserve(&mut self, id: &str) {
        self.taken.insert(id.to_owned());
    }

    pub fn is_taken(&self, id: &str) -> bool {
        self.taken.contains(id)
    }
}

/// `private-a` → `PrivateA`, `ALB sg` → `ALBSg`; a name without letters or
/// starting with a digit gets `fallback` in front.
pub fn pascal_case(name: &str, fallback: &str) -> String {
    let mut out = String::new();
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, fallback);
    }
    out
}

/// `PrivateSubnetA` → `private-subnet-a`: a design ID for an imported
/// resource without vpcraft metadata.
pub fn kebab_case(logical_id: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = logical_id.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let boundary = i > 0
            && c.is_ascii_uppercase()
            && (chars[i - 1].is_ascii_lowercase()
                || chars[i - 1].is_ascii_digit()
                || chars.get(i + 1).is_some_and(char::is_ascii_lowercase));
        if boundary {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_pascal_case() {
        assert_eq!(pascal_case("private-a", "Subnet"), "PrivateA");
        assert_eq!(pascal_case("ALB sg", "Sg"), "ALBSg");
        assert_eq!(pascal_case("1st", "Subnet"), "Subnet1st");
        assert_eq!(pascal_case("--", "Vpc"), "Vpc");
        assert_eq!(pascal_case("café bar", "X"), "CafBar");
    }

    #[test]
    fn ids_are_deduplicated() {
        let mut ids = LogicalIds::default();
        assert_eq!(ids.claim("Main"), "Main");
        assert_eq!(ids.claim("Main"), "Main2");
        assert_eq!(ids.claim("Main"), "Main3");
        assert!(ids.is_taken("Main2"));
    }

    #[test]
    fn logical_ids_become_kebab_case() {
        assert_eq!(kebab_case("PrivateSubnetA"), "private-subnet-a");
        assert_eq!(kebab_case("ALBSecurityGroup"), "alb-security-group");
        assert_eq!(kebab_case("Subnet1"), "subnet1");
    }
}
