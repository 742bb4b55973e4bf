//! The category a validator rents a node under, by the validators' own naming: one of the
//! five data-centre models (A100, H100, H200, B200, B300, found anywhere in a GPU's name once
//! the words NVIDIA, GEFORCE and TESLA are removed), any other NVIDIA card by its name made
//! canonical (`NVIDIA GeForce RTX 5090` → `RTX_5090`), or a CPU-only host's class
//! (`CPU_BASIC`, `CPU_STANDARD`, `CPU_PERFORMANCE`). The one function every place uses: node
//! test, inventory, offers, the declaration cross-check, prices, metric labels and `status`.

use serde::{Deserialize, Serialize};

/// Longest category name accepted (validators store it as a short string).
pub const MAX_LEN: usize = 64;

/// A category name in its canonical form: upper case, words joined by `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Category(String);

/// What kind of machine a category stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A100, H100, H200, B200, B300: every validator in use rents these.
    DataCentre,
    /// Any other NVIDIA card (consumer, workstation): rented by validators that take any
    /// category, refused by those on upstream's five.
    OtherGpu,
    /// A host without GPUs, declared `CPU_…`, probed for its CPUs and memory instead.
    Cpu,
}

impl Category {
    /// The data-centre categories, which every validator rents.
    pub const DATA_CENTRE: [&'static str; 5] = ["A100", "H100", "H200", "B200", "B300"];
    /// The order validators look for a data-centre model inside a name.
    const MATCH_ORDER: [&'static str; 5] = ["H100", "H200", "B200", "B300", "A100"];
    /// The CPU-only classes validators that take any category know.
    pub const CPU_CLASSES: [&'static str; 3] = ["CPU_BASIC", "CPU_STANDARD", "CPU_PERFORMANCE"];
    const VENDOR_WORDS: [&'static str; 3] = ["NVIDIA", "GEFORCE", "TESLA"];

    /// The category of a GPU name from nvidia-smi or of a declared `gpu_category`, by the
    /// validators' rules; `None` when nothing is left of it, or it is longer than [`MAX_LEN`].
    /// `NVIDIA H100 80GB HBM3` and `h100` are `H100`; `NVIDIA GeForce RTX 5090` is `RTX_5090`;
    /// `cpu_standard` is `CPU_STANDARD`.
    pub fn parse(text: &str) -> Option<Category> {
        let upper = text.trim().to_ascii_uppercase();
        if upper.is_empty() || upper.len() > MAX_LEN {
            return None;
        }
        if upper.starts_with("CPU_") {
            let words = Self::words(&upper);
            return (words.len() > 1).then(|| Category(words.join("_")));
        }
        let mut stripped = upper;
        for word in Self::VENDOR_WORDS {
            stripped = stripped.replace(word, " ");
        }
        if let Some(model) = Self::MATCH_ORDER.into_iter().find(|m| stripped.contains(m)) {
            return Some(Category(model.to_string()));
        }
        let words = Self::words(&stripped);
        (!words.is_empty()).then(|| Category(words.join("_")))
    }

    fn words(text: &str) -> Vec<&str> {
        text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).collect()
    }

    /// A data-centre category by name (`"H100"`); `None` for any other text.
    pub fn data_centre(name: &str) -> Option<Category> {
        Self::DATA_CENTRE.contains(&name).then(|| Category(name.to_string()))
    }

    /// The name on the wire, in prices and in metric labels.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// GPU, CPU-only or unknown.
    pub fn kind(&self) -> Kind {
        if self.0.starts_with("CPU_") {
            Kind::Cpu
        } else if Self::DATA_CENTRE.contains(&self.0.as_str()) {
            Kind::DataCentre
        } else {
            Kind::OtherGpu
        }
    }

    /// Whether it is a CPU-only class.
    pub fn is_cpu(&self) -> bool {
        self.kind() == Kind::Cpu
    }

    /// The data-centre categories, for messages: `A100, H100, H200, B200, B300`.
    pub fn data_centre_names() -> String {
        Self::DATA_CENTRE.join(", ")
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Category {
    type Error = String;
    fn try_from(text: String) -> Result<Category, String> {
        Category::parse(&text).ok_or_else(|| format!("`{text}` is no category"))
    }
}

impl From<Category> for String {
    fn from(c: Category) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(text: &str) -> Option<String> {
        Category::parse(text).map(String::from)
    }

    #[test]
    fn data_centre_names_are_read_as_validators_read_them() {
        assert_eq!(name("NVIDIA H100 80GB HBM3").as_deref(), Some("H100"));
        assert_eq!(name("Tesla A100-SXM4-80GB").as_deref(), Some("A100"));
        assert_eq!(name(" h100 ").as_deref(), Some("H100"));
        assert_eq!(name("NVIDIA GH100X").as_deref(), Some("H100"), "a substring match, as the validator's");
        assert_eq!(name("A100/H100").as_deref(), Some("H100"), "H100 is looked for before A100");
        assert_eq!(name("NVIDIA B300 SXM6").as_deref(), Some("B300"));
        assert_eq!(Category::parse("H200").unwrap().kind(), Kind::DataCentre);
    }

    #[test]
    fn every_other_card_gets_the_name_validators_use_and_cpu_hosts_their_class() {
        assert_eq!(name("NVIDIA GeForce RTX 5090").as_deref(), Some("RTX_5090"));
        assert_eq!(name("NVIDIA GeForce RTX 3060 Ti").as_deref(), Some("RTX_3060_TI"));
        assert_eq!(name("NVIDIA RTX 6000 Ada Generation").as_deref(), Some("RTX_6000_ADA_GENERATION"));
        assert_eq!(name("rtx_6000_ada").as_deref(), Some("RTX_6000_ADA"));
        assert_eq!(name("NVIDIA RTX PRO 6000 Blackwell").as_deref(), Some("RTX_PRO_6000_BLACKWELL"));
        assert_eq!(name("Tesla T4").as_deref(), Some("T4"));
        assert_eq!(Category::parse("RTX_5090").unwrap().kind(), Kind::OtherGpu);
        assert_eq!(name("cpu_standard").as_deref(), Some("CPU_STANDARD"));
        assert!(Category::parse("CPU_PERFORMANCE").unwrap().is_cpu());
        for nothing in ["", "   ", "NVIDIA", "GeForce Tesla", "CPU_", &"X".repeat(MAX_LEN + 1)] {
            assert_eq!(Category::parse(nothing), None, "{nothing:?}");
        }
        let json = serde_json::to_string(&Category::parse("RTX 5090").unwrap()).unwrap();
        assert_eq!(json, "\"RTX_5090\"");
        assert_eq!(serde_json::from_str::<Category>("\"h100\"").unwrap().as_str(), "H100");
    }
}
