//! Thompson's "double your estimate" complexity factors and the default table of which
//! phases each one inflates, by how much.

use super::{Phase, ThreePoint};
use serde::{Deserialize, Serialize};

/// One of the nine ML-specific effort drivers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactorKind {
    ComplexData,
    BigData,
    ComplexPlatform,
    UncleanData,
    EthicsPrivacy,
    ManyModels,
    UnstructuredData,
    ComplicatedEvaluation,
    HeavyDocumentation,
}

named_values!(FactorKind {
    ComplexData = "complex_data",
    BigData = "big_data",
    ComplexPlatform = "complex_platform",
    UncleanData = "unclean_data",
    EthicsPrivacy = "ethics_privacy",
    ManyModels = "many_models",
    UnstructuredData = "unstructured_data",
    ComplicatedEvaluation = "complicated_evaluation",
    HeavyDocumentation = "heavy_documentation",
});

impl FactorKind {
    /// The question as shown in the questionnaire.
    pub fn label(self) -> &'static str {
        match self {
            FactorKind::ComplexData => "Is the data complex or hard to understand?",
            FactorKind::BigData => "Is the data big?",
            FactorKind::ComplexPlatform => "Is the compute platform complex or distributed?",
            FactorKind::UncleanData => "Is the data unclean?",
            FactorKind::EthicsPrivacy => "Are there ethics, security or privacy issues?",
            FactorKind::ManyModels => "Will many models need to be developed?",
            FactorKind::UnstructuredData => "Is the data unstructured (text, images)?",
            FactorKind::ComplicatedEvaluation => "Is evaluation complicated?",
            FactorKind::HeavyDocumentation => "Is heavy model documentation required?",
        }
    }

    /// Why it matters, in the words of the seed documents.
    pub fn explanation(self) -> &'static str {
        match self {
            FactorKind::ComplexData => "“If it's complex and hard to understand then double your estimate.” Understanding and preparing the data takes longer, and models are harder to interpret.",
            FactorKind::BigData => "“If it's big then… double your estimate.” Every query, transform and training run takes longer and needs more engineering.",
            FactorKind::ComplexPlatform => "“If it's complex then (you guessed it) double your estimate.” Distributed compute adds set-up, debugging and deployment work.",
            FactorKind::UncleanData => "Dirty data is the most common surprise in ML projects: cleaning and repairing it dominates data preparation.",
            FactorKind::EthicsPrivacy => "Ethics “all the way along”: reviews, anonymisation, access controls and accountability take time in every phase.",
            FactorKind::ManyModels => "“Hundreds of models come out of the process which you have to handle”: more modelling, evaluation and artefact management.",
            FactorKind::UnstructuredData => "Vision and text work “now includes creating data augmentations as well as the labelling and annotation steps — all of this has to be accounted for”.",
            FactorKind::ComplicatedEvaluation => "Models “get evaluated online and not just with a few statistical measures”: A/B tests, human review and bespoke metrics.",
            FactorKind::HeavyDocumentation => "Regulated or customer-facing models need model cards, reproducibility and audit trails.",
        }
    }
}

/// How strongly a factor applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FactorLevel {
    #[default]
    No,
    Some,
    Yes,
}

named_values!(FactorLevel {
    No = "no",
    Some = "some",
    Yes = "yes",
});

impl FactorLevel {
    /// The level's name as shown to people.
    pub fn label(self) -> &'static str {
        match self {
            FactorLevel::No => "No",
            FactorLevel::Some => "Some",
            FactorLevel::Yes => "Yes",
        }
    }
}

/// The answer given for one factor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactorAnswer {
    pub factor: FactorKind,
    pub level: FactorLevel,
}

/// Which phases a factor inflates and by how much (three-point multipliers).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FactorRule {
    pub factor: FactorKind,
    pub phases: Vec<Phase>,
    /// Multiplier when the answer is "Some".
    pub some: ThreePoint,
    /// Multiplier when the answer is "Yes" (Thompson: about ×2).
    pub yes: ThreePoint,
}

impl FactorRule {
    /// The multiplier range for a level; `None` for "No".
    pub fn multiplier(&self, level: FactorLevel) -> Option<ThreePoint> {
        match level {
            FactorLevel::No => None,
            FactorLevel::Some => Some(self.some),
            FactorLevel::Yes => Some(self.yes),
        }
    }
}

/// The default factor → phase table: "Yes" ≈ ×2 (1.5–2.5, mode 2.0) as Thompson's rule
/// says, "Some" ≈ ×1.3 (1.1–1.6).
pub fn default_factor_rules() -> Vec<FactorRule> {
    use Phase::*;
    let some = ThreePoint::new(1.1, 1.3, 1.6);
    let yes = ThreePoint::new(1.5, 2.0, 2.5);
    let rule = |factor, phases: &[Phase]| FactorRule {
        factor,
        phases: phases.to_vec(),
        some,
        yes,
    };
    vec![
        rule(
            FactorKind::ComplexData,
            &[DataUnderstanding, DataPreparation, Modelling],
        ),
        rule(
            FactorKind::BigData,
            &[DataPreparation, Modelling, Deployment],
        ),
        rule(
            FactorKind::ComplexPlatform,
            &[Modelling, Deployment, Monitoring],
        ),
        rule(
            FactorKind::UncleanData,
            &[DataUnderstanding, DataPreparation],
        ),
        rule(
            FactorKind::EthicsPrivacy,
            &[
                BusinessUnderstanding,
                DataPreparation,
                Evaluation,
                Deployment,
            ],
        ),
        rule(FactorKind::ManyModels, &[Modelling, Evaluation, Monitoring]),
        rule(FactorKind::UnstructuredData, &[DataPreparation, Modelling]),
        rule(FactorKind::ComplicatedEvaluation, &[Evaluation]),
        rule(
            FactorKind::HeavyDocumentation,
            &[Modelling, Evaluation, Deployment],
        ),
    ]
}
